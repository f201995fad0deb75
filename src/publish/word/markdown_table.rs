//! A Markdown table as a Word table: the header row repeated on every page, the
//! columns as wide as their widest text (within bounds) and aligned as the Markdown
//! says — or, unsaid, numbers right and text left.

use super::article::TableState;
use crate::publish::docx::{Align, Row, Table, TableColumn};
use pulldown_cmark::Alignment;
use unicode_width::UnicodeWidthStr;

/// Tables this short are kept on one page.
const KEEP_TOGETHER_ROWS: usize = 15;

pub(super) fn markdown_table(t: TableState) -> Table {
    let columns = t
        .aligns
        .len()
        .max(t.header.len())
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let fit = |mut cells: Vec<String>| {
        cells.resize(columns, String::new());
        cells
    };
    let header = fit(t.header);
    let rows: Vec<Vec<String>> = t.rows.into_iter().map(fit).collect();
    let table_columns = (0..columns)
        .map(|i| {
            let widest = std::iter::once(&header[i])
                .chain(rows.iter().map(|r| &r[i]))
                .map(|s| s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0))
                .max()
                .unwrap_or(0);
            let align = match t.aligns.get(i) {
                Some(Alignment::Left) => Align::Left,
                Some(Alignment::Center) => Align::Center,
                Some(Alignment::Right) => Align::Right,
                _ if rows.iter().all(|r| is_figure(&r[i])) => Align::Right,
                _ => Align::Left,
            };
            // Half-width units, between four and thirty: no column vanishes or
            // takes the page.
            TableColumn::new(widest.clamp(4, 30) as f64, align)
        })
        .collect();
    Table {
        title: None,
        columns: table_columns,
        header: vec![Row::of(header)],
        keep_together: rows.len() <= KEEP_TOGETHER_ROWS,
        rows: rows.into_iter().map(Row::of).collect(),
        note: None,
    }
}

/// A figure as tables write them: digits with separators, a sign, a unit
/// symbol, or a dash for none (but not an empty cell alone).
fn is_figure(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit() || c == '—')
        && s.chars()
            .all(|c| c.is_ascii_digit() || ",.%+-−—‰ ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_right_text_left_widths_by_content() {
        let t = TableState {
            aligns: vec![Alignment::None, Alignment::None, Alignment::Center],
            header: vec!["县（区）".into(), "装机（千瓦）".into(), "备注".into()],
            rows: vec![
                vec!["南溪县".into(), "1,234.5".into(), "好".into()],
                vec!["北川区".into(), "—".into()],
            ],
            in_head: false,
        };
        let table = markdown_table(t);
        let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
        assert_eq!(aligns, [Align::Left, Align::Right, Align::Center]);
        assert_eq!(
            table.columns[1].weight, 12.0,
            "装机（千瓦） is 12 half-widths"
        );
        assert_eq!(table.rows[1].cells.len(), 3, "short rows are padded");
        assert!(table.keep_together);
        assert!(is_figure("-12.5%") && is_figure("—") && !is_figure("") && !is_figure("12户"));
    }
}
