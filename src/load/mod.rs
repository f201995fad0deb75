//! Stage 1 — load: walk the data directory and parse every file into typed records.
//! File texts are not kept (a national data set would hold 170 MB of them): each
//! file's hash is, so later stages can read a file again to point at its lines,
//! and know when it changed since it was parsed.
//!
//! A file that fails to parse is reported and left out; the rest still loads so that
//! `check` can report every problem in one run.

pub mod encoding;
pub mod file;
mod files;
pub mod front_matter;
pub mod image;
pub mod positions;
pub mod yaml;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::{
    Article, Bulletin, BulletinMeta, County, Dataset, ImageFile, Origin, ProgressFile, Site,
    Sourced, Station, StationData,
};
use crate::progress::{self, Progress};
use anyhow::Result;
use file::Records;
pub use files::{is_lock_file, DataFiles};
use positions::PositionIndex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where every YAML document read is, for position lookups: its file (whose text
/// is read again when a diagnostic needs it, so a national data set's text does
/// not stay in memory), the hash of the bytes it was parsed from, and its line
/// offset.
#[derive(Clone, Debug, Default)]
pub struct SourceFiles {
    dir: PathBuf,
    /// file → (hash of its bytes, number of lines before the YAML in the file)
    files: BTreeMap<String, (u64, usize)>,
    /// file → hash of its bytes, for every file read (parsed or not)
    digests: BTreeMap<String, u64>,
}

impl SourceFiles {
    /// Sources under `dir` with no record of what was parsed: files are read as
    /// they are.
    pub fn unchecked(dir: &Path) -> SourceFiles {
        SourceFiles {
            dir: dir.to_path_buf(),
            ..SourceFiles::default()
        }
    }

    /// Fills in line and column for diagnostics that only know their field path,
    /// from the file as it was parsed (a file changed since gives no position
    /// rather than a wrong one).
    pub fn resolve_positions(&self, diagnostics: &mut Diagnostics) {
        let mut indexes: BTreeMap<String, Option<PositionIndex>> = BTreeMap::new();
        for d in diagnostics
            .items
            .iter_mut()
            .filter(|d| d.position.is_none())
        {
            let Some(&(digest, offset)) = self.files.get(&d.file) else {
                continue;
            };
            let index = indexes
                .entry(d.file.clone())
                .or_insert_with(|| self.index(&d.file, digest, offset));
            if let Some(index) = index {
                d.position = index.locate(&d.field);
            }
        }
    }

    /// The text of `file` (relative to the data directory), read again — unless
    /// it changed since it was parsed: then `None`, so that no diagnostic shows a
    /// newer line under an old position. A file that was not read as data (e.g. a
    /// spreadsheet named in an import's messages) is read as it is.
    pub fn read_checked(&self, file: &str) -> Option<String> {
        let bytes = std::fs::read(self.dir.join(file)).ok()?;
        match self.digests.get(file) {
            Some(&digest) if files::digest(&bytes) != digest => None,
            _ => encoding::decode(bytes).ok(),
        }
    }

    /// The digest of every file read, by path relative to the data directory
    /// (of its bytes; of its size and time for files that are not data).
    pub fn digests(&self) -> &BTreeMap<String, u64> {
        &self.digests
    }

    /// The data directory the files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn index(&self, file: &str, digest: u64, offset: usize) -> Option<PositionIndex> {
        let bytes = std::fs::read(self.dir.join(file)).ok()?;
        if files::digest(&bytes) != digest {
            return None;
        }
        let text = encoding::decode(bytes).ok()?;
        let yaml = match offset {
            0 => text.as_str(),
            _ => front_matter::split(&text).ok()?.front_matter,
        };
        Some(PositionIndex::build(yaml, offset))
    }
}

/// What loading produced: the records that parsed, their sources, and the problems.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub sources: SourceFiles,
    pub diagnostics: Diagnostics,
}

/// Reads every data file under `dir`, in path order (deterministic output).
pub fn load(dir: &Path) -> Result<Loaded> {
    load_with(dir, &progress::quiet)
}

/// [`load`], reporting the number of data files and each one parsed.
pub fn load_with(dir: &Path, progress: &Progress) -> Result<Loaded> {
    Ok(DataFiles::read(dir, progress)?.assemble(None))
}

impl DataFiles {
    /// The data set the files hold, with their sources and problems. With
    /// `station_data` (when only bulletins changed since it was assembled), that is
    /// reused rather than assembled again.
    pub fn assemble(&self, station_data: Option<Arc<StationData>>) -> Loaded {
        let mut loader = Loader::default();
        loader.sources.dir = self.dir.clone();
        for (file, f) in &self.files {
            let reuse = station_data.is_some()
                && !matches!(
                    f.parsed.records,
                    Records::BulletinMeta(..) | Records::Article(..) | Records::Image(..)
                );
            loader.merge(file, f, reuse);
        }
        loader.finish(station_data)
    }
}

#[derive(Default)]
struct Loader {
    site: Option<Sourced<Site>>,
    counties: Vec<Sourced<County>>,
    stations: Vec<Sourced<Station>>,
    progress: Vec<Arc<Sourced<ProgressFile>>>,
    bulletin_meta: BTreeMap<String, Sourced<BulletinMeta>>,
    articles: BTreeMap<String, Vec<Article>>,
    images: BTreeMap<String, BTreeMap<String, Arc<ImageFile>>>,
    sources: SourceFiles,
    diagnostics: Diagnostics,
    unreadable: BTreeSet<String>,
}

