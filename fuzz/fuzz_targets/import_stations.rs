//! `import stations` from any bytes, read as .xlsx/.xls/.ods/.csv/.xlsb (the
//! first byte chooses): never a panic, never past the memory limit (run with
//! `-rss_limit_mb=1024`), never a file the loader would refuse.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use pv_bulletin::import::{plan_bytes, What};

fuzz_target!(|input: &[u8]| {
    let Some((ext, bytes)) = common::split(input) else {
        return;
    };
    let (dataset, dir) = common::data();
    let what = What::Stations {
        county: Some("alpha".into()),
    };
    let (_, files) = plan_bytes(dataset, dir, bytes, ext, &what);
    for (rel, text) in files {
        assert!(rel.starts_with("stations/") && rel.ends_with(".yaml"), "{rel}");
        assert!(!rel.contains(".."), "{rel}");
        assert!(text.len() as u64 <= pv_bulletin::load::encoding::MAX_FILE_BYTES);
    }
});
