//! `subdivision:` in site.yaml renames the units of counties.yaml everywhere: the
//! shipped county-office example (units are towns, 乡镇) must not say 县（区） on any
//! page, table header, chart or download.

mod common;

use common::{snapshot, stderr, Project};
use std::path::Path;
use std::process::Command;

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/county-office/data")
}

#[test]
fn county_office_example_says_township_everywhere() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--deny-warnings", "--data"])
        .arg(example())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let files = snapshot(out.path());
    assert!(files.len() > 20, "only {} files", files.len());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for city_label in ["县（区）", "县区", "县(区)"] {
            assert!(!text.contains(city_label), "{path} still says {city_label}");
        }
    }
    let read = |p: &str| {
        let (_, b) = files.iter().find(|(f, _)| f == p).unwrap();
        String::from_utf8_lossy(b).into_owned()
    };
    let issue = read("issues/3.html");
    assert!(issue.contains("各乡镇目标完成情况排名"), "ranking heading");
    assert!(
        issue.contains("<th scope=\"col\">乡镇</th>"),
        "ranking header"
    );
    assert!(
        issue.contains("各乡镇2018年度并网容量目标完成率"),
        "chart title"
    );
    assert!(read("counties.html").contains("乡镇与电站"), "navigation");
    assert!(
        read("downloads/stations.csv").contains("乡镇编号,乡镇"),
        "CSV header"
    );
}

#[test]
fn an_overlong_subdivision_is_an_error() {
    let p = Project::valid();
    let site = std::fs::read_to_string(p.data().join("site.yaml")).unwrap();
    p.write(
        "site.yaml",
        &format!("{site}subdivision: 各乡镇人民政府及街道办事处\n"),
    );
    let o = p.run("check");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("site.yaml:") && err.contains("subdivision"),
        "{err}"
    );
    assert!(
        err.contains("乡镇"),
        "the hint names the usual labels: {err}"
    );
}
