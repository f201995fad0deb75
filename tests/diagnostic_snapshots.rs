//! Snapshots (insta) of diagnostics exactly as a user sees them in a terminal:
//! the one-line header, the source line, a caret under the offending token, and the
//! hint. NO_COLOR keeps escape codes out of the snapshots.

mod common;

use common::{stderr, Project, PROGRESS, STATIONS};

fn check_output(p: &Project) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["check", "--data"])
        .arg(p.data())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!o.status.success());
    stderr(&o)
}

#[test]
fn misspelt_key() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("capacity_kw: 100", "capcity_kw: 100"),
    );
    insta::assert_snapshot!(check_output(&p));
}

#[test]
fn spreadsheet_habits_in_one_file() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS
            .replace("grid_date: 2016-05-01", "grid_date: 2016/5/1")
            .replace("status: built", "status: 建成待并网"),
    );
    p.write(
        "progress/2017Q1.yaml",
        &PROGRESS.replace("generation_kwh: 25000", "generation_kwh: 25,000"),
    );
    insta::assert_snapshot!(check_output(&p));
}

#[test]
fn reference_and_physics_errors() {
    let p = Project::valid();
    p.write(
        "progress/2017Q1.yaml",
        "quarter: 2017Q1\nstations:\n  - { station: alpha-1, generation_kwh: 2500000, revenue_yuan: 1 }\n  - { station: alpah-2 }\n",
    );
    insta::assert_snapshot!(check_output(&p));
}

#[test]
fn file_level_problem_has_no_snippet() {
    let p = Project::valid();
    p.write_bytes("counties.yaml", b"- id: alpha\n  name: \xb9\xe2\xb7\xfc\n");
    insta::assert_snapshot!(check_output(&p));
}
