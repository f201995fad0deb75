//! What identifies a version of an output file without reading it: size,
//! modification time and inode. A build records the stamp of every file it leaves
//! in the output; a later build that finds every stamp as recorded knows the
//! output is the one it describes — not edited, replaced, or rebuilt by another
//! run since (a rewrite by rename gets a new inode; one in place a new time).

use super::MARKER;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since 1970 (negative before).
    pub modified: i128,
    /// The inode on Unix; 0 elsewhere.
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .map_or(0, |t| match t.duration_since(UNIX_EPOCH) {
                Ok(d) => d.as_nanos() as i128,
                Err(e) => -(e.duration().as_nanos() as i128),
            });
        Stamp {
            len: meta.len(),
            modified,
            inode: inode(meta),
        }
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The stamp of every file under `out_dir` but its marker, by relative path
/// (`/`-separated). Folders are read side by side: a national site has 170,000
/// files.
pub fn stamps(out_dir: &Path) -> Result<BTreeMap<String, Stamp>> {
    let mut found = stamps_under(out_dir, "")?;
    found.retain(|(rel, _)| rel != MARKER);
    Ok(found.into_iter().collect())
}

fn stamps_under(dir: &Path, prefix: &str) -> Result<Vec<(String, Stamp)>> {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        if kind.is_dir() {
            folders.push((entry.path(), rel));
        } else {
            // Links and other odd files count as files: a build never makes them,
            // so their stamps match nothing it recorded.
            let meta = entry_metadata(&entry)
                .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
            files.push((rel, Stamp::of(&meta)));
        }
    }
    let nested: Vec<Vec<(String, Stamp)>> = folders
        .par_iter()
        .map(|(path, rel)| stamps_under(path, &format!("{rel}/")))
        .collect::<Result<_>>()?;
    files.extend(nested.into_iter().flatten());
    Ok(files)
}

/// The entry's own metadata (a link's, not its target's). On Unix read relative
/// to the open folder (`fstatat`), with no walk of the whole path per file.
#[cfg(unix)]
fn entry_metadata(entry: &fs::DirEntry) -> std::io::Result<fs::Metadata> {
    entry.metadata()
}

/// On Windows the entry's metadata is the folder listing's copy, which NTFS may
/// update later than the file's own (rust-lang/rust#136240), while the stamps a
/// build records come from the file: read it from the file too.
#[cfg(not(unix))]
fn entry_metadata(entry: &fs::DirEntry) -> std::io::Result<fs::Metadata> {
    fs::symlink_metadata(entry.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_but_the_marker_with_what_tells_versions_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::create_dir_all(out.join("a/b")).unwrap();
        fs::write(out.join(MARKER), "").unwrap();
        fs::write(out.join("index.html"), "x").unwrap();
        fs::write(out.join("a/b/c.html"), "yy").unwrap();
        let first = stamps(out).unwrap();
        let names: Vec<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(names, ["a/b/c.html", "index.html"]);
        assert_eq!(first["a/b/c.html"].len, 2);
        assert_eq!(stamps(out).unwrap(), first, "nothing changed");
        // Written again through a new file (as editors and builds do): a new inode.
        fs::write(out.join("tmp"), "yy").unwrap();
        fs::rename(out.join("tmp"), out.join("a/b/c.html")).unwrap();
        let second = stamps(out).unwrap();
        assert_ne!(second["a/b/c.html"], first["a/b/c.html"]);
        assert_eq!(second["index.html"], first["index.html"]);
    }
}
