//! The real unpacked size of a zipped workbook (`.xlsx`, `.xlsb`, `.ods`),
//! measured by inflating every entry through a counting reader that stops just
//! past the limit: headers that under-declare sizes cannot get a bomb past it,
//! and nothing is kept in memory while counting.

use super::{Refusal, MAX_SHARED_STRINGS_BYTES, MAX_UNPACKED_BYTES};
use std::io::{Cursor, Read};

/// What counting found: the entry names, for telling the formats apart.
pub struct Contents {
    pub names: Vec<String>,
}

/// Inflates every entry, refusing the file as soon as the bytes inflated pass
/// [`MAX_UNPACKED_BYTES`] (or the shared strings pass
/// [`MAX_SHARED_STRINGS_BYTES`]), or when an entry is encrypted or corrupt.
pub fn measure(bytes: &[u8], ext: &str) -> Result<Contents, Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Refusal::unreadable(format!(
            "not a readable .{ext} file (corrupt or truncated?): {e}"
        ))
    })?;
    let mut names = Vec::with_capacity(archive.len().min(4096));
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| entry_error(ext, e))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let budget = MAX_UNPACKED_BYTES - total;
        let limit = if is_shared_strings(&name) {
            budget.min(MAX_SHARED_STRINGS_BYTES)
        } else {
            budget
        };
        let read = std::io::copy(&mut (&mut entry).take(limit + 1), &mut std::io::sink()).map_err(
            |e| {
                Refusal::unreadable(format!(
                    "not a readable .{ext} file: `{name}` inside it is corrupt: {e}"
                ))
            },
        )?;
        if read > limit {
            return Err(too_large(ext, &name, limit == MAX_SHARED_STRINGS_BYTES));
        }
        total += read;
        names.push(name);
    }
    Ok(Contents { names })
}

fn is_shared_strings(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin")
}

fn too_large(ext: &str, name: &str, strings: bool) -> Refusal {
    if strings {
        return Refusal::too_large(format!(
            "its text (`{name}`) unpacks to more than {} MB; pv-bulletin imports workbooks \
             whose text unpacks to at most that. Delete unused sheets and columns \
             (notes, descriptions) and import it again",
            MAX_SHARED_STRINGS_BYTES / 1024 / 1024
        ));
    }
    Refusal::too_large(format!(
        "the .{ext} unpacks to more than {} MB (a zip bomb?); pv-bulletin imports workbooks \
         that unpack to at most {} MB. If it is a real ledger, delete unused sheets, pictures \
         and formatting, or save the sheet as .csv, and import it again",
        MAX_UNPACKED_BYTES / 1024 / 1024,
        MAX_UNPACKED_BYTES / 1024 / 1024
    ))
}

fn entry_error(ext: &str, e: zip::result::ZipError) -> Refusal {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return password_protected(ext);
    }
    Refusal::unreadable(format!(
        "not a readable .{ext} file (corrupt or truncated?): {text}"
    ))
}

/// The message for an encrypted workbook.
pub fn password_protected(ext: &str) -> Refusal {
    Refusal::unreadable(format!(
        "the .{ext} is password-protected (encrypted); pv-bulletin cannot read it. \
         Open it in Excel or WPS, remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密, \
         clear the password), save, and import it again"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn counts_what_inflates_not_what_headers_say() {
        let small = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        let names = measure(&small, "xlsx").unwrap().names;
        assert_eq!(names, vec!["xl/workbook.xml"]);
        // 70 MB of one byte compresses to about 70 KB; as shared strings it is
        // over their limit however the headers were written.
        let strings = vec![b'a'; 70 * 1024 * 1024];
        let bomb = zip_of(&[("xl/sharedStrings.xml", &strings)]);
        assert!(bomb.len() < 1024 * 1024);
        let err = measure(&bomb, "xlsx").err().unwrap();
        assert!(err.message.contains("64 MB"), "{}", err.message);
    }
}
