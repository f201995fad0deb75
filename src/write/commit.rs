//! Putting a finished staging directory in place, in one of two ways.
//!
//! - **Swap**: the staging directory holds the whole new site and replaces the old
//!   output with two renames. Used when there is no previous output.
//! - **In place**: the staging directory holds only the files that changed; each is
//!   renamed over its old version, and the files the new site no longer has are
//!   removed. Static hosts, rsync and backups then see only what changed.
//!
//! In place is all or nothing. Every old file to be replaced or removed is first
//! moved aside into the staging directory — the step that fails when another
//! program holds one open, as Excel does an `.xlsx` and PDF readers a `.pdf` on
//! Windows — and only then are the new files moved in. When any move fails, the
//! moves done so far are undone and the output is as it was; the message names the
//! file and what to do. The old versions go with the staging directory. (A build
//! killed in the middle of the moves leaves old and new files mixed; the next build,
//! comparing every file again, puts that right.)

use super::{Sink, Stamp};
use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::fs;
use std::io;
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

/// Where the old versions of replaced and removed files wait, inside the staging
/// directory (no file of a site starts with `.~`).
const ASIDE: &str = ".~replaced";

/// Moves each staged file (paths relative to both roots) over its old version and
/// removes the files `gone`, all or nothing (see the module's comment).
pub fn move_in(
    sink: &dyn Sink,
    staging: &Path,
    out_dir: &Path,
    files: &[PathBuf],
    gone: &[PathBuf],
) -> Result<()> {
    let aside = staging.join(ASIDE);
    let mut moves = Moves::default();
    for rel in in_the_way(out_dir, files, gone) {
        let old = out_dir.join(rel);
        if fs::symlink_metadata(&old).is_err() {
            continue; // new, or already moved aside
        }
        let result = moves
            .make_dirs(aside.join(rel).parent().unwrap_or(&aside))
            .and_then(|()| moves.rename(sink, &old, &aside.join(rel)));
        if let Err(e) = result {
            moves.undo();
            bail!(cannot_replace(&old, out_dir, &e));
        }
    }
    for rel in files {
        let new = out_dir.join(rel);
        let result = moves
            .make_dirs(new.parent().unwrap_or(out_dir))
            .and_then(|()| moves.rename(sink, &staging.join(rel), &new));
        if let Err(e) = result {
            moves.undo();
            return Err(e).with_context(|| {
                format!(
                    "cannot move the new `{}` into place; nothing in `{}` was changed",
                    shown(&new),
                    out_dir.display()
                )
            });
        }
    }
    Ok(())
}

/// What must leave the output before the new files can go in: the old version of
/// each (a file, or a folder where a file now goes), a file where a folder now goes,
/// and the files the site no longer has.
fn in_the_way<'a>(out_dir: &Path, files: &'a [PathBuf], gone: &'a [PathBuf]) -> Vec<&'a Path> {
    let mut folders: HashSet<&Path> = HashSet::new();
    let mut found: Vec<&Path> = Vec::new();
    for rel in files {
        found.push(rel);
        for folder in rel
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
        {
            if folders.insert(folder) && out_dir.join(folder).is_file() {
                found.push(folder);
            }
        }
    }
    found.extend(gone.iter().map(PathBuf::as_path));
    found
}

/// The renames and folders made so far, to be undone when a later one fails.
#[derive(Default)]
struct Moves {
    renamed: Vec<(PathBuf, PathBuf)>,
    made: Vec<PathBuf>,
}

impl Moves {
    fn rename(&mut self, sink: &dyn Sink, from: &Path, to: &Path) -> io::Result<()> {
        sink.rename(from, to)?;
        self.renamed.push((from.to_path_buf(), to.to_path_buf()));
        Ok(())
    }

    fn make_dirs(&mut self, dir: &Path) -> io::Result<()> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        for d in missing.into_iter().rev() {
            fs::create_dir(d)?;
            self.made.push(d.to_path_buf());
        }
        Ok(())
    }

    /// Puts every file back where it was and removes the folders made.
    fn undo(self) {
        for (from, to) in self.renamed.into_iter().rev() {
            let _ = fs::rename(&to, &from);
        }
        for dir in self.made.into_iter().rev() {
            let _ = fs::remove_dir(&dir);
        }
    }
}

/// Whether `e` says another program has the file open: Windows' sharing and lock
/// violations (and access denied, which is what moving a file open without
/// FILE_SHARE_DELETE gives), or a busy resource anywhere.
fn held_open(e: &io::Error) -> bool {
    (cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33)))
        || e.kind() == io::ErrorKind::ResourceBusy
}

fn cannot_replace(path: &Path, out_dir: &Path, e: &io::Error) -> String {
    let unchanged = format!("Nothing in `{}` was changed", out_dir.display());
    if held_open(e) {
        format!(
            "`{}` is open in another program (Excel, WPS or a PDF reader?), which keeps it \
             from being replaced: close it and build again. {unchanged} ({e})",
            shown(path)
        )
    } else {
        format!("cannot replace `{}`: {e}. {unchanged}", shown(path))
    }
}

/// A path as the system writes it (`public\downloads\stations.xlsx` on Windows,
/// where the site's own `/` would otherwise be mixed in).
fn shown(path: &Path) -> String {
    path.components().collect::<PathBuf>().display().to_string()
}

/// The files under `out_dir` whose relative path (`/`-separated) `keep` rejects.
pub fn unwanted(out_dir: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out_dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read `{}`", out_dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(out_dir).unwrap_or(entry.path());
        if !keep(&rel.to_string_lossy().replace('\\', "/")) {
            found.push(rel.to_path_buf());
        }
    }
    Ok(found)
}

/// Removes the folders under `out_dir` that the removed files left empty.
pub fn remove_empty_folders(out_dir: &Path, removed: &[PathBuf]) {
    for rel in removed {
        for dir in out_dir.join(rel).ancestors().skip(1) {
            if dir == out_dir || fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// The stamp of the file at `path` when it holds exactly `bytes` (a missing
/// file does not).
pub fn unchanged(path: &Path, bytes: &[u8]) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    let same_length = meta.is_file() && meta.len() == bytes.len() as u64;
    (same_length && fs::read(path).is_ok_and(|old| old == bytes)).then(|| Stamp::of(&meta))
}
