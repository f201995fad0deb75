//! Measuring the grids calamine would build before it builds them. calamine reads
//! every sheet of an `.xls` or `.ods` into a dense grid when the workbook is
//! opened (an `.xls` also reserves what its DIMENSIONS record declares), so a tiny
//! file that declares billions of cells would take the machine's memory. Here the
//! same records are walked without keeping anything, and a workbook whose grids
//! would pass [`MAX_CELLS`] is refused.

use super::zipped::password_protected;
use super::{Refusal, MAX_CELLS, MAX_FILE_BYTES};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// Cells of the grids of all sheets, plus the largest transient reservation.
#[derive(Default, Debug)]
struct Tally {
    kept: u64,
    transient: u64,
}

impl Tally {
    fn check(&self, ext: &str) -> Result<(), Refusal> {
        let cells = self.kept.saturating_add(self.transient);
        if cells > MAX_CELLS as u64 {
            return Err(Refusal::too_large(format!(
                "the .{ext} declares or spans {cells} cells; pv-bulletin imports workbooks of up to \
                 {MAX_CELLS} cells in all sheets. Delete unused sheets and clear the formatting \
                 of empty rows and columns (or save the sheet as .csv) and import it again"
            )));
        }
        Ok(())
    }
}

/// A bounding box of cell positions.
#[derive(Default, Debug)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// An `.xls`: its BIFF records, sheet by sheet. An encrypted OOXML workbook (a
/// compound file holding `EncryptedPackage`) is refused as password-protected.
pub fn check_xls(bytes: &[u8], ext: &str) -> Result<(), Refusal> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        Refusal::unreadable(format!(
            "not a readable .{ext} file (corrupt or truncated?): {e}"
        ))
    })?;
    if file.exists("/EncryptedPackage") || file.exists("/EncryptionInfo") {
        return Err(password_protected(ext));
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| {
            Refusal::unreadable(format!(
                "not a readable .{ext} file: it holds no workbook (corrupt, or not a spreadsheet)"
            ))
        })?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(MAX_FILE_BYTES).read_to_end(&mut stream))
        .map_err(|e| {
            Refusal::unreadable(format!(
                "not a readable .{ext} file (corrupt or truncated?): {e}"
            ))
        })?;
    biff_tally(&stream).check(ext)
}

fn u16_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The cells of the BIFF stream's sheets: the values' and formulas' extents
/// (kept) and what a DIMENSIONS record makes calamine reserve (transient),
/// computed with calamine's own arithmetic (wrapping, as a release build does).
fn biff_tally(stream: &[u8]) -> Tally {
    let mut tally = Tally::default();
    let (mut values, mut formulas) = (Extent::default(), Extent::default());
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = u16_at(stream, at).unwrap_or(0);
        let len = u16_at(stream, at + 2).unwrap_or(0) as usize;
        let d = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        match typ {
            // BOF: a new substream
            0x0809 => {
                tally.kept += values.cells() + formulas.cells();
                values = Extent::default();
                formulas = Extent::default();
            }
            0x0200 => {
                let declared = declared_cells(d);
                tally.transient = tally.transient.max(declared);
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0207 => {
                if let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) {
                    values.add(r, c);
                }
            }
            0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) {
                    values.add(r, c);
                    formulas.add(r, c);
                }
            }
            0x00BD if d.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len() - 2))
                {
                    values.add(r, c0);
                    values.add(r, c1);
                }
            }
            _ => {}
        }
    }
    tally.kept += values.cells() + formulas.cells();
    tally
}

