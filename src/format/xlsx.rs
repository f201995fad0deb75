//! `.xlsx` files with the same bytes whichever system wrote them.
//!
//! rust_xlsxwriter packs a workbook with the `zip` crate, which records in every
//! central-directory entry the system it ran on ("version made by": 3 = Unix on
//! Linux, 0 = MS-DOS on Windows) and offers no option to choose it; the file
//! attributes are already fixed (mode 0600). So the same data gave different
//! `.xlsx` bytes on Windows and Linux, and a site built on one and re-built on
//! the other re-uploaded every workbook. [`save`] writes every entry as made on
//! Unix with mode 0600, which is what Linux wrote before; Excel, WPS and
//! calamine ignore both fields.

use anyhow::{anyhow, Result};
use rust_xlsxwriter::Workbook;

/// "Version made by", high byte: the system (3 = Unix).
const MADE_ON_UNIX: u8 = 3;
/// External attributes: a regular file, mode 0600 (`0o100600 << 16`).
const FILE_ATTRIBUTES: u32 = 0o100_600 << 16;

const CENTRAL_ENTRY: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_END_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_END: u32 = 0x0606_4b50;

/// The workbook's bytes, with the zip headers every system writes alike.
pub fn save(book: &mut Workbook) -> Result<Vec<u8>> {
    let mut bytes = book.save_to_buffer()?;
    same_on_every_system(&mut bytes)
        .map_err(|e| anyhow!("unexpected zip layout from rust_xlsxwriter: {e}"))?;
    Ok(bytes)
}

/// Sets the system and the file attributes of every central-directory entry.
pub fn same_on_every_system(zip: &mut [u8]) -> Result<(), &'static str> {
    let (entries, mut at) = central_directory(zip)?;
    for _ in 0..entries {
        if u32_at(zip, at)? != CENTRAL_ENTRY {
            return Err("a central-directory entry without its signature");
        }
        *zip.get_mut(at + 5).ok_or("truncated entry")? = MADE_ON_UNIX;
        zip.get_mut(at + 38..at + 42)
            .ok_or("truncated entry")?
            .copy_from_slice(&FILE_ATTRIBUTES.to_le_bytes());
        let names = u16_at(zip, at + 28)? as usize
            + u16_at(zip, at + 30)? as usize
            + u16_at(zip, at + 32)? as usize;
        at += 46 + names;
    }
    Ok(())
}

/// The number of entries and where the central directory starts (zip64 too:
/// rust_xlsxwriter writes it for large sheets).
fn central_directory(zip: &[u8]) -> Result<(u64, usize), &'static str> {
    // The end record is 22 bytes plus a comment of at most 65,535.
    let last = zip.len().checked_sub(22).ok_or("too short for a zip")?;
    let end = (last.saturating_sub(65_535)..=last)
        .rev()
        .find(|&i| u32_at(zip, i) == Ok(END_OF_CENTRAL_DIRECTORY))
        .ok_or("no end of central directory")?;
    let entries = u64::from(u16_at(zip, end + 10)?);
    let offset = u64::from(u32_at(zip, end + 16)?);
    if entries != 0xFFFF && offset != 0xFFFF_FFFF {
        return Ok((entries, offset as usize));
    }
    let locator = end.checked_sub(20).ok_or("no zip64 locator")?;
    if u32_at(zip, locator)? != ZIP64_END_LOCATOR {
        return Err("no zip64 locator");
    }
    let end64 = u64_at(zip, locator + 8)? as usize;
    if u32_at(zip, end64)? != ZIP64_END {
        return Err("no zip64 end record");
    }
    Ok((u64_at(zip, end64 + 32)?, u64_at(zip, end64 + 48)? as usize))
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, &'static str> {
    let s = b.get(at..at + 2).ok_or("truncated")?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, &'static str> {
    let s = b.get(at..at + 4).ok_or("truncated")?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Result<u64, &'static str> {
    let s = b.get(at..at + 8).ok_or("truncated")?;
    Ok(u64::from_le_bytes(s.try_into().map_err(|_| "truncated")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn workbook(large: bool) -> Workbook {
        let mut book = Workbook::new();
        book.use_zip_large_file(large);
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "装机容量（千瓦）").unwrap();
        sheet.write_number(1, 0, 187.2).unwrap();
        book
    }

    /// (system, external attributes) of every entry, as a zip reader sees them.
    fn headers(bytes: &[u8]) -> Vec<(u8, u32)> {
        let mut at = central_directory(bytes).unwrap().1;
        let mut out = Vec::new();
        while u32_at(bytes, at) == Ok(CENTRAL_ENTRY) {
            out.push((bytes[at + 5], u32_at(bytes, at + 38).unwrap()));
            at += 46
                + u16_at(bytes, at + 28).unwrap() as usize
                + u16_at(bytes, at + 30).unwrap() as usize
                + u16_at(bytes, at + 32).unwrap() as usize;
        }
        out
    }

    /// What the zip crate writes on Windows: MS-DOS as the system, and (for a
    /// writer that sets them) other attributes.
    fn as_if_written_on_windows(bytes: &[u8]) -> Vec<u8> {
        let mut windows = bytes.to_vec();
        let mut at = central_directory(bytes).unwrap().1;
        while u32_at(&windows, at) == Ok(CENTRAL_ENTRY) {
            windows[at + 5] = 0;
            windows[at + 38..at + 42].copy_from_slice(&0x20u32.to_le_bytes());
            at += 46
                + u16_at(&windows, at + 28).unwrap() as usize
                + u16_at(&windows, at + 30).unwrap() as usize
                + u16_at(&windows, at + 32).unwrap() as usize;
        }
        windows
    }

    #[test]
    fn every_entry_says_unix_and_mode_0600() {
        for large in [false, true] {
            let bytes = save(&mut workbook(large)).unwrap();
            let headers = headers(&bytes);
            assert!(headers.len() >= 8, "{headers:?}");
            assert!(
                headers.iter().all(|&h| h == (3, 0o100_600 << 16)),
                "{headers:?}"
            );
        }
    }

    #[test]
    fn bytes_written_on_windows_become_the_same_as_on_linux() {
        for large in [false, true] {
            let linux = save(&mut workbook(large)).unwrap();
            let mut windows = as_if_written_on_windows(&linux);
            assert_ne!(windows, linux);
            same_on_every_system(&mut windows).unwrap();
            assert_eq!(windows, linux, "large file: {large}");
        }
    }

    #[test]
    fn the_workbook_still_reads() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = save(&mut workbook(false)).unwrap();
        let mut book = Xlsx::new(Cursor::new(&bytes)).unwrap();
        let range = book.worksheet_range("Sheet1").unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::Float(187.2)));
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.by_index(0).unwrap().unix_mode(), Some(0o100_600));
    }

    #[test]
    fn a_broken_zip_is_an_error_not_a_panic() {
        assert!(same_on_every_system(&mut [0u8; 10]).is_err());
        let mut bytes = save(&mut workbook(false)).unwrap();
        let (_, at) = central_directory(&bytes).unwrap();
        bytes[at] = b'X';
        assert!(same_on_every_system(&mut bytes).is_err());
    }
}
