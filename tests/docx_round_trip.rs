//! The Word file of an issue read back by `import article`'s reader (#23): every
//! article's title and body text come back, in order, and the photos an article
//! shows are in the Word file, the same pictures the page embeds, and come back
//! as pictures.

mod common;

use common::{build_sample, sample_data, stderr, synthetic, Project};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use pv_bulletin::import::article::docx::{read_docx, Article, Limits};
use std::fs;
use std::path::Path;

/// The text runs of Markdown `md` that a reader sees (headings, paragraphs, list
/// items, table cells), each without whitespace: the Word file joins soft
/// line breaks and may add a link's address after its text, so each run is
/// looked for on its own, in order.
fn runs(md: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut in_code = false;
    for event in Parser::new_ext(md, pv_bulletin::render::markdown::parser_options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => {
                let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                if !t.is_empty() {
                    runs.push(t);
                }
            }
            _ => {}
        }
    }
    runs
}

/// Every run of `wanted` is found in `text`, each after the one before.
fn in_order(wanted: &[String], text: &str, what: &str) {
    let mut at = 0;
    for run in wanted {
        match text[at..].find(run.as_str()) {
            Some(i) => at += i + run.len(),
            None => panic!("{what}: `{run}` missing (or out of order) after byte {at}"),
        }
    }
}

/// An article's front matter split from its body.
fn split_article(source: &str) -> (String, String) {
    let rest = source
        .trim_start_matches('\u{feff}')
        .strip_prefix("---\n")
        .unwrap();
    let (front, body) = rest.split_once("\n---\n").unwrap();
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .unwrap()
        .trim()
        .trim_matches('"')
        .to_string();
    (title, body.to_string())
}

fn read_back(docx: &Path) -> Article {
    let bytes = fs::read(docx).unwrap();
    read_docx(&bytes, "issue.docx", "back-", &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", docx.display()))
}

#[test]
fn every_issue_docx_gives_back_its_articles_titles_and_text() {
    let (_tmp, out) = build_sample();
    let mut issues = 0;
    for entry in fs::read_dir(sample_data().join("bulletins")).unwrap() {
        let dir = entry.unwrap().path();
        let n = dir.file_name().unwrap().to_str().unwrap().to_string();
        let docx = out.join(format!("issues/{n}.docx"));
        let back = read_back(&docx);
        let text: String = runs(&back.markdown).concat();
        let mut articles: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        articles.sort();
        assert!(!articles.is_empty(), "issue {n} has articles");
        // Articles are in column order in the issue; check each on its own, and
        // their titles in order of the files within a column.
        for path in &articles {
            let (title, body) = split_article(&fs::read_to_string(path).unwrap());
            let what = format!("issue {n}, {}", path.display());
            in_order(&runs(&title), &text, &what);
            let title_at = text.find(&runs(&title).concat()).unwrap();
            in_order(&runs(&body), &text[title_at..], &what);
        }
        issues += 1;
    }
    assert!(issues >= 2, "the sample has several issues");
}

#[test]
fn photos_go_into_the_word_file_and_come_back() {
    let p = Project::valid();
    let photo = synthetic::jpeg_of(&synthetic::photo(1600, 1200, 3), 90);
    p.write_bytes("bulletins/7/images/现场.jpg", &photo);
    p.write(
        "bulletins/7/03-photos.md",
        "---\ncolumn: 工作动态\ntitle: 现场照片\n---\n前言。\n\n![五里社区电站全景](images/现场.jpg)\n\n后记。\n",
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let docx = p.out().join("issues/7.docx");
    let bytes = fs::read(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let jpegs: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().to_string())
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".jpeg"))
        .collect();
    assert_eq!(jpegs.len(), 1, "the photo, once: {jpegs:?}");
    let mut picture = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&jpegs[0]).unwrap(), &mut picture).unwrap();
    let shown = image::load_from_memory(&picture).unwrap();
    assert_eq!(
        (shown.width(), shown.height()),
        (1200, 900),
        "as the page scales it"
    );
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains("descr=\"五里社区电站全景\""), "alt text");
    assert!(
        !document.contains("〔图片："),
        "a picture, not its alt text"
    );

    let back = read_back(&docx);
    // The issue's charts come back as pictures too; the photo once, as it went.
    let photos: Vec<_> = back
        .images
        .iter()
        .filter(|i| i.alt == "五里社区电站全景")
        .collect();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].bytes, picture, "the same picture comes back");
    in_order(
        &runs("现场照片\n\n前言。\n\n后记。"),
        &runs(&back.markdown).concat(),
        "photo article",
    );
}
