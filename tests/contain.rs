//! A reader that panics on a damaged file (calamine on a truncated .xls, the YAML
//! or Markdown parser on something unforeseen) fails the command like any bad
//! input: exit 1, a message naming the file and the reader, no backtrace unless
//! RUST_BACKTRACE is set, and the data and the previous output byte-identical.
//! The debug binary's `PV_BULLETIN_TEST_PANIC=<reader>` makes that reader panic.

mod common;

use common::{snapshot, stderr, Project};
use std::process::{Command, Output};

fn run(p: &Project, args: &[&str], panic_in: &str, backtrace: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"));
    cmd.args(args)
        .arg("--data")
        .arg(p.data())
        .env("NO_COLOR", "1")
        .env("PV_BULLETIN_TEST_PANIC", panic_in)
        .env_remove("RUST_BACKTRACE")
        .current_dir(p.data().parent().unwrap());
    if backtrace {
        cmd.env("RUST_BACKTRACE", "1");
    }
    if args[0] == "build" {
        cmd.arg("--out").arg(p.out());
    }
    cmd.output().unwrap()
}

fn assert_contained(o: &Output, file: &str, reader: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let said = format!("读取 {file} 时{reader}解析出错（文件可能已损坏）");
    assert!(err.contains(&said), "{err}");
    assert!(
        err.contains("index out of bounds"),
        "the panic's own words: {err}"
    );
    assert!(!err.contains("panicked at"), "no panic report: {err}");
    assert!(!err.contains("stack backtrace"), "{err}");
}

#[test]
fn a_spreadsheet_reader_panic_is_an_error_and_data_stays() {
    let p = Project::valid();
    assert!(p.run("build").status.success());
    let book = p.data().parent().unwrap().join("台账.xlsx");
    std::fs::copy(p.out().join("downloads/stations.xlsx"), &book).unwrap();
    let before = snapshot(&p.data());
    let args = ["import", "stations", "台账.xlsx", "--county", "alpha"];
    let o = run(&p, &args, "spreadsheet", false);
    assert_contained(&o, "台账.xlsx", "表格");
    assert!(stderr(&o).contains("save it again"), "{}", stderr(&o));
    assert_eq!(snapshot(&p.data()), before, "data changed");
    // The same import without the switch works: the panic was the only cause.
    let o = run(&p, &args, "", false);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_yaml_or_markdown_panic_fails_the_build_and_keeps_the_site() {
    let p = Project::valid();
    assert!(p.run("build").status.success());
    let site = snapshot(&p.out());
    for (reader, file, label) in [
        ("yaml", "site.yaml", "YAML 数据"),
        ("markdown", "bulletins/7/02-lead.md", "Markdown 正文"),
    ] {
        // Edited since the last build, so the build cache cannot skip reading it.
        let path = p.data().join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(if reader == "yaml" {
            "\n# edited\n"
        } else {
            "\n"
        });
        std::fs::write(&path, text).unwrap();
        let o = run(&p, &["build"], reader, false);
        assert_contained(&o, file, label);
        assert_eq!(
            snapshot(&p.out()),
            site,
            "{reader}: the previous site changed"
        );
    }
    // With RUST_BACKTRACE set, the panic report is printed for the developer.
    let o = run(&p, &["build"], "markdown", true);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("panicked at"), "{}", stderr(&o));
}
