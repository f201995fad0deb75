//! The build cache: what a build of an output directory leaves beside it —
//! `.<out>.pv-bulletin-cache` next to `.<out>.lock` — so that the next `build` of
//! the same output renders only what can have changed. It holds the fingerprint
//! of the data the output was built from ([`Fingerprint`]) and the stamp (size,
//! modification time, inode) of every file of the output.
//!
//! Beside the output, not in it: the output stays exactly the files of the site
//! (byte-identical however it was built, nothing extra to upload), and the stamps
//! tie the cache to that directory, so it cannot describe another.
//!
//! Nothing in it is trusted that can be checked: a cache that is missing,
//! truncated or corrupt (checksum), written by another format or another build of
//! the program (a digest of the executable), or whose stamps are not those of the
//! output's files as they are now (edited, deleted, added, another build or
//! version wrote there, a copy) is not used, and the build renders everything.
//! Any build that changes the output removes the cache first and writes the new
//! one once its files are in place, all under the output's lock.
//!
//! It also keeps the issue and county pages as the search page index reads them
//! (without their ignored parts), valid with the stamps: a build that indexes the
//! pages again then reads only those it rendered, not every other one through an
//! HTML rewriter (at 30,000 stations, 300 pages and 40 MB: 0.2 s of an edited
//! article's build).

use super::fingerprint::Fingerprint;
use crate::digest;
use crate::publish::search::IndexedPages;
use crate::write::{self, Stamp, MARKER};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 24] = b"pv-bulletin build cache\n";

/// Changes whenever [`Contents`] changes shape.
const FORMAT: u32 = 2;

/// What a build of an output leaves for the next one.
#[derive(Debug, Serialize, Deserialize)]
pub struct Contents {
    /// The digest of the program that wrote it.
    pub program: u64,
    /// The data, templates and settings the output was built from.
    pub print: Fingerprint,
    /// Every file of the output but its marker.
    pub files: BTreeMap<String, Stamp>,
    /// Pages of the output as the page index reads them (not always all of them).
    pub pages: IndexedPages,
}

/// [`Contents`] as written, borrowing what the build holds (the same bytes).
#[derive(Serialize)]
struct Written<'a> {
    program: u64,
    print: &'a Fingerprint,
    files: &'a BTreeMap<String, Stamp>,
    pages: BTreeMap<&'a str, &'a str>,
}

/// Why a cache was not used; `Missing` goes unmentioned (a first build).
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Unreadable(String),
    OtherProgram,
    OutputChanged(usize),
}

impl Unusable {
    /// What to tell the user, if anything.
    pub fn reason(&self) -> Option<String> {
        match self {
            Unusable::Missing => None,
            Unusable::Unreadable(why) => Some(format!("the build cache {why}")),
            Unusable::OtherProgram => {
                Some("the build cache was written by another build of pv-bulletin".into())
            }
            Unusable::OutputChanged(n) => Some(format!(
                "{n} file{} of the output changed since the last build",
                if *n == 1 { "" } else { "s" }
            )),
        }
    }
}

/// Where the cache of output directory `out` is.
pub fn path(out: &Path) -> PathBuf {
    let (parent, name) = write::parent_and_name(out);
    parent.join(format!(".{name}.pv-bulletin-cache"))
}

/// The cache of `out`, if it describes the output as it is and this program
/// wrote it. Call while holding the output's lock.
pub fn read(out: &Path) -> Result<Contents, Unusable> {
    let contents = read_unchecked(out)?;
    check_files(out, &contents)?;
    Ok(contents)
}

/// The cache as written, before [`check_files`]: enough to plan a build (the
/// plan needs only what the output was built from), not to trust it.
pub fn read_unchecked(out: &Path) -> Result<Contents, Unusable> {
    if !out.join(MARKER).is_file() {
        return Err(Unusable::Missing);
    }
    let bytes = match std::fs::read(path(out)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Unreadable(format!("cannot be read ({e})"))),
    };
    let contents = decode(&bytes)?;
    if Some(contents.program) != digest::program() {
        return Err(Unusable::OtherProgram);
    }
    Ok(contents)
}

/// Whether the output's files are as the cache records them (size, time and
/// inode of each): one stat per file, most of what reading the cache costs.
pub fn check_files(out: &Path, contents: &Contents) -> Result<(), Unusable> {
    let now = write::stamps(out)
        .map_err(|e| Unusable::Unreadable(format!("cannot be checked ({e:#})")))?;
    if now != contents.files {
        return Err(Unusable::OutputChanged(differences(&contents.files, &now)));
    }
    Ok(())
}

fn decode(bytes: &[u8]) -> Result<Contents, Unusable> {
    let corrupt = || Unusable::Unreadable("is damaged".into());
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(corrupt)?;
    let (format, rest) = rest.split_first_chunk::<4>().ok_or_else(corrupt)?;
    if u32::from_le_bytes(*format) != FORMAT {
        return Err(Unusable::OtherProgram);
    }
    let (checksum, payload) = rest.split_first_chunk::<8>().ok_or_else(corrupt)?;
    if u64::from_le_bytes(*checksum) != digest::bytes(payload) {
        return Err(corrupt());
    }
    postcard::from_bytes(payload).map_err(|_| corrupt())
}

