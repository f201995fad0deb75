//! Hostile files, each built here: bounded in memory and time, never fetched,
//! never named by the package.

mod common;

use common::docx::*;
use pv_bulletin::import::article::docx::{read_docx, ErrorKind, Limits};

fn err(bytes: &[u8], limits: &Limits) -> pv_bulletin::import::article::docx::ReadError {
    read_docx(bytes, "a.docx", "x-", limits).unwrap_err()
}

#[test]
fn zip_bomb_document_is_stopped_at_the_bound() {
    let big = "0".repeat(3 * 1024 * 1024);
    let bytes = Docx::new(&p(&big)).build();
    assert!(
        bytes.len() < 100_000,
        "it deflates to {} bytes",
        bytes.len()
    );
    let limits = Limits {
        max_xml_part: 1024 * 1024,
        ..Limits::default()
    };
    let e = err(&bytes, &limits);
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(
        e.message.contains("document.xml") && e.message.contains("1 MB"),
        "{}",
        e.message
    );

    // Declared sizes are not trusted: a bomb claiming 100 bytes is still refused …
    let mut lying = bytes.clone();
    lie_about_size(&mut lying, "word/document.xml", 100);
    let e = err(&lying, &limits);
    assert!(
        matches!(e.kind, ErrorKind::TooLarge | ErrorKind::Malformed),
        "{e:?}"
    );
    // … and a small part claiming 4 GB allocates nothing up front.
    let mut claims_4gb = Docx::new(&p("正文。")).build();
    lie_about_size(&mut claims_4gb, "word/document.xml", u32::MAX - 1);
    match read_docx(&claims_4gb, "a.docx", "x-", &Limits::default()) {
        Ok(a) => assert_eq!(a.markdown, "正文。\n"),
        Err(e) => assert_eq!(e.kind, ErrorKind::Malformed, "{e:?}"),
    }
}

#[test]
fn the_whole_package_has_a_budget() {
    let limits = Limits {
        max_package: 2 * 1024 * 1024,
        ..Limits::default()
    };
    let d = Docx::new(&p_with("", &drawing("rId5", "", ""))).image(
        "rId5",
        "image1.png",
        vec![0u8; 3 * 1024 * 1024],
    );
    let e = err(&d.build(), &limits);
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("文件解压后超过 2 MB"), "{}", e.message);
}

#[test]
fn doctype_and_entity_expansion_are_refused() {
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document {NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let e = err(
        &Docx::new("").raw_document(&laughs).build(),
        &Limits::default(),
    );
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("DOCTYPE"), "{}", e.message);

    let undefined = format!(
        r#"<w:document {NS}><w:body><w:p><w:r><w:t>&lol;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let e = err(
        &Docx::new("").raw_document(&undefined).build(),
        &Limits::default(),
    );
    assert!(e.message.contains("&lol;"), "{}", e.message);

    let external = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;
    let bytes = zip_files(
        &[
            ("_rels/.rels".into(), ROOT_RELS.into()),
            (
                "word/document.xml".into(),
                Docx::new(&p("x")).document.into_bytes(),
            ),
            ("word/_rels/document.xml.rels".into(), external.into()),
        ],
        false,
    );
    assert_eq!(err(&bytes, &Limits::default()).kind, ErrorKind::Malformed);
}

#[test]
fn ten_thousand_images_hit_the_cap_before_any_is_read() {
    let mut body = String::from("<w:p>");
    let mut d = Docx::new("").stored();
    let tiny = png(1, 1);
    for i in 0..10_000 {
        body.push_str(&drawing(&format!("rId{i}"), "", ""));
        d = d.image(&format!("rId{i}"), &format!("image{i}.png"), tiny.clone());
    }
    body.push_str("</w:p>");
    let d = Docx {
        document: Docx::new(&body).document,
        ..d
    };
    let e = err(&d.build(), &Limits::default());
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("超过 200 张"), "{}", e.message);
}

#[test]
fn image_byte_limits_per_image_and_in_total() {
    let d = Docx::new(&p_with(
        "",
        &format!("{}{}", drawing("rId1", "", ""), drawing("rId2", "", "")),
    ))
    .image("rId1", "image1.png", png(64, 64))
    .image("rId2", "image2.png", png(64, 64));
    let size = png(64, 64).len() as u64;
    let e = err(
        &d.build(),
        &Limits {
            max_image_bytes: size - 1,
            ..Limits::default()
        },
    );
    assert!(
        e.message.contains("image1.png") && e.message.contains("image too large"),
        "{}",
        e.message
    );
    let e = err(
        &d.build(),
        &Limits {
            max_images_total: size + 1,
            ..Limits::default()
        },
    );
    assert!(e.message.contains("in total"), "{}", e.message);
}

#[test]
fn an_image_claiming_ten_gigapixels_is_refused_from_its_header() {
    let d = Docx::new(&p_with("", &drawing("rId1", "", ""))).image(
        "rId1",
        "image1.png",
        png_claiming(100_000, 100_000),
    );
    let e = err(&d.build(), &Limits::default());
    assert_eq!(e.kind, ErrorKind::TooLarge, "{}", e.message);
    assert!(
        e.message.contains("100000×100000") && e.message.contains("4000 万像素"),
        "{}",
        e.message
    );
}

