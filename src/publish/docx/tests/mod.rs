//! The .docx package: GB/T 9704 page settings, fonts, footers, tables, pictures,
//! determinism and safety, checked on the written bytes.

mod sample;

use super::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        parts.insert(f.name().unwrap().to_string(), buf);
    }
    parts
}

fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// A small real PNG (4×2 px, from the chart rasteriser with no fonts).
fn tiny_png() -> Vec<u8> {
    let fonts = crate::publish::chart_png::FontSet::from_database(Default::default());
    let svg = r#"<svg viewBox="0 0 4 2"><rect width="4" height="2" fill="red"/></svg>"#;
    let raster = crate::publish::chart_png::Raster {
        width_px: 4,
        dpi: 96,
        stamp: None,
    };
    crate::publish::chart_png::svg_to_png(svg, &raster, &fonts).unwrap()
}

fn sample_with_picture() -> Document {
    sample::issue(Some(Picture {
        bytes: Arc::new(tiny_png()),
        dpi: 300.0,
        max_height_mm: None,
        caption: "图1  各县装机容量".into(),
        description: "6个县共装机53.3兆瓦，北川区最多。".into(),
    }))
}

#[test]
fn every_part_is_well_formed_xml() {
    let parts = unzip(&write_docx(&sample_with_picture()).unwrap());
    for (name, bytes) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(bytes).unwrap();
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let names: Vec<&str> = parts.keys().map(String::as_str).collect();
    assert!(names.contains(&"word/media/image1.png"));
    assert!(names.contains(&"word/footer2.xml"));
}

