//! `pv-bulletin import article`: Word submissions become articles with their
//! photos, pass `check` and build; anything wrong writes nothing.

mod common;

use common::docx::*;
use common::{snapshot, stderr, Project};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `pv-bulletin import article <args> --data data/` in the project.
fn import(proj: &Project, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["import", "article"])
        .args(args)
        .arg("--data")
        .arg(proj.data())
        .current_dir(proj.dir.path())
        .output()
        .unwrap()
}

/// Writes `bytes` as `name` beside the project's data and returns its path.
fn submission(proj: &Project, name: &str, bytes: &[u8]) -> PathBuf {
    let path = proj.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(proj: &Project, rel: &str) -> String {
    std::fs::read_to_string(proj.data().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const STYLES: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
"#;

/// A township's submission: title, source line, hand-numbered headings, a
/// table, two photos (one described in Word), a footnote.
fn township_submission() -> Docx {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    let body = [
        p_with(
            r#"<w:pStyle w:val="a3"/>"#,
            &run("", "西潘楼镇光伏扶贫电站运行良好"),
        ),
        p("（西潘楼镇人民政府供稿）"),
        format!(
            "<w:p>{}{}{}</w:p>",
            run("", "　　全镇12座村级电站全部并网"),
            r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#,
            run("", "，收益按季度分配到村。")
        ),
        p("一、基本情况"),
        p("　　各村电站由镇光伏运维站统一管理。"),
        p_with("", &drawing("rId5", "五里社区村级光伏电站全景", "")),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("村"),
            cell("装机（千瓦）"),
            cell("五里社区"),
            cell("187.2")
        ),
        p("二、下一步打算"),
        p("　　加强运维管理，确保收益按时分配到户。"),
        p_with("", &drawing("rId6", "", "")),
    ]
    .concat();
    Docx::new(&body)
        .styles(STYLES)
        .footnotes(r#"<w:footnote w:id="1"><w:p><w:r><w:t>截至2017年3月底。</w:t></w:r></w:p></w:footnote>"#)
        .image("rId5", "image1.png", png(1500, 1000))
        .image("rId6", "image2.jpeg", jpeg(320, 240))
}

#[test]
fn a_submission_becomes_an_article_with_its_photos_and_builds() {
    let proj = Project::valid();
    let file = submission(
        &proj,
        "xipanlou report.docx",
        &township_submission().build(),
    );
    let o = import(&proj, &[file.to_str().unwrap(), "--column", "工作动态"]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    // Issue 7 has 01-news.md and 02-lead.md: the next number is 3.
    let article = read(&proj, "bulletins/7/03-xipanlou-report.md");
    assert!(
        article.starts_with(
            "---\ncolumn: 工作动态\ntitle: 西潘楼镇光伏扶贫电站运行良好\nauthor: 西潘楼镇人民政府\n---\n"
        ),
        "{article}"
    );
    assert!(article.contains("\n# 一、基本情况\n"), "{article}");
    assert!(
        article.contains("![五里社区村级光伏电站全景](images/03-xipanlou-report-1.png)"),
        "{article}"
    );
    assert!(
        article.contains("![](images/03-xipanlou-report-2.jpg)"),
        "{article}"
    );
    assert!(article.contains("| 五里社区 | 187.2 |"), "{article}");
    assert!(article.contains("[^1]: 截至2017年3月底。"), "{article}");
    // The pictures as they were in the package.
    let picture = std::fs::read(
        proj.data()
            .join("bulletins/7/images/03-xipanlou-report-1.png"),
    );
    assert_eq!(picture.unwrap(), png(1500, 1000));
    // What it did, told.
    for told in [
        "xipanlou report.docx → bulletins/7/03-xipanlou-report.md",
        "title: 西潘楼镇光伏扶贫电站运行良好 (from the Title style)",
        "author: 西潘楼镇人民政府",
        "3 paragraphs, 2 headings, 1 table, 2 images, 1 footnote",
        "1 张图片在 Word 中没有说明",
        "wrote bulletins/7/images/03-xipanlou-report-1.png",
        "imported 1 article into issue 7 (工作动态); `check` passes",
    ] {
        assert!(said.contains(told), "{told}\n{said}");
    }
    // It builds, with the photos in the page, captioned.
    let o = proj.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(proj.out().join("issues/7.html")).unwrap();
    assert!(
        page.contains("<figure class=\"photo\"><img class=\"photo\" src=\"data:image/")
            && page.contains("width=\"1200\" height=\"800\"")
            && page.contains("<figcaption>五里社区村级光伏电站全景</figcaption>"),
        "the 1500 px picture, scaled to 1200 px and captioned"
    );
    assert!(page.contains("<h4>一、基本情况</h4>"));
    assert_eq!(page.matches("<figure class=\"photo\">").count(), 2);
}

#[test]
fn several_files_keep_their_order_and_the_first_column_is_the_default() {
    let proj = Project::valid();
    let a = submission(
        &proj,
        "关于光伏扶贫的报告.docx",
        &township_submission().build(),
    );
    // A second article: a centred title and one paragraph.
    let body = [
        p_with(
            r#"<w:jc w:val="center"/>"#,
            &run("", "南溪县召开光伏扶贫推进会"),
        ),
        p("会议要求各乡镇加快电站建设。"),
    ]
    .concat();
    let b = submission(&proj, "Nanxi-news.docx", &Docx::new(&body).build());
    let before = snapshot(&proj.data());
    let args = [a.to_str().unwrap(), b.to_str().unwrap()];
    let o = import(&proj, &[&args[..], &["--dry-run"]].concat());
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("would write bulletins/7/04-nanxi-news.md"),
        "{said}"
    );
    assert!(said.contains("dry run"), "{said}");
    assert!(snapshot(&proj.data()) == before, "a dry run writes nothing");

    let o = import(&proj, &args);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("no --column given: the articles go to the issue's first column, 领导重视"),
        "{said}"
    );
    let first = read(&proj, "bulletins/7/03-article.md");
    let second = read(&proj, "bulletins/7/04-nanxi-news.md");
    assert!(first.contains("column: 领导重视\ntitle: 西潘楼镇光伏扶贫电站运行良好"));
    assert!(
        second.contains("title: 南溪县召开光伏扶贫推进会\n---\n会议要求"),
        "{second}"
    );
    assert!(
        said.contains("(from the first centred paragraph)"),
        "{said}"
    );
    assert!(said.contains("author: none found"), "{said}");
    assert!(!said.contains("同题文章"), "{said}");
    // Imported again, it comes after (05), with a warning naming the twin.
    let o = import(&proj, &[args[1]]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    assert!(proj.data().join("bulletins/7/05-nanxi-news.md").is_file());
    assert!(
        said.contains("warning: 本期已有同题文章 bulletins/7/04-nanxi-news.md"),
        "{said}"
    );
}

#[test]
fn title_and_author_can_be_given_and_a_missing_title_is_the_file_name() {
    let proj = Project::valid();
    let plain = Docx::new(&[p("正文第一段。"), p("正文第二段。")].concat()).build();
    let file = submission(&proj, "南溪简讯.docx", &plain);
    let o = import(&proj, &[file.to_str().unwrap(), "--author", "南溪县扶贫办"]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    let text = read(&proj, "bulletins/7/03-article.md");
    assert!(
        text.starts_with(
            "---\ncolumn: 领导重视\ntitle: 南溪简讯\nauthor: 南溪县扶贫办\n---\n正文第一段。"
        ),
        "{text}"
    );
    assert!(said.contains("以文件名作标题"), "{said}");

    let o = import(&proj, &[file.to_str().unwrap(), "--title", "标题: 带冒号"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&proj, "bulletins/7/04-article.md").contains("title: '标题: 带冒号'\n"));
}

/// Runs an import that must fail, and checks it wrote nothing and said `expected`.
fn refused(proj: &Project, args: &[&str], expected: &str) {
    let before = snapshot(&proj.data());
    let o = import(proj, args);
    let said = stderr(&o);
    assert!(!o.status.success(), "{args:?} succeeded: {said}");
    assert!(
        said.contains(expected),
        "{args:?}: wanted `{expected}` in\n{said}"
    );
    assert!(said.contains("nothing was written"), "{said}");
    assert!(snapshot(&proj.data()) == before, "{args:?} wrote something");
}

#[test]
fn wrong_arguments_and_files_are_refused_and_write_nothing() {
    let proj = Project::valid();
    let good = submission(&proj, "good.docx", &township_submission().build());
    let good = good.to_str().unwrap();
    refused(
        &proj,
        &[good, "--column", "工作动太"],
        "did you mean `工作动态`?",
    );
    refused(
        &proj,
        &[good, "--issue", "8"],
        "there is no issue 8 (issues: 7)",
    );
    refused(&proj, &[good, "--issue", "12"], "did you mean `7`?");
    refused(
        &proj,
        &[good, good, "--title", "T"],
        "--title names one article",
    );

    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0WordDocument".to_vec();
    let doc = submission(&proj, "旧稿.doc", &ole);
    refused(&proj, &[doc.to_str().unwrap()], "另存为 .docx");
    let wps = submission(&proj, "旧稿.wps", &ole);
    refused(&proj, &[wps.to_str().unwrap()], "另存为 .docx");
    let mut encrypted = ole.clone();
    encrypted.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let enc = submission(&proj, "加密.docx", &encrypted);
    refused(&proj, &[enc.to_str().unwrap()], "密码保护");
    let text = submission(&proj, "a.docx", b"just some text");
    refused(&proj, &[text.to_str().unwrap()], "not a zip package");
    let empty = submission(&proj, "empty.docx", b"");
    refused(&proj, &[empty.to_str().unwrap()], "文件是空的");
    let blank = submission(&proj, "blank.docx", &Docx::new(&p("　　")).build());
    refused(&proj, &[blank.to_str().unwrap()], "文档没有正文");
    let missing = proj.dir.path().join("missing.docx");
    refused(&proj, &[missing.to_str().unwrap()], "无法读取文件");
    let emf = {
        let mut bytes = b"\x01\x00\x00\x00".to_vec();
        bytes.resize(40, 0);
        bytes.extend(b" EMF");
        bytes.resize(200, 0);
        Docx::new(&[p("正文。"), p_with("", &drawing("rId1", "", ""))].concat())
            .image("rId1", "image1.emf", bytes)
            .build()
    };
    let emf = submission(&proj, "emf.docx", &emf);
    refused(
        &proj,
        &[emf.to_str().unwrap()],
        "请在 Word 中插入 PNG 或 JPEG 图片",
    );
    // One bad file among good ones: none is written.
    refused(
        &proj,
        &[good, emf.to_str().unwrap(), good],
        "emf.docx: 图片 image1.emf 是 EMF 格式",
    );
}

#[test]
fn a_macro_document_is_read_and_its_macros_ignored() {
    let proj = Project::valid();
    let d = Docx::new(&p("正文。")).part("word/vbaProject.bin", b"\xD0\xCF\x11\xE0macro".to_vec());
    let file = submission(&proj, "带宏.docm", &d.build());
    let o = import(&proj, &[file.to_str().unwrap()]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("宏已忽略"), "{said}");
}

#[test]
fn an_issue_without_its_columns_checked_is_refused_whole() {
    // The data already fails `check` (an article in an undeclared column): the
    // import says so and writes nothing, though the submission itself is fine.
    let proj = Project::valid();
    proj.write(
        "bulletins/7/02-lead.md",
        "---\ncolumn: 不存在\ntitle: 领导讲话\n---\n讲话。\n",
    );
    let file = submission(&proj, "good.docx", &township_submission().build());
    refused(
        &proj,
        &[file.to_str().unwrap(), "--column", "工作动态"],
        "do not pass `check`",
    );
}

#[test]
fn imported_text_is_escaped_like_any_article() {
    let proj = Project::valid();
    let body = [
        p_with(
            r#"<w:jc w:val="center"/>"#,
            &run("", "标题<script>alert(1)</script>"),
        ),
        p("<script>alert('x')</script> <img src=\"data:image/png;base64,AAAA\" onerror=alert(1)>"),
        p("![远程](http://198.51.100.7/x.png) [链接](javascript:alert(1)) ```chart"),
        p("kind: generation_trend"),
    ]
    .concat();
    let file = submission(&proj, "hostile.docx", &Docx::new(&body).build());
    let o = import(&proj, &[file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = proj.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(proj.out().join("issues/7.html")).unwrap();
    let article = &page[page
        .find("<h3>标题&lt;script&gt;alert(1)&lt;/script&gt;</h3>")
        .expect("the imported article")..];
    let article = &article[..article.find("</article>").unwrap()];
    assert!(
        article.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{article}"
    );
    // All of it is text: nothing is markup, fetched, linked or a chart.
    assert!(
        article.contains("![远程](http://198.51.100.7/x.png) [链接](javascript:alert(1)) ```chart")
    );
    for never in ["<script", "<img", "<a ", "<svg", "chart-figure"] {
        assert!(!article.contains(never), "{never} in {article}");
    }
}

/// A package whose document.xml inflates to `size` bytes of text, deflated
/// from about a thousandth of that; written in pieces, never held whole.
fn bomb(size: usize) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.start_file("word/document.xml", opts).unwrap();
    let head = format!("<w:document {NS}><w:body><w:p><w:r><w:t>");
    w.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'0'; 1024 * 1024];
    for _ in 0..size / chunk.len() {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < size / 500, "{} bytes", bytes.len());
    bytes
}

/// Hostile packages, through the command: each a clear error, nothing written.
#[test]
fn hostile_files_are_refused_and_write_nothing() {
    let proj = Project::valid();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bomb.docx", bomb(100 * 1024 * 1024), "解压后超过"),
        (
            "lol.docx",
            Docx::new("")
                .raw_document(&format!(
                    r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document {NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
                ))
                .build(),
            "DOCTYPE",
        ),
        (
            "many-images.docx",
            {
                let mut body = String::from("<w:p>");
                let mut d = Docx::new("").stored();
                let tiny = png(1, 1);
                for i in 0..10_000 {
                    body.push_str(&drawing(&format!("rId{i}"), "", ""));
                    d = d.image(&format!("rId{i}"), &format!("image{i}.png"), tiny.clone());
                }
                body.push_str("</w:p>");
                Docx {
                    document: Docx::new(&body).document,
                    ..d
                }
                .build()
            },
            "超过 200 张",
        ),
        (
            "huge-image.docx",
            Docx::new(&p_with("", &drawing("rId1", "", "")))
                .image("rId1", "image1.png", png_claiming(100_000, 100_000))
                .build(),
            "100000×100000",
        ),
        (
            "linked.docx",
            Docx::new(&p_with("", r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="p"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:link="rIdX"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#))
                .rel("rIdX", "image", "http://198.51.100.7/track.png", true)
                .build(),
            "不会去读取它",
        ),
        (
            "climbing.docx",
            Docx::new(&p_with("", &drawing("rId1", "", "")))
                .part("../../evil.png", png(2, 2))
                .rel("rId1", "image", "../../evil.png", false)
                .build(),
            "指向文档包之外",
        ),
    ];
    for (name, bytes, expected) in &cases {
        let file = submission(&proj, name, bytes);
        refused(&proj, &[file.to_str().unwrap()], expected);
        std::fs::remove_file(file).unwrap();
    }
}

#[test]
fn names_inside_the_package_or_of_the_file_never_leave_the_issue_folder() {
    let proj = Project::valid();
    // Picture parts named like paths, a file named like a path: what is written
    // is named by pv-bulletin alone.
    let d = Docx::new(
        &[
            p("正文。"),
            p_with(
                "",
                &format!("{}{}", drawing("rId1", "说明", ""), drawing("rId2", "", "")),
            ),
        ]
        .concat(),
    )
    .part("word/media/../../../../evil.png", png(2, 2))
    .rel("rId1", "image", "media/x/../evil;rm -rf ~.png", false)
    .part("word/media/evil;rm -rf ~.png", png(3, 3))
    .part("word/media2/..\\x.jpg", jpeg(2, 2))
    .rel("rId2", "image", "/word/media/evil;rm -rf ~.png", false);
    let dir = proj.dir.path().join("a").join("b");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("..%2F..%2Fevil name (1).docx");
    std::fs::write(&file, d.build()).unwrap();
    let before: Vec<String> = snapshot(&proj.data())
        .into_iter()
        .map(|(rel, _)| rel)
        .collect();
    let o = import(&proj, &[file.to_str().unwrap()]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    let new: Vec<String> = snapshot(&proj.data())
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| !before.contains(rel))
        .collect();
    assert_eq!(
        new,
        [
            "bulletins/7/03-2f-2fevil-name-1.md",
            "bulletins/7/images/03-2f-2fevil-name-1-1.png",
        ],
        "{said}"
    );
    assert!(!Path::new(&proj.dir.path().join("evil.png")).exists());
}
