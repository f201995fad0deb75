//! Shared by the import targets: a small data set loaded once, and the choice of
//! format from the input's first byte (so one corpus holds every format).

use pv_bulletin::model::Dataset;
use std::path::PathBuf;
use std::sync::OnceLock;

const FILES: &[(&str, &str)] = &[
    ("site.yaml", "title: 光伏扶贫工作简报\nissuer: 测试市扶贫办\nregion: 测试市\n"),
    ("counties.yaml", "- id: alpha\n  name: 甲县\n- id: beta\n  name: 乙县\n"),
    (
        "stations/alpha.yaml",
        "- id: alpha-1\n  name: 一号村级光伏电站\n  county: alpha\n  kind: village\n  capacity_kw: 100\n  status: grid_connected\n  grid_date: 2016-05-01\n- id: alpha-2\n  name: 二号村级光伏电站\n  county: alpha\n  kind: village\n  capacity_kw: 200\n  status: built\n",
    ),
    (
        "progress/2017Q1.yaml",
        "quarter: 2017Q1\nstations:\n  - { station: alpha-1, generation_kwh: 25000, revenue_yuan: 20000, tariff_yuan: 8000 }\n",
    ),
];

/// The data set and its directory (kept for the life of the process).
pub fn data() -> &'static (Dataset, PathBuf) {
    static DATA: OnceLock<(Dataset, PathBuf)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep().join("data");
        for (rel, text) in FILES {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let loaded = pv_bulletin::load::load(&dir).unwrap();
        (loaded.dataset, dir)
    })
}

/// The extension the first byte selects, and the spreadsheet's bytes.
pub fn split(input: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let (&selector, bytes) = input.split_first()?;
    let ext = ["xlsx", "xls", "ods", "csv", "xlsb"][selector as usize % 5];
    Some((ext, bytes.to_vec()))
}
