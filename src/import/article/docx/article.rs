//! The article's Markdown: blocks after [`detect`](super::detect) has taken out
//! the title and source line and marked hand-numbered headings; lists nest by
//! Word level; footnote definitions go at the end.

use super::detect::{mark_hand_headings, normalise_heading_levels, take_author, take_title};
use super::inline::{is_indent, Mode, Render};
use super::model::{Block, Fmt, Inline, Para, ParaKind};
use super::tables::render_table;
use super::{ErrorKind, Image, ReadError, Stats, Title};

pub(crate) struct Assembled {
    pub title: Option<Title>,
    pub author: Option<String>,
    pub markdown: String,
    pub stats: Stats,
}

pub(crate) fn assemble(
    mut blocks: Vec<Block>,
    notes: Vec<Vec<Block>>,
    images: &[Image],
    warnings: &mut Vec<String>,
) -> Result<Assembled, ReadError> {
    blocks.retain(|b| !matches!(b, Block::Para(p) if is_blank(p)));
    let title = take_title(&mut blocks);
    let author = take_author(&mut blocks);
    mark_hand_headings(&mut blocks);
    normalise_heading_levels(&mut blocks);

    let mut r = Render::new(images);
    let mut stats = Stats::default();
    let mut md = String::new();
    write_blocks(&blocks, &mut r, &mut stats, &mut md);
    if stats.paragraphs + stats.headings + r.tables == 0 && !md.contains("![") {
        return Err(ReadError::new(
            ErrorKind::Empty,
            "文档没有正文（empty document）：除标题和供稿单位外没有找到文字、表格或图片",
        ));
    }
    write_notes(&notes, &mut r, &mut md);
    stats.tables = r.tables;
    stats.images = images.len();
    stats.footnotes = notes.len();
    warnings.append(&mut r.warnings);
    md.push('\n');
    Ok(Assembled {
        title,
        author,
        markdown: md,
        stats,
    })
}

fn is_blank(p: &Para) -> bool {
    p.inlines.iter().all(|i| match i {
        Inline::Text(t, _) => t.chars().all(|c| c.is_whitespace() || is_indent(c)),
        Inline::Break => true,
        _ => false,
    })
}

fn write_blocks(blocks: &[Block], r: &mut Render, stats: &mut Stats, md: &mut String) {
    // Open list levels: (Word level, indentation of the item's content).
    let mut list: Vec<(u8, usize)> = Vec::new();
    for b in blocks {
        let item = matches!(
            b,
            Block::Para(Para {
                kind: ParaKind::Item { .. },
                ..
            })
        );
        if !md.is_empty() {
            md.push_str(if item && !list.is_empty() {
                "\n"
            } else {
                "\n\n"
            });
        }
        if !item {
            list.clear();
        }
        match b {
            Block::Table(t) => match t.single_cell() {
                Some(inner) => write_blocks(inner, r, stats, md),
                None => render_table(t, r, md),
            },
            Block::Para(p) => write_para(p, r, stats, md, &mut list),
        }
    }
}

fn write_para(
    p: &Para,
    r: &mut Render,
    stats: &mut Stats,
    md: &mut String,
    list: &mut Vec<(u8, usize)>,
) {
    match p.kind {
        ParaKind::Normal => {
            // A paragraph holding only pictures counts as pictures, not text.
            stats.paragraphs += usize::from(has_text(&p.inlines));
            md.push_str(&r.markdown(&p.inlines, Mode::Block));
        }
        ParaKind::Heading(level) => {
            stats.headings += 1;
            md.push_str(&"#".repeat(level.into()));
            md.push(' ');
            md.push_str(&r.markdown(&unbolded(&p.inlines), Mode::Heading));
        }
        ParaKind::Item {
            ordered,
            level,
            number,
        } => {
            stats.paragraphs += 1;
            while list.last().is_some_and(|(l, _)| *l >= level) {
                list.pop();
            }
            let indent = list.last().map_or(0, |(_, w)| *w);
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "- ".into()
            };
            list.push((level, indent + marker.len()));
            let pad = " ".repeat(indent + marker.len());
            let body = r
                .markdown(&p.inlines, Mode::Block)
                .replace('\n', &format!("\n{pad}"));
            md.push_str(&" ".repeat(indent));
            md.push_str(&marker);
            md.push_str(&body);
        }
    }
}

fn has_text(inls: &[Inline]) -> bool {
    inls.iter().any(|i| match i {
        Inline::Text(t, _) => !t.trim().is_empty(),
        Inline::Link(_, kids) => has_text(kids),
        _ => false,
    })
}

/// A heading set all in bold needs no `**` of its own.
fn unbolded(inls: &[Inline]) -> Vec<Inline> {
    let all_bold = inls
        .iter()
        .all(|i| !matches!(i, Inline::Text(_, f) if !f.bold));
    if !all_bold {
        return inls.to_vec();
    }
    inls.iter()
        .map(|i| match i {
            Inline::Text(t, f) => Inline::Text(t.clone(), Fmt { bold: false, ..*f }),
            other => other.clone(),
        })
        .collect()
}

/// `[^n]: …` definitions; further paragraphs of a note are indented continuations.
fn write_notes(notes: &[Vec<Block>], r: &mut Render, md: &mut String) {
    for (i, note) in notes.iter().enumerate() {
        let paras: Vec<String> = note
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(r.markdown(&p.inlines, Mode::Block)),
                Block::Table(_) => None,
            })
            .filter(|t| !t.is_empty())
            .collect();
        md.push_str(&format!("\n\n[^{}]: ", i + 1));
        md.push_str(
            &paras
                .join("\n\n")
                .replace('\n', "\n    ")
                .replace("\n    \n", "\n\n"),
        );
    }
}
