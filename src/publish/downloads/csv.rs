//! The downloads as spreadsheets, in two forms written side by side from the same
//! rows: CSV that opens correctly in Excel on Chinese Windows (UTF-8 with a
//! byte-order mark, CRLF line ends, RFC 4180 quoting by the `csv` crate), and
//! `.xlsx` with numeric
//! cells, number formats, a frozen header row and column widths
//! (rust_xlsxwriter, streaming rows to a temporary file so a 720,000-row sheet
//! does not sit in memory).

use crate::model::Decimal;
use anyhow::{anyhow, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// Excel's row limit, header included; longer downloads continue on further sheets.
const MAX_SHEET_ROWS: u32 = 1_048_576;

/// One cell: numbers are written as they are; text is quoted when needed and
/// defused when it would start a spreadsheet formula (CSV injection).
pub enum Cell {
    Text(String),
    /// A value (or an empty cell) and the decimal places to show: the CSV has
    /// it rounded half up to those places, the `.xlsx` cell the exact value with
    /// a format showing those places.
    Number(Option<Decimal>, usize),
}

impl Cell {
    pub fn text(s: impl ToString) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A number with up to `decimals` places, no thousands separators in the CSV.
    pub fn number(v: impl Into<Decimal>, decimals: usize) -> Cell {
        Cell::Number(Some(v.into()), decimals)
    }

    pub fn optional(v: Option<impl Into<Decimal>>, decimals: usize) -> Cell {
        Cell::Number(v.map(Into::into), decimals)
    }
}

pub struct Csv {
    out: csv::Writer<Vec<u8>>,
    /// One number's text at a time (a download writes millions of them).
    number: String,
    book: Workbook,
    sheet_name: String,
    header: Vec<String>,
    /// Rows written on the current sheet, header included.
    rows: u32,
    sheets: usize,
    /// Widest cell of each column so far, in Excel character widths.
    widths: Vec<usize>,
    formats: [Format; 3],
    error: Option<String>,
}

impl Csv {
    #[cfg(test)]
    pub fn new<S: AsRef<str>>(header: &[S]) -> Csv {
        Csv::named("数据", header)
    }

    /// A download whose `.xlsx` sheet is called `sheet_name`.
    pub fn named<S: AsRef<str>>(sheet_name: &str, header: &[S]) -> Csv {
        let header: Vec<String> = header.iter().map(|h| h.as_ref().to_string()).collect();
        let mut book = Workbook::new();
        // Compressing the sheet's XML was half the time of the 720,000-row
        // quarterly download at level 6 (the default); level 2 takes 0.57 of that
        // for a file about 1.1 times the size (rust_xlsxwriter's own measurements).
        book.set_zip_compression_level(2);
        // A fixed creation date keeps the file byte-identical from build to build.
        if let Ok(date) = ExcelDateTime::from_ymd(2000, 1, 1) {
            book.set_properties(&DocProperties::new().set_creation_datetime(&date));
        }
        // UTF-8 with a byte-order mark and CRLF line ends: what Excel on Chinese
        // Windows opens as UTF-8.
        let out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer("\u{feff}".as_bytes().to_vec());
        let mut csv = Csv {
            out,
            number: String::new(),
            book,
            sheet_name: sheet_name.to_string(),
            header: header.clone(),
            rows: 0,
            sheets: 0,
            widths: vec![0; header.len()],
            formats: [
                Format::new().set_num_format("#,##0"),
                Format::new().set_num_format("#,##0.0"),
                Format::new().set_num_format("#,##0.00"),
            ],
            error: None,
        };
        csv.csv_row(header.iter().map(Cell::text).collect::<Vec<_>>().as_slice());
        csv.start_sheet();
        csv
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.csv_row(&cells);
        if self.rows >= MAX_SHEET_ROWS {
            self.finish_sheet();
            self.start_sheet();
        }
        let row = self.rows;
        self.rows += 1;
        for (col, cell) in cells.iter().enumerate() {
            self.write_cell(row, col, cell);
        }
    }

    fn csv_row(&mut self, cells: &[Cell]) {
        for cell in cells {
            let result = match cell {
                Cell::Number(Some(v), d) => {
                    self.number.clear();
                    crate::format::push_plain(&mut self.number, *v, *d);
                    self.out.write_field(&self.number)
                }
                Cell::Number(None, _) => self.out.write_field(""),
                Cell::Text(t) => self.out.write_field(defused(t).as_ref()),
            };
            self.keep_csv_error(result);
        }
        let end = self.out.write_record(None::<&[u8]>);
        self.keep_csv_error(end);
    }

    fn keep_csv_error(&mut self, result: csv::Result<()>) {
        if let (Err(e), None) = (result, &self.error) {
            self.error = Some(e.to_string());
        }
    }

    fn start_sheet(&mut self) {
        self.sheets += 1;
        let name = match self.sheets {
            1 => self.sheet_name.clone(),
            n => format!("{}{n}", self.sheet_name),
        };
        let header = self.header.clone();
        let bold = Format::new().set_bold();
        let result = self
            .book
            .add_worksheet_with_constant_memory()
            .and_then(|sheet| {
                sheet.set_name(&name)?;
                sheet.set_freeze_panes(1, 0)?;
                for (col, h) in header.iter().enumerate() {
                    sheet.write_string_with_format(0, col as u16, h, &bold)?;
                }
                Ok(())
            });
        self.keep_error(result);
        for (col, h) in header.iter().enumerate() {
            self.widths[col] = self.widths[col].max(crate::format::display_width(h));
        }
        self.rows = 1;
    }

    fn write_cell(&mut self, row: u32, col: usize, cell: &Cell) {
        let index = self.sheets - 1;
        let result = self.book.worksheet_from_index(index).and_then(|sheet| {
            match cell {
                Cell::Text(t) if !t.is_empty() => {
                    sheet.write_string(row, col as u16, t)?;
                }
                Cell::Number(Some(v), d) => {
                    sheet.write_number_with_format(
                        row,
                        col as u16,
                        rust_decimal::prelude::ToPrimitive::to_f64(v).unwrap_or_default(),
                        &self.formats[(*d).min(2)],
                    )?;
                }
                _ => {}
            }
            Ok(())
        });
        let width = match cell {
            Cell::Text(t) => crate::format::display_width(t),
            Cell::Number(Some(v), d) => crate::format::grouped_len(*v, *d),
            Cell::Number(None, _) => 0,
        };
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(width);
        }
        self.keep_error(result);
    }

    /// Column widths go on each sheet as it is finished.
    fn finish_sheet(&mut self) {
        let widths = self.widths.clone();
        let result = self
            .book
            .worksheet_from_index(self.sheets - 1)
            .and_then(|sheet| {
                for (col, w) in widths.iter().enumerate() {
                    sheet.set_column_width(col as u16, (*w as f64 + 2.0).min(50.0))?;
                }
                Ok(())
            });
        self.keep_error(result);
    }

    fn keep_error(&mut self, result: Result<(), rust_xlsxwriter::XlsxError>) {
        if let (Err(e), None) = (result, &self.error) {
            self.error = Some(e.to_string());
        }
    }

    /// The CSV bytes only.
    #[cfg(test)]
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_inner().unwrap_or_default()
    }

    /// The CSV and the `.xlsx` bytes.
    pub fn into_both(mut self) -> Result<(Vec<u8>, Vec<u8>)> {
        self.finish_sheet();
        if let Some(e) = self.error.take() {
            return Err(anyhow!("cannot write the .xlsx download: {e}"));
        }
        let xlsx = crate::format::xlsx::save(&mut self.book)
            .map_err(|e| anyhow!("cannot write the .xlsx download: {e:#}"))?;
        let csv = self
            .out
            .into_inner()
            .map_err(|e| anyhow!("cannot write the CSV download: {e}"))?;
        Ok((csv, xlsx))
    }
}

