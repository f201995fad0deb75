//! `gen-sample` writes valid data (it passes `check` with no problem at all), is
//! deterministic by seed, and refuses to write into a non-empty directory.

mod common;

use common::{snapshot, stderr};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
}

fn generate(dir: &std::path::Path, seed: &str) {
    let o = bin()
        .args([
            "gen-sample",
            "--stations",
            "400",
            "--quarters",
            "9",
            "--issues",
            "5",
            "--seed",
            seed,
            "--out",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("generated 4 counties, 400 stations, 9 quarters, 5 issues"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generated_data_passes_check_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    generate(&data, "7");
    let check = bin()
        .args(["check", "--deny-warnings", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&check)
    );
    let out = tmp.path().join("site");
    let build = bin()
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(out.join("issues/5.html").is_file());
    assert!(out.join("stations/c001-00001.html").is_file());
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let tmp = tempfile::tempdir().unwrap();
    generate(&tmp.path().join("a"), "3");
    generate(&tmp.path().join("b"), "3");
    generate(&tmp.path().join("c"), "4");
    let a = snapshot(&tmp.path().join("a"));
    assert_eq!(a, snapshot(&tmp.path().join("b")));
    assert_ne!(a, snapshot(&tmp.path().join("c")));
}

#[test]
fn refuses_a_non_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    let o = bin()
        .args(["gen-sample", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
}
