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
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("no parent directory")?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}
