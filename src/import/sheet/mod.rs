//! Reading a spreadsheet into rows of cells: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`,
//! `.ods` through calamine, `.csv` through the csv crate in UTF-8 (with or without
//! BOM) or GB18030 (what Excel saves on Chinese Windows), decoded with encoding_rs.
//!
//! Spreadsheets are hostile until parsed, so memory and time are bounded by what
//! the file really holds, never by what it claims:
//! - the file size is checked before it is read;
//! - a zip (`.xlsx`, `.xlsb`, `.ods`) is inflated once through a counting reader
//!   that stops at the limit, whatever its headers declare ([`zipped`]);
//! - `.xlsx`/`.xlsb` sheets are read cell by cell, keeping only the cells that
//!   hold something ([`table::Builder`]), so a stray cell at XFD1048576 costs one
//!   cell, not a 16,384 × 1,048,576 grid;
//! - `.xls` and `.ods`, which calamine reads into whole grids, are measured first
//!   ([`grid`]) and refused when that grid would be too large.

mod csv;
mod grid;
mod lock;
mod table;
mod workbook;
mod zipped;

use crate::diagnostics::Code;
use std::path::Path;

pub use table::Table;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The unpacked content of a zipped workbook may not exceed this (zip bombs),
/// counted while inflating.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// The shared strings of a workbook (read whole by calamine) may not unpack to
/// more than this; a 200,000-row ledger of unique names needs about 40 MB.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// Data rows (stations, or a quarter's entries) read from one sheet: the
/// largest ledger we support is 200,000 stations.
pub const MAX_ROWS: usize = 200_000;
/// Rows besides the data a sheet may hold: titles and the header (searched in
/// the first 30 rows), notes and a 合计 row. So a 200,000-station ledger with its
/// header and a title imports, and the limit on rows is MAX_ROWS + this.
pub const OTHER_ROWS: usize = 40;
/// Columns read; a ledger has a few dozen (Excel 2003 had 256 in all). Values
/// further right are counted and named in a note, not read.
pub const MAX_COLUMNS: u32 = 1_024;
/// Cells kept in memory (rows are stored up to their last value): 200,000 rows
/// of 40 columns.
pub const MAX_CELLS: usize = 8_000_000;
/// The text of all cells together.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// One cell's value as the importer sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date cell, as days since 1899-12-30.
    Date(f64),
    /// An error cell (`#DIV/0!`, `#REF!` …), or a formula without a cached value.
    Error(String),
}

/// Why a file cannot be imported: the class and a message for the user (the
/// file's name is printed before it).
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub code: Code,
    pub message: String,
}

impl Refusal {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Refusal {
            code,
            message: message.into(),
        }
    }

    /// The file (or its content) is over a limit.
    pub fn too_large(message: impl Into<String>) -> Self {
        Refusal::new(Code::FileTooLarge, message)
    }

    /// The bytes are not a readable spreadsheet.
    pub fn unreadable(message: impl Into<String>) -> Self {
        Refusal::new(Code::InvalidValue, message)
    }
}

/// `A1` reference of a 0-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

/// The workbook formats, by what the bytes are (an `.xls` saved as `.xlsx` is
/// read as what it is).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Reads `sheet` (or the first visible sheet) of the file at `path`.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, Refusal> {
    lock::not_a_lock_file(path)?;
    let size = std::fs::metadata(path)
        .map_err(|e| Refusal::unreadable(format!("cannot read the file: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Refusal::too_large(format!(
            "the file is {} MB; pv-bulletin imports spreadsheets up to {} MB. \
             Delete unused sheets, pictures and formatting (or save it as .csv) and import it again",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Refusal::unreadable(format!("cannot read the file: {e}")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    read_bytes(bytes, &ext, sheet)
}

/// Reads a spreadsheet from its bytes; `ext` is the file's extension (lower
/// case), which says what the file should be.
pub fn read_bytes(bytes: Vec<u8>, ext: &str, sheet: Option<&str>) -> Result<Table, Refusal> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::too_large(format!(
            "the file is over {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    match ext {
        "csv" => csv::read(&bytes),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let format = workbook::detect(&bytes, ext)?;
            workbook::read(bytes, format, ext, sheet)
        }
        other => Err(Refusal::unreadable(format!(
            "`.{other}` is not a spreadsheet pv-bulletin reads; save it as .xlsx, .xls, .ods or .csv"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(9, 5), "F10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1, 701), "ZZ2");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
        assert!(
            cell_ref(u32::MAX, u32::MAX).ends_with("4294967296"),
            "no overflow"
        );
    }
}
