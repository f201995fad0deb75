//! Word tables: a plain grid becomes a Markdown pipe table (first row = header);
//! merged cells (`gridSpan`, `vMerge`), `gridBefore` or a nested table make an
//! HTML `<table>` with `colspan`/`rowspan`, which pipe tables cannot express.

use super::body::Walker;
use super::inline::{Mode, Render};
use super::model::{Block, ParaKind};
use super::tags::{Attr, Tag};
use super::xml::Element;
use super::ReadError;
use std::collections::BTreeMap;

/// Spans beyond this are a broken or hostile file; Word allows 63 columns.
const MAX_SPAN: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Merge {
    No,
    Restart,
    Continue,
}

#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub blocks: Vec<Block>,
    pub span: usize,
    pub merge: Merge,
}

#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// Grid columns left empty before the first cell (`w:gridBefore`).
    pub before: usize,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    /// A one-cell table is a frame around text, not data: its content is the body.
    pub fn single_cell(&self) -> Option<&[Block]> {
        match self.rows.as_slice() {
            [row] if row.before == 0 && row.cells.len() == 1 => Some(&row.cells[0].blocks),
            _ => None,
        }
    }

    fn needs_html(&self) -> bool {
        self.rows.iter().any(|r| {
            r.before > 0
                || r.cells.iter().any(|c| {
                    c.span > 1
                        || c.merge != Merge::No
                        || c.blocks.iter().any(|b| matches!(b, Block::Table(_)))
                })
        })
    }
}

fn number(e: Option<&str>, default: usize) -> usize {
    e.and_then(|v| v.parse().ok()).unwrap_or(default)
}

impl Walker<'_> {
    pub(crate) fn table(&mut self, tbl: &Element) -> Result<Table, ReadError> {
        let mut table = Table::default();
        for tr in tbl.children().filter(|e| e.tag == Tag::Tr) {
            let trpr = tr.child(Tag::TrPr);
            if trpr.and_then(|p| p.child(Tag::RowDel)).is_some() {
                continue; // a deleted row of a tracked change
            }
            let before = number(trpr.and_then(|p| p.val(Tag::GridBefore)), 0).min(MAX_SPAN);
            let mut cells = Vec::new();
            for tc in tr.children().filter(|e| e.tag == Tag::Tc) {
                let tcpr = tc.child(Tag::TcPr);
                let span = number(tcpr.and_then(|p| p.val(Tag::GridSpan)), 1).clamp(1, MAX_SPAN);
                let merge = match tcpr.and_then(|p| p.child(Tag::VMerge)) {
                    None => Merge::No,
                    Some(v) if v.attr(Attr::Val) == Some("restart") => Merge::Restart,
                    Some(_) => Merge::Continue,
                };
                let mut blocks = Vec::new();
                self.walk_blocks(tc, &mut blocks)?;
                cells.push(Cell {
                    blocks,
                    span,
                    merge,
                });
            }
            table.rows.push(Row { before, cells });
        }
        Ok(table)
    }
}

/// Appends the table to `out` (no surrounding blank lines).
pub(crate) fn render_table(t: &Table, r: &mut Render, out: &mut String) {
    if t.rows.is_empty() {
        return;
    }
    r.tables += 1;
    if t.needs_html() {
        out.push_str(&html_table(t, r));
        for i in std::mem::take(&mut r.held_images) {
            out.push_str("\n\n");
            out.push_str(&r.image_md(i));
        }
    } else {
        pipe_table(t, r, out);
    }
}

fn pipe_table(t: &Table, r: &mut Render, out: &mut String) {
    let width = t
        .rows
        .iter()
        .map(|row| row.cells.len())
        .max()
        .unwrap_or(0)
        .max(1);
    for (i, row) in t.rows.iter().enumerate() {
        let mut line = String::from("|");
        for c in 0..width {
            let text = row.cells.get(c).map(|cell| cell_markdown(&cell.blocks, r));
            line.push(' ');
            line.push_str(text.as_deref().unwrap_or(""));
            line.push_str(" |");
        }
        out.push_str(&line);
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
}

/// Paragraphs of a cell on one line, joined by `<br>`; list items keep a marker.
fn cell_markdown(blocks: &[Block], r: &mut Render) -> String {
    let mut parts = Vec::new();
    for b in blocks {
        let Block::Para(p) = b else { continue };
        let text = r.markdown(&p.inlines, Mode::Cell);
        if text.is_empty() {
            continue;
        }
        parts.push(match p.kind {
            ParaKind::Item { ordered: false, .. } => format!("• {text}"),
            ParaKind::Item { number, .. } => format!("{number}. {text}"),
            _ => text,
        });
    }
    parts.join("<br>")
}

fn cell_html(blocks: &[Block], r: &mut Render) -> String {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                let text = r.html(&p.inlines);
                if !text.is_empty() {
                    parts.push(text);
                }
            }
            Block::Table(t) => {
                r.tables += 1;
                parts.push(html_table(t, r));
            }
        }
    }
    parts.join("<br>")
}

/// `rowspan` per cell: a `restart` cell grows by each `continue` cell found below
/// it in the same grid column; a `continue` with nothing above is an ordinary cell.
fn rowspans(t: &Table) -> Vec<Vec<Option<usize>>> {
    let mut spans: Vec<Vec<Option<usize>>> = Vec::with_capacity(t.rows.len());
    let mut open: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (ri, row) in t.rows.iter().enumerate() {
        let mut this = vec![Some(1); row.cells.len()];
        let mut still_open = BTreeMap::new();
        let mut col = row.before;
        for (ci, cell) in row.cells.iter().enumerate() {
            match (cell.merge, open.get(&col)) {
                (Merge::Continue, Some(&(r0, c0))) => {
                    if let Some(Some(n)) = spans.get_mut(r0).and_then(|r| r.get_mut(c0)) {
                        *n += 1;
                    }
                    this[ci] = None;
                    still_open.insert(col, (r0, c0));
                }
                (Merge::Restart | Merge::Continue, _) => {
                    still_open.insert(col, (ri, ci));
                }
                (Merge::No, _) => {}
            }
            col += cell.span;
        }
        open = still_open;
        spans.push(this);
    }
    spans
}

fn html_table(t: &Table, r: &mut Render) -> String {
    let spans = rowspans(t);
    let mut s = String::from("<table><tbody>");
    for (ri, row) in t.rows.iter().enumerate() {
        let tag = if ri == 0 { "th" } else { "td" };
        s.push_str("\n<tr>");
        if row.before > 0 {
            s.push_str(&format!("<td colspan=\"{}\"></td>", row.before));
        }
        for (ci, cell) in row.cells.iter().enumerate() {
            let Some(rowspan) = spans[ri][ci] else {
                continue;
            };
            s.push('<');
            s.push_str(tag);
            if cell.span > 1 {
                s.push_str(&format!(" colspan=\"{}\"", cell.span));
            }
            if rowspan > 1 {
                s.push_str(&format!(" rowspan=\"{rowspan}\""));
            }
            s.push('>');
            s.push_str(&cell_html(&cell.blocks, r));
            s.push_str(&format!("</{tag}>"));
        }
        s.push_str("</tr>");
    }
    s.push_str("\n</tbody></table>");
    s
}
