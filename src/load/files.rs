//! The data directory as last read: every file with its size, modification time
//! and what parsing it gave. `serve` keeps it between builds and reads again only
//! the files that changed.

use super::encoding;
use super::file::{classify, parse_file, FileKind, ParsedFile, Records};
use super::image;
use crate::diagnostics::{Code, Diagnostic, FieldPath};
use crate::model::images::{ImageFile, ImageProblem, MAX_IMAGE_BYTES};
use crate::progress::{Progress, Step};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::SystemTime;
use walkdir::WalkDir;

/// What identifies a version of a file cheaply: size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// One file as read: its stamp, a hash of its bytes (two writes within the
/// file system's clock tick can leave the stamp as it was) and the parse.
pub struct DataFile {
    stamp: Stamp,
    pub digest: u64,
    pub parsed: ParsedFile,
}

/// Every file under the data directory, by path relative to it (`/`-separated),
/// in path order: the order records are merged in, so output does not depend on
/// how files were listed or parsed.
pub struct DataFiles {
    pub dir: PathBuf,
    pub files: BTreeMap<String, DataFile>,
}

/// A file found by walking the data directory.
struct Found {
    rel: String,
    path: PathBuf,
    kind: FileKind,
    stamp: Stamp,
}

impl DataFiles {
    /// Reads and parses every file under `dir` (in parallel), reporting the number
    /// of data files and each one parsed.
    pub fn read(dir: &Path, progress: &Progress) -> Result<DataFiles> {
        let found = walk(dir)?;
        let data_files = found.iter().filter(|f| is_data(&f.kind)).count();
        progress(Step::Total(data_files));
        let done = AtomicUsize::new(0);
        let files = found
            .into_par_iter()
            .map(|f| {
                let counted = is_data(&f.kind);
                let file = read_one(&f)?;
                if counted {
                    progress(Step::Done(done.fetch_add(1, Ordering::Relaxed) + 1));
                }
                Ok((f.rel, file))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        Ok(DataFiles {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Reads again what changed on disk since the last read: files whose size or
    /// modification time differ, new files, and `hints` (paths a file watcher
    /// reported, relative to the data directory, read again whatever their stamp
    /// says); forgets removed files. Returns the paths whose content or existence
    /// changed.
    pub fn refresh(&mut self, hints: &BTreeSet<String>) -> Result<BTreeSet<String>> {
        let found = walk(&self.dir)?;
        let mut changed: BTreeSet<String> = self.files.keys().cloned().collect();
        for f in &found {
            changed.remove(&f.rel); // still there: gone files are what remains
        }
        let stale: Vec<&Found> = found
            .iter()
            .filter(|f| match self.files.get(&f.rel) {
                Some(old) => old.stamp != f.stamp || hints.contains(&f.rel),
                None => true,
            })
            .collect();
        let read: Vec<(String, DataFile)> = stale
            .into_par_iter()
            .map(|f| Ok((f.rel.clone(), read_one(f)?)))
            .collect::<Result<_>>()?;
        for rel in &changed {
            self.files.remove(rel);
        }
        for (rel, file) in read {
            let same = self
                .files
                .get(&rel)
                .is_some_and(|old| old.digest == file.digest);
            if !same {
                changed.insert(rel.clone());
            }
            self.files.insert(rel, file);
        }
        Ok(changed)
    }
}

/// A hash of a file's bytes, to tell whether it changed.
pub fn digest(bytes: &[u8]) -> u64 {
    crate::digest::bytes(bytes)
}

/// For a file that is not read (not data): a hash of its stamp, so that a
/// rebuild still sees that it changed.
fn stamp_digest(stamp: &Stamp) -> u64 {
    let nanos = stamp
        .modified
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    crate::digest::Hasher::default()
        .number(stamp.len)
        .number(nanos)
        .finish()
}

/// Files that count as data: everything `parse_file` reads.
fn is_data(kind: &FileKind) -> bool {
    !matches!(kind, FileKind::Other | FileKind::Unexpected)
}

fn walk(dir: &Path) -> Result<Vec<Found>> {
    if !dir.is_dir() {
        bail!(
            "data directory `{}` not found (run from a project folder, or pass --data DIR)",
            dir.display()
        );
    }
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("cannot read data directory `{}`", dir.display()))?;
        if !entry.file_type().is_file()
            || is_hidden(entry.path(), dir)
            || is_lock_file(entry.file_name())
        {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let meta = entry
            .metadata()
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        found.push(Found {
            kind: classify(&parts),
            rel: parts.join("/"),
            path: entry.path().to_path_buf(),
            stamp: Stamp {
                len: meta.len(),
                modified: meta.modified().ok(),
            },
        });
    }
    Ok(found)
}

/// Whether `name` is the lock file an office program keeps beside a document it
/// has open: `~$台账.xlsx` (Excel, Word, WPS) or `.~lock.台账.xlsx#` (LibreOffice).
/// They come and go as the document is opened and closed, are not data, and are
/// often unreadable while the program runs: the loader, `serve`'s watcher and
/// `import` pass them over.
pub fn is_lock_file(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with("~$") || name.starts_with(".~lock.")
}

fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .map(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .unwrap_or(false)
}

/// Reads and parses one file, or records why it is not used.
fn read_one(f: &Found) -> Result<DataFile> {
    let file = f.rel.as_str();
    let keep = |parsed: ParsedFile, digest: u64| DataFile {
        stamp: f.stamp,
        digest,
        parsed,
    };
    match f.kind {
        FileKind::Other => {
            return Ok(keep(
                ParsedFile::noted(Diagnostic::note(
                    Code::UnexpectedFile,
                    file,
                    "not a data file (only .yaml, .md and the pictures in \
                     bulletins/<number>/images/ are read); ignored",
                )),
                stamp_digest(&f.stamp),
            ))
        }
        FileKind::Unexpected => {
            return Ok(keep(
                ParsedFile::noted(Diagnostic::warning(
                    Code::UnexpectedFile,
                    file,
                    FieldPath::root(),
                    "not part of the data layout (site.yaml, counties.yaml, stations/, progress/, \
                     bulletins/<number>/); ignored",
                )),
                stamp_digest(&f.stamp),
            ))
        }
        FileKind::Image(ref issue, ref name) => {
            let (digest, picture) = read_image(f)?;
            let records = Records::Image(issue.clone(), name.clone(), Arc::new(picture));
            return Ok(keep(ParsedFile::new(records), digest));
        }
        _ => {}
    }
    if f.stamp.len > encoding::MAX_FILE_BYTES {
        let d = Diagnostic::error(
            Code::FileTooLarge,
            file,
            FieldPath::root(),
            format!(
                "the file is {} MB; files over {} MB are refused. Split it into several \
                 files (any number of files may sit in stations/)",
                f.stamp.len / (1024 * 1024),
                encoding::MAX_FILE_BYTES / (1024 * 1024)
            ),
        );
        return Ok(keep(ParsedFile::failed(d), f.stamp.len));
    }
    let bytes =
        std::fs::read(&f.path).with_context(|| format!("cannot read `{}`", f.path.display()))?;
    let digest = digest(&bytes);
    let parsed = match encoding::decode(bytes) {
        Ok(text) => parse_file(f.kind.clone(), file, text),
        Err(e) => ParsedFile::failed(Diagnostic::error(
            Code::Encoding,
            file,
            FieldPath::root(),
            e.message(),
        )),
    };
    Ok(keep(parsed, digest))
}

/// A picture: its digest and header. One too large to embed is not read (its
/// length stands for its digest, as for other files too large to read).
fn read_image(f: &Found) -> Result<(u64, ImageFile)> {
    if f.stamp.len > MAX_IMAGE_BYTES {
        let problem = ImageProblem::TooLarge {
            bytes: f.stamp.len,
            limit: MAX_IMAGE_BYTES,
        };
        return Ok((
            f.stamp.len,
            ImageFile::new(f.path.clone(), f.stamp.len, Err(problem)),
        ));
    }
    let bytes =
        std::fs::read(&f.path).with_context(|| format!("cannot read `{}`", f.path.display()))?;
    let digest = digest(&bytes);
    let header = image::inspect(&bytes);
    Ok((digest, ImageFile::new(f.path.clone(), digest, header)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn refresh_reads_again_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "site.yaml", "title: T\nissuer: I\nregion: R\n");
        write(dir, "stations/a.yaml", "- id: a\n");
        write(dir, "notes.txt", "not data");
        let mut files = DataFiles::read(dir, &crate::progress::quiet).unwrap();
        assert_eq!(files.files.len(), 3);
        let none = BTreeSet::new();
        assert!(files.refresh(&none).unwrap().is_empty(), "nothing changed");

        write(dir, "stations/a.yaml", "- id: a2\n");
        write(dir, "stations/b.yaml", "- id: b\n");
        std::fs::remove_file(dir.join("notes.txt")).unwrap();
        let changed = files.refresh(&none).unwrap();
        let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
        assert_eq!(changed, ["notes.txt", "stations/a.yaml", "stations/b.yaml"]);
        assert!(!files.files.contains_key("notes.txt"));

        // A hinted file is read again, but only reported when its bytes differ.
        let hint = BTreeSet::from(["site.yaml".to_string()]);
        assert!(files.refresh(&hint).unwrap().is_empty());
    }

    #[test]
    fn office_lock_files_are_not_part_of_the_data() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "site.yaml", "title: T\nissuer: I\nregion: R\n");
        write(dir, "台账.xlsx", "a ledger kept beside the data");
        let mut files = DataFiles::read(dir, &crate::progress::quiet).unwrap();
        // Excel opens the ledger; LibreOffice opens a copy of site.yaml.
        write(dir, "~$台账.xlsx", "owner");
        write(dir, "stations/.~lock.a.yaml#", "owner");
        assert!(files.refresh(&BTreeSet::new()).unwrap().is_empty());
        let names: Vec<&str> = files.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["site.yaml", "台账.xlsx"]);
        for (name, lock) in [
            ("~$台账.xlsx", true),
            (".~lock.x.ods#", true),
            ("台账.xlsx", false),
            ("a~$.yaml", false),
        ] {
            assert_eq!(is_lock_file(name.as_ref()), lock, "{name}");
        }
    }
}
