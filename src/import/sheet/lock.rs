//! Excel and WPS keep `~$台账.xlsx` (LibreOffice `.~lock.台账.ods#`) beside a
//! workbook while it is open: a name a `*.xlsx` pattern or tab completion picks
//! up. Importing one says which file was meant.

use super::Refusal;
use std::path::Path;

/// `Err` naming the workbook when `path` is an office lock file.
pub fn not_a_lock_file(path: &Path) -> Result<(), Refusal> {
    let Some(name) = path.file_name().filter(|n| crate::load::is_lock_file(n)) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let document = name.trim_start_matches("~$").trim_start_matches(".~lock.");
    let document = document.strip_suffix('#').unwrap_or(document);
    Err(Refusal::unreadable(format!(
        "`{name}` is the lock file Excel or WPS keeps while `{document}` is open, not a \
         spreadsheet: save `{document}` and import it instead"
    )))
}

#[cfg(test)]
mod tests {
    use super::super::read;

    #[test]
    fn an_office_lock_file_names_the_workbook_meant() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = tmp.path().join("~$台账.xlsx");
        std::fs::write(&lock, [0u8; 162]).unwrap();
        let e = read(&lock, None).err().unwrap().message;
        assert!(
            e.starts_with("`~$台账.xlsx` is the lock file") && e.contains("import it instead"),
            "{e}"
        );
        assert!(e.contains("save `台账.xlsx`"), "{e}");
        let e = read(&tmp.path().join(".~lock.台账.ods#"), None)
            .err()
            .unwrap()
            .message;
        assert!(e.contains("while `台账.ods` is open"), "{e}");
    }
}
