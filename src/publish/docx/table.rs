//! Tables that fit the 版心. Both the table width (`w:tblW`, which Word uses) and every
//! column width (`w:gridCol` and each cell's `w:tcW`, which WPS uses) are written in
//! dxa, with a fixed layout; header rows repeat (`w:tblHeader`), rows never split
//! (`w:cantSplit`). Cell text is always literal `w:t`: `=SUM(A1)` stays text.

use super::body::jc;
use super::model::Emphasis;
use super::model::{Align, Cell, Row, Table, VMerge};
use super::page::Geometry;
use super::xml;
use super::DocxError;

/// Column widths in twips from relative weights, summing exactly to `total`.
pub(crate) fn column_widths(weights: &[f64], total: i64) -> Result<Vec<i64>, DocxError> {
    if weights.is_empty() {
        return Err(DocxError::Table("a table needs at least one column".into()));
    }
    if weights.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        return Err(DocxError::Table("column weights must be positive".into()));
    }
    let sum: f64 = weights.iter().sum();
    let mut widths: Vec<i64> = weights
        .iter()
        .map(|w| (w / sum * total as f64).floor() as i64)
        .collect();
    let used: i64 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += total - used;
    }
    Ok(widths)
}

pub(crate) fn table(out: &mut String, t: &Table, g: &Geometry) -> Result<(), DocxError> {
    let weights: Vec<f64> = t.columns.iter().map(|c| c.weight).collect();
    let widths = column_widths(&weights, g.table_w)?;
    if let Some(title) = &t.title {
        xml::para_text(out, "TableCaption", "", title);
    }
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        g.table_w,
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    ));
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let total = t.header.len() + t.rows.len();
    let all = t
        .header
        .iter()
        .map(|r| (r, true))
        .chain(t.rows.iter().map(|r| (r, false)));
    for (i, (row, header)) in all.enumerate() {
        let keep = t.keep_together && i + 1 < total;
        let layout = Layout {
            t,
            widths: &widths,
            char: g.table_char,
        };
        row_xml(out, row, header, keep, &layout).map_err(|e| match e {
            DocxError::Table(m) => DocxError::Table(format!("row {}: {m}", i + 1)),
            e => e,
        })?;
    }
    out.push_str("</w:tbl>");
    if let Some(note) = &t.note {
        xml::para_text(out, "TableNote", "", note);
    }
    Ok(())
}

/// A table with its column widths and one table character, in twips.
struct Layout<'a> {
    t: &'a Table,
    widths: &'a [i64],
    char: i64,
}

fn row_xml(
    out: &mut String,
    row: &Row,
    header: bool,
    keep: bool,
    layout: &Layout,
) -> Result<(), DocxError> {
    let (t, widths) = (layout.t, layout.widths);
    let spans: usize = row.cells.iter().map(|c| usize::from(c.span.max(1))).sum();
    if spans != widths.len() {
        return Err(DocxError::Table(format!(
            "cells span {spans} columns, the table has {}",
            widths.len()
        )));
    }
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
    let mut col = 0;
    for cell in &row.cells {
        let span = usize::from(cell.span.max(1));
        let width: i64 = widths[col..col + span].iter().sum();
        let align = cell.align.unwrap_or(if header {
            Align::Center
        } else {
            t.columns[col].align
        });
        cell_xml(out, cell, (width, layout.char), header, keep, align);
        col += span;
    }
    out.push_str("</w:tr>");
    Ok(())
}

/// One cell; `(width, char)`: its width and one table character, in twips.
fn cell_xml(
    out: &mut String,
    cell: &Cell,
    (width, char): (i64, i64),
    header: bool,
    keep: bool,
    align: Align,
) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if cell.span > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.span));
    }
    match cell.merge {
        VMerge::None => {}
        VMerge::Restart => out.push_str("<w:vMerge w:val=\"restart\"/>"),
        VMerge::Continue => out.push_str("<w:vMerge/>"),
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    let indent = match cell.indent {
        0 => String::new(),
        n => format!(
            "<w:ind w:left=\"{}\" w:leftChars=\"{}\"/>",
            i64::from(n) * char,
            u32::from(n) * 100
        ),
    };
    let ppr = format!(
        "{}{indent}<w:jc w:val=\"{}\"/>",
        if keep { "<w:keepNext/>" } else { "" },
        jc(align)
    );
    let mut runs = String::new();
    if cell.merge != VMerge::Continue {
        let style = Emphasis {
            bold: cell.bold,
            ..Emphasis::default()
        };
        xml::run(&mut runs, &cell.text, style);
    }
    xml::para(
        out,
        if header { "TableHeader" } else { "TableText" },
        &ppr,
        &runs,
    );
    out.push_str("</w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_sum_to_the_table_width() {
        let w = column_widths(&[1.0, 2.0, 1.3, 0.7, 1.0, 1.1, 1.0], 8844).unwrap();
        assert_eq!(w.iter().sum::<i64>(), 8844);
        assert!(w.iter().all(|x| *x > 0));
        assert!(column_widths(&[], 8844).is_err());
        assert!(column_widths(&[1.0, f64::NAN], 8844).is_err());
    }
}
