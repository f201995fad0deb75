//! What the body walker produces: blocks (paragraphs, tables) of inlines.

use super::tables::Table;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fmt {
    pub bold: bool,
    pub italic: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Inline {
    Text(String, Fmt),
    Break,
    /// Index into [`Walker::images`].
    Image(usize),
    /// 1-based footnote number.
    Note(usize),
    Link(String, Vec<Inline>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParaKind {
    Normal,
    Heading(u8),
    Item {
        ordered: bool,
        level: u8,
        number: u32,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Para {
    pub inlines: Vec<Inline>,
    pub kind: ParaKind,
    pub centred: bool,
    pub title_style: bool,
    /// Largest run size with visible text, in half-points.
    pub size: Option<u32>,
}

#[derive(Clone, Debug)]
pub(crate) enum Block {
    Para(Para),
    Table(Table),
}

/// A picture referenced by the document, once per package part.
#[derive(Clone, Debug)]
pub(crate) struct ImageRef {
    pub part: String,
    pub alt: Option<String>,
    /// The preview of an embedded OLE object (an Excel sheet, an equation).
    pub from_object: bool,
}

/// Appends text, merging with the previous run when the formatting is the same.
/// Line breaks and tabs inside `w:t` become spaces; other controls are dropped.
pub(crate) fn push_text(out: &mut Vec<Inline>, s: &str, fmt: Fmt) {
    let clean: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    if clean.is_empty() {
        return;
    }
    if let Some(Inline::Text(prev, f)) = out.last_mut() {
        if *f == fmt {
            prev.push_str(&clean);
            return;
        }
    }
    out.push(Inline::Text(clean, fmt));
}
