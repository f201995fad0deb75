//! Escaping for text placed in HTML or SVG built in Rust (templates escape through
//! tera).

/// Text for HTML or SVG: the five characters that could open markup or end an
/// attribute, and no bidi controls (see `bidi`). (Templates escape through
/// tera with the same rule; this is for HTML built in Rust.)
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if super::bidi::is_bidi_control(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
