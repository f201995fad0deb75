//! The cells of one sheet as the importer keeps them: only rows that hold a
//! value, each up to its last value, with the sheet row each came from. The
//! [`Builder`] enforces the row, column, cell and text limits as cells arrive, so
//! no claim of the file (its "used range", a far stray cell) decides an
//! allocation.

use super::{
    cell_ref, Refusal, Value, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES, OTHER_ROWS,
};
use std::collections::BTreeMap;

/// The cells of one sheet.
pub struct Table {
    /// The sheet's name; empty for a CSV.
    pub sheet: String,
    /// The rows that hold a value, top to bottom; `rows[r][c]` is in sheet
    /// column `c`.
    pub rows: Vec<Vec<Value>>,
    /// The 0-based sheet row of each of `rows`.
    pub row_numbers: Vec<u32>,
    /// Lines for the user, e.g. "read 台账.csv as GB18030".
    pub notes: Vec<String>,
}

impl Table {
    /// `F10`-style reference of `rows[row][col]`.
    pub fn cell(&self, row: usize, col: usize) -> String {
        let sheet_row = self.row_numbers.get(row).copied().unwrap_or(row as u32);
        cell_ref(sheet_row, col as u32)
    }
}

/// Collects cells in any order, within the limits.
pub struct Builder {
    sheet: String,
    rows: BTreeMap<u32, Vec<Value>>,
    cells: usize,
    text: usize,
    /// Values right of [`MAX_COLUMNS`]: how many, and the first.
    beyond: (usize, Option<(u32, u32)>),
}

impl Builder {
    pub fn new(sheet: &str) -> Self {
        Builder {
            sheet: sheet.to_string(),
            rows: BTreeMap::new(),
            cells: 0,
            text: 0,
            beyond: (0, None),
        }
    }

    /// Keeps one cell; empty cells are dropped.
    pub fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), Refusal> {
        if value == Value::Empty {
            return Ok(());
        }
        if col >= MAX_COLUMNS {
            self.beyond.0 += 1;
            self.beyond.1.get_or_insert((row, col));
            return Ok(());
        }
        if let Value::Text(t) | Value::Error(t) = &value {
            self.text += t.len();
            if self.text > MAX_TEXT_BYTES {
                return Err(Refusal::too_large(format!(
                    "{}the cells hold more than {} MB of text; pv-bulletin imports sheets of up to {} MB. \
                     Delete the columns it does not need (notes, descriptions) and import it again",
                    self.sheet_prefix(),
                    MAX_TEXT_BYTES / 1024 / 1024,
                    MAX_TEXT_BYTES / 1024 / 1024
                )));
            }
        }
        if !self.rows.contains_key(&row) && self.rows.len() >= MAX_ROWS + OTHER_ROWS {
            return Err(Refusal::too_large(format!(
                "{}more than {} rows hold values (the row at {} is one too many); \
                 pv-bulletin imports at most {MAX_ROWS} rows from one sheet \
                 (and {OTHER_ROWS} title, header and total rows). \
                 Split it into several sheets or files and import them one after the other",
                self.sheet_prefix(),
                MAX_ROWS + OTHER_ROWS,
                cell_ref(row, col)
            )));
        }
        let cells = self.rows.entry(row).or_default();
        let col = col as usize;
        if col >= cells.len() {
            self.cells += col + 1 - cells.len();
            if self.cells > MAX_CELLS {
                return Err(Refusal::too_large(format!(
                    "{}more than {MAX_CELLS} cells (up to {}); pv-bulletin imports sheets of up to \
                     {MAX_ROWS} rows of about 40 columns. Delete the columns it does not need and import it again",
                    self.sheet_prefix(),
                    cell_ref(row, col as u32)
                )));
            }
            cells.resize(col + 1, Value::Empty);
        }
        cells[col] = value;
        Ok(())
    }

    fn sheet_prefix(&self) -> String {
        match self.sheet.as_str() {
            "" => String::new(),
            s => format!("sheet `{s}`: "),
        }
    }

    pub fn finish(self) -> Table {
        let mut notes = Vec::new();
        if let (n, Some((r, c))) = self.beyond {
            notes.push(format!(
                "{n} cell(s) right of column {} were not read (the first at {}): \
                 pv-bulletin reads the first {MAX_COLUMNS} columns",
                cell_ref(0, MAX_COLUMNS - 1).trim_end_matches('1'),
                cell_ref(r, c)
            ));
        }
        let (row_numbers, rows) = self.rows.into_iter().unzip();
        Table {
            sheet: self.sheet,
            rows,
            row_numbers,
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_cells_with_values_at_their_sheet_rows() {
        let mut b = Builder::new("台账");
        b.push(1_048_575, 0, Value::Text("far".into())).unwrap();
        b.push(0, 1, Value::Number(1.0)).unwrap();
        b.push(0, 0, Value::Empty).unwrap();
        b.push(1_048_575, 16_383, Value::Text("stray".into()))
            .unwrap();
        let t = b.finish();
        assert_eq!(t.row_numbers, vec![0, 1_048_575]);
        assert_eq!(t.rows[0], vec![Value::Empty, Value::Number(1.0)]);
        assert_eq!(t.rows[1], vec![Value::Text("far".into())]);
        assert_eq!(t.cell(1, 0), "A1048576");
        assert_eq!(t.notes.len(), 1);
        assert!(t.notes[0].contains("XFD1048576"), "{:?}", t.notes);
        assert!(t.notes[0].contains("AMJ"), "{:?}", t.notes);
    }

    #[test]
    fn refuses_past_the_row_limit() {
        let mut b = Builder::new("台账");
        for r in 0..(MAX_ROWS + OTHER_ROWS) as u32 {
            b.push(r * 2, 0, Value::Number(1.0)).unwrap();
        }
        let err = b.push(5, 0, Value::Number(1.0)).unwrap_err();
        assert!(err.message.contains("A6"), "{}", err.message);
        assert!(err.message.contains("200000"), "{}", err.message);
    }
}
