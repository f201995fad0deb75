//! XML text helpers. Every string from the data passes through `text`/`attr`, which
//! escape markup and drop characters XML 1.0 forbids (a stray control character
//! from a spreadsheet would otherwise make Word refuse the whole file), and the
//! bidirectional controls the pages drop too (they would reorder what a reader sees).

use super::model::{Emphasis, Inline};
use crate::format::is_bidi_control;

/// Characters XML 1.0 allows, less the bidi controls; Rust `char`s are never
/// surrogates.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..) && !is_bidi_control(c)
}

/// Escaped element content.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escaped attribute value (double-quoted); whitespace kept as character references.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// One `w:r` per line of `s`, with `w:br` between lines; tabs become spaces so data
/// cannot jump to tab stops. Always literal `w:t` text: never a field or a link.
pub(crate) fn run(out: &mut String, s: &str, style: Emphasis) {
    out.push_str("<w:r>");
    if style != Emphasis::default() {
        // In the schema's order: b, i, strike, vertAlign.
        out.push_str("<w:rPr>");
        if style.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if style.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if style.strike {
            out.push_str("<w:strike/>");
        }
        if style.superscript {
            out.push_str("<w:vertAlign w:val=\"superscript\"/>");
        }
        out.push_str("</w:rPr>");
    }
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        if !line.is_empty() {
            let line = line.replace('\t', " ");
            out.push_str("<w:t xml:space=\"preserve\">");
            out.push_str(&text(&line));
            out.push_str("</w:t>");
        }
    }
    out.push_str("</w:r>");
}

/// The runs of a list of inlines.
pub(crate) fn inlines(out: &mut String, items: &[Inline], base: Emphasis) {
    for item in items {
        match item {
            Inline::Run { text: t, style } => {
                let style = Emphasis {
                    bold: base.bold || style.bold,
                    italic: base.italic || style.italic,
                    strike: base.strike || style.strike,
                    superscript: base.superscript || style.superscript,
                };
                run(out, t, style);
            }
            Inline::LineBreak => out.push_str("<w:r><w:br/></w:r>"),
            Inline::Link { text: t, url } => run(out, &link_text(t, url), base),
        }
    }
}

/// A link as readable text: the URL follows in brackets unless it is an in-page
/// anchor or already the text.
fn link_text(label: &str, url: &str) -> String {
    if url.is_empty() || url.starts_with('#') || url == label {
        label.to_string()
    } else if label.is_empty() {
        url.to_string()
    } else {
        format!("{label}（{url}）")
    }
}

/// A paragraph with a style, optional extra `w:pPr` children (already in schema
/// order after `w:pStyle`) and its runs.
pub(crate) fn para(out: &mut String, style: &str, extra_ppr: &str, runs: &str) {
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"");
    out.push_str(style);
    out.push_str("\"/>");
    out.push_str(extra_ppr);
    out.push_str("</w:pPr>");
    out.push_str(runs);
    out.push_str("</w:p>");
}

/// A paragraph of one plain run.
pub(crate) fn para_text(out: &mut String, style: &str, extra_ppr: &str, s: &str) {
    let mut runs = String::new();
    run(&mut runs, s, Emphasis::default());
    para(out, style, extra_ppr, &runs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(text("a<b>&c\u{1}\u{FFFE}d"), "a&lt;b&gt;&amp;cd");
        assert_eq!(attr("\"x\"\n\u{0}"), "&quot;x&quot;&#10;");
    }

    #[test]
    fn links_are_text() {
        assert_eq!(
            link_text("国家能源局", "https://x.cn"),
            "国家能源局（https://x.cn）"
        );
        assert_eq!(link_text("第一篇", "#a1"), "第一篇");
    }

    #[test]
    fn newlines_become_breaks() {
        let mut s = String::new();
        run(&mut s, "a\nb\tc", Emphasis::default());
        assert_eq!(
            s,
            "<w:r><w:t xml:space=\"preserve\">a</w:t><w:br/><w:t xml:space=\"preserve\">b c</w:t></w:r>"
        );
    }
}
