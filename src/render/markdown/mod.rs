//! Article bodies: Markdown → HTML with pulldown-cmark, then sanitized with ammonia.
//!
//! - Raw HTML is allowed through the sanitizer only as safe markup: no scripts, no
//!   event handlers, no `javascript:` links, no `style`, no `<img>`.
//! - Images (`![说明](images/x.jpg)`) are cut out and returned with their line
//!   and column, like chart blocks; the issue renderer puts the embedded photo in
//!   their place (see `render::photos`), after sanitizing, so the sanitizer never
//!   has to let an `<img>` through.
//! - Footnotes get ids unique to the article, so two articles' `[^1]` do not clash.
//! - ```` ```chart ```` blocks are cut out and returned, to be replaced by charts
//!   computed from the data (see `render::charts`).

mod placeholders;

use placeholders::{Nonce, MARK};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};

/// A ```` ```chart ```` block found in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartBlock {
    /// The YAML inside the fence.
    pub source: String,
    /// 1-based line of the opening fence in the article file.
    pub line: usize,
}

/// An image (`![alt](src)`) found in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// Where it points, as written.
    pub src: String,
    /// Its alt text, as plain text: the photo's caption.
    pub alt: String,
    /// 1-based line and column of its `!` in the article file.
    pub line: usize,
    pub column: usize,
    /// Alone in its paragraph (with other images at most): shown as a figure
    /// with a caption; otherwise inline.
    pub block: bool,
}

#[derive(Clone, Debug)]
pub struct RenderedMarkdown {
    /// Sanitized HTML; chart `i` sits at [`Self::chart_placeholder`]`(i)` and
    /// image `i` at [`Self::image_placeholder`]`(i)`.
    pub html: String,
    pub charts: Vec<ChartBlock>,
    pub images: Vec<ImageRef>,
    nonce: Nonce,
}

impl RenderedMarkdown {
    /// Marks where chart `i` goes.
    pub fn chart_placeholder(&self, i: usize) -> String {
        format!("<p>{}</p>", self.nonce.mark("chart", i))
    }

    /// Marks where image `i` goes (inside its paragraph, or where the paragraph was).
    pub fn image_placeholder(&self, i: usize) -> String {
        self.nonce.mark("image", i)
    }
}

