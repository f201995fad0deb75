//! Splits a Markdown article into its YAML front matter and body.

/// The two parts of an article file and where the body starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub body: &'a str,
    /// 1-based line number of the first body line.
    pub body_line: usize,
}

/// Expects the file to open with a `---` line and close the front matter with another.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            "an article must start with a `---` line opening its YAML front matter \
                    (column, title, optional author and order)"
                .into(),
        );
    }
    let after_open = (first_end + 1).min(text.len());
    let mut offset = after_open;
    // The front matter starts on line 2, after the opening `---`.
    for (line, raw) in (2..).zip(text[after_open..].split_inclusive('\n')) {
        if raw.trim_end() == "---" {
            let body_start = offset + raw.len();
            return Ok(Split {
                front_matter: &text[after_open..offset],
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err("the front matter is not closed: add a `---` line after it".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ncolumn: a\ntitle: b\n---\nBody\n").unwrap();
        assert_eq!(s.front_matter, "column: a\ntitle: b\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn rejects_missing_or_unclosed() {
        assert!(split("Body only").is_err());
        assert!(split("---\ncolumn: a\n").is_err());
    }

    #[test]
    fn handles_crlf_and_bom() {
        let s = split("\u{feff}---\r\ncolumn: a\r\n---\r\nBody").unwrap();
        assert_eq!(s.body, "Body");
    }
}
