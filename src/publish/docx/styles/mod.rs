//! styles.xml. Formatting lives in named paragraph styles, not on runs, so an office
//! can restyle an issue in Word or WPS in one place. Fonts always go on the East Asian
//! slot too (`w:eastAsia`), with `w:hint="eastAsia"` so quotes and dashes use it.

mod props;

use super::model::{Fonts, TypeSizes};
use super::page::{pt_to_twips, Geometry};
use super::parts::{W_NS, XML_DECL};
use props::{auto, exact, right_tab, Sheet, NO_INDENT, P, R};

/// The red of the masthead and the red rule.
pub(crate) const RED: &str = "CC0000";

/// styles.xml: docDefaults and every paragraph style the body uses.
pub(crate) fn styles(g: &Geometry, s: &TypeSizes, f: &Fonts) -> String {
    let mut sh = Sheet {
        out: format!("{XML_DECL}<w:styles {W_NS}>"),
        g,
        s,
        f,
    };
    let defaults = sh.font(&f.body).size(s.body).xml().replace(
        "</w:rPr>",
        "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>",
    );
    sh.out.push_str(&format!(
        "<w:docDefaults><w:rPrDefault>{defaults}</w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    ));
    let ind = format!(
        "<w:ind w:firstLineChars=\"200\" w:firstLine=\"{}\"/>",
        g.indent2
    );
    let normal = P {
        no_overflow: true,
        ..P::new(exact(0, 0, g.line), &ind, "both")
    };
    let spacing = (g.char_spacing != 0).then_some(g.char_spacing);
    let body = R {
        spacing,
        ..sh.font(&f.body).size(s.body)
    };
    sh.add("Normal", "Normal", None, normal, body);
    masthead_styles(&mut sh);
    article_styles(&mut sh);
    guide_styles(&mut sh);
    table_styles(&mut sh);
    closing_styles(&mut sh);
    sh.out.push_str("</w:styles>");
    sh.out
}

/// 版头: red title, 期号, issuer/date line with a right tab at the 版心 width, red rule.
fn masthead_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let (line, half) = (g.line, g.line / 2);
    let centred = |spacing| P::new(spacing, NO_INDENT, "center").free();
    let title = R {
        color: Some(RED),
        ..sh.font(&f.title).size(s.masthead_title)
    };
    // An exact line 3 pt taller than the title: the glyphs' ink then starts at the
    // top margin (37 mm; single spacing puts it 2.5 mm lower, measured in
    // LibreOffice), with room enough that Word does not clip the tops.
    let title_line = pt_to_twips(s.masthead_title + 3.0);
    sh.add(
        "BulletinTitle",
        "Bulletin Title",
        None,
        centred(exact(0, 0, title_line)),
        title,
    );
    let number = centred(exact(half, 0, line));
    sh.add("IssueNumber", "Issue Number", None, number, R::default());
    let meta = P {
        tabs: right_tab(g.text_w),
        ..P::new(String::new(), NO_INDENT, "left")
    };
    sh.add("IssueMeta", "Issue Meta", None, meta, R::default());
    let rule = P {
        border: format!("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"1\" w:color=\"{RED}\"/></w:pBdr>"),
        ..centred(exact(0, half, line))
    };
    let red = R {
        color: Some(RED),
        ..R::default()
    };
    sh.add("RedRule", "Red Rule", None, rule, red);
    let motto = sh.font(&f.heading2);
    sh.add("Motto", "Motto", None, centred(exact(0, half, line)), motto);
}

/// Column tag, article title and byline, headings 一、（一）1., list items.
fn article_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let (line, half) = (g.line, g.line / 2);
    let tag = P::new(exact(half, 0, line), NO_INDENT, "left").keep();
    sh.add("ColumnTag", "Column Tag", None, tag, sh.font(&f.heading1));
    let title_line = pt_to_twips(s.article_title * 1.35).max(line);
    let title = P::new(exact(half, half, title_line), NO_INDENT, "center");
    let title_r = sh.font(&f.title).size(s.article_title);
    sh.add(
        "ArticleTitle",
        "Article Title",
        None,
        title.free().keep(),
        title_r,
    );
    let byline = P::new(exact(0, half, line), NO_INDENT, "center")
        .free()
        .keep();
    sh.add("Byline", "Byline", None, byline, sh.font(&f.heading2));
    for (level, name) in [(1u8, &f.heading1), (2, &f.heading2), (3, &f.body)] {
        let p = P {
            outline: Some(level - 1),
            ..P::default().keep()
        };
        let r = R {
            bold: level == 3,
            ..sh.font(name)
        };
        let (id, word_name) = (format!("Heading{level}"), format!("heading {level}"));
        sh.add(&id, &word_name, None, p, r);
    }
    let list_ind = format!(
        "<w:ind w:left=\"{}\" w:hanging=\"{}\" w:firstLineChars=\"0\"/>",
        2 * g.indent2,
        g.indent2
    );
    let list = P::new(String::new(), &list_ind, "");
    sh.add("ListParagraph", "List Paragraph", None, list, R::default());
    text_styles(sh);
}

