//! A ledger whose used range spans the whole grid (a value, or only formatting,
//! at XFD1048576: common in real workbooks) imports in bounded memory: sheets are
//! read cell by cell, so the grid's extent never decides an allocation. (Read as
//! a dense grid this file needed 550 GB.) One test in this binary, so the peak
//! memory of its children is this import's.

mod common;

use common::{stderr, Project};
use rust_xlsxwriter::Workbook;
use std::process::Command;

#[test]
fn a_stray_cell_at_xfd1048576_imports_in_bounded_memory() {
    let p = Project::valid();
    let book_path = p.data().parent().unwrap().join("台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("台账").unwrap();
    let header = [
        "编号",
        "电站名称",
        "电站类型",
        "装机容量（千瓦）",
        "建设状态",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ["alpha-1", "一号村级光伏电站", "村级", "100", "已并网"],
        ["alpha-9", "九号村级光伏电站", "村级", "300", "在建"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                Err(_) => sheet.write_string(r, c, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    sheet.write_string(1_048_575, 16_383, "备注").unwrap();
    book.save(&book_path).unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args([
            "import",
            "stations",
            "台账.xlsx",
            "--county",
            "alpha",
            "--data",
        ])
        .arg(p.data())
        .current_dir(p.data().parent().unwrap())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("XFD1048576"),
        "the stray cell is named: {said}"
    );
    let stations = std::fs::read_to_string(p.data().join("stations/alpha.yaml")).unwrap();
    assert!(stations.contains("九号村级光伏电站"), "{stations}");
    #[cfg(unix)]
    {
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        assert_eq!(
            unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
            0
        );
        let peak_mb = usage.ru_maxrss / 1024; // kilobytes on Linux
        assert!(peak_mb < 1024, "peak RSS {peak_mb} MB");
    }
}
