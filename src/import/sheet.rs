//! Reading a spreadsheet into rows of cells: `.xlsx`, `.xls`, `.ods` through
//! calamine, `.csv` through the csv crate in UTF-8 (with or without BOM) or
//! GB18030 (what Excel saves on Chinese Windows), decoded with encoding_rs.
//!
//! Spreadsheets are hostile until parsed: the file size, the unpacked size of an
//! `.xlsx`/`.ods` (a zip), and the number of rows are bounded before or while
//! reading, and each failure is an error naming the file.

use calamine::{open_workbook_auto_from_rs, Data, Reader, SheetVisible, Sheets};
use std::io::Cursor;
use std::path::Path;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The unpacked content of an `.xlsx`/`.ods` may not exceed this (zip bombs).
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Rows of one sheet, title and header rows included.
pub const MAX_ROWS: usize = 200_000;

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

/// The cells of one sheet, with the sheet's name and where its first cell sits.
pub struct Table {
    pub sheet: String,
    pub rows: Vec<Vec<Value>>,
    /// Sheet coordinates (0-based row, column) of `rows[0][0]`.
    pub origin: (u32, u32),
    /// One line for the user, e.g. "read 台账.csv as GB18030".
    pub note: Option<String>,
}

impl Table {
    /// `F10`-style reference of `rows[row][col]`.
    pub fn cell(&self, row: usize, col: usize) -> String {
        cell_ref(self.origin.0 + row as u32, self.origin.1 + col as u32)
    }
}

/// `A1` reference of a 0-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Reads `sheet` (or the first visible sheet) of the file at `path`.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    not_a_lock_file(path)?;
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the file: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} MB; pv-bulletin imports spreadsheets up to {} MB",
            size / 1024 / 1024,
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(&bytes),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(bytes, &ext, sheet),
        other => Err(format!(
            "`.{other}` is not a spreadsheet pv-bulletin reads; save it as .xlsx, .xls, .ods or .csv"
        )),
    }
}

/// Excel and WPS keep `~$台账.xlsx` beside `台账.xlsx` while it is open (a name a
/// `*.xlsx` pattern or tab completion picks up): say which file was meant.
fn not_a_lock_file(path: &Path) -> Result<(), String> {
    let Some(name) = path.file_name().filter(|n| crate::load::is_lock_file(n)) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let document = name.trim_start_matches("~$").trim_start_matches(".~lock.");
    let document = document.strip_suffix('#').unwrap_or(document);
    Err(format!(
        "`{name}` is the lock file Excel or WPS keeps while `{document}` is open, not a \
         spreadsheet: save `{document}` and import it instead"
    ))
}

fn read_workbook(bytes: Vec<u8>, ext: &str, sheet: Option<&str>) -> Result<Table, String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.trim_start().starts_with('<') && (head.contains("<html") || head.contains("<table")) {
        return Err(format!(
            "this .{ext} is really a web page (HTML), as some systems export tables; \
             open it in Excel or WPS and save it as .xlsx"
        ));
    }
    if ext != "xls" {
        check_unpacked_size(&bytes)?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .{ext} file (corrupt or truncated?): {e}"))?;
    let name = pick_sheet(&mut book, sheet)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
    if range.height() > MAX_ROWS {
        return Err(format!(
            "sheet `{name}` has {} rows; pv-bulletin imports at most {MAX_ROWS}",
            range.height()
        ));
    }
    let rows = cells_of(&mut book, &name, &range);
    let origin = range.start().unwrap_or((0, 0));
    Ok(Table {
        sheet: name,
        rows,
        origin,
        note: None,
    })
}

/// The sheet to read: the one asked for (it must exist and be visible), else the
/// first visible one.
fn pick_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: Option<&str>,
) -> Result<String, String> {
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    match sheet {
        Some(name) => {
            if !book.sheet_names().iter().any(|n| n == name) {
                return Err(format!(
                    "no sheet `{name}`; the sheets are: {}",
                    book.sheet_names().join(", ")
                ));
            }
            if !visible.iter().any(|n| n == name) {
                return Err(format!(
                    "sheet `{name}` is hidden; unhide it in Excel or WPS if it really is the one to import"
                ));
            }
            Ok(name.to_string())
        }
        None => visible
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no visible sheet".to_string()),
    }
}

