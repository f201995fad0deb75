//! The Word file of every issue, read back from a real build of the sample data:
//! what the issue page shows (article titles, every KPI figure, every table's rows,
//! the 版记) is in the .docx, with the GB/T 9704 page; and two builds give the same
//! bytes.

mod common;

use common::{build_sample, build_sample_into, snapshot};
use roxmltree::{Document, Node};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Every part of a .docx, by name.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            parts.insert(name, text);
        }
    }
    parts
}

fn w<'a>(n: Node<'a, 'a>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn attr(n: Node<'_, '_>, name: &str) -> Option<String> {
    n.attributes()
        .find(|a| a.name() == name && a.namespace() == Some(W))
        .map(|a| a.value().to_string())
}

/// The text of a paragraph or cell: its `w:t` runs joined (tabs as a tab).
fn text(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter_map(|d| match () {
            _ if w(d, "t") => Some(d.text().unwrap_or("").to_string()),
            _ if w(d, "tab") && d.parent().is_some_and(|p| w(p, "r")) => Some("\t".into()),
            _ => None,
        })
        .collect()
}

/// The body's own paragraphs (not those in tables), as text.
fn body_paragraphs(doc: &Document<'_>) -> Vec<String> {
    let body = doc.descendants().find(|n| w(*n, "body")).unwrap();
    body.children().filter(|n| w(*n, "p")).map(text).collect()
}

/// Every table of the body except the 导读 box: rows of cell texts, and how many
/// rows are marked as a repeated header.
fn tables(doc: &Document<'_>) -> Vec<(Vec<Vec<String>>, usize)> {
    let body = doc.descendants().find(|n| w(*n, "body")).unwrap();
    body.children()
        .filter(|n| w(*n, "tbl"))
        .map(|t| {
            let rows: Vec<Node> = t.children().filter(|r| w(*r, "tr")).collect();
            let headers = rows
                .iter()
                .filter(|r| r.descendants().any(|d| w(d, "tblHeader")))
                .count();
            let cells = rows
                .iter()
                .map(|r| r.children().filter(|c| w(*c, "tc")).map(text).collect())
                .collect();
            (cells, headers)
        })
        .filter(|(rows, _): &(Vec<Vec<String>>, usize)| {
            !rows.first().is_some_and(|r| r[0].starts_with("本期导读"))
        })
        .collect()
}

/// The HTML without tags, entities of the escaper turned back.
fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

/// Each `<table>` of the issue page outside the charts' data tables: rows of cell
/// texts (header rows first), and the number of header rows.
fn html_tables(html: &str) -> Vec<(Vec<Vec<String>>, usize)> {
    let mut page = html.to_string();
    // The charts' data tables are the picture's alt text in the .docx, not tables.
    while let Some(start) = page.find("<details class=\"chart-data\"") {
        let end = start + page[start..].find("</details>").unwrap() + "</details>".len();
        page.replace_range(start..end, "");
    }
    page.split("<table")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").unwrap()];
            let head = t
                .find("<thead")
                .map_or("", |s| &t[s..t.find("</thead>").unwrap()]);
            let rows = |part: &str| -> Vec<Vec<String>> {
                part.split("<tr")
                    .skip(1)
                    .map(|r| {
                        r.split("<t")
                            .skip(1)
                            .filter(|c| c.starts_with('d') || c.starts_with('h'))
                            .map(|c| strip(&format!("<t{c}")))
                            .collect()
                    })
                    .collect()
            };
            let header = rows(head);
            let body = match t.find("<tbody") {
                Some(s) => rows(&t[s..]),
                None => rows(t).split_off(header.len()),
            };
            let n = header.len();
            (header.into_iter().chain(body).collect(), n)
        })
        .collect()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    html.split(start)
        .skip(1)
        .map(|s| &s[..s.find(end).unwrap()])
        .collect()
}