/// The Markdown articles are written in: CommonMark with tables, footnotes and
/// strikethrough (the Word file of an issue reads them with the same).
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders an article body starting at line `body_line` of its file; `id_prefix`
/// keeps its anchors apart from other articles' on the same page.
pub fn render(body: &str, body_line: usize, id_prefix: &str) -> RenderedMarkdown {
    let body = body.replace(MARK, "");
    let nonce = Nonce::of(&body);
    let options = parser_options();
    let mut out = Events::new(&nonce);
    let mut charts = Vec::new();
    let mut footnotes = Footnotes::default();
    let mut in_chart: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        if let Some((source, _)) = in_chart.as_mut() {
            match event {
                Event::Text(t) => source.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (source, line) = in_chart.take().expect("inside a chart block");
                    let mark = format!("<p>{}</p>", nonce.mark("chart", charts.len()));
                    out.push(Event::Html(mark.into()));
                    charts.push(ChartBlock { source, line });
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "chart" => {
                let line = body_line + body[..range.start].matches('\n').count();
                in_chart = Some((String::new(), line));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = position(&body, range.start, body_line);
                out.start_image(dest_url.to_string(), line, column);
            }
            Event::End(TagEnd::Image) => out.end_image(),
            Event::Start(Tag::Heading { level, .. }) => {
                out.push(Event::Html(format!("<{}>", shifted(level)).into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::Html(format!("</{}>", shifted(level)).into()));
            }
            Event::FootnoteReference(label) => {
                let n = footnotes.number(&label);
                out.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{id_prefix}fn-{n}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnotes.number(&label);
                out.push(Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"fn-{n}\"><sup>{n}</sup>")
                        .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>".into())),
            other => out.push(other),
        }
    }
    let mut raw = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut raw, out.events.into_iter());
    RenderedMarkdown {
        html: sanitize(&raw, id_prefix),
        charts,
        images: out.images,
        nonce,
    }
}

/// 1-based line (counted from `body_line`) and column (in characters) of `offset`.
fn position(body: &str, offset: usize, body_line: usize) -> (usize, usize) {
    let before = &body[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        body_line + before.matches('\n').count(),
        before[line_start..].chars().count() + 1,
    )
}

/// The events to render, with images taken out: a paragraph is held back until
/// its end, to know whether it holds nothing but images (then they become figures
/// where the paragraph was).
struct Events<'n, 'a> {
    nonce: &'n Nonce,
    events: Vec<Event<'a>>,
    images: Vec<ImageRef>,
    /// The open paragraph's events, and whether it has held only images so far.
    paragraph: Option<(Vec<Event<'a>>, bool)>,
    /// The image being read (its alt text is the text events until its end).
    image: Option<ImageRef>,
}

impl<'n, 'a> Events<'n, 'a> {
    fn new(nonce: &'n Nonce) -> Self {
        Events {
            nonce,
            events: Vec::new(),
            images: Vec::new(),
            paragraph: None,
            image: None,
        }
    }

    fn push(&mut self, event: Event<'a>) {
        if let Some(image) = self.image.as_mut() {
            // Inside `![…]`: only the text counts, as the alt text.
            if let Event::Text(t) | Event::Code(t) = &event {
                image.alt.push_str(t);
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => self.paragraph = Some((Vec::new(), true)),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            other => match self.paragraph.as_mut() {
                Some((held, only_images)) => {
                    let blank = match &other {
                        Event::Text(t) => t.trim().is_empty(),
                        Event::SoftBreak | Event::HardBreak => true,
                        _ => false,
                    };
                    *only_images &= blank;
                    held.push(other);
                }
                None => self.events.push(other),
            },
        }
    }

    fn start_image(&mut self, src: String, line: usize, column: usize) {
        self.image = Some(ImageRef {
            src,
            alt: String::new(),
            line,
            column,
            block: false,
        });
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let mark = self.nonce.mark("image", self.images.len());
        self.images.push(image);
        let event = Event::InlineHtml(mark.into());
        match self.paragraph.as_mut() {
            Some((held, _)) => held.push(event),
            None => self.events.push(event),
        }
    }

    fn end_paragraph(&mut self) {
        let Some((held, only_images)) = self.paragraph.take() else {
            return;
        };
        let marks: Vec<Event<'a>> = held
            .iter()
            .filter(|e| matches!(e, Event::InlineHtml(h) if self.nonce.is_mark(h)))
            .cloned()
            .collect();
        if only_images && !marks.is_empty() {
            let first = self.images.len() - marks.len();
            self.images[first..].iter_mut().for_each(|i| i.block = true);
            for mark in marks {
                let Event::InlineHtml(h) = mark else { continue };
                self.events.push(Event::Html(format!("{h}\n").into()));
            }
            return;
        }
        self.events.push(Event::Start(Tag::Paragraph));
        self.events.extend(held);
        self.events.push(Event::End(TagEnd::Paragraph));
    }
}

/// Article titles are `<h3>`; headings inside an article sit below them.
fn shifted(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h4",
        HeadingLevel::H2 => "h5",
        _ => "h6",
    }
}

/// Numbers footnotes in order of first mention, whatever their labels.
#[derive(Default)]
struct Footnotes {
    numbers: BTreeMap<String, usize>,
}

impl Footnotes {
    fn number(&mut self, label: &CowStr<'_>) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }
}

/// Removes everything unsafe, and every `<img>`: the only pictures on a page are
/// the photos put in at the placeholders afterwards.
fn sanitize(html: &str, id_prefix: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .add_generic_attributes(["id"])
        .id_prefix(Some(id_prefix))
        .add_allowed_classes("sup", ["footnote-reference"])
        .add_allowed_classes("div", ["footnote-definition"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests;
