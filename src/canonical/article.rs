//! Article files as pv-bulletin writes them (`import article`): a `---` front
//! matter with `column`, `title` and, when known, `author`, then the Markdown body.
//! The values go through serde_yaml, so a title with `: `, `#` or quotes stays a
//! string; each is one line, so nothing in it can close the front matter.

use serde::Serialize;

#[derive(Serialize)]
struct FrontMatter<'a> {
    column: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
}

/// Whitespace runs (line breaks, full-width spaces) as one space, trimmed.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an article file.
pub fn article(column: &str, title: &str, author: Option<&str>, body: &str) -> String {
    let (column, title) = (one_line(column), one_line(title));
    let author = author.map(one_line).filter(|a| !a.is_empty());
    let front = FrontMatter {
        column: &column,
        title: &title,
        author: author.as_deref(),
    };
    let yaml = serde_yaml::to_string(&front).expect("a struct of strings serializes");
    let mut text = format!("---\n{yaml}---\n{body}");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_author_is_left_out() {
        let text = article("领导重视", "标题", None, "正文");
        assert_eq!(text, "---\ncolumn: 领导重视\ntitle: 标题\n---\n正文\n");
        assert!(!article("a", "b", Some(" \u{3000}"), "c").contains("author"));
    }
}
