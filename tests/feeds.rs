//! A hosted site's feed and sitemap, read back with a real XML parser; and the
//! `base_url` and `language` keys that govern them.

mod common;

use common::{build_sample, stderr, Project};
use std::fs;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const BASE: &str = "https://pv-bulletin.example.org/jianbao/";

#[test]
fn feed_lists_every_issue_newest_first_with_absolute_links() {
    let (_tmp, out) = build_sample();
    let text = fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(ATOM));
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect();
    let mut issues: Vec<u32> = fs::read_dir(common::sample_data().join("bulletins"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().parse().unwrap())
        .collect();
    issues.sort_by(|a, b| b.cmp(a));
    assert_eq!(entries.len(), issues.len());
    for (entry, n) in entries.iter().zip(&issues) {
        let child = |name: &str| {
            entry
                .children()
                .find(|c| c.has_tag_name((ATOM, name)))
                .unwrap()
        };
        let href = child("link").attribute("href").unwrap();
        assert_eq!(href, format!("{BASE}issues/{n}.html"));
        assert!(child("title")
            .text()
            .unwrap()
            .ends_with(&format!("第{n}期")));
        assert!(child("summary").text().unwrap().contains("本期导读"));
        assert!(child("updated")
            .text()
            .unwrap()
            .ends_with("T00:00:00+08:00"));
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let (_tmp, out) = build_sample();
    let text = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("{BASE}{rel}")
        })
        .collect();
    listed.sort();
    pages.sort();
    assert_eq!(listed, pages, "every page, and nothing else");
}

#[test]
fn without_base_url_neither_file_and_the_summary_says_why() {
    let p = Project::valid();
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!p.out().join("feed.xml").exists());
    assert!(!p.out().join("sitemap.xml").exists());
    assert!(stderr(&o).contains("no feed.xml or sitemap.xml: set base_url in site.yaml"));
}

#[test]
fn bad_base_url_and_english_are_clear_errors() {
    for (line, expect) in [
        ("base_url: fpb.example.gov.cn/jianbao", "error[invalid-value]: site.yaml:4:11: base_url: expected the site's address as https://host/path/"),
        ("language: en", "error[invalid-value]: site.yaml:4:11: language: `language: en` is not supported"),
    ] {
        let p = Project::valid();
        p.write("site.yaml", &format!("{}{line}\n", common::SITE));
        let o = p.run("build");
        assert!(!o.status.success());
        assert!(stderr(&o).contains(expect), "{}", stderr(&o));
        assert!(!p.out().exists());
    }
}
