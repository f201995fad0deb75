//! What sanitized article HTML may carry, shared by the targets that render
//! Markdown (`markdown`, `import_article`).

const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "input",
    "button", "textarea", "select", "link", "meta", "base", "svg", "math",
];

/// Every `<` in sanitized output opens a tag (text is escaped): each tag's name
/// and attributes (quoted values honoured) are checked.
pub fn check(html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let (tag, attrs, len) = parse_tag(after);
        rest = &after[len..];
        assert!(!FORBIDDEN_TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
        for (name, value) in attrs {
            assert!(!name.starts_with("on"), "handler {name}={value} in {html}");
            assert!(name != "style", "style in {html}");
            let value: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:"] {
                assert!(!value.starts_with(scheme), "{name}={value} in {html}");
            }
            // An embedded photo is the only data: URL, and only a PNG or JPEG.
            let photo = tag == "img"
                && name == "src"
                && ["data:image/png;base64,", "data:image/jpeg;base64,"]
                    .iter()
                    .any(|p| value.starts_with(p));
            assert!(!value.starts_with("data:") || photo, "{name}={value} in {html}");
        }
    }
}

/// A tag's lower-case name and attributes, and the bytes it spans.
fn parse_tag(s: &str) -> (String, Vec<(String, String)>, usize) {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    if chars.first().map(|c| c.1) == Some('/') {
        i = 1;
    }
    let mut name = String::new();
    while let Some(&(_, c)) = chars.get(i) {
        if c.is_whitespace() || c == '>' || c == '/' {
            break;
        }
        name.push(c.to_ascii_lowercase());
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while chars.get(i).is_some_and(|c| c.1.is_whitespace() || c.1 == '/') {
            i += 1;
        }
        match chars.get(i) {
            None => return (name, attrs, s.len()),
            Some(&(at, '>')) => return (name, attrs, at + 1),
            _ => {}
        }
        let mut attr = String::new();
        while let Some(&(_, c)) = chars.get(i) {
            if c.is_whitespace() || c == '=' || c == '>' || c == '/' {
                break;
            }
            attr.push(c.to_ascii_lowercase());
            i += 1;
        }
        let mut value = String::new();
        if chars.get(i).map(|c| c.1) == Some('=') {
            i += 1;
            match chars.get(i).map(|c| c.1) {
                Some(q @ ('"' | '\'')) => {
                    i += 1;
                    while let Some(&(_, c)) = chars.get(i) {
                        i += 1;
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.get(i) {
                        if c.is_whitespace() || c == '>' {
                            break;
                        }
                        value.push(c);
                        i += 1;
                    }
                }
            }
        }
        if attr.is_empty() && value.is_empty() {
            i += 1; // a stray character
        }
        attrs.push((attr, value));
    }
}
