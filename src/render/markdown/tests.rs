use super::*;

#[test]
fn renders_tables_and_strikethrough() {
    let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~旧~~\n", 1, "a1-");
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("<del>旧</del>"));
}

#[test]
fn strips_scripts_handlers_and_javascript_links() {
    let r = render(
        "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n[x](javascript:alert(1))\n",
        1,
        "a1-",
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("onclick"), "{}", r.html);
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(r.html.contains("hi"));
}

#[test]
fn footnotes_are_prefixed_and_linked() {
    let r = render("正文[^note]。\n\n[^note]: 注释。\n", 1, "a2-");
    assert!(r.html.contains("href=\"#a2-fn-1\""), "{}", r.html);
    assert!(r.html.contains("id=\"a2-fn-1\""), "{}", r.html);
}

#[test]
fn chart_blocks_are_extracted_with_line() {
    let r = render(
        "第一段\n\n```chart\nkind: generation_trend\n```\n\n末段\n",
        5,
        "a1-",
    );
    assert_eq!(
        r.charts,
        vec![ChartBlock {
            source: "kind: generation_trend\n".into(),
            line: 7
        }]
    );
    assert!(r.html.contains(&r.chart_placeholder(0)), "{}", r.html);
    assert!(r.html.contains("末段"));
}

#[test]
fn images_are_cut_out_with_their_line_column_and_caption() {
    let body = "第一段。\n\n![现场**照片**](images/a.jpg)\n\n文中 ![小图](images/b.png) 一张。\n\n\
                ![一](images/c.jpg)\n![二](images/d.jpg)\n";
    let r = render(body, 4, "a1-");
    let seen: Vec<(&str, &str, usize, usize, bool)> = r
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.alt.as_str(), i.line, i.column, i.block))
        .collect();
    assert_eq!(
        seen,
        [
            ("images/a.jpg", "现场照片", 6, 1, true),
            ("images/b.png", "小图", 8, 4, false),
            ("images/c.jpg", "一", 10, 1, true),
            ("images/d.jpg", "二", 11, 1, true),
        ]
    );
    // A figure replaces its paragraph; an inline image stays in its own.
    assert!(
        !r.html.contains(&format!("<p>{}", r.image_placeholder(0))),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains(&format!("<p>文中 {} 一张。</p>", r.image_placeholder(1))),
        "{}",
        r.html
    );
    for i in 0..4 {
        assert_eq!(
            r.html.matches(&r.image_placeholder(i)).count(),
            1,
            "{}",
            r.html
        );
    }
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert!(
        !r.html.contains("现场照片"),
        "alt text only as a caption, later"
    );
}

#[test]
fn remote_images_are_never_in_the_html() {
    let r = render("![现场照片](http://example.com/a.png)\n", 1, "a1-");
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert!(!r.html.contains("example.com"), "{}", r.html);
    assert_eq!(
        r.images[0].src, "http://example.com/a.png",
        "reported, not shown"
    );
}

#[test]
fn author_written_img_and_data_uris_never_survive() {
    let body = "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">\n\n\
                段落 <img src=\"images/a.jpg\"> 与 <IMG SRC=x onerror=alert(1)>。\n\n\
                <figure><img src=\"data:image/jpeg;base64,AAAA\"><figcaption>c</figcaption></figure>\n\n\
                <a href=\"data:text/html;base64,PHNjcmlwdD4=\">link</a>\n\n\
                <svg><image href=\"data:image/png;base64,AAAA\"/></svg>\n\n\
                <object data=\"data:image/png;base64,AAAA\"></object>\n";
    let r = render(body, 1, "a1-");
    assert!(!r.html.to_lowercase().contains("<img"), "{}", r.html);
    assert!(!r.html.contains("data:"), "{}", r.html);
    assert!(r.images.is_empty(), "raw HTML images are not photos");
}

#[test]
fn placeholders_cannot_be_forged() {
    // A placeholder is the nonce of the text it is in: copying one from another
    // text, literally or through HTML entities, never yields this text's.
    let other = render("![a](images/a.jpg)\n\n```chart\nkind: x\n```\n", 1, "a1-");
    let chart = other.chart_placeholder(0);
    let image = other.image_placeholder(0);
    let entity = |s: &str| s.replace(MARK, "&#xE000;");
    let body = format!(
        "{chart}\n\n{image}\n\n{}\n\n<p>{}</p>\n\n`{image}`\n",
        entity(&image),
        entity(&chart)
    );
    let r = render(&body, 1, "a1-");
    assert!(r.images.is_empty() && r.charts.is_empty());
    for i in 0..3 {
        assert!(!r.html.contains(&r.image_placeholder(i)), "{}", r.html);
        assert!(!r.html.contains(&r.chart_placeholder(i)), "{}", r.html);
    }
}
