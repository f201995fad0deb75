//! The Word stage: articles into blocks, and its file count.

use super::article::{blocks, chart_sources, Embeds};
use super::*;
use crate::publish::docx::{Align, Block, Emphasis, Inline, Picture, Role};
use std::sync::Arc;

/// Charts become a marker paragraph; pictures exist only for `images/ok.png`.
struct Fake;

impl Embeds for Fake {
    fn chart(&mut self, i: usize) -> Vec<Block> {
        vec![Block::Title(format!("chart {i}"))]
    }

    fn image(&mut self, dest: &str, alt: &str) -> Option<Picture> {
        (dest == "images/ok.png").then(|| Picture {
            bytes: Arc::new(b"png".to_vec()),
            caption: alt.to_string(),
            ..Picture::default()
        })
    }
}

fn convert(md: &str) -> Vec<Block> {
    blocks(md, &mut Fake)
}

fn text_of(inlines: &[Inline]) -> String {
    super::article::plain(inlines)
}

#[test]
fn headings_paragraphs_and_emphasis() {
    let b = convert("# 一、总体情况\n\n正文**加粗**和*倾斜*，~~删除~~。\n\n## （一）进度\n\n### 1.并网\n\n#### 深层\n");
    let levels: Vec<u8> = b
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [1, 2, 3, 3]);
    let Block::Paragraph(p) = &b[1] else {
        panic!("{:?}", b[1])
    };
    assert_eq!(p.role, Role::Body);
    let bold = Emphasis {
        bold: true,
        ..Emphasis::default()
    };
    assert!(p.inlines.contains(&Inline::styled("加粗", bold)));
    assert!(p.inlines.iter().any(|i| matches!(i,
        Inline::Run { text, style } if text == "删除" && style.strike)));
    assert_eq!(text_of(&p.inlines), "正文加粗和倾斜，删除。");
}

#[test]
fn soft_breaks_join_chinese_and_space_latin() {
    let b = convert("第一行\n第二行 and\nmore words\n");
    let Block::Paragraph(p) = &b[0] else { panic!() };
    assert_eq!(text_of(&p.inlines), "第一行第二行 and more words");
}

#[test]
fn links_are_text_with_web_addresses_only() {
    let b =
        convert("见[专栏](https://www.nea.gov.cn/)、[本页](#art-1)、[坏](javascript:alert(1))。\n");
    let Block::Paragraph(p) = &b[0] else { panic!() };
    assert_eq!(
        text_of(&p.inlines),
        "见专栏（https://www.nea.gov.cn/）、本页、坏。"
    );
}

#[test]
fn lists_nested_items_join_their_parent() {
    let b = convert("1. 第一\n2. 第二\n   - 甲\n   - 乙\n3. 第三\n\n- 无序\n");
    let lists: Vec<(bool, Vec<String>)> = b
        .iter()
        .filter_map(|b| match b {
            Block::List(l) => Some((l.ordered, l.items.iter().map(|i| text_of(i)).collect())),
            _ => None,
        })
        .collect();
    assert_eq!(
        lists,
        [
            (
                true,
                vec![
                    "第一".to_string(),
                    "第二".into(),
                    "— 甲".into(),
                    "— 乙".into(),
                    "第三".into()
                ]
            ),
            (false, vec!["无序".to_string()]),
        ]
    );
}

#[test]
fn tables_footnotes_quotes_code_and_html() {
    let md = "| 县 | 容量 |\n|---|---|\n| 南溪县 | 1,200 |\n| 东坪县 | 980 |\n\n\
              正文[^a]。\n\n[^a]: 注释内容。\n\n> 引用\n\n```\nx = 1\n```\n\n\
              <div><p>块一</p><script>alert(1)</script><p>块二 &amp; 三</p></div>\n";
    let b = convert(md);
    let Block::Table(t) = &b[0] else {
        panic!("{:?}", b[0])
    };
    assert_eq!((t.header.len(), t.rows.len()), (1, 2));
    assert_eq!(t.columns[1].align, Align::Right);
    assert_eq!(t.rows[1].cells[0].text, "东坪县");
    let roles: Vec<(Role, String)> = b
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some((p.role, text_of(&p.inlines))),
            _ => None,
        })
        .collect();
    assert_eq!(
        roles,
        [
            (Role::Body, "正文1。".to_string()),
            (Role::Note, "1注释内容。".into()),
            (Role::Quote, "引用".into()),
            (Role::Code, "x = 1".into()),
            (Role::Body, "块一".into()),
            (Role::Body, "块二 & 三".into()),
        ]
    );
}

#[test]
fn charts_and_pictures_come_from_the_embeds() {
    let md = "前文\n\n```chart\nkind: generation_trend\n```\n\n![现场](images/ok.png)\n\n文中![缺](images/none.jpg)图\n\n```chart\nkind: x\n```\n";
    let b = convert(md);
    assert!(matches!(&b[1], Block::Title(t) if t == "chart 0"));
    assert!(matches!(&b[2], Block::Picture(p) if p.caption == "现场"));
    let Block::Paragraph(p) = &b[3] else { panic!() };
    assert_eq!(
        text_of(&p.inlines),
        "文中〔图片：缺〕图",
        "as the page shows it"
    );
    assert!(matches!(&b[4], Block::Title(t) if t == "chart 1"));
    assert_eq!(chart_sources(md), ["kind: generation_trend\n", "kind: x\n"]);
}

/// The progress total is what the stage writes, for the sample site.
#[test]
fn file_count_matches_what_is_written() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let loaded = crate::load::load(&dir).unwrap();
    let data = &loaded.dataset;
    let metrics = Metrics::compute(data);
    let templates = Templates::builtin().unwrap();
    let out = tempfile::tempdir().unwrap();
    let written = std::sync::Mutex::new(Vec::new());
    let emit = |f: OutputFile| {
        written.lock().unwrap().push(f.path);
        Ok(())
    };
    let setup = Setup {
        previous: out.path(),
        notices: true,
        store: None,
    };
    let rendered = render(data, &metrics, &templates, &Selection::all(), setup, &emit).unwrap();
    let found = rendered.diagnostics;
    assert!(found.items.iter().all(|d| d.code == Code::Docx), "{found}");
    let written = written.into_inner().unwrap();
    assert_eq!(written.len(), file_count(data, &metrics, true));
    let docx = written.iter().filter(|p| p.ends_with(".docx")).count();
    let (notices, _) = crate::compute::notices::count_notices(data, &metrics);
    assert_eq!(docx, data.bulletins.len() + notices);
    assert!(written.contains(&"issues/25-chart-7.png".to_string()));
    assert!(written.contains(&"counties/nanxi-chart-4.png".to_string()));
    assert!(written.contains(&"counties-chart-2.png".to_string()));
    assert!(written.contains(&"notices/2017/nanxi-002.docx".to_string()));
    let png = written.iter().filter(|p| p.ends_with(".png")).count();
    let pictures = rendered.pictures;
    assert_eq!(
        (pictures.reused, pictures.stored),
        (0, 0),
        "no previous output, no store"
    );
    assert!(
        pictures.drawn > 0 && pictures.drawn <= png,
        "{pictures:?}, {png} PNGs"
    );
}