#[test]
fn page_is_gbt_9704() {
    let parts = unzip(&write_docx(&sample::issue(None)).unwrap());
    let doc = part(&parts, "word/document.xml");
    // 210 × 297 mm; 37/35/28/26 mm at 1440/25.4 twips per mm.
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(doc.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
    assert!(doc.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/>"));
    let styles = part(&parts, "word/styles.xml");
    // 28 characters a line: 16 pt − 0.25 pt spacing, 28 × 15.75 pt ≤ 156 mm.
    assert!(styles.contains("<w:spacing w:val=\"-5\"/><w:sz w:val=\"32\"/>"));
    assert!(styles.contains("w:line=\"579\" w:lineRule=\"exact\""));
    assert!(styles.contains("w:firstLineChars=\"200\" w:firstLine=\"640\""));
    assert!(
        styles.contains("<w:sz w:val=\"32\"/>"),
        "3号 = 16 pt = 32 half-points"
    );
    assert!(
        styles.contains("<w:sz w:val=\"44\"/>"),
        "2号 = 22 pt = 44 half-points"
    );
}

#[test]
fn optional_character_grid() {
    let mut doc = sample::issue(None);
    doc.page.char_grid = true;
    let parts = unzip(&write_docx(&doc).unwrap());
    let text = part(&parts, "word/document.xml");
    assert!(text.contains(
        "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-842\"/>"
    ));
    assert!(!part(&parts, "word/styles.xml").contains("<w:spacing w:val="));
}

#[test]
fn fonts_are_on_the_east_asian_slot_with_fallbacks() {
    let parts = unzip(&write_docx(&sample::issue(None)).unwrap());
    let styles = part(&parts, "word/styles.xml");
    for font in ["仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"] {
        assert!(styles.contains(&format!("w:eastAsia=\"{font}\"")), "{font}");
    }
    let table = part(&parts, "word/fontTable.xml");
    for (font, alt) in [
        ("仿宋_GB2312", "仿宋"),
        ("仿宋", "FangSong"),
        ("方正小标宋简体", "华文中宋"),
        ("华文中宋", "宋体"),
        ("黑体", "SimHei"),
        ("楷体_GB2312", "楷体"),
        ("楷体", "KaiTi"),
    ] {
        assert!(
            table.contains(&format!(
                "<w:font w:name=\"{font}\"><w:altName w:val=\"{alt}\"/>"
            )),
            "{font}"
        );
    }
}

#[test]
fn odd_and_even_footers_carry_the_page_number() {
    let parts = unzip(&write_docx(&sample::issue(None)).unwrap());
    assert!(part(&parts, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>"));
    assert!(doc.contains("<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"));
    let (odd, even) = (
        part(&parts, "word/footer1.xml"),
        part(&parts, "word/footer2.xml"),
    );
    assert!(odd.contains("<w:jc w:val=\"right\"/>") && even.contains("<w:jc w:val=\"left\"/>"));
    for f in [&odd, &even] {
        assert!(f.contains(" PAGE ") && f.contains("— ") && f.contains(" —"));
        assert!(f.contains("w:eastAsia=\"宋体\""));
    }
}

/// Every table: tblW in dxa, grid columns summing to it, tcW on every cell matching
/// its spanned grid columns; header rows repeat, no row splits.
#[test]
fn tables_carry_table_and_column_widths() {
    let parts = unzip(&write_docx(&sample::issue(None)).unwrap());
    let text = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&text).unwrap();
    let w = |n: roxmltree::Node, name: &str| -> Option<i64> {
        n.children()
            .find(|c| c.tag_name().name() == name)?
            .attribute((W, "w"))?
            .parse()
            .ok()
    };
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let tables: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    assert_eq!(tables.len(), 2, "导读 box and the ranking");
    for tbl in tables {
        let pr = tbl
            .children()
            .find(|c| c.has_tag_name((W, "tblPr")))
            .unwrap();
        assert_eq!(w(pr, "tblW"), Some(8844));
        let grid: Vec<i64> = tbl
            .descendants()
            .filter(|n| n.has_tag_name((W, "gridCol")))
            .map(|n| n.attribute((W, "w")).unwrap().parse().unwrap())
            .collect();
        assert_eq!(grid.iter().sum::<i64>(), 8844);
        for tr in tbl.children().filter(|c| c.has_tag_name((W, "tr"))) {
            let widths: i64 = tr
                .children()
                .filter(|c| c.has_tag_name((W, "tc")))
                .map(|tc| w(tc.first_child().unwrap(), "tcW").expect("every cell has tcW"))
                .sum();
            assert_eq!(widths, 8844);
            let trpr = tr.first_child().unwrap();
            assert!(trpr.children().any(|c| c.has_tag_name((W, "cantSplit"))));
        }
    }
    assert_eq!(text.matches("<w:tblHeader/>").count(), 2, "two header rows");
    assert!(
        text.contains("<w:gridSpan w:val=\"2\"/>")
            && text.contains("<w:vMerge w:val=\"restart\"/>")
    );
    // Numbers right-aligned where the column says so.
    assert!(text
        .contains("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">52,000</w:t>"));
}

#[test]
fn pictures_are_inline_with_alt_text_and_caption() {
    let parts = unzip(&write_docx(&sample_with_picture()).unwrap());
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("<wp:inline "));
    assert!(doc.contains("<wp:docPr id=\"1\" name=\"图1\" descr=\"6个县共装机53.3兆瓦，北川区最多。\" title=\"图1  各县装机容量\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"FigureCaption\"/></w:pPr><w:r><w:t xml:space=\"preserve\">图1  各县装机容量</w:t>"));
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(rels.contains("Target=\"media/image1.png\""));
    assert!(part(&parts, "[Content_Types].xml").contains("Extension=\"png\""));
}

#[test]
fn output_is_byte_identical() {
    let doc = sample_with_picture();
    let a = write_docx(&doc).unwrap();
    let b = write_docx(&doc).unwrap();
    assert_eq!(a, b);
    let again = write_docx(&sample_with_picture()).unwrap();
    assert_eq!(a, again);
    let core = part(&unzip(&a), "docProps/core.xml");
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-03-28T00:00:00Z</dcterms:created>"
    ));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!(first.name().unwrap(), "[Content_Types].xml");
    let t = first.last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
}

/// Data never becomes a field, a link or markup: it stays literal `w:t` text.
#[test]
fn data_stays_literal_text() {
    let mut doc = sample::issue(None);
    let mut table = sample::ranking_table();
    table.rows[0].cells[1] = Cell::new("=SUM(A1)");
    table.rows[1].cells[1] = Cell::new("@cmd|' /C calc'!A0");
    let nasty = "{ PAGE } {HYPERLINK \"http://evil\"} <w:instrText> & \u{1}\u{b}</w:t>";
    doc.appendix = vec![
        Block::Paragraph(Paragraph::body(vec![Inline::text(nasty)])),
        Block::Paragraph(Paragraph::body(vec![Inline::Link {
            text: "点此".into(),
            url: "http://evil.example/x".into(),
        }])),
        Block::Table(table),
    ];
    if let Some(m) = doc.masthead.as_mut() {
        m.title = "简报\"><w:fldSimple w:instr=\"PAGE\"/>".into();
    }
    let parts = unzip(&write_docx(&doc).unwrap());
    let text = part(&parts, "word/document.xml");
    assert!(text.contains("<w:t xml:space=\"preserve\">=SUM(A1)</w:t>"));
    assert!(text.contains("<w:t xml:space=\"preserve\">@cmd|' /C calc'!A0</w:t>"));
    assert!(text.contains("<w:t xml:space=\"preserve\">{ PAGE } {HYPERLINK \"http://evil\"} &lt;w:instrText&gt; &amp; &lt;/w:t&gt;</w:t>"));
    assert!(text.contains("点此（http://evil.example/x）"));
    for forbidden in [
        "instrText>",
        "<w:fldSimple",
        "<w:fldChar",
        "<w:hyperlink",
        "\u{1}",
        "\u{b}",
    ] {
        assert!(!text.contains(forbidden), "{forbidden}");
    }
    for (name, bytes) in &parts {
        let s = String::from_utf8_lossy(bytes);
        assert!(
            !s.contains("External"),
            "{name} has an external relationship"
        );
        if name.ends_with(".xml") {
            roxmltree::Document::parse(&s).unwrap();
        }
    }
    // The PAGE field in the footers is the only field in the package.
    let fields: usize = parts
        .values()
        .map(|b| String::from_utf8_lossy(b).matches("<w:instrText").count())
        .sum();
    assert_eq!(fields, 2);
}

#[test]
fn inconsistent_tables_and_pictures_are_errors() {
    let mut doc = sample::issue(None);
    let mut table = sample::ranking_table();
    table.rows[3].cells.pop();
    doc.appendix = vec![Block::Table(table)];
    let err = write_docx(&doc).unwrap_err();
    assert!(
        matches!(&err, DocxError::Table(m) if m.contains("row 6")),
        "{err}"
    );
    doc.appendix = vec![Block::Picture(Picture {
        bytes: Arc::new(b"not a png".to_vec()),
        ..Picture::default()
    })];
    assert!(matches!(write_docx(&doc), Err(DocxError::Picture(_))));
}

#[test]
fn lists_use_numbering_and_restart() {
    let parts = unzip(&write_docx(&sample::issue(None)).unwrap());
    let doc = part(&parts, "word/document.xml");
    assert_eq!(
        doc.matches("<w:numId w:val=\"1\"/>").count(),
        3,
        "three bullets"
    );
    assert_eq!(
        doc.matches("<w:numId w:val=\"2\"/>").count(),
        2,
        "one ordered list"
    );
    let numbering = part(&parts, "word/numbering.xml");
    assert!(numbering.contains("<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/>"));
}