#[test]
fn linked_images_are_never_fetched() {
    let linked = r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="p"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:link="rIdX"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let d =
        Docx::new(&p_with("", linked)).rel("rIdX", "image", "http://198.51.100.7/track.png", true);
    let e = err(&d.build(), &Limits::default());
    assert_eq!(e.kind, ErrorKind::ExternalImage);
    assert!(
        e.message.contains("http://198.51.100.7/track.png"),
        "{}",
        e.message
    );

    // A VML picture linked with r:href, likewise.
    let vml =
        r#"<w:r><w:pict><v:shape><v:imagedata r:href="rIdV" o:title=""/></v:shape></w:pict></w:r>"#;
    let d = Docx::new(&p_with("", vml)).rel("rIdV", "image", "\\\\server\\share\\1.jpg", true);
    let e = err(&d.build(), &Limits::default());
    assert_eq!(e.kind, ErrorKind::ExternalImage, "{e:?}");

    // An r:embed whose relationship is external is refused the same way.
    let d = Docx::new(&p_with("", &drawing("rIdY", "", ""))).rel(
        "rIdY",
        "image",
        "file:///C:/照片/1.jpg",
        true,
    );
    assert_eq!(
        err(&d.build(), &Limits::default()).kind,
        ErrorKind::ExternalImage
    );
}

#[test]
fn relationship_targets_climbing_out_are_refused() {
    for target in [
        "../../evil.png",
        "media/../../../evil.png",
        "media\\..\\..\\evil.png",
        "C:/Windows/evil.png",
        "//host/share/evil.png",
    ] {
        let d = Docx::new(&p_with("", &drawing("rId1", "", "")))
            .part("../../evil.png", png(2, 2))
            .rel("rId1", "image", target, false);
        let e = err(&d.build(), &Limits::default());
        assert_eq!(e.kind, ErrorKind::UnsafeTarget, "{target}: {e:?}");
    }
    // Any internal relationship, not only pictures.
    let d = Docx::new(&p("正文。")).rel("rIdS", "styles", "../../../etc/styles.xml", false);
    assert_eq!(
        err(&d.build(), &Limits::default()).kind,
        ErrorKind::UnsafeTarget
    );
}

#[test]
fn package_names_never_become_file_names() {
    let d = Docx::new(&p_with(
        "",
        &format!("{}{}", drawing("rId1", "", ""), drawing("rId2", "", "")),
    ))
    .part("word/media/evil;rm -rf ~.png", png(2, 2))
    .rel("rId1", "image", "media/evil;rm -rf ~.png", false)
    .part("word/media/sub/../../media2/x.jpg", jpeg(2, 2))
    .part("word/media2/x.jpg", jpeg(2, 2))
    .rel("rId2", "image", "/word/media/sub/../../media2/x.jpg", false);
    let a = read_docx(&d.build(), "a.docx", "x-", &Limits::default()).unwrap();
    let names: Vec<_> = a.images.iter().map(|i| i.file_name.as_str()).collect();
    assert_eq!(names, ["x-1.png", "x-2.jpg"]);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["<w:sdt><w:sdtContent>", "<w:foo>", "<w:p>"] {
        let close = match open {
            "<w:sdt><w:sdtContent>" => "</w:sdtContent></w:sdt>",
            "<w:foo>" => "</w:foo>",
            _ => "</w:p>",
        };
        let body = format!(
            "{}{}{}",
            open.repeat(100_000),
            p("x"),
            close.repeat(100_000)
        );
        let e = err(&Docx::new(&body).build(), &Limits::default());
        assert_eq!(e.kind, ErrorKind::Malformed, "{open}");
        assert!(e.message.contains("nesting too deep"), "{}", e.message);
    }
    // Ordinary depth (50 nested content controls) still reads.
    let body = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(50),
        p("正文。"),
        "</w:sdtContent></w:sdt>".repeat(50)
    );
    assert_eq!(
        read_docx(
            &Docx::new(&body).build(),
            "a.docx",
            "x-",
            &Limits::default()
        )
        .unwrap()
        .markdown,
        "正文。\n"
    );
}

/// Time is not measured in tests (see BENCHMARKS.md); a long document is read whole.
#[test]
fn a_long_document_is_read_whole() {
    let n = 50_000;
    let body: String = (0..n).map(|i| p(&format!("第{i}段，*内容*。"))).collect();
    let bytes = Docx::new(&body).build();
    let a = read_docx(&bytes, "a.docx", "x-", &Limits::default()).unwrap();
    assert_eq!(a.stats.paragraphs, n);
    assert!(
        a.markdown.contains("第49999段，\\*内容\\*。"),
        "escaped, last one there"
    );
}

#[test]
fn the_tree_size_is_bounded() {
    let body: String = (0..2_000).map(|_| p("x")).collect();
    let e = err(
        &Docx::new(&body).build(),
        &Limits {
            max_xml_nodes: 1_000,
            ..Limits::default()
        },
    );
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("too many elements"), "{}", e.message);
}

#[test]
fn zip_entry_count_is_checked_before_the_zip_is_indexed() {
    let files: Vec<(String, Vec<u8>)> = (0..60).map(|i| (format!("f{i}"), vec![])).collect();
    let e = err(
        &zip_files(&files, true),
        &Limits {
            max_zip_entries: 50,
            ..Limits::default()
        },
    );
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("too many zip entries"), "{}", e.message);
}

#[test]
fn corrupted_files_fail_cleanly_never_panic() {
    let good = Docx::new(&format!(
        "{}{}<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999\"/><w:vMerge/></w:tcPr>{}</w:tc></w:tr></w:tbl>",
        p_with(r#"<w:jc w:val="center"/>"#, &run("<w:b/>", "标题")),
        p_with("", &drawing("rId1", "说明", "")),
        p("格")
    ))
    .image("rId1", "image1.png", png(8, 8))
    .stored()
    .build();
    assert!(read_docx(&good, "a.docx", "x-", &Limits::default()).is_ok());
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..1 + round % 8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % bytes.len();
            bytes[at] = (seed >> 32) as u8;
        }
        if round % 50 == 0 {
            bytes.truncate(bytes.len() / 2);
        }
        let _ = read_docx(&bytes, "a.docx", "x-", &Limits::default());
    }
}
