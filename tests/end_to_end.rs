//! Builds the shipped sample data with the real binary and reads the pages as a
//! user would: masthead, reading guide links, figures, closing block.

mod common;

use common::{build_sample, build_sample_into, copy_dir, sample_data, snapshot, stderr};
use std::fs;
use std::process::Command;

fn built_site() -> (tempfile::TempDir, std::path::PathBuf) {
    build_sample()
}

/// Values of `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn sample_data_checks_clean() {
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["check", "--data"])
        .arg(sample_data())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn index_lists_issues_newest_first_with_their_guides() {
    let (_tmp, out) = built_site();
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let pos = |n: u32| index.find(&format!("href=\"issues/{n}.html\"")).unwrap();
    assert!(pos(25) < pos(24) && pos(24) < pos(23) && pos(23) < pos(22));
    assert!(index.contains("市政府召开全市光伏扶贫工作推进会"));
    for href in attr_values(&index, "href") {
        if href.starts_with("data:") {
            continue; // the empty favicon, so browsers do not ask for /favicon.ico
        }
        let file = href.split('#').next().unwrap();
        assert!(out.join(file).is_file(), "index links to missing {href}");
    }
}

#[test]
fn issue_page_has_masthead_guide_articles_data_and_closing() {
    let (_tmp, out) = built_site();
    let page = fs::read_to_string(out.join("issues/22.html")).unwrap();
    // 版头
    assert!(page.contains("<h1>光伏扶贫工作简报</h1>"));
    assert!(page.contains("<p class=\"issue-no\">第22期</p>"));
    assert!(page.contains("<span>示例市扶贫开发领导小组办公室</span><span>2017年4月18日</span>"));
    assert!(page.contains("class=\"red-rule\""));
    // 本期导读: every in-page link resolves to an element id.
    let ids = attr_values(&page, "id");
    let anchors: Vec<&str> = attr_values(&page, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#'))
        .collect();
    assert!(anchors.len() >= 4, "guide links: {anchors:?}");
    for a in &anchors {
        assert!(ids.contains(a), "link #{a} has no target");
    }
    let guide = &page[page.find("本期导读").unwrap()..page.find("<main>").unwrap()];
    for tag in ["【领导重视】", "【工作动态】", "【基层经验】"] {
        assert!(guide.contains(tag), "guide lacks {tag}");
    }
    // Column order follows bulletin.yaml.
    assert!(page.find("【领导重视】").unwrap() < page.find("【基层经验】").unwrap());
    // 版记
    assert!(page.contains("主送：市委常委，市政府副市长，市扶贫开发领导小组成员"));
    assert!(page.contains("抄送：各县（区）委、县（区）政府，各县（区）扶贫办，市直有关单位"));
    assert!(page.contains("2017年4月18日印发"));
    assert!(page.contains("（共印120份）"));
    // Sample data is labelled as such.
    assert!(page.contains("示例数据"));
}

/// Sums a progress file's figure independently of the library, from the raw YAML.
fn raw_sum(quarter: &str, field: &str) -> f64 {
    let text = fs::read_to_string(sample_data().join(format!("progress/{quarter}.yaml"))).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["stations"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s.get(field).and_then(|v| v.as_f64()))
        .sum()
}

/// `12345678.0` → `1,234.57` (万, two decimals, grouped), written out independently.
fn wan(value: f64) -> String {
    let cents = (value / 100.0).round() as u64; // hundredths of 万
    let int = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", cents % 100)
}

#[test]
fn kpi_figures_match_the_raw_data() {
    let (_tmp, out) = built_site();
    let page = fs::read_to_string(out.join("issues/22.html")).unwrap();
    let q1 = raw_sum("2017Q1", "generation_kwh");
    let q4 = raw_sum("2016Q4", "generation_kwh");
    let expected = format!(
        "<th scope=\"row\">本季发电量</th><td class=\"num\">{}</td><td>万千瓦时</td><td class=\"num\">{:+.1}%</td>",
        wan(q1),
        (q1 - q4) / q4 * 100.0
    );
    assert!(page.contains(&expected), "missing {expected}");
    let revenue = raw_sum("2017Q1", "revenue_yuan");
    assert!(page.contains(&format!(
        "<td class=\"num\">{}</td><td>万元</td>",
        wan(revenue)
    )));
}

#[test]
fn pages_are_self_contained() {
    let (_tmp, out) = built_site();
    for (file, bytes) in snapshot(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        if file == "search.html" {
            // The one page with scripts: Pagefind's UI, from the site's own pagefind/.
            for url in attr_values(&page, "src") {
                assert!(url.starts_with("pagefind/"), "search.html loads {url}");
            }
            continue;
        }
        assert!(!page.contains("<script"), "{file} has a script");
        // The <link>s allowed: the empty data: favicon, and the index pointing feed
        // readers at feed.xml, which browsers never fetch to show the page.
        let links = page.matches("<link").count();
        let allowed = page
            .matches("<link rel=\"alternate\" type=\"application/atom+xml\"")
            .count()
            + page.matches("<link rel=\"icon\" href=\"data:,\">").count();
        assert_eq!(
            links, allowed,
            "{file} links a stylesheet or other resource"
        );
        assert!(
            page.contains("action=\"") && page.contains("search.html\" method=\"get\""),
            "{file} has the search form"
        );
        assert!(page.contains("<style>"), "{file} lacks inline CSS");
        for url in attr_values(&page, "src")
            .into_iter()
            .chain(attr_values(&page, "href"))
        {
            assert!(
                !url.contains("://") && !url.starts_with("//"),
                "{file} loads {url}"
            );
        }
    }
}

#[test]
fn issue_pages_stay_small_enough_to_email() {
    let (_tmp, out) = built_site();
    for n in 22..=25 {
        let size = fs::metadata(out.join(format!("issues/{n}.html")))
            .unwrap()
            .len();
        assert!(
            size < 300 * 1024,
            "issues/{n}.html is {size} bytes; the budget is 300 KB"
        );
    }
}

/// The summary's chart count is the number of chart figures on the pages, every
/// time (the Word stage renders the issues' charts too, and once made it vary).
#[test]
fn the_summary_counts_the_charts_on_the_pages() {
    let tmp = tempfile::tempdir().unwrap();
    for run in 0..3 {
        let out = tmp.path().join(format!("public-{run}"));
        let summary = build_sample_into(&out);
        let said: usize = summary
            .split(" charts;")
            .next()
            .and_then(|before| before.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no chart count in {summary}"));
        let on_pages: usize = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                fs::read_to_string(e.path())
                    .unwrap()
                    .matches("<figure class=\"chart-figure\"")
                    .count()
            })
            .sum();
        assert!(on_pages > 100, "{on_pages}");
        assert_eq!(said, on_pages, "run {run}");
    }
}

