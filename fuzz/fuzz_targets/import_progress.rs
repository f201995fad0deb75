//! `import progress --quarter 2017Q1` from any bytes, read as
//! .xlsx/.xls/.ods/.csv/.xlsb (the first byte chooses): never a panic, never
//! past the memory limit, only the quarter's file written.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use pv_bulletin::import::{plan_bytes, What};

fuzz_target!(|input: &[u8]| {
    let Some((ext, bytes)) = common::split(input) else {
        return;
    };
    let (dataset, dir) = common::data();
    let what = What::Progress {
        quarter: "2017Q1".into(),
        replace: false,
        force: false,
    };
    let (_, files) = plan_bytes(dataset, dir, bytes, ext, &what);
    for (rel, _) in files {
        assert_eq!(rel, "progress/2017Q1.yaml");
    }
});