/// What calamine reserves for a DIMENSIONS record (`parse_dimensions`, then
/// `rows × cols` with u32 arithmetic that wraps in release builds).
fn declared_cells(d: &[u8]) -> u64 {
    let fields = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = fields else {
        return 0;
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if 1 <= rl && 1 <= cl {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
}

/// An `.ods`: its `content.xml`, streamed. calamine keeps, per row element, the
/// cells up to the last one with a value (columns repeated, at most 16,384), and
/// then a grid over the rows (repeated) and columns that hold values.
pub fn check_ods(bytes: &[u8], ext: &str) -> Result<(), Refusal> {
    let unreadable = |e: String| {
        Refusal::unreadable(format!(
            "not a readable .{ext} file (corrupt or truncated?): {e}"
        ))
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|e| unreadable(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut tally = Tally::default();
    let mut sheet = OdsSheet::default();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(e.to_string()))?;
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                sheet.finish(&mut tally);
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                sheet.start_row(repeat(&e, "table:number-rows-repeated"));
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                sheet.start_row(repeat(&e, "table:number-rows-repeated"));
                sheet.end_row(&mut tally);
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => sheet.end_row(&mut tally),
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let filled = is_start
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some()
                    || e.try_get_attribute("table:formula")
                        .ok()
                        .flatten()
                        .is_some();
                sheet.cell(repeat(&e, "table:number-columns-repeated"), filled);
            }
            Event::Eof => break,
            _ => {}
        }
        tally.check(ext)?;
    }
    sheet.finish(&mut tally);
    tally.check(ext)
}

fn repeat(e: &BytesStart, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// One `.ods` sheet as it is walked.
struct OdsSheet {
    /// Columns so far in this row (repeats counted), and the end of the last
    /// one with a value.
    col: u64,
    last_filled: u64,
    row_repeat: u64,
    /// Rows (repeats counted) so far; the first with a value, and the end of the
    /// last.
    rows: u64,
    first_row: Option<u64>,
    last_row: u64,
    /// The leftmost column with a value and the end of the rightmost.
    min_col: u64,
    max_col: u64,
    /// Cells kept per row element before the grid is built.
    transient: u64,
}

impl Default for OdsSheet {
    fn default() -> Self {
        OdsSheet {
            col: 0,
            last_filled: 0,
            row_repeat: 1,
            rows: 0,
            first_row: None,
            last_row: 0,
            min_col: u64::MAX,
            max_col: 0,
            transient: 0,
        }
    }
}

impl OdsSheet {
    fn start_row(&mut self, repeat: u64) {
        self.col = 0;
        self.last_filled = 0;
        self.row_repeat = repeat.max(1);
    }

    fn cell(&mut self, repeat: u64, filled: bool) {
        let start = self.col;
        self.col = self.col.saturating_add(repeat.max(1)).min(16_384);
        if filled {
            self.min_col = self.min_col.min(start);
            self.last_filled = self.col;
        }
    }

    fn end_row(&mut self, tally: &mut Tally) {
        if self.last_filled > 0 {
            self.first_row.get_or_insert(self.rows);
            self.last_row = self.rows.saturating_add(self.row_repeat);
            self.max_col = self.max_col.max(self.last_filled);
            self.transient = self.transient.saturating_add(self.last_filled);
            tally.transient = tally.transient.max(self.transient);
        }
        self.rows = self.rows.saturating_add(self.row_repeat);
    }

    /// Adds the sheet's grids (values and formulas) and starts the next sheet.
    fn finish(&mut self, tally: &mut Tally) {
        if let Some(first) = self.first_row {
            let rows = self.last_row - first;
            let cols = self.max_col.saturating_sub(self.min_col);
            tally.kept = tally
                .kept
                .saturating_add(rows.saturating_mul(cols).saturating_mul(2));
        }
        *self = OdsSheet::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    #[test]
    fn biff_extents_and_declared_dimensions() {
        let mut s = record(0x0809, &[0; 16]);
        // NUMBER at A1 and at IV65536: the grid calamine builds is 65,536 × 256.
        let mut n = vec![0u8; 14];
        s.extend(record(0x0203, &n));
        n[0..2].copy_from_slice(&0xFFFFu16.to_le_bytes());
        n[2..4].copy_from_slice(&0xFFu16.to_le_bytes());
        s.extend(record(0x0203, &n));
        let t = biff_tally(&s);
        assert_eq!(t.kept, 65_536 * 256);
        // DIMENSIONS whose last row is before its first: calamine's arithmetic wraps.
        let mut dims = vec![0u8; 14];
        dims[0..4].copy_from_slice(&10u32.to_le_bytes());
        dims[4..8].copy_from_slice(&5u32.to_le_bytes());
        dims[10..12].copy_from_slice(&3u16.to_le_bytes());
        assert!(declared_cells(&dims) > 4_000_000_000);
        dims[4..8].copy_from_slice(&21u32.to_le_bytes());
        assert_eq!(declared_cells(&dims), 11 * 3);
    }
}