/// `text`, with a quote mark in front when it would start a spreadsheet formula:
/// a leading = + - @ (or tab/CR) makes Excel evaluate the cell (CSV injection).
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_quoting() {
        let mut csv = Csv::new(&["名称", "容量"]);
        csv.row(vec![
            Cell::text("甲,乙\"丙\""),
            Cell::number(crate::model::number::dec("187.2"), 1),
        ]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(text, "\u{feff}名称,容量\r\n\"甲,乙\"\"丙\"\"\",187.2\r\n");
    }

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        let mut csv = Csv::new(&["a"]);
        csv.row(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::number(-5, 0)]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\",-5\r\n"), "{text}");
    }

    #[test]
    fn the_xlsx_twin_has_numbers_as_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let mut csv = Csv::named("电站", &["名称", "容量（千瓦）"]);
        csv.row(vec![
            Cell::text("=1+1"),
            Cell::number(crate::model::number::dec("187.2"), 1),
        ]);
        csv.row(vec![Cell::text("乙"), Cell::optional(None::<Decimal>, 0)]);
        let (_, xlsx) = csv.into_both().unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let range = book.worksheet_range("电站").unwrap();
        assert_eq!(
            range.get((0, 1)),
            Some(&Data::String("容量（千瓦）".into()))
        );
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("=1+1".into())),
            "text, not a formula"
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(187.2)));
        assert!(matches!(range.get((2, 1)), None | Some(Data::Empty)));
    }
}
