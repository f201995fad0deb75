//! `issue_rows` keeps an issue page a bulletin: a long 运维预警 list shows its worst
//! rows and links the whole list as a per-issue download; county pages keep theirs.

mod common;

use common::{build_sample_into, copy_dir, sample_data, stderr};
use std::process::Command;

fn alert_rows(html: &str) -> usize {
    let table = html
        .split("<table class=\"alerts\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("a 运维预警 table");
    table.matches("<th scope=\"row\">").count()
}

#[test]
fn a_long_alert_list_shows_its_worst_rows_and_links_the_whole_list() {
    // The sample as shipped (issue_rows 20, at most 13 alerts): full lists, no extra download.
    let full = tempfile::tempdir().unwrap();
    build_sample_into(full.path());
    let page = std::fs::read_to_string(full.path().join("issues/25.html")).unwrap();
    let all = alert_rows(&page);
    assert!(all > 5, "the sample's issue 25 has {all} alerts");
    assert!(!page.contains("完整名单见附件"));
    assert!(!full.path().join("downloads/alerts-25.csv").exists());

    // issue_rows: 5 → five rows, the note and the whole list as CSV and xlsx.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&sample_data(), &data);
    let site = std::fs::read_to_string(data.join("site.yaml")).unwrap();
    std::fs::write(data.join("site.yaml"), format!("{site}issue_rows: 5\n")).unwrap();
    let out = dir.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("issues/25.html")).unwrap();
    assert_eq!(alert_rows(&page), 5);
    assert!(
        page.contains(&format!("共{all}座，完整名单见附件")),
        "the note names the whole count"
    );
    assert!(page.contains("href=\"../downloads/alerts-25.csv\""));
    assert!(
        page.contains(&format!("运维预警（{all}座）")),
        "heading counts all"
    );
    let csv = std::fs::read_to_string(out.join("downloads/alerts-25.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        all + 1,
        "header and every alert: {csv}"
    );
    assert!(out.join("downloads/alerts-25.xlsx").exists());
    // County pages keep their full lists: the sum over counties is the whole list.
    let county_rows: usize = std::fs::read_dir(out.join("counties"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // Beside the pages: their charts as PNGs.
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .filter(|html| html.contains("<table class=\"alerts\""))
        .map(|html| alert_rows(&html))
        .sum();
    assert_eq!(county_rows, all);
}
