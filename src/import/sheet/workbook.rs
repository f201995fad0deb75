//! Workbooks through calamine: what the bytes are (not what the extension
//! says), measured before calamine opens them, then read cell by cell into a
//! [`Table`].

use super::table::Builder;
use super::{grid, zipped, Format, Refusal, Table, Value};
use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use std::io::Cursor;

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What the bytes are, after measuring them: a zip is inflated once and counted
/// ([`zipped::measure`]); an `.xls` or `.ods` has its grids measured ([`grid`]).
pub fn detect(bytes: &[u8], ext: &str) -> Result<Format, Refusal> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.trim_start().starts_with('<') && (head.contains("<html") || head.contains("<table")) {
        return Err(Refusal::unreadable(format!(
            "this .{ext} is really a web page (HTML), as some systems export tables; \
             open it in Excel or WPS and save it as .xlsx"
        )));
    }
    if bytes.starts_with(CFB_MAGIC) {
        grid::check_xls(bytes, ext)?;
        return Ok(Format::Xls);
    }
    if !bytes.starts_with(b"PK") {
        return Err(Refusal::unreadable(format!(
            "not a readable .{ext} file (corrupt or truncated?): it is neither a zip (.xlsx, .ods) \
             nor an Excel 97–2003 workbook (.xls)"
        )));
    }
    let contents = zipped::measure(bytes, ext)?;
    let has = |name: &str| contents.names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("content.xml") {
        grid::check_ods(bytes, ext)?;
        Ok(Format::Ods)
    } else {
        Err(Refusal::unreadable(format!(
            "not a readable .{ext} file: it is a zip, but holds no workbook (corrupt, or not a spreadsheet)"
        )))
    }
}

/// Reads `sheet` (or the first visible sheet) of a workbook `detect` measured.
pub fn read(
    bytes: Vec<u8>,
    format: Format,
    ext: &str,
    sheet: Option<&str>,
) -> Result<Table, Refusal> {
    let corrupt = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.to_ascii_lowercase().contains("password") {
            zipped::password_protected(ext)
        } else {
            Refusal::unreadable(format!(
                "not a readable .{ext} file (corrupt or truncated?): {text}"
            ))
        }
    };
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut book = Xlsx::new(cursor).map_err(|e| corrupt(&e))?;
            let name = pick_sheet(&book, sheet)?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| sheet_error(&name, &e))?;
            let mut table = Builder::new(&name);
            while let Some(cell) = cells
                .next_cell_with_formula()
                .map_err(|e| sheet_error(&name, &e))?
            {
                let value = match (convert_ref(&cell.value), cell.formula) {
                    (Value::Empty, Some(f)) if !f.is_empty() => {
                        Value::Error(format!("formula ={f} without a saved value"))
                    }
                    (v, _) => v,
                };
                table.push(cell.pos.0, cell.pos.1, value)?;
            }
            Ok(table.finish())
        }
        Format::Xlsb => {
            let mut book = Xlsb::new(cursor).map_err(|e| corrupt(&e))?;
            let name = pick_sheet(&book, sheet)?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| sheet_error(&name, &e))?;
            let mut table = Builder::new(&name);
            while let Some(cell) = cells.next_cell().map_err(|e| sheet_error(&name, &e))? {
                let (r, c) = cell.get_position();
                table.push(r, c, convert_ref(cell.get_value()))?;
            }
            Ok(table.finish())
        }
        Format::Xls => {
            let book = Xls::new(cursor).map_err(|e| corrupt(&e))?;
            read_grid(book, sheet)
        }
        Format::Ods => {
            let book = Ods::new(cursor).map_err(|e| corrupt(&e))?;
            read_grid(book, sheet)
        }
    }
}

fn sheet_error(name: &str, e: &dyn std::fmt::Display) -> Refusal {
    Refusal::unreadable(format!("cannot read sheet `{name}` (corrupt?): {e}"))
}

/// A sheet of a format calamine reads whole (`.xls`, `.ods`; measured by
/// [`grid`] first): its used cells, and formulas without a saved value.
fn read_grid<R: Reader<Cursor<Vec<u8>>>>(mut book: R, sheet: Option<&str>) -> Result<Table, Refusal>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(&book, sheet)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| sheet_error(&name, &e))?;
    let formulas = book.worksheet_formula(&name).ok();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut table = Builder::new(&name);
    for (r, c, cell) in range.used_cells() {
        let at = (r0 + r as u32, c0 + c as u32);
        table.push(at.0, at.1, convert(cell))?;
    }
    if let Some(formulas) = formulas {
        for (r, c, f) in formulas.used_cells() {
            let (f0, g0) = formulas.start().unwrap_or((0, 0));
            let at = (f0 + r as u32, g0 + c as u32);
            let empty = range.get_value(at).is_none_or(|v| *v == Data::Empty);
            if empty && !f.is_empty() {
                table.push(
                    at.0,
                    at.1,
                    Value::Error(format!("formula ={f} without a saved value")),
                )?;
            }
        }
    }
    Ok(table.finish())
}

/// The sheet to read: the one asked for (it must exist and be visible), else the
/// first visible one.
fn pick_sheet<RS, R: Reader<RS>>(book: &R, sheet: Option<&str>) -> Result<String, Refusal>
where
    RS: std::io::Read + std::io::Seek,
{
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let names = book.sheet_names();
    match sheet {
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(Refusal::unreadable(format!(
                    "no sheet `{name}`; the sheets are: {}",
                    names.join(", ")
                )));
            }
            if !visible.iter().any(|n| n == name) {
                return Err(Refusal::unreadable(format!(
                    "sheet `{name}` is hidden; unhide it in Excel or WPS if it really is the one to import"
                )));
            }
            Ok(name.to_string())
        }
        None => visible
            .first()
            .cloned()
            .ok_or_else(|| Refusal::unreadable("the workbook has no visible sheet")),
    }
}

fn convert(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::String(s) => text(s),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(format!("{e}")),
    }
}

fn convert_ref(cell: &DataRef) -> Value {
    match cell {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Bool(b) => Value::Text(b.to_string()),
        DataRef::DateTime(d) => Value::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(format!("{e}")),
    }
}

fn text(s: &str) -> Value {
    match s.trim().is_empty() {
        true => Value::Empty,
        false => Value::Text(s.to_string()),
    }
}
