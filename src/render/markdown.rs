//! Article bodies: Markdown → HTML with pulldown-cmark, then sanitized with ammonia.
//!
//! - Raw HTML is allowed through the sanitizer only as safe markup: no scripts, no
//!   event handlers, no `javascript:` links, no `style`.
//! - Images are replaced by their alt text: a bulletin page must not fetch anything,
//!   so it can be attached to an email and read offline.
//! - Footnotes get ids unique to the article, so two articles' `[^1]` do not clash.
//! - ```` ```chart ```` blocks are cut out and returned, to be replaced by charts
//!   computed from the data (see `render::charts`).

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

#[derive(Clone, Debug)]
pub struct RenderedMarkdown {
    /// Sanitized HTML; chart `i` sits where [`chart_placeholder`]`(i)` is.
    pub html: String,
    pub charts: Vec<ChartBlock>,
}

/// Marks where chart `i` goes. Uses a private-use character that is stripped from
/// the input, so an article cannot forge one.
pub fn chart_placeholder(i: usize) -> String {
    format!("<p>{MARK}chart:{i}{MARK}</p>")
}

const MARK: char = '\u{E000}';

/// The Markdown articles are written in: CommonMark with tables, footnotes and
/// strikethrough (the Word file of an issue reads them with the same).
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders an article body starting at line `body_line` of its file; `id_prefix`
/// keeps its anchors apart from other articles' on the same page.
pub fn render(body: &str, body_line: usize, id_prefix: &str) -> RenderedMarkdown {
    let body = body.replace(MARK, "");
    let options = parser_options();
    let mut charts = Vec::new();
    let mut footnotes = Footnotes::default();
    let mut events = Vec::new();
    let mut in_chart: Option<(String, usize)> = None;
    let mut in_image = false;
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        if let Some((source, _)) = in_chart.as_mut() {
            match event {
                Event::Text(t) => source.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (source, line) = in_chart.take().expect("inside a chart block");
                    events.push(Event::Html(chart_placeholder(charts.len()).into()));
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
            Event::Start(Tag::Image { .. }) => {
                in_image = true;
                events.push(Event::Text("〔图片：".into()));
            }
            Event::End(TagEnd::Image) => {
                in_image = false;
                events.push(Event::Text("〕".into()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                events.push(Event::Html(format!("<{}>", shifted(level)).into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::Html(format!("</{}>", shifted(level)).into()));
            }
            Event::FootnoteReference(label) => {
                let n = footnotes.number(&label);
                events.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{id_prefix}fn-{n}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnotes.number(&label);
                events.push(Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"fn-{n}\"><sup>{n}</sup>")
                        .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => events.push(Event::Html("</div>".into())),
            other if in_image => {
                if let Event::Text(_) = other {
                    events.push(other);
                }
            }
            other => events.push(other),
        }
    }
    let mut raw = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    RenderedMarkdown {
        html: sanitize(&raw, id_prefix),
        charts,
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
mod tests {
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
    fn images_become_alt_text() {
        let r = render("![现场照片](http://example.com/a.png)\n", 1, "a1-");
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(!r.html.contains("example.com"), "{}", r.html);
        assert!(r.html.contains("〔图片：现场照片〕"), "{}", r.html);
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
        assert!(r.html.contains(&chart_placeholder(0)), "{}", r.html);
        assert!(r.html.contains("末段"));
    }

    #[test]
    fn placeholders_cannot_be_forged() {
        let forged = chart_placeholder(0).replace("<p>", "").replace("</p>", "");
        let r = render(&forged, 1, "a1-");
        assert!(!r.html.contains(&chart_placeholder(0)));
    }
}
