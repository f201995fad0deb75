//! Link integrity over the whole built sample site: every relative link resolves to
//! a file in the output, and every `#fragment` to an element id in its target page.

mod common;

use common::{build_sample, sample_data};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Values of `href="…"` and `src="…"` attributes.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').unwrap()].replace("&amp;", "&"));
        }
    }
    out
}

fn ids(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Resolves `link` relative to the page at `page` (both relative to the root);
/// `None` if it climbs out of the site.
fn resolve(page: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<Component> = page.parent().unwrap().components().collect();
    for c in Path::new(link).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(_) => parts.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.iter().collect())
}

#[test]
fn every_relative_link_resolves() {
    let (_tmp, out) = build_sample();

    let mut pages: BTreeMap<PathBuf, String> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let rel = e.path().strip_prefix(&out).unwrap().to_path_buf();
            pages.insert(rel, fs::read_to_string(e.path()).unwrap());
        }
    }
    // Every page type is there.
    for p in [
        "index.html",
        "archive.html",
        "counties.html",
        "issues/22.html",
        "counties/nanxi.html",
        "stations/nanxi-003.html",
    ] {
        assert!(pages.contains_key(Path::new(p)), "missing {p}");
    }
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, html) in &pages {
        for link in links(html) {
            if link.starts_with("data:") {
                continue; // inline resource (the empty favicon), nothing to resolve
            }
            assert!(
                !link.contains("://") && !link.starts_with("//"),
                "{}: absolute link {link}",
                page.display()
            );
            assert!(
                !link.starts_with('/'),
                "{}: root-relative link {link} breaks under a sub-path",
                page.display()
            );
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(page, path)
            };
            checked += 1;
            let Some(target) = target else {
                broken.push(format!("{}: {link} leaves the site", page.display()));
                continue;
            };
            if !out.join(&target).is_file() {
                broken.push(format!(
                    "{}: {link} → missing {}",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(f) = fragment {
                let target_html = pages.get(&target).map(String::as_str).unwrap_or("");
                if !ids(target_html).contains(f) {
                    broken.push(format!("{}: {link} → no id `{f}`", page.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn csv_downloads_open_in_excel() {
    let (_tmp, out) = build_sample();
    let stations = fs::read(out.join("downloads/stations.csv")).unwrap();
    assert!(
        stations.starts_with("\u{feff}".as_bytes()),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(stations).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Header plus one row per station in the sample data.
    let station_count: usize = fs::read_dir(sample_data().join("stations"))
        .unwrap()
        .map(|f| {
            let text = fs::read_to_string(f.unwrap().path()).unwrap();
            text.lines().filter(|l| l.starts_with("- id:")).count()
        })
        .sum();
    assert_eq!(lines.len(), station_count + 1);
    assert!(lines[0].starts_with("\u{feff}电站编号,电站名称"));
    let ranking = fs::read_to_string(out.join("downloads/ranking-22.csv")).unwrap();
    assert_eq!(
        ranking.split("\r\n").filter(|l| !l.is_empty()).count(),
        1 + 6,
        "header + 6 counties"
    );
}