/// The cells of `range` as values; a formula whose value Excel never saved (files
/// written by scripts) has no cached value: that cell is an error rather than a
/// silent blank.
fn cells_of<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    range: &calamine::Range<Data>,
) -> Vec<Vec<Value>> {
    let formulas = book.worksheet_formula(name).ok();
    let origin = range.start().unwrap_or((0, 0));
    range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    let value = convert(cell);
                    let formula = formulas.as_ref().and_then(|f| {
                        f.get_value((origin.0 + r as u32, origin.1 + c as u32))
                            .filter(|f| !f.is_empty())
                    });
                    match (value, formula) {
                        (Value::Empty, Some(f)) => {
                            Value::Error(format!("formula ={f} without a saved value"))
                        }
                        (v, _) => v,
                    }
                })
                .collect()
        })
        .collect()
}

fn convert(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::String(s) if s.trim().is_empty() => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(format!("{e}")),
    }
}

/// Refuses a zip whose entries would unpack to more than [`MAX_UNPACKED_BYTES`],
/// reading only the central directory.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable spreadsheet (corrupt or truncated?): {e}"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("corrupt spreadsheet: {e}"))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "the file unpacks to {} MB (a zip bomb?); pv-bulletin reads spreadsheets that unpack to at most {} MB",
            total / 1024 / 1024,
            MAX_UNPACKED_BYTES / 1024 / 1024
        ));
    }
    Ok(())
}

/// A CSV in UTF-8 (BOM or not) or GB18030; anything else is an error.
fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let (text, note) = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(format!(
                "the file has more than {MAX_ROWS} rows; pv-bulletin imports at most {MAX_ROWS}"
            ));
        }
        let record = record.map_err(|e| format!("not a readable CSV: {e}"))?;
        rows.push(
            record
                .iter()
                .map(|s| match s.trim() {
                    "" => Value::Empty,
                    t => Value::Text(t.to_string()),
                })
                .collect(),
        );
    }
    Ok(Table {
        sheet: String::new(),
        rows,
        origin: (0, 0),
        note: Some(note),
    })
}

/// The text of a CSV and a line saying which encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, String), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text =
            std::str::from_utf8(rest).map_err(|e| format!("not valid UTF-8 after its BOM: {e}"))?;
        return Ok((text.to_string(), "read as UTF-8 (with BOM)".into()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "read as UTF-8".into()));
    }
    match crate::load::encoding::gb18030_text(bytes) {
        Some(text) => Ok((
            text,
            "read as GB18030 (GBK), as Excel saves CSV on Chinese Windows".into(),
        )),
        None => {
            Err("neither UTF-8 nor GB18030/GBK; save it from Excel or WPS as \"CSV UTF-8\"".into())
        }
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
    }

    #[test]
    fn an_office_lock_file_names_the_workbook_meant() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = tmp.path().join("~$台账.xlsx");
        std::fs::write(&lock, [0u8; 162]).unwrap();
        let e = read(&lock, None).err().unwrap();
        assert!(
            e.starts_with("`~$台账.xlsx` is the lock file") && e.contains("import it instead"),
            "{e}"
        );
        assert!(e.contains("save `台账.xlsx`"), "{e}");
        let e = read(&tmp.path().join(".~lock.台账.ods#"), None)
            .err()
            .unwrap();
        assert!(e.contains("while `台账.ods` is open"), "{e}");
    }

    #[test]
    fn encodings() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("电站名称,装机容量（千瓦）\n张楼村,100\n");
        let (text, note) = decode(&gbk).unwrap();
        assert!(text.starts_with("电站名称"));
        assert!(note.contains("GB18030"));
        let (text, note) = decode("\u{feff}名称".as_bytes()).unwrap();
        assert_eq!((text.as_str(), note.contains("BOM")), ("名称", true));
        assert!(decode(&[0xff, 0xfe, 0x00, 0x41, 0x81]).is_err());
    }
}
