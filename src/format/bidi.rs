//! Bidirectional-text controls in user text. A right-to-left override (U+202E)
//! in a station name reverses everything after it up to the end of its
//! paragraph; in the body that is the name's own element, but a `<title>`, an
//! attribute (a tooltip, an `alt`), a feed entry or any other plain-text context
//! has no element to end it, and the rest of the line reads backwards. The data
//! is Chinese text, which needs none of these controls, so they are dropped from
//! every escaped value (templates, HTML built in Rust, feeds): one rule for
//! every context.

use std::borrow::Cow;

/// The explicit bidi formatting characters: embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069) and the marks (U+200E, U+200F,
/// U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// `text` without bidi controls (borrowed when it has none, as almost all text).
pub fn strip_bidi(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        Cow::Owned(text.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// The escape function of the page templates: tera's own HTML escaping (so
/// output stays byte for byte what it was) of the text without bidi controls.
pub fn escape_for_templates(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    tera::escape_html(&strip_bidi(text), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_isolates_are_dropped_and_plain_text_borrowed() {
        assert_eq!(strip_bidi("一号\u{202E}站点\u{2066}x\u{2069}"), "一号站点x");
        assert!(matches!(strip_bidi("五里社区"), Cow::Borrowed(_)));
        let mut out = Vec::new();
        escape_for_templates("<a>\u{202E}\"'&", &mut out).unwrap();
        let mut tera_own = Vec::new();
        tera::escape_html("<a>\"'&", &mut tera_own).unwrap();
        assert_eq!(out, tera_own);
    }
}
