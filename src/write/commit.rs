//! Putting a finished staging directory in place, in one of two ways.
//!
//! - **Swap**: the staging directory holds the whole new site and replaces the old
//!   output with two renames. Used when there is no previous output.
//! - **In place**: the staging directory holds only the files that changed; each is
//!   renamed over its old version, then the files the new site no longer has are
//!   removed. Static hosts, rsync and backups then see only what changed. Nothing
//!   touches the output before every file of the new site was rendered and staged,
//!   so a failed build still leaves it as it was; a build killed while moving files
//!   in leaves a mix of old and new files, which the next build (comparing every
//!   file again) puts right.

use super::Stamp;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Replaces `out_dir` with `staging`; on failure puts the old output back.
pub fn swap_in(staging: PathBuf, out_dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if !out_dir.exists() {
        return fs::rename(&staging, out_dir)
            .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if let Err(e) = fs::rename(out_dir, &old) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e)
            .with_context(|| format!("cannot move the old `{}` aside", out_dir.display()));
    }
    if let Err(e) = fs::rename(&staging, out_dir) {
        let _ = fs::rename(&old, out_dir);
        let _ = fs::remove_dir_all(&staging);
        return Err(e)
            .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
    }
    fs::remove_dir_all(&old)
        .with_context(|| format!("new site written, but cannot remove `{}`", old.display()))
}

/// Moves each staged file (paths relative to both roots) over its old version.
pub fn move_in(staging: &Path, out_dir: &Path, files: &[PathBuf]) -> Result<()> {
    let mut made: HashSet<&Path> = HashSet::new();
    for rel in files {
        let target = out_dir.join(rel);
        if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
            if made.insert(dir) {
                let dir = out_dir.join(dir);
                if dir.is_file() {
                    fs::remove_file(&dir).with_context(|| cannot_update(&dir))?;
                }
                fs::create_dir_all(&dir).with_context(|| cannot_update(&dir))?;
            }
        }
        if target.is_dir() {
            fs::remove_dir_all(&target).with_context(|| cannot_update(&target))?;
        }
        fs::rename(staging.join(rel), &target).with_context(|| cannot_update(&target))?;
    }
    Ok(())
}

fn cannot_update(path: &Path) -> String {
    format!(
        "cannot update `{}`; the output may now mix old and new files: build again to \
         finish it",
        path.display()
    )
}

/// Removes the files under `out_dir` whose relative path (`/`-separated) `keep`
/// rejects, then the folders left empty. Returns how many files were removed.
pub fn remove_all_but(out_dir: &Path, keep: &dyn Fn(&str) -> bool) -> Result<usize> {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.with_context(|| format!("cannot read `{}`", out_dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            // Only succeeds when the folder is empty.
            let _ = fs::remove_dir(path);
            continue;
        }
        let rel = path.strip_prefix(out_dir).unwrap_or(path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !keep(&rel) {
            fs::remove_file(path).with_context(|| cannot_update(path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes the given files (relative paths) and the folders they leave empty.
pub fn remove_listed(out_dir: &Path, files: &[PathBuf]) -> Result<usize> {
    let mut removed = 0;
    for rel in files {
        let path = out_dir.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| cannot_update(&path)),
        }
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out_dir) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(removed)
}

/// The stamp of the file at `path` when it holds exactly `bytes` (a missing
/// file does not).
pub fn unchanged(path: &Path, bytes: &[u8]) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    let same_length = meta.is_file() && meta.len() == bytes.len() as u64;
    (same_length && fs::read(path).is_ok_and(|old| old == bytes)).then(|| Stamp::of(&meta))
}
