//! Putting an import's files in place without ever leaving the data half-changed:
//! the new files are checked with `check` in a copy of the data directory, then
//! each is replaced atomically.

use crate::pipeline::{self, Options};
use anyhow::{Context, Result};
use std::path::Path;

/// Runs `check` on a copy of the data directory with the new files in place; the
/// copy lives as long as the returned directory (diagnostics quote its files).
pub fn check_in_copy<C: AsRef<[u8]>>(
    data: &Path,
    changed: &[(String, C)],
) -> Result<(tempfile::TempDir, pipeline::Report)> {
    let tmp = tempfile::tempdir().context("cannot create a temporary directory")?;
    let copy = tmp.path().join("data");
    for entry in walkdir::WalkDir::new(data) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(data)?;
        let target = copy.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    for (rel, text) in changed {
        let target = copy.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, text.as_ref())?;
    }
    let mut options = Options::new(&copy);
    options.templates_dir = None;
    let report = pipeline::check_with(&options)?;
    Ok((tmp, report))
}

/// Writes beside the target and renames, so a crash leaves the old file or the new.
/// The file gets the permissions of the one it replaces, or those of any file the
/// user creates (0o666 less the umask), not the temporary file's private 0o600.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("no parent directory")?;
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    match std::fs::metadata(path) {
        Ok(existing) => builder.permissions(existing.permissions()),
        Err(_) => builder.permissions(default_permissions()),
    };
    let mut tmp = builder.tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// What a newly created file gets: read-write for everyone, less the umask.
#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    std::os::unix::fs::PermissionsExt::from_mode(0o666)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    // Windows has only the read-only flag: a new file is writable.
    let file = tempfile::tempfile().expect("a temporary file");
    file.metadata().expect("its metadata").permissions()
}

#[cfg(all(test, unix))]
mod tests {
    use super::write_atomically;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn written_files_are_not_private_and_keep_the_replaced_files_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.md");
        write_atomically(&new, b"x").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The same as a file the user makes (std::fs::write: 0o666 less the umask).
        let plain = dir.path().join("plain.md");
        std::fs::write(&plain, b"x").unwrap();
        assert_eq!(mode(&new), mode(&plain));

        let old = dir.path().join("old.yaml");
        std::fs::write(&old, b"a").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&old, b"b").unwrap();
        assert_eq!(mode(&old), 0o640);
        assert_eq!(std::fs::read(&old).unwrap(), b"b");
    }
}