impl Loader {
    /// Adds one parsed file's records (unless `diagnostics_only`) and problems.
    fn merge(&mut self, file: &str, data: &files::DataFile, diagnostics_only: bool) {
        let parsed = &data.parsed;
        self.diagnostics
            .items
            .extend(parsed.diagnostics.iter().cloned());
        if parsed.unreadable {
            self.unreadable.insert(file.to_string());
        }
        self.sources.digests.insert(file.to_string(), data.digest);
        if let Some(offset) = parsed.source {
            self.sources
                .files
                .insert(file.to_string(), (data.digest, offset));
        }
        if diagnostics_only {
            return;
        }
        match &parsed.records {
            Records::None => {}
            Records::Site(s) => self.site = Some(s.clone()),
            Records::Counties(c) => self.counties = c.clone(),
            Records::Stations(s) => self.stations.extend(s.iter().cloned()),
            Records::Progress(p) => self.progress.push(p.clone()),
            Records::BulletinMeta(issue, b) => {
                self.bulletin_meta.insert(issue.clone(), b.clone());
            }
            Records::Article(issue, a) => self
                .articles
                .entry(issue.clone())
                .or_default()
                .push(a.clone()),
            Records::Image(issue, name, picture) => {
                let pictures = self.images.entry(issue.clone()).or_default();
                pictures.insert(name.clone(), picture.clone());
            }
        }
    }

    fn finish(mut self, station_data: Option<Arc<StationData>>) -> Loaded {
        let site_missing = station_data.is_none() && self.site.is_none();
        if site_missing && !self.diagnostics.items.iter().any(|d| d.file == "site.yaml") {
            self.diagnostics.push(Diagnostic::error(
                Code::MissingFile,
                "site.yaml",
                FieldPath::root(),
                "missing: every data directory needs a site.yaml (title, issuer, region)",
            ));
        }
        let mut bulletins = Vec::new();
        for (issue, meta) in std::mem::take(&mut self.bulletin_meta) {
            let articles = self.articles.remove(&issue).unwrap_or_default();
            bulletins.push(Bulletin {
                origin: meta.origin,
                meta: meta.value,
                articles,
                images: self.images.remove(&issue).unwrap_or_default(),
            });
        }
        for (issue, articles) in std::mem::take(&mut self.articles) {
            let file = format!("bulletins/{issue}/bulletin.yaml");
            if !self.diagnostics.items.iter().any(|d| d.file == file) {
                let d = Diagnostic::error(
                    Code::MissingFile,
                    articles[0].origin.file.clone(),
                    FieldPath::root(),
                    format!("article without its issue: `{file}` is missing"),
                );
                self.diagnostics.push(d);
            }
        }
        let station_data = station_data.unwrap_or_else(|| {
            Arc::new(StationData {
                site: self.site.take().unwrap_or_else(placeholder_site),
                counties: self.counties,
                stations: self.stations,
                progress: self.progress,
            })
        });
        Loaded {
            dataset: Dataset {
                station_data,
                bulletins,
                unreadable: self.unreadable,
            },
            sources: self.sources,
            diagnostics: self.diagnostics,
        }
    }
}

/// Stands in for an unreadable site.yaml so validation of the other files can go on;
/// the error already recorded keeps the build from rendering with it.
fn placeholder_site() -> Sourced<Site> {
    Sourced {
        value: Site {
            title: String::new(),
            issuer: String::new(),
            region: String::new(),
            motto: None,
            language: Default::default(),
            base_path: None,
            base_url: None,
            notice: Default::default(),
            subdivision: crate::model::DEFAULT_SUBDIVISION.to_string(),
            terms: Default::default(),
            issue_rows: 20,
            sample: false,
        },
        origin: Origin::new("", FieldPath::root()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_come_from_the_file_as_it_was_parsed() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("stations")).unwrap();
        let file = tmp.path().join("stations/a.yaml");
        std::fs::write(&file, "- id: a\n  name: A\n  capacity_kw: 10\n").unwrap();
        let loaded = load(tmp.path()).unwrap();
        let flagged = || {
            let field = FieldPath::root().index(0).key("capacity_kw");
            let d = Diagnostic::error(Code::OutOfRange, "stations/a.yaml", field, "x");
            Diagnostics { items: vec![d] }
        };
        let mut found = flagged();
        loaded.sources.resolve_positions(&mut found);
        let at = found.items[0].position.map(|p| (p.line, p.column));
        assert_eq!(at, Some((3, 16)), "read again from the file");
        // Edited since: no position rather than a wrong one.
        std::fs::write(&file, "- id: a\n  capacity_kw: 10\n  name: A\n").unwrap();
        let mut found = flagged();
        loaded.sources.resolve_positions(&mut found);
        assert_eq!(found.items[0].position, None);
    }

    #[test]
    fn source_lines_are_read_only_while_the_file_is_as_parsed() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("stations")).unwrap();
        let file = tmp.path().join("stations/a.yaml");
        // A byte-order mark (Notepad writes one) is not part of the text.
        std::fs::write(&file, "\u{feff}- id: a\n  capacity_kw: 10\n").unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "free text").unwrap();
        let loaded = load(tmp.path()).unwrap();
        let text = loaded.sources.read_checked("stations/a.yaml");
        assert_eq!(text.as_deref(), Some("- id: a\n  capacity_kw: 10\n"));
        std::fs::write(&file, "- id: a\n  capacity_kw: 12\n").unwrap();
        assert_eq!(loaded.sources.read_checked("stations/a.yaml"), None);
        let unchecked = SourceFiles::unchecked(tmp.path());
        assert!(unchecked.read_checked("stations/a.yaml").is_some());
    }
}
