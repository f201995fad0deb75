//! Hostile or unusual input: markup in data never reaches the output as live HTML,
//! the tool refuses output directories it does not own, odd-but-valid files work,
//! and pathological YAML stays bounded.

mod common;

use common::{snapshot, stderr, Project, STATIONS};
use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

const SCRIPT: &str = "<script>alert(1)</script>";
const BREAKOUT: &str = "\\\"><img src=x onerror=alert(1)>";

/// Every output file as text, by path.
fn outputs(p: &Project) -> Vec<(String, String)> {
    snapshot(&p.out())
        .into_iter()
        // The search index (gzip) is Pagefind's binary format; its texts are shown
        // by Pagefind's UI, which inserts them as text.
        .filter(|(f, _)| !f.starts_with("pagefind/"))
        // .xlsx downloads are zip; tests/import.rs reads them back. The Word files
        // (zip) are read below; chart PNGs are pictures.
        .filter(|(f, _)| !f.ends_with(".xlsx") && !f.ends_with(".png"))
        .map(|(f, b)| match f.ends_with(".docx") {
            true => (f, docx_text(&b)),
            false => (f, String::from_utf8(b).unwrap()),
        })
        .collect()
}

/// A Word file's parts as one text (its XML, where markup from the data can only
/// be escaped text).
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            // Well-formed: nothing from the data broke out of its text or attribute.
            roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
            all.push_str(&xml);
        }
    }
    all
}