#[test]
fn every_issue_docx_holds_what_its_page_shows() {
    let (_tmp, out) = build_sample();
    let mut issues = 0;
    for entry in fs::read_dir(out.join("issues")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        issues += 1;
        let html = fs::read_to_string(&path).unwrap();
        let docx = path.with_extension("docx");
        let name = docx.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            html.contains(&format!("href=\"{name}\"")),
            "the page links its Word file"
        );
        let parts = unzip(&docx);
        let doc = Document::parse(&parts["word/document.xml"]).unwrap();
        let paragraphs = body_paragraphs(&doc);

        // Article titles, centred in their own paragraphs, each under its 【栏目】.
        let titles: Vec<String> = between(&html, "<h3>", "</h3>")
            .into_iter()
            .map(strip)
            .filter(|t| !t.is_empty())
            .collect();
        assert!(!titles.is_empty());
        for t in &titles {
            assert!(paragraphs.contains(t), "{name}: no paragraph “{t}”");
        }
        for tag in between(&html, "<p class=\"column-tag\">", "</p>") {
            let tag = strip(tag);
            assert!(paragraphs.contains(&tag), "{name}: no column tag {tag}");
        }

        // Every table of the page (KPI, status, ranking, 收益分配, 运维预警 and the
        // articles' Markdown tables), in order, with the same rows and the same
        // figures, and the header row marked to repeat on each page.
        let shown = html_tables(&html);
        let written = tables(&doc);
        assert_eq!(
            written.iter().map(|t| t.0.len()).collect::<Vec<_>>(),
            shown.iter().map(|t| t.0.len()).collect::<Vec<_>>(),
            "{name}: row counts of the tables"
        );
        for ((docx_rows, docx_heads), (html_rows, html_heads)) in written.iter().zip(&shown) {
            assert_eq!(docx_heads, html_heads, "{name}: header rows");
            assert_eq!(docx_rows, html_rows, "{name}: a table's cells");
        }
        // The KPI figures in particular (the table above covers them; this names them).
        if let Some(kpi) = shown.iter().find(|t| {
            t.0.first()
                .is_some_and(|r| r.first().is_some_and(|c| c == "指标"))
        }) {
            assert!(kpi.0.len() > 5, "{name}: the KPI table has its rows");
            let all: String = written.iter().flat_map(|t| t.0.concat()).collect();
            for figure in kpi.0.iter().skip(1).flat_map(|r| r[1..].iter()) {
                assert!(all.contains(figure.as_str()), "{name}: KPI {figure}");
            }
        }

        // 版记: 主送, 抄送 and the 印发 line, after everything else.
        let closing = between(&html, "<footer class=\"closing\">", "</footer>")[0];
        let lines: Vec<String> = between(closing, "<p", "</p>")
            .into_iter()
            .map(|p| strip(&format!("<p{p}")))
            .collect();
        let last = &paragraphs[paragraphs.len() - lines.len()..];
        for (html_line, docx_line) in lines.iter().zip(last) {
            let docx_line: String = docx_line.chars().filter(|c| *c != '\t').collect();
            assert_eq!(&docx_line, html_line, "{name}: 版记");
        }

        // The page: A4, margins 37/35/28/26 mm, odd and even footers `— N —`.
        let sect = doc.descendants().find(|n| w(*n, "sectPr")).unwrap();
        let get =
            |el: &str, a: &str| attr(sect.children().find(|n| w(*n, el)).unwrap(), a).unwrap();
        assert_eq!(
            (get("pgSz", "w"), get("pgSz", "h")),
            ("11906".into(), "16838".into())
        );
        let margins = ["top", "bottom", "left", "right"].map(|a| get("pgMar", a));
        assert_eq!(margins, ["2098", "1984", "1587", "1474"], "{name}");
        let footers: Vec<String> = sect
            .children()
            .filter(|n| w(*n, "footerReference"))
            .filter_map(|n| attr(n, "type"))
            .collect();
        assert_eq!(footers, ["default", "even"]);
        assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
        for footer in ["word/footer1.xml", "word/footer2.xml"] {
            let f = Document::parse(&parts[footer]).unwrap();
            let p = text(f.descendants().find(|n| w(*n, "p")).unwrap());
            assert_eq!(p, "— 1 —", "{footer}: the PAGE field between dashes");
            assert!(parts[footer].contains(" PAGE "));
        }
        let align = |footer: &str| {
            let f = Document::parse(&parts[footer]).unwrap();
            attr(f.descendants().find(|n| w(*n, "jc")).unwrap(), "val").unwrap()
        };
        assert_eq!(
            (align("word/footer1.xml"), align("word/footer2.xml")),
            ("right".into(), "left".into())
        );
    }
    assert!(issues >= 4, "the sample has four issues");
}

/// The same data gives the same bytes: the Word files and the chart pictures of two
/// builds into two fresh directories (nothing reused from a previous output).
#[test]
fn two_builds_give_byte_identical_word_files_and_pictures() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_sample_into(&a);
    build_sample_into(&b);
    let pick = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        snapshot(dir)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".docx") || p.ends_with(".png"))
            .collect()
    };
    let (first, second) = (pick(&a), pick(&b));
    assert!(first.iter().filter(|(p, _)| p.ends_with(".docx")).count() >= 4);
    assert!(first.iter().filter(|(p, _)| p.ends_with(".png")).count() > 20);
    assert_eq!(
        first.iter().map(|f| &f.0).collect::<Vec<_>>(),
        second.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in first.iter().zip(&second) {
        assert!(x == y, "{path} differs between two builds");
    }
}
