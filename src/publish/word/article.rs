//! An article's Markdown as Word blocks, read with pulldown-cmark and the options
//! the HTML page uses, so both show the same text:
//!
//! - `#`, `##`, `###`… are the three heading levels (一、黑体, （一）楷体, 1. 仿宋
//!   bold), as the page shifts them under the article title;
//! - bold, italic and strikethrough are kept; links are their text, with the address
//!   in brackets for web and mail addresses (never a live link);
//! - lists are Word lists (nested items join their parent list, marked “—”);
//! - tables are Word tables, the first row repeated as header;
//! - footnotes stay where the page shows them: a superscript number in the text,
//!   the note at the definition, in the small note style (no Word footnotes, so
//!   the .docx reads the same in Word, WPS and LibreOffice);
//! - ```` ```chart ```` blocks and pictures come from [`Embeds`]; a picture it
//!   cannot give stays its alt text, as on the page;
//! - raw HTML is reduced to its text (scripts and styles dropped), as the page's
//!   sanitizer leaves it readable.

use super::markdown_table::markdown_table;
use crate::publish::docx::{Block, Emphasis, Inline, List, Paragraph, Picture, Role};
use crate::render::markdown::parser_options;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthChar;

/// What an article takes from outside its text.
pub trait Embeds {
    /// The blocks for chart block `i` (0-based, in order): its picture, or text
    /// standing for it.
    fn chart(&mut self, i: usize) -> Vec<Block>;
    /// The picture `![alt](dest)` names, or `None` to show its alt text.
    fn image(&mut self, dest: &str, alt: &str) -> Option<Picture>;
}

/// The article body `markdown` as blocks.
pub fn blocks(markdown: &str, embeds: &mut dyn Embeds) -> Vec<Block> {
    let mut c = Converter {
        embeds,
        out: Vec::new(),
        inlines: Vec::new(),
        bold: 0,
        italic: 0,
        strike: 0,
        link: None,
        image: None,
        lists: Vec::new(),
        items: Vec::new(),
        table: None,
        quote: 0,
        footnote: None,
        numbers: BTreeMap::new(),
        code: None,
        html: None,
        charts: 0,
        soft_break: false,
        skip_inline_html: false,
    };
    for event in Parser::new_ext(markdown, parser_options()) {
        c.event(event);
    }
    c.flush();
    c.out
}

/// The YAML of each ```` ```chart ```` block of an article, in order.
pub fn chart_sources(markdown: &str) -> Vec<String> {
    let mut sources = Vec::new();
    let mut open: Option<String> = None;
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "chart" => {
                open = Some(String::new());
            }
            Event::Text(t) => open.iter_mut().for_each(|s| s.push_str(&t)),
            Event::End(TagEnd::CodeBlock) => sources.extend(open.take()),
            _ => {}
        }
    }
    sources
}

/// An open list: ordered or not, and the number of its next item.
struct OpenList {
    ordered: bool,
    next: u64,
}

/// A Markdown table being read.
pub(super) struct TableState {
    pub aligns: Vec<Alignment>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub in_head: bool,
}

struct Converter<'e> {
    embeds: &'e mut dyn Embeds,
    out: Vec<Block>,
    /// The runs of the paragraph, heading, item or cell being read.
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
    strike: u32,
    /// An open link: its address and text.
    link: Option<(String, String)>,
    /// An open picture: its address and alt text.
    image: Option<(String, String)>,
    lists: Vec<OpenList>,
    /// Items of the outermost open list.
    items: Vec<Vec<Inline>>,
    table: Option<TableState>,
    quote: u32,
    /// The number of the open footnote definition.
    footnote: Option<usize>,
    /// Footnote numbers in order of first mention, as on the page.
    numbers: BTreeMap<String, usize>,
    /// An open code block: whether it is a chart, and its text.
    code: Option<(bool, String)>,
    /// An open HTML block's source.
    html: Option<String>,
    charts: usize,
    soft_break: bool,
    skip_inline_html: bool,
}