fn encode(contents: &Written<'_>) -> anyhow::Result<Vec<u8>> {
    let payload = postcard::to_stdvec(contents)?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + 12 + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&digest::bytes(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

/// How many files differ between two sets of stamps.
fn differences(a: &BTreeMap<String, Stamp>, b: &BTreeMap<String, Stamp>) -> usize {
    let changed = a.iter().filter(|(p, s)| b.get(*p) != Some(*s)).count();
    changed + b.keys().filter(|p| !a.contains_key(*p)).count()
}

/// Writes the cache of `out` (atomically: a new file renamed over the old one):
/// the fingerprint of its data, its files, and those of `pages` still among
/// them. Without a readable program there is none to write. Call while holding
/// the output's lock, after the output's files are in place, with the pages'
/// text as these files hold it.
pub fn write(
    out: &Path,
    print: &Fingerprint,
    files: &BTreeMap<String, Stamp>,
    pages: &IndexedPages,
) -> anyhow::Result<()> {
    let Some(program) = digest::program() else {
        return Ok(());
    };
    let contents = Written {
        program,
        print,
        files,
        pages: pages
            .iter()
            .filter(|(p, _)| files.contains_key(*p))
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect(),
    };
    let target = path(out);
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, &encode(&contents)?)?;
    file.persist(&target)?;
    Ok(())
}

/// Removes the cache of `out`, before a build changes the output.
pub fn remove(out: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path(out)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents() -> Contents {
        let stamp = Stamp {
            len: 3,
            modified: 1,
            inode: 2,
        };
        Contents {
            program: 7,
            print: Fingerprint {
                site: 11,
                counties: vec!["nanxi".into()],
                ..Fingerprint::default()
            },
            files: BTreeMap::from([("index.html".to_string(), stamp)]),
            pages: IndexedPages::from([("issues/1.html".into(), "<h1>第1期</h1>".into())]),
        }
    }

    fn written(c: &Contents) -> Written<'_> {
        Written {
            program: c.program,
            print: &c.print,
            files: &c.files,
            pages: c
                .pages
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect(),
        }
    }

    #[test]
    fn what_is_written_reads_back_and_damage_is_found() {
        let bytes = encode(&written(&contents())).unwrap();
        let back = decode(&bytes).unwrap();
        assert_eq!(back.print, contents().print);
        assert_eq!(back.files, contents().files);
        assert_eq!(back.pages, contents().pages);
        let cut = &bytes[..bytes.len() - 1];
        assert!(matches!(decode(cut), Err(Unusable::Unreadable(_))));
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(matches!(decode(&flipped), Err(Unusable::Unreadable(_))));
        assert!(matches!(decode(b"garbage"), Err(Unusable::Unreadable(_))));
        assert!(matches!(decode(b""), Err(Unusable::Unreadable(_))));
        let mut other_format = bytes.clone();
        other_format[MAGIC.len()] ^= 1;
        assert_eq!(decode(&other_format).err(), Some(Unusable::OtherProgram));
    }

    #[test]
    fn a_cache_describes_only_the_output_as_it_was_left() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        assert_eq!(read(&out).err(), Some(Unusable::Missing), "not a site");
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::write(out.join("index.html"), "<p>").unwrap();
        assert_eq!(read(&out).err(), Some(Unusable::Missing));
        let files = write::stamps(&out).unwrap();
        let print = contents().print;
        // Only the pages still in the output are kept.
        let pages = IndexedPages::from([
            ("index.html".into(), "<p>".into()),
            ("issues/9.html".into(), "gone".into()),
        ]);
        write(&out, &print, &files, &pages).unwrap();
        assert!(path(&out).starts_with(tmp.path()) && !path(&out).starts_with(&out));
        let back = read(&out).unwrap();
        assert_eq!(back.print, print);
        assert_eq!(Vec::from_iter(back.pages.keys()), ["index.html"]);

        std::fs::write(out.join("extra.html"), "").unwrap();
        assert_eq!(read(&out).err(), Some(Unusable::OutputChanged(1)));
        std::fs::remove_file(out.join("extra.html")).unwrap();
        assert!(read(&out).is_ok());
        std::fs::write(out.join("index.html"), "<br>").unwrap();
        assert_eq!(read(&out).err(), Some(Unusable::OutputChanged(1)));

        let mut bytes = std::fs::read(path(&out)).unwrap();
        bytes.truncate(bytes.len() / 2);
        std::fs::write(path(&out), bytes).unwrap();
        assert!(matches!(read(&out), Err(Unusable::Unreadable(_))));
        remove(&out).unwrap();
        assert_eq!(read(&out).err(), Some(Unusable::Missing));
        remove(&out).unwrap();
    }
}
