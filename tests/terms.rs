//! `terms:` in site.yaml words every generated text: the shipped 2025 example
//! (`terms: 2021`, a 乡村振兴局) must not say 扶贫 or 贫困 in any page, chart,
//! table, download, feed or search text; its articles are the authors' own and
//! are written in today's words too, so the whole output is scanned.

mod common;

use common::{copy_dir, snapshot, stderr, Project};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-county/data")
}

fn build(data: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--deny-warnings", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Every file's text: spreadsheets (zip archives) as the XML inside them.
fn texts(out: &Path) -> Vec<(String, String)> {
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("pagefind"))
        .map(|(path, bytes)| {
            let text = if path.ends_with(".xlsx") {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut all = String::new();
                for i in 0..zip.len() {
                    zip.by_index(i).unwrap().read_to_string(&mut all).unwrap();
                }
                all
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (path, text)
        })
        .collect()
}

/// Files saying one of the old words, with the word.
fn old_words(files: &[(String, String)]) -> Vec<(String, &'static str)> {
    files
        .iter()
        .flat_map(|(path, text)| {
            ["扶贫", "贫困"]
                .into_iter()
                .filter(|w| text.contains(w))
                .map(|w| (path.clone(), w))
        })
        .collect()
}

#[test]
fn the_2025_example_says_neither_fupin_nor_pinkun_anywhere() {
    let out = tempfile::tempdir().unwrap();
    build(&example(), out.path());
    let files = texts(out.path());
    assert!(files.len() > 40, "only {} files", files.len());
    assert_eq!(old_words(&files), Vec::<(String, &str)>::new());

    let read = |p: &str| {
        let (_, t) = files.iter().find(|(f, _)| f == p).unwrap();
        t.clone()
    };
    let issue = read("issues/28.html");
    for words in [
        "2025年第4季度光伏帮扶电站建设运行情况",
        "受益脱贫户",
        "受益脱贫人口",
        "光伏帮扶电站季度发电量与收益",
    ] {
        assert!(issue.contains(words), "issue page: {words}");
    }
    let station = read("stations/hekou-002.html");
    assert!(station.contains("其中监测对象"), "station page: 监测对象");
    let csv = read("downloads/stations.csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("受益脱贫户,受益脱贫人口,监测对象户数"),
        "CSV header: {}",
        csv.lines().next().unwrap()
    );
    assert!(read("feed.xml").contains("光伏帮扶"), "feed");
    assert!(read("counties.html").contains("光伏帮扶电站概况"));
}

#[test]
fn the_same_data_in_2017_words_is_caught_by_the_scan() {
    // The scan above can fail: without `terms: 2021` the generated text says 扶贫.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example(), &data);
    let site = std::fs::read_to_string(data.join("site.yaml")).unwrap();
    std::fs::write(data.join("site.yaml"), site.replace("terms: 2021\n", "")).unwrap();
    let out = dir.path().join("public");
    build(&data, &out);
    let found = old_words(&texts(&out));
    for file in [
        "issues/28.html",
        "counties.html",
        "downloads/stations.csv",
        "downloads/stations.xlsx",
    ] {
        assert!(found.iter().any(|(f, _)| f == file), "{file}: {found:?}");
    }
}

#[test]
fn overrides_and_bad_words_in_site_yaml() {
    let p = Project::valid();
    let site = std::fs::read_to_string(p.data().join("site.yaml")).unwrap();
    p.write(
        "site.yaml",
        &format!("{site}terms: {{ preset: 2021, beneficiary_people: 脱贫群众 }}\n"),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let issue = std::fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    assert!(issue.contains("受益脱贫群众"), "override in the KPI table");
    assert!(issue.contains("光伏帮扶电站"), "the preset's programme");

    p.write("site.yaml", &format!("{site}terms: 2019\n"));
    let o = p.run("check");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("site.yaml:") && err.contains("2017 or 2021"),
        "{err}"
    );

    p.write(
        "site.yaml",
        &format!("{site}terms: {{ programme: 光伏 帮扶 }}\n"),
    );
    let o = p.run("check");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("terms.programme"), "{err}");
}

#[test]
fn a_2021_ledger_imports_with_its_own_headers() {
    let p = Project::valid();
    let site = std::fs::read_to_string(p.data().join("site.yaml")).unwrap();
    p.write("site.yaml", &format!("{site}terms: 2021\n"));
    // The ledger template in 2021's words has the 监测对象 column.
    let path = p.dir.path().join("台账.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["template", "--terms", "2021"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::{open_workbook_auto, Reader};
    let mut wb: calamine::Sheets<_> = open_workbook_auto(&path).unwrap();
    let headers: Vec<String> = wb
        .worksheet_range("电站台账")
        .unwrap()
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in ["受益脱贫户", "受益脱贫人口", "监测对象户数"] {
        assert!(headers.iter().any(|x| x == h), "{h} in {headers:?}");
    }
    assert!(!headers.iter().any(|x| x.contains("贫困")), "{headers:?}");

    // A CSV ledger with 2021's headers (and units) imports into the site.
    let ledger = p.dir.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "电站编号,电站名称,装机容量（千瓦）,受益脱贫户（户）,受益脱贫人口（人）,其中监测对象\n\
         alpha-1,一号村级光伏电站,100,32,95,4\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["import", "stations"])
        .arg(&ledger)
        .args(["--county", "alpha", "--data"])
        .arg(p.data())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let stations = std::fs::read_to_string(p.data().join("stations/alpha.yaml")).unwrap();
    assert!(
        stations.contains("beneficiary_households: 32"),
        "{stations}"
    );
    assert!(stations.contains("beneficiary_people: 95"), "{stations}");
    assert!(stations.contains("monitored_households: 4"), "{stations}");
}