#[test]
fn markup_in_yaml_strings_is_escaped_everywhere() {
    let p = Project::valid();
    p.write(
        "site.yaml",
        &format!("title: \"简报{SCRIPT}\"\nissuer: \"办公室{BREAKOUT}\"\nregion: 测试市\nmotto: \"{SCRIPT}\"\n"),
    );
    p.write(
        "counties.yaml",
        &format!("- id: alpha\n  name: \"甲县{SCRIPT}\"\n"),
    );
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("name: 一号村级光伏电站", &format!("name: \"一号{SCRIPT}\"")),
    );
    p.write(
        "bulletins/7/bulletin.yaml",
        &format!(
            "number: 7\ndate: 2017-04-10\nquarter: 2017Q1\ntitle: \"{BREAKOUT}\"\ncolumns: [\"领导重视\", \"工作动态\\\" onmouseover=\\\"alert(1)\"]\nmain_to: [\"{SCRIPT}\"]\n"
        ),
    );
    p.write(
        "bulletins/7/01-news.md",
        &format!("---\ncolumn: \"工作动态\\\" onmouseover=\\\"alert(1)\"\ntitle: \"{SCRIPT}\"\nauthor: \"{BREAKOUT}\"\n---\n正文。\n"),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let files = outputs(&p);
    assert!(files.len() > 5);
    for (file, text) in &files {
        if file.ends_with(".csv") {
            continue;
        }
        let scripts = if file == "search.html" { 2 } else { 0 }; // Pagefind's UI
        assert_eq!(
            text.matches("<script").count(),
            scripts,
            "{file} has a live <script>"
        );
        assert!(!text.contains("<img"), "{file} has a live <img>");
        // In a Word file's XML a quote in text is text (the parts parse, above).
        assert!(
            file.ends_with(".docx") || !text.contains("\" onmouseover=\""),
            "{file}: attribute breakout"
        );
    }
    let station = &files
        .iter()
        .find(|(f, _)| f == "stations/alpha-1.html")
        .unwrap()
        .1;
    assert!(
        station.contains("一号&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped, not dropped"
    );
    let word = &files.iter().find(|(f, _)| f == "issues/7.docx").unwrap().1;
    assert!(
        word.contains("<w:t xml:space=\"preserve\">&lt;script&gt;alert(1)&lt;/script&gt;</w:t>"),
        "the article title is escaped text in the Word file"
    );
    let county = &files
        .iter()
        .find(|(f, _)| f == "counties/alpha.html")
        .unwrap()
        .1;
    assert!(county.contains("<svg"), "county page has charts");
}

#[test]
fn markup_in_markdown_is_sanitized() {
    let p = Project::valid();
    p.write(
        "bulletins/7/01-news.md",
        "---\ncolumn: 工作动态\ntitle: 测试\n---\n\
         <script>alert(1)</script>\n\n\
         <iframe src=\"https://example.com\"></iframe>\n\n\
         <img src=x onerror=\"alert(1)\">\n\n\
         <style>body{display:none}</style>\n\n\
         <form action=\"https://example.com\"><input name=a></form>\n\n\
         <svg onload=\"alert(1)\"><circle r=\"5\"/></svg>\n\n\
         <p onclick=\"alert(1)\" style=\"color:red\">段落</p>\n\n\
         [链接](javascript:alert(1)) <a href=\"javascript:alert(1)\">另一个</a> [正常](https://example.com)\n",
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    let start = page.find("id=\"art-2\"").unwrap();
    let article = &page[start..start + page[start..].find("</article>").unwrap()];
    for bad in [
        "<script",
        "<iframe",
        "<img",
        "<form",
        "<input",
        "onload=",
        "onclick=",
        "onerror=",
        "javascript:",
        "style=\"color",
    ] {
        assert!(
            !article.contains(bad),
            "article still has `{bad}`:\n{article}"
        );
    }
    assert_eq!(
        page.matches("<style>").count(),
        1,
        "only the page's own stylesheet"
    );
    assert!(article.contains("段落"), "text survives sanitizing");
    assert!(
        article.contains("href=\"https://example.com\""),
        "ordinary links survive"
    );
}

#[test]
fn csv_cells_cannot_become_formulas() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace(
            "name: 一号村级光伏电站",
            "name: \"=HYPERLINK(\\\"http://x\\\")\"",
        ),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(p.out().join("downloads/stations.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
}

#[test]
fn refuses_output_directories_it_does_not_own() {
    let p = Project::valid();
    let home = p.dir.path().join("home");
    fs::create_dir_all(home.join("Documents")).unwrap();
    fs::write(home.join(".bashrc"), "precious").unwrap();
    let project = p.dir.path().to_str().unwrap().to_string();
    for (out, why) in [
        (p.data(), "overlaps the data directory"),
        (p.data().join("site"), "overlaps the data directory"),
        (p.dir.path().to_path_buf(), "overlaps the data directory"),
        ("/".into(), "choose a dedicated output directory"),
        (home.clone(), "was not created by pv-bulletin"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
            .args(["build", "--data"])
            .arg(p.data())
            .arg("--out")
            .arg(&out)
            .env("HOME", &home)
            .output()
            .unwrap();
        assert!(!o.status.success(), "--out {} was accepted", out.display());
        assert!(
            stderr(&o).contains(why),
            "--out {}: {}",
            out.display(),
            stderr(&o)
        );
    }
    assert_eq!(
        fs::read_to_string(home.join(".bashrc")).unwrap(),
        "precious"
    );
    assert!(
        p.data().join("site.yaml").is_file(),
        "data untouched ({project})"
    );
}

#[test]
fn unwritable_output_location_fails_clearly() {
    let p = Project::valid();
    let blocker = p.dir.path().join("blocker");
    fs::write(&blocker, "a file, not a directory").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(p.data())
        .arg("--out")
        .arg(blocker.join("public"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot create"), "{}", stderr(&o));
}

#[test]
fn bom_crlf_and_stray_files_are_fine() {
    let p = Project::valid();
    p.write(
        "site.yaml",
        &format!("\u{feff}{}", common::SITE.replace('\n', "\r\n")),
    );
    p.write("stations/alpha.yaml", &STATIONS.replace('\n', "\r\n"));
    p.write_bytes("notes.txt", b"office notes");
    p.write_bytes("stations/photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]);
    p.write_bytes(".DS_Store", &[0, 1, 2]);
    let o = p.run_with("build", &["--deny-warnings"]);
    let report = stderr(&o);
    assert!(o.status.success(), "{report}");
    assert!(
        report.contains("note[unexpected-file]: notes.txt: not a data file"),
        "{report}"
    );
    assert!(
        report.contains("note[unexpected-file]: stations/photo.jpg"),
        "{report}"
    );
    assert!(
        !report.contains(".DS_Store"),
        "hidden files are skipped silently"
    );
    let page = fs::read_to_string(p.out().join("index.html")).unwrap();
    assert!(
        page.contains("<h1>光伏扶贫工作简报</h1>"),
        "BOM stripped from the title"
    );
}

#[test]
fn alias_bomb_stays_bounded() {
    let p = Project::valid();
    let mut bomb = String::from("- id: alpha-9\n  name: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!(
            "  town{i}: &a{i} [{}]\n",
            vec![prev; 10].join(", ")
        ));
    }
    p.write("stations/bomb.yaml", &bomb);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["check", "--data"])
        .arg(p.data())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A bound, not a benchmark: a billion-laughs expansion would never finish.
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("check did not finish on an alias bomb");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("stations/bomb.yaml:2:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn works_without_a_templates_directory() {
    // Project::run executes inside the temporary project, which has no templates/:
    // the built-in templates are embedded in the binary.
    let p = Project::valid();
    assert!(!p.dir.path().join("templates").exists());
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p.out().join("issues/7.html").is_file());
}

/// A right-to-left override in a name would reverse the rest of a `<title>`,
/// an attribute or a feed entry, which have no element to end it: no output
/// page, feed or search file carries a bidi control (the data's own text is
/// kept). The CSV downloads keep the data as typed: a cell ends the override.
#[test]
fn bidi_controls_in_names_never_reach_titles_attributes_or_feeds() {
    let p = Project::valid();
    let rlo = "\u{202E}";
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace(
            "name: 一号村级光伏电站",
            &format!("name: \"一号{rlo}村级光伏电站\""),
        ),
    );
    p.write(
        "site.yaml",
        &format!("title: \"光伏{rlo}简报\"\nissuer: 办公室\nregion: 测试市\nbase_url: https://fpb.example.gov.cn/jianbao/\n"),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let files = outputs(&p);
    let mut titled = 0;
    for (file, text) in files.iter().filter(|(f, _)| !f.ends_with(".csv")) {
        assert!(!text.contains(rlo), "{file} carries U+202E");
        if text.contains("<title>光伏简报") || text.contains("一号村级光伏电站</title>")
        {
            titled += 1;
        }
    }
    assert!(titled > 0, "the names are kept, without the control");
    let feed = &files.iter().find(|(f, _)| f == "feed.xml").unwrap().1;
    assert!(feed.contains("光伏简报"));
}
