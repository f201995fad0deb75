//! The scaffolding commands, template overrides, and help texts, run as a user would.

mod common;

use common::{stderr, Project};
use std::fs;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
}

#[test]
fn version_names_the_version_and_the_target() {
    let o = bin().arg("--version").output().unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let prefix = format!("pv-bulletin {} (", env!("CARGO_PKG_VERSION"));
    let target = text
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{text}"));
    // A target triple for this machine, e.g. x86_64-unknown-linux-gnu.
    assert!(
        target.starts_with(std::env::consts::ARCH) && target.contains(std::env::consts::OS),
        "{text}"
    );
}

#[test]
fn new_project_builds_at_once_with_default_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-bulletin");
    let o = bin()
        .arg("new")
        .arg(&dir)
        .env("PV_BULLETIN_TODAY", "2018-05-20")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("data/progress/2018Q2.yaml").is_file());
    let build = bin().arg("build").current_dir(&dir).output().unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    // What the build leaves in the project besides the data is ignored by git.
    let ignored = fs::read_to_string(dir.join(".gitignore")).unwrap();
    let ignored: Vec<&str> = ignored.lines().filter(|l| !l.starts_with('#')).collect();
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "data" && name != ".gitignore" {
            let listed = ignored.iter().any(|l| l.trim_matches('/') == name);
            assert!(listed, "`{name}` is not in .gitignore: {ignored:?}");
        }
    }
    let page = fs::read_to_string(dir.join("public/issues/1.html")).unwrap();
    assert!(page.contains("第1期") && page.contains("2018年5月20日"));
    assert!(
        page.contains("<svg class=\"chart\""),
        "the article's chart block renders"
    );
    let again = bin().arg("new").arg(&dir).output().unwrap();
    assert!(!again.status.success(), "refuses a non-empty directory");
}

#[test]
fn new_issue_continues_from_the_previous_one() {
    let p = Project::valid();
    let o = bin()
        .args(["new-issue", "--data"])
        .arg(p.data())
        .env("PV_BULLETIN_TODAY", "2017-07-03")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let meta = fs::read_to_string(p.data().join("bulletins/8/bulletin.yaml")).unwrap();
    for expected in [
        "number: 8",
        "date: 2017-07-03",
        "quarter: 2017Q3",
        "columns: [\"领导重视\", \"工作动态\"]",
        "main_to: [\"市委常委\"]",
        "copy_to: [\"各县扶贫办\"]",
        "copies: 50",
    ] {
        assert!(meta.contains(expected), "missing {expected} in:\n{meta}");
    }
    // The new issue's quarter has no data yet: check says exactly what to add.
    let check = p.run("check");
    assert!(!check.status.success());
    assert!(
        stderr(&check).contains("add progress/2017Q3.yaml"),
        "{}",
        stderr(&check)
    );
}

/// At 07:00 in Beijing on 1 April (23:00 on 31 March in UTC) an office in Beijing
/// starts the second quarter's issue: `new-issue` reads the clock in the machine's
/// time zone (`TZ`). The instant is fixed through `PV_BULLETIN_TODAY`.
#[test]
fn new_issue_takes_the_date_in_the_machines_time_zone() {
    if !std::path::Path::new("/usr/share/zoneinfo/Asia/Shanghai").exists() {
        eprintln!("skipped: no time zone database (/usr/share/zoneinfo)");
        return;
    }
    for (tz, date, quarter) in [
        ("Asia/Shanghai", "2026-04-01", "2026Q2"),
        ("UTC", "2026-03-31", "2026Q1"),
    ] {
        let p = Project::valid();
        let o = bin()
            .args(["new-issue", "--data"])
            .arg(p.data())
            .env("TZ", tz)
            .env("PV_BULLETIN_TODAY", "2026-03-31T23:00:00Z")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let meta = fs::read_to_string(p.data().join("bulletins/8/bulletin.yaml")).unwrap();
        assert!(
            meta.contains(&format!("date: {date}\n"))
                && meta.contains(&format!("quarter: {quarter}\n")),
            "{tz}: {meta}"
        );
    }
}

#[test]
fn templates_beside_the_data_override_built_ins() {
    let p = Project::valid();
    let templates = p.dir.path().join("templates");
    fs::create_dir(&templates).unwrap();
    fs::write(
        templates.join("station.html"),
        "{% extends \"base.html\" %}{% block body %}<h1 class=\"mine\">{{ name }}</h1>{% endblock body %}",
    )
    .unwrap();
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(p.out().join("stations/alpha-1.html")).unwrap();
    assert!(
        page.contains("<h1 class=\"mine\">一号村级光伏电站</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<style>"),
        "the built-in base template still applies"
    );
    // A broken override is an error naming the template, and nothing is written.
    fs::write(templates.join("index.html"), "{% if %}").unwrap();
    let before = common::snapshot(&p.out());
    let o = p.run("build");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("index.html:1:"), "{}", stderr(&o));
    assert_eq!(common::snapshot(&p.out()), before);
}

#[test]
fn every_command_has_help_with_examples() {
    for command in ["build", "check", "serve", "new", "new-issue", "gen-sample"] {
        let o = bin().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{command} --help");
        assert!(
            help.contains("Examples:"),
            "{command} --help lacks examples:\n{help}"
        );
    }
}

#[test]
fn pdf_without_a_browser_is_a_clear_error_and_changes_nothing() {
    let p = common::Project::valid();
    assert!(p.run("build").status.success());
    let before = common::snapshot(&p.out());
    // A named browser that does not exist.
    let o = p.run_with("build", &["--pdf", "--browser", "/no/such/chromium"]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(err.contains("--browser names `/no/such/chromium`"), "{err}");
    assert!(
        err.contains("apt-get install chromium fonts-noto-cjk"),
        "{err}"
    );
    assert_eq!(
        common::snapshot(&p.out()),
        before,
        "the old site is untouched"
    );
    // None on PATH and none named: the candidates are listed.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--pdf", "--data"])
        .arg(p.data())
        .arg("--out")
        .arg(p.out())
        .env("PATH", p.dir.path())
        .env_remove("PV_BULLETIN_BROWSER")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(
        err.contains("tried chromium, chromium-browser, google-chrome, microsoft-edge"),
        "{err}"
    );
    assert_eq!(common::snapshot(&p.out()), before);
    // --browser means nothing without --pdf.
    let o = p.run_with("build", &["--browser", "/usr/bin/chromium"]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("--pdf"));
}
