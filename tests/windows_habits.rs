//! What the files of an office on Windows look like, run as a user would: Notepad's
//! byte-order mark at the start of every YAML and Markdown file, and the `~$` lock
//! files Excel and WPS keep beside an open ledger. (A file held open in the output
//! is tested in `src/write/tests.rs`, with a refusing file system, and under Wine
//! by tests/windows-check.sh.)

mod common;

use common::{copy_dir, sample_data, snapshot, stderr, Project};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Puts a byte-order mark in front of every `.yaml` and `.md` file under `dir`;
/// returns how many.
fn add_bom_everywhere(dir: &Path) -> usize {
    let mut n = 0;
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        let ext = e.path().extension().and_then(|x| x.to_str());
        if e.file_type().is_file() && matches!(ext, Some("yaml" | "md")) {
            let text = fs::read_to_string(e.path()).unwrap();
            fs::write(e.path(), format!("\u{feff}{text}")).unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn a_bom_on_every_yaml_and_markdown_file_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, bom) = (tmp.path().join("plain"), tmp.path().join("bom"));
    copy_dir(&sample_data(), &plain);
    copy_dir(&sample_data(), &bom);
    let files = add_bom_everywhere(&bom);
    assert!(
        files > 20,
        "site, counties, stations, progress, bulletins, articles: {files}"
    );

    for (data, out) in [("plain", "site-plain"), ("bom", "site-bom")] {
        let o = run(
            tmp.path(),
            &["build", "--deny-warnings", "--data", data, "--out", out],
        );
        assert!(o.status.success(), "{data}: {}", stderr(&o));
    }
    assert_eq!(
        snapshot(&tmp.path().join("site-plain")),
        snapshot(&tmp.path().join("site-bom")),
        "the same site, byte for byte"
    );
    let check = run(tmp.path(), &["check", "--deny-warnings", "--data", "bom"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn a_bom_leaves_every_position_where_it_was() {
    // An error on the first line of a station list, in an article's front matter
    // and in a progress file: the line, the column and the caret must not move.
    let stations = common::STATIONS.replacen("- id: alpha-1", "- idd: alpha-1", 1);
    let article = common::ARTICLE.replace("column: 工作动态", "colum: 工作动态");
    let progress = common::PROGRESS.replace("generation_kwh: 25000", "generation_kwh: 2万");
    let mut reports = Vec::new();
    for bom in ["", "\u{feff}"] {
        let p = Project::valid();
        p.write("stations/alpha.yaml", &format!("{bom}{stations}"));
        p.write("bulletins/7/01-news.md", &format!("{bom}{article}"));
        p.write("progress/2017Q1.yaml", &format!("{bom}{progress}"));
        let o = p.run("check");
        assert!(!o.status.success());
        reports.push(stderr(&o).replace(p.data().to_str().unwrap(), "DATA"));
    }
    let report = &reports[0];
    assert!(report.contains("stations/alpha.yaml:1:3:"), "{report}");
    assert!(report.contains("bulletins/7/01-news.md:2:1:"), "{report}");
    assert!(report.contains("progress/2017Q1.yaml:4:21:"), "{report}");
    assert_eq!(reports[0], reports[1], "with and without a BOM");
    assert!(
        !reports[1].contains('\u{feff}'),
        "no BOM quoted in a source line"
    );
}

#[test]
fn import_of_the_sites_own_ledger_leaves_bom_files_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&sample_data(), &data);
    add_bom_everywhere(&data);
    let before = snapshot(&data);
    let o = run(tmp.path(), &["build", "--data", "data", "--out", "public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        tmp.path(),
        &[
            "import",
            "stations",
            "public/downloads/stations.xlsx",
            "--data",
            "data",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing to change"), "{}", stderr(&o));
    assert_eq!(snapshot(&data), before, "not one byte written");
}

#[test]
fn office_lock_files_are_passed_over() {
    let p = Project::valid();
    // Excel has 台账.xlsx open in the data folder; WPS has a station list open.
    p.write_bytes("~$台账.xlsx", &[0x0c, b'z', b'h', b'a', b'n', b'g']);
    p.write_bytes("stations/~$alpha.yaml", b"\x00\x01 not yaml");
    let o = p.run_with("build", &["--deny-warnings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("~$"),
        "not even a note: {}",
        stderr(&o)
    );

    let o = bin()
        .args(["import", "stations", "~$台账.xlsx", "--data"])
        .arg(p.data())
        .current_dir(p.data())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let report = stderr(&o);
    assert!(
        report.contains(
            "`~$台账.xlsx` is the lock file Excel or WPS keeps while `台账.xlsx` is open"
        ),
        "{report}"
    );
    assert!(report.contains("nothing was written"), "{report}");
}
