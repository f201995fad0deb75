//! document.xml's body in issue order: 版头, 本期导读, columns and articles, the
//! appendix blocks, 版记. Tables and pictures are in their own modules.

use super::model::{
    Align, Block, Closing, Column, Document, Emphasis, Guide, List, Masthead, Paragraph, Role,
};
use super::page::{self, Geometry};
use super::parts::{DOC_NS, XML_DECL};
use super::picture::ImageKind;
use super::xml;
use super::{picture, table, DocxError};

/// State shared while writing the body: geometry and what the parts around it need.
pub(crate) struct Ctx<'a> {
    pub g: &'a Geometry,
    /// The pictures' bytes, in document order (image1.png, …).
    pub pictures: Vec<(ImageKind, &'a [u8])>,
    /// Ordered lists so far; each gets its own numbering instance.
    pub ordered_lists: u32,
}

/// The whole document.xml.
pub(crate) fn document<'a>(doc: &'a Document, ctx: &mut Ctx<'a>) -> Result<String, DocxError> {
    let mut out = format!("{XML_DECL}<w:document {DOC_NS}><w:body>");
    if let Some(m) = &doc.masthead {
        masthead(&mut out, m);
    }
    if let Some(guide) = &doc.guide {
        guide_box(&mut out, guide, ctx.g);
    }
    for column in &doc.columns {
        column_xml(&mut out, column, ctx)?;
    }
    blocks(&mut out, &doc.appendix, ctx)?;
    if let Some(closing) = &doc.closing {
        closing_xml(&mut out, closing);
    }
    out.push_str(&page::sect_pr(ctx.g, &doc.page));
    out.push_str("</w:body></w:document>");
    Ok(out)
}

/// 版头: title, 第N期, issuer ⇥ date on one line (right tab at the 版心 width), red rule.
fn masthead(out: &mut String, m: &Masthead) {
    xml::para_text(out, "BulletinTitle", "", &m.title);
    xml::para_text(out, "IssueNumber", "", &m.issue_no);
    let mut runs = String::new();
    xml::run(&mut runs, &m.issuer, Emphasis::default());
    runs.push_str("<w:r><w:tab/></w:r>");
    xml::run(&mut runs, &m.date, Emphasis::default());
    xml::para(out, "IssueMeta", "", &runs);
    let star = if m.star {
        "<w:r><w:t>★</w:t></w:r>"
    } else {
        ""
    };
    xml::para(out, "RedRule", "", star);
    if let Some(motto) = &m.motto {
        xml::para_text(out, "Motto", "", motto);
    }
}

/// 本期导读 as a one-cell bordered table: a box that keeps its indents in Word, WPS and
/// LibreOffice alike (bordered paragraphs only merge into one box at equal indents).
fn guide_box(out: &mut String, guide: &Guide, g: &Geometry) {
    let w = g.table_w;
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/>")
    };
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{w}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{}{}{}{}</w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"85\" w:type=\"dxa\"/><w:left w:w=\"284\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"284\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"{w}\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>\
         <w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>",
        border("top"),
        border("left"),
        border("bottom"),
        border("right")
    ));
    xml::para_text(out, "GuideHeading", "", "本期导读");
    for group in &guide.groups {
        xml::para_text(out, "GuideTag", "", &format!("【{}】", group.tag));
        for title in &group.titles {
            xml::para_text(out, "GuideItem", "", title);
        }
    }
    for line in &guide.extra {
        xml::para_text(out, "GuideTag", "", line);
    }
    out.push_str("</w:tc></w:tr></w:tbl>");
}

fn column_xml<'a>(
    out: &mut String,
    column: &'a Column,
    ctx: &mut Ctx<'a>,
) -> Result<(), DocxError> {
    xml::para_text(out, "ColumnTag", "", &format!("【{}】", column.name));
    for article in &column.articles {
        xml::para_text(out, "ArticleTitle", "", &article.title);
        if let Some(byline) = &article.byline {
            xml::para_text(out, "Byline", "", byline);
        }
        blocks(out, &article.body, ctx)?;
    }
    Ok(())
}