impl Converter<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => self.text(&t),
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => self.inlines.push(Inline::LineBreak),
            Event::Html(h) => match self.html.as_mut() {
                Some(open) => open.push_str(&h),
                None => self.html_block(&h),
            },
            Event::InlineHtml(h) => self.inline_html(&h),
            Event::FootnoteReference(label) => {
                let n = self.number(&label);
                self.inlines.push(superscript(n));
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            // Paragraphs of a list item run on in the item.
            Tag::Paragraph if !self.lists.is_empty() => {}
            Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell => self.inlines.clear(),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => self.link = Some((dest_url.to_string(), String::new())),
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.to_string(), String::new()));
            }
            Tag::BlockQuote(_) => self.quote += 1,
            Tag::CodeBlock(kind) => {
                let chart = matches!(&kind, CodeBlockKind::Fenced(info) if info.trim() == "chart");
                self.code = Some((chart, String::new()));
            }
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::List(first) => {
                if self.lists.is_empty() {
                    self.items.clear();
                } else {
                    self.end_item(); // the parent item's own text comes first
                }
                self.lists.push(OpenList {
                    ordered: first.is_some(),
                    next: first.unwrap_or(1),
                });
            }
            Tag::Item => self.inlines.clear(),
            Tag::FootnoteDefinition(label) => {
                self.footnote = Some(self.number(&label));
                self.inlines.clear();
            }
            Tag::Table(aligns) => {
                self.table = Some(TableState {
                    aligns,
                    header: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.lists.is_empty() && self.table.is_none() {
                    self.paragraph();
                } else {
                    self.inlines.push(Inline::LineBreak);
                }
            }
            TagEnd::Heading(level) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                let text = std::mem::take(&mut self.inlines);
                self.out.push(Block::Heading { level, text });
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, text)) = self.link.take() {
                    let url = if shown_address(&url) {
                        url
                    } else {
                        String::new()
                    };
                    self.inlines.push(Inline::Link { text, url });
                }
            }
            TagEnd::Image => self.end_image(),
            TagEnd::BlockQuote(_) => self.quote = self.quote.saturating_sub(1),
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => {
                if let Some(h) = self.html.take() {
                    self.html_block(&h);
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::List(_) => {
                let closed = self.lists.pop();
                if let (Some(list), true) = (closed, self.lists.is_empty()) {
                    self.flush_list(list.ordered);
                }
            }
            TagEnd::FootnoteDefinition => self.footnote = None,
            TagEnd::TableCell => {
                let text = plain(&std::mem::take(&mut self.inlines));
                if let Some(t) = self.table.as_mut() {
                    match t.in_head {
                        true => t.header.push(text),
                        false => t.rows.last_mut().map_or((), |r| r.push(text)),
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.out.push(Block::Table(markdown_table(t)));
                }
            }
            _ => {}
        }
    }

    /// Text into the open picture's alt, link, code block or paragraph.
    fn text(&mut self, t: &str) {
        let space = std::mem::take(&mut self.soft_break) && self.needs_space(t);
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(t);
        } else if let Some((_, text)) = self.link.as_mut() {
            text.push_str(if space { " " } else { "" });
            text.push_str(t);
        } else if let Some((_, code)) = self.code.as_mut() {
            code.push_str(t);
        } else if !self.skip_inline_html {
            let style = Emphasis {
                bold: self.bold > 0,
                italic: self.italic > 0,
                strike: self.strike > 0,
                superscript: false,
            };
            let t = if space {
                format!(" {t}")
            } else {
                t.to_string()
            };
            match self.inlines.last_mut() {
                Some(Inline::Run { text, style: s }) if *s == style => text.push_str(&t),
                _ => self.inlines.push(Inline::styled(t, style)),
            }
        }
    }

    /// A soft line break is a space between Latin words and nothing between
    /// Chinese characters (as the page's browsers show it).
    fn needs_space(&self, next: &str) -> bool {
        let last = match self.inlines.last() {
            Some(Inline::Run { text, .. }) => text.chars().last(),
            _ => None,
        };
        let narrow = |c: Option<char>| c.is_some_and(|c| c.width() == Some(1));
        narrow(last) && narrow(next.chars().next())
    }

    /// The open paragraph as a block: a note inside a footnote definition, a quote
    /// inside a block quote, else body text.
    fn paragraph(&mut self) {
        let mut inlines = std::mem::take(&mut self.inlines);
        if inlines.is_empty() {
            return;
        }
        let role = match (self.footnote, self.quote) {
            (Some(n), _) => {
                inlines.insert(0, superscript(n));
                Role::Note
            }
            (None, 0) => Role::Body,
            _ => Role::Quote,
        };
        self.out
            .push(Block::Paragraph(Paragraph::with_role(inlines, role)));
    }

    fn end_item(&mut self) {
        let mut item = std::mem::take(&mut self.inlines);
        while matches!(item.last(), Some(Inline::LineBreak)) {
            item.pop();
        }
        if item.is_empty() {
            return;
        }
        let depth = self.lists.len();
        if let Some(list) = self.lists.last_mut() {
            if depth > 1 {
                let mark = match list.ordered {
                    true => format!("（{}）", list.next),
                    false => "— ".to_string(),
                };
                item.insert(0, Inline::text(mark));
            }
            list.next += 1;
        }
        self.items.push(item);
    }

    /// The items of the outermost list, closed now, as one Word list.
    fn flush_list(&mut self, ordered: bool) {
        let items = std::mem::take(&mut self.items);
        if !items.is_empty() {
            self.out.push(Block::List(List { ordered, items }));
        }
    }

    fn end_image(&mut self) {
        let Some((dest, alt)) = self.image.take() else {
            return;
        };
        let inline_only = !self.lists.is_empty() || self.table.is_some();
        match (inline_only, self.embeds.image(&dest, &alt)) {
            (false, Some(picture)) => {
                self.paragraph();
                self.out.push(Block::Picture(picture));
            }
            _ => self.text(&format!("〔图片：{alt}〕")),
        }
    }

    fn end_code(&mut self) {
        let Some((chart, text)) = self.code.take() else {
            return;
        };
        if chart {
            let blocks = self.embeds.chart(self.charts);
            self.charts += 1;
            self.out.extend(blocks);
        } else {
            let text = text.trim_end_matches('\n').to_string();
            let inlines = vec![Inline::text(text)];
            self.out
                .push(Block::Paragraph(Paragraph::with_role(inlines, Role::Code)));
        }
    }

    /// An HTML block as the text it shows, one paragraph per line.
    fn html_block(&mut self, html: &str) {
        for line in html_text(html).lines() {
            let line = line.trim();
            if !line.is_empty() {
                self.inlines = vec![Inline::text(line)];
                self.paragraph();
            }
        }
    }

    /// Inline tags are dropped (their text comes as text), `<br>` breaks the line,
    /// and what a script or style holds is skipped.
    fn inline_html(&mut self, tag: &str) {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("<br") {
            self.inlines.push(Inline::LineBreak);
        } else if t.starts_with("<script") || t.starts_with("<style") {
            self.skip_inline_html = !t.contains("</");
        } else if t.starts_with("</script") || t.starts_with("</style") {
            self.skip_inline_html = false;
        }
    }

    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }

    fn flush(&mut self) {
        self.paragraph();
    }
}

fn superscript(n: usize) -> Inline {
    let style = Emphasis {
        superscript: true,
        ..Emphasis::default()
    };
    Inline::styled(n.to_string(), style)
}

/// Whether a link's address is worth printing beside its text: web and mail
/// addresses are; page anchors, relative links and other schemes are not.
fn shown_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// The plain text of some inlines (table cells are plain text).
pub(super) fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Run { text, .. } => s.push_str(text),
            Inline::LineBreak => s.push('\n'),
            Inline::Link { text, url } if url.is_empty() => s.push_str(text),
            Inline::Link { text, url } => s.push_str(&format!("{text}（{url}）")),
        }
    }
    s.trim_end_matches('\n').to_string()
}

/// The text an HTML fragment shows: block ends become line ends, tags go, what
/// scripts and styles hold goes (ammonia, as the page's sanitizer), entities are
/// decoded.
fn html_text(html: &str) -> String {
    let mut marked = html.to_string();
    for end in [
        "</p>", "</div>", "</li>", "</tr>", "</h1>", "</h2>", "</h3>", "<br",
    ] {
        marked = marked.replace(end, &format!("\n{end}"));
    }
    let text = ammonia::Builder::empty().clean(&marked).to_string();
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