#[test]
fn output_is_byte_identical_across_builds() {
    let tmp = tempfile::tempdir().unwrap();
    build_sample_into(&tmp.path().join("a"));
    build_sample_into(&tmp.path().join("b"));
    let a = snapshot(&tmp.path().join("a"));
    assert!(a.len() >= 5);
    assert_eq!(a, snapshot(&tmp.path().join("b")));
}

#[test]
fn search_indexes_pages_and_every_station_in_a_merged_shard() {
    let (_tmp, out) = built_site();
    let entry = |dir: &str| fs::read_to_string(out.join(dir).join("pagefind-entry.json")).unwrap();
    // The page index: the 4 issues and 6 county pages of the sample.
    assert!(
        entry("pagefind").contains("\"page_count\":10"),
        "{}",
        entry("pagefind")
    );
    // The 304 stations, one record each, in one shard (the sample is small).
    let shard = entry("pagefind/stations-1");
    assert!(shard.contains("\"page_count\":304"), "{shard}");
    assert!(!out.join("pagefind/stations-2").exists());
    // A merged index keeps its worker but not Pagefind's UI files.
    assert!(out.join("pagefind/stations-1/pagefind-worker.js").is_file());
    assert!(!out.join("pagefind/stations-1/pagefind-ui.js").exists());
    let search = fs::read_to_string(out.join("search.html")).unwrap();
    assert!(
        search.contains("mergeIndex: [\"pagefind/stations-1/\"]"),
        "search.html merges the station shard"
    );
}

/// Modification time of every file of a site, by path.
fn mtimes(dir: &std::path::Path) -> std::collections::BTreeMap<String, std::time::SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

#[test]
fn a_rebuild_rewrites_only_the_files_an_edit_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("public");
    copy_dir(&sample_data(), &data);
    let build = || {
        let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
            .args(["build", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    build();
    let before = mtimes(&out);
    let again = build();
    assert!(
        again.contains(&format!(
            "0 changed, {} unchanged, 0 removed",
            before.len() - 1
        )),
        "{again}"
    );
    assert_eq!(mtimes(&out), before, "nothing rewritten");

    let article = data.join("bulletins/25/01-leaders.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("{text}\n补充一句：本段为测试所加。\n")).unwrap();
    let summary = build();
    let after = mtimes(&out);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(time))
        .map(|(path, _)| path)
        .collect();
    // The issue page, its Word file, and the search index of the pages (its entry,
    // its metadata, the page's fragment and the index chunks that changed): nothing
    // else (the issue's chart pictures are unchanged).
    assert!(
        rewritten.contains(&&"issues/25.html".to_string()),
        "{rewritten:?}"
    );
    assert!(
        rewritten.iter().all(|p| *p == "issues/25.html"
            || *p == "issues/25.docx"
            || (p.starts_with("pagefind/") && !p.starts_with("pagefind/stations-"))),
        "{rewritten:?}"
    );
    assert!(
        summary.contains(&format!("{} changed", rewritten.len())),
        "{summary}"
    );
    // What the build left is what a fresh build of the same data gives.
    let fresh = tmp.path().join("fresh");
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&fresh)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        snapshot(&out) == snapshot(&fresh),
        "in-place result differs from a fresh build"
    );
}
