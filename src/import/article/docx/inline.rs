//! Inlines → Markdown (or HTML inside merged-cell tables).
//!
//! Text is escaped so Word text stays literal: `\ ` * _ [ ] < > # | ~ &` everywhere,
//! and at a line start `-`, `+`, `=` and `1.`/`1)`. Bold/italic use `**`/`*` only
//! where CommonMark's flanking rules let them close — next to CJK punctuation
//! (`中文**“引号”**中文`) they would not, so `<strong>`/`<em>` are written instead.

use super::model::{Fmt, Inline};
use super::Image;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A paragraph: soft breaks become Markdown hard breaks (`\` + newline).
    Block,
    /// A heading: breaks become spaces.
    Heading,
    /// A pipe-table cell: breaks become `<br>`.
    Cell,
}

/// Rendering state shared by an article's blocks.
pub(crate) struct Render<'a> {
    pub images: &'a [Image],
    pub warnings: Vec<String>,
    pub tables: usize,
    /// Pictures met inside an HTML table, written after it as Markdown images.
    pub held_images: Vec<usize>,
}

impl<'a> Render<'a> {
    pub fn new(images: &'a [Image]) -> Self {
        Render {
            images,
            warnings: Vec::new(),
            tables: 0,
            held_images: Vec::new(),
        }
    }

    pub fn warn(&mut self, msg: &str) {
        if !self.warnings.iter().any(|w| w == msg) {
            self.warnings.push(msg.to_string());
        }
    }

    pub fn image_md(&self, i: usize) -> String {
        let img = &self.images[i];
        let mut alt = String::new();
        escape_into(&mut alt, &img.alt);
        format!("![{alt}](images/{})", img.file_name)
    }

    pub fn markdown(&self, inls: &[Inline], mode: Mode) -> String {
        let mut w = Writer {
            out: String::new(),
            mode,
            last: None,
            line_start: true,
            in_link: false,
        };
        self.md_inlines(inls, &mut w, None);
        let mut s = w.out;
        while s.ends_with("\\\n") {
            s.truncate(s.len() - 2);
        }
        s.truncate(s.trim_end().len());
        s
    }

    fn md_inlines(&self, inls: &[Inline], w: &mut Writer, after: Option<char>) {
        for (i, inl) in inls.iter().enumerate() {
            let next = inls.get(i + 1).map_or(after, |n| w.first_char(n));
            match inl {
                Inline::Text(t, fmt) => w.text(t, *fmt, next),
                Inline::Break => w.line_break(),
                Inline::Image(n) => w.raw(&self.image_md(*n), ')'),
                Inline::Note(n) => w.raw(&format!("[^{n}]"), ']'),
                Inline::Link(url, kids) => {
                    w.raw("[", '[');
                    let was = std::mem::replace(&mut w.in_link, true);
                    self.md_inlines(kids, w, Some(']'));
                    w.in_link = was;
                    w.raw(&format!("]({})", url_escape(url)), ')');
                }
            }
        }
    }

    /// HTML for a merged-cell table (inside an HTML block Markdown is not parsed).
    pub fn html(&mut self, inls: &[Inline]) -> String {
        let mut out = String::new();
        for inl in inls {
            match inl {
                Inline::Text(t, f) => {
                    let (open, close) = match (f.bold, f.italic) {
                        (true, true) => ("<strong><em>", "</em></strong>"),
                        (true, false) => ("<strong>", "</strong>"),
                        (false, true) => ("<em>", "</em>"),
                        (false, false) => ("", ""),
                    };
                    out.push_str(open);
                    out.push_str(&html_escape(t));
                    out.push_str(close);
                }
                Inline::Break => out.push_str("<br>"),
                Inline::Image(i) => {
                    self.held_images.push(*i);
                    self.warn("合并单元格表格中的图片已移到表格下方");
                }
                Inline::Note(n) => {
                    out.push_str(&format!("<sup>{n}</sup>"));
                    self.warn("合并单元格表格中的脚注标号无法链接到脚注，请核对");
                }
                Inline::Link(url, kids) => {
                    let inner = self.html(kids);
                    out.push_str(&format!("<a href=\"{}\">{inner}</a>", html_escape(url)));
                }
            }
        }
        out.trim_matches(is_indent).to_string()
    }
}

/// Indentation typed by hand: spaces, tabs, ideographic and no-break spaces.
pub(crate) fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
}

/// CommonMark delimiter rules with "nothing there" counted as whitespace.
fn can_open(first: char, prev: Option<char>) -> bool {
    !first.is_whitespace()
        && (!is_punct(first) || prev.is_none_or(|p| p.is_whitespace() || is_punct(p)))
}

fn can_close(last: char, next: Option<char>) -> bool {
    !last.is_whitespace()
        && (!is_punct(last) || next.is_none_or(|n| n.is_whitespace() || is_punct(n)))
}

struct Writer {
    out: String,
    mode: Mode,
    /// Last character written on this line; `None` at a line start.
    last: Option<char>,
    line_start: bool,
    in_link: bool,
}

impl Writer {
    /// The first character `inl` will write, for the flanking test of what precedes it.
    fn first_char(&self, inl: &Inline) -> Option<char> {
        match inl {
            Inline::Text(t, f) => {
                let c = t.chars().next();
                if *f == Fmt::default() || c.is_some_and(char::is_whitespace) {
                    c
                } else {
                    Some('*')
                }
            }
            Inline::Break if self.mode == Mode::Cell && !self.in_link => Some('<'),
            Inline::Break => None,
            Inline::Image(_) => Some('!'),
            Inline::Note(_) | Inline::Link(..) => Some('['),
        }
    }

    fn raw(&mut self, s: &str, last: char) {
        self.out.push_str(s);
        self.last = Some(last);
        self.line_start = false;
    }

    fn line_break(&mut self) {
        match self.mode {
            _ if self.in_link => self.plain(" "),
            Mode::Heading => self.plain(" "),
            Mode::Cell => self.raw("<br>", '>'),
            Mode::Block if self.line_start => {}
            Mode::Block => {
                let keep = self.out.trim_end_matches(is_indent).len();
                self.out.truncate(keep);
                self.out.push_str("\\\n");
                self.last = None;
                self.line_start = true;
            }
        }
    }

    fn text(&mut self, t: &str, fmt: Fmt, next: Option<char>) {
        let t = if self.line_start {
            t.trim_start_matches(is_indent)
        } else {
            t
        };
        if t.is_empty() {
            return;
        }
        let core = t.trim_matches(char::is_whitespace);
        if fmt == Fmt::default() || core.is_empty() {
            return self.plain(t);
        }
        let lead = &t[..t.len() - t.trim_start_matches(char::is_whitespace).len()];
        let trail = &t[lead.len() + core.len()..];
        self.plain(lead);
        let after = trail.chars().next().or(next);
        let (first, last) = (core.chars().next(), core.chars().last());
        let ok = self.last != Some('*')
            && first.is_some_and(|c| can_open(c, self.last))
            && last.is_some_and(|c| can_close(c, after));
        let (open, close) = match (fmt.bold, fmt.italic, ok) {
            (true, true, true) => ("***", "***"),
            (true, false, true) => ("**", "**"),
            (false, _, true) => ("*", "*"),
            (true, true, false) => ("<strong><em>", "</em></strong>"),
            (true, false, false) => ("<strong>", "</strong>"),
            (false, _, false) => ("<em>", "</em>"),
        };
        self.raw(open, '*');
        escape_into(&mut self.out, core);
        self.raw(close, if ok { '*' } else { '>' });
        self.plain(trail);
    }

    fn plain(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let mut rest = t;
        if self.line_start && self.mode == Mode::Block {
            rest = t.trim_start_matches(is_indent);
            if rest.is_empty() {
                return;
            }
            rest = escape_line_start(&mut self.out, rest);
        }
        escape_into(&mut self.out, rest);
        self.last = t.chars().last();
        self.line_start = false;
    }
}

/// Writes what would start a list, a setext underline or a thematic break at a
/// line start, escaped (`1.` only before a space: `1.5万` is no list); returns the rest.
fn escape_line_start<'t>(out: &mut String, t: &'t str) -> &'t str {
    if t.starts_with(['-', '+', '=']) {
        out.push('\\');
        return t;
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = t[digits..].chars().nth(1);
    if (1..=9).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && after.is_none_or(char::is_whitespace)
    {
        out.push_str(&t[..digits]);
        out.push('\\');
        return &t[digits..];
    }
    t
}

pub(crate) fn escape_into(out: &mut String, t: &str) {
    for c in t.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Keeps a URL inside `( )`: characters Markdown would end or escape on are %-encoded.
fn url_escape(u: &str) -> String {
    let mut s = String::with_capacity(u.len());
    for c in u.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '(' => s.push_str("%28"),
            ')' => s.push_str("%29"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            '\\' => s.push_str("%5C"),
            '`' => s.push_str("%60"),
            c => s.push(c),
        }
    }
    s
}

pub(crate) fn html_escape(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}