/// Block quotations, notes (footnotes under an article) and preformatted lines.
fn text_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let quote_ind = format!(
        "<w:ind w:left=\"{0}\" w:leftChars=\"200\" w:firstLineChars=\"200\" w:firstLine=\"{0}\"/>",
        g.indent2
    );
    let quote = P::new(String::new(), &quote_ind, "");
    sh.add("Quote", "Quote", None, quote, sh.font(&f.heading2));
    let note_line = pt_to_twips(s.caption * 1.5);
    let note = P::new(exact(0, 0, note_line), NO_INDENT, "left").free();
    sh.add("Note", "Note", None, note, R::default().size(s.caption));
    let code = P::new(auto(0), NO_INDENT, "left").free();
    sh.add("Code", "Code", None, code, R::default().size(s.table));
}

/// 本期导读: heading, 【栏目】 tags and indented titles inside the box.
fn guide_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let line = pt_to_twips(s.guide * 1.6);
    let head = P::new(exact(0, 0, g.line), NO_INDENT, "center").free();
    sh.add(
        "GuideHeading",
        "Guide Heading",
        None,
        head,
        sh.font(&f.heading1),
    );
    let tag = P::new(exact(0, 0, line), NO_INDENT, "left").free();
    let tag_r = sh.font(&f.heading1).size(s.guide);
    sh.add("GuideTag", "Guide Tag", None, tag, tag_r);
    let ind = format!(
        "<w:ind w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
        pt_to_twips(s.guide * 2.0)
    );
    let item = P::new(exact(0, 0, line), &ind, "left").free();
    sh.add(
        "GuideItem",
        "Guide Item",
        None,
        item,
        R::default().size(s.guide),
    );
}

/// Table title above, cell text, header cells, note below; figure and its caption.
fn table_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let half = g.line / 2;
    let caption_r = sh.font(&f.heading1).size(s.caption);
    let caption = P::new(exact(half, 60, g.line), NO_INDENT, "center").free();
    sh.add(
        "TableCaption",
        "Table Caption",
        None,
        caption.keep(),
        caption_r,
    );
    let cell = P::new(auto(0), NO_INDENT, "left").free();
    sh.add(
        "TableText",
        "Table Text",
        None,
        cell,
        R::default().size(s.table),
    );
    let head = P::new(String::new(), "", "center");
    let head_r = sh.font(&f.heading1).size(s.table);
    sh.add(
        "TableHeader",
        "Table Header",
        Some("TableText"),
        head,
        head_r,
    );
    let note_line = pt_to_twips(s.table * 1.5);
    let note = P::new(exact(60, half, note_line), NO_INDENT, "left").free();
    let note_r = sh.font(&f.heading2).size(s.table);
    sh.add("TableNote", "Table Note", None, note, note_r);
    let figure = P::new(auto(half), NO_INDENT, "center").free().keep();
    sh.add("Figure", "Figure", None, figure, R::default());
    let fig_caption = P::new(exact(0, half, g.line), NO_INDENT, "center").free();
    sh.add(
        "FigureCaption",
        "Figure Caption",
        None,
        fig_caption,
        caption_r,
    );
}

/// The closing block's side indent: one character, as GB/T 9704 asks.
pub(crate) fn closing_indent(sizes: &TypeSizes) -> i64 {
    pt_to_twips(sizes.closing)
}

/// 版记 lines (indented one character each side, date on a right tab), copies, footer.
fn closing_styles(sh: &mut Sheet) {
    let (g, s, f) = (sh.g, sh.s, sh.f);
    let ind = closing_indent(s);
    let side = format!(
        "<w:ind w:left=\"{ind}\" w:right=\"{ind}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
    );
    let closing = P {
        tabs: right_tab(g.text_w - ind),
        ..P::new(exact(0, 0, g.line), &side, "left")
    };
    sh.add(
        "Closing",
        "Closing",
        None,
        closing,
        R::default().size(s.closing),
    );
    let copies = P::new(String::new(), "", "right");
    sh.add("Copies", "Copies", Some("Closing"), copies, R::default());
    let footer = P::new(exact(0, 0, g.footer_line), NO_INDENT, "").free();
    let footer_r = R {
        latin: Some(&f.page_number),
        ..sh.font(&f.page_number).size(s.page_number)
    };
    sh.add("Footer", "footer", None, footer, footer_r);
}