/// Body blocks. Two tables in a row get an empty paragraph between them, or Word
/// would join them into one.
pub(crate) fn blocks<'a>(
    out: &mut String,
    items: &'a [Block],
    ctx: &mut Ctx<'a>,
) -> Result<(), DocxError> {
    let mut after_table = false;
    for block in items {
        match block {
            Block::Paragraph(p) => paragraph(out, p),
            Block::Heading { level, text } => {
                let mut runs = String::new();
                xml::inlines(&mut runs, text, Emphasis::default());
                xml::para(out, &format!("Heading{}", level.clamp(&1, &3)), "", &runs);
            }
            Block::Title(text) => xml::para_text(out, "ArticleTitle", "", text),
            Block::List(list) => list_xml(out, list, ctx),
            Block::Table(t) => {
                if after_table && t.title.is_none() {
                    out.push_str("<w:p/>");
                }
                table::table(out, t, ctx.g)?;
            }
            Block::Picture(p) => picture::picture(out, p, ctx)?,
            Block::PageBreak => out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
        }
        after_table = matches!(block, Block::Table(t) if t.note.is_none());
    }
    Ok(())
}

/// `w:jc` values; body text is justified (`both`).
pub(crate) fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// The named style of each paragraph role (see styles.rs).
fn role_style(role: Role) -> &'static str {
    match role {
        Role::Body => "Normal",
        Role::Quote => "Quote",
        Role::Note => "Note",
        Role::Code => "Code",
    }
}

fn paragraph(out: &mut String, p: &Paragraph) {
    let extra = match p.align {
        None => String::new(),
        Some(a) => format!(
            "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"{}\"/>",
            jc(a)
        ),
    };
    let mut runs = String::new();
    xml::inlines(&mut runs, &p.inlines, Emphasis::default());
    xml::para(out, role_style(p.role), &extra, &runs);
}

fn list_xml(out: &mut String, list: &List, ctx: &mut Ctx) {
    let num_id = if list.ordered {
        ctx.ordered_lists += 1;
        ctx.ordered_lists + 1
    } else {
        1
    };
    let num_pr = format!("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num_id}\"/></w:numPr>");
    for item in &list.items {
        let mut runs = String::new();
        xml::inlines(&mut runs, item, Emphasis::default());
        xml::para(out, "ListParagraph", &num_pr, &runs);
    }
}

/// 版记 between rules: the first paragraph has a 0.35 mm rule above (sz 8 = 1 pt),
/// every one but the last a 0.25 mm rule below (sz 6 = 0.75 pt), the last 0.35 mm.
fn closing_xml(out: &mut String, c: &Closing) {
    let mut lines: Vec<(String, Option<String>)> = Vec::new();
    if let Some(main_to) = &c.main_to {
        lines.push((format!("主送：{main_to}"), None));
    }
    if let Some(copy_to) = &c.copy_to {
        lines.push((format!("抄送：{copy_to}"), None));
    }
    lines.push((c.issuer.clone(), Some(format!("{}印发", c.date))));
    let rule = |side: &str, sz: u8| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{sz}\" w:space=\"1\" w:color=\"000000\"/>")
    };
    let count = lines.len();
    for (i, (left, right)) in lines.iter().enumerate() {
        let top = if i == 0 {
            rule("top", 8)
        } else {
            String::new()
        };
        let bottom = rule("bottom", if i + 1 == count { 8 } else { 6 });
        let keep = if c.copies.is_some() || i + 1 < count {
            "<w:keepNext/>"
        } else {
            ""
        };
        let ppr = format!("{keep}<w:keepLines/><w:pBdr>{top}{bottom}</w:pBdr>");
        let mut runs = String::new();
        xml::run(&mut runs, left, Emphasis::default());
        if let Some(right) = right {
            runs.push_str("<w:r><w:tab/></w:r>");
            xml::run(&mut runs, right, Emphasis::default());
        }
        xml::para(out, "Closing", &ppr, &runs);
    }
    if let Some(n) = c.copies {
        xml::para_text(out, "Copies", "", &format!("（共印{n}份）"));
    }
}
