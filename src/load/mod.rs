//! Stage 1 — load: walk the data directory, parse every file into typed records, and
//! keep each file's text so later stages can point at lines in it.
//!
//! A file that fails to parse is reported and left out; the rest still loads so that
//! `check` can report every problem in one run.

pub mod encoding;
pub mod file;
pub mod front_matter;
pub mod positions;
pub mod yaml;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::{
    Article, Bulletin, BulletinMeta, County, Dataset, Origin, ProgressFile, Site, Sourced, Station,
    StationData,
};
use crate::progress::{self, Progress, Step};
use anyhow::{bail, Context, Result};
use file::{classify, parse_file, FileKind, ParsedFile, Records};
use positions::PositionIndex;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use walkdir::WalkDir;

/// The text of every YAML document read, by file, for position lookups.
#[derive(Debug, Default)]
pub struct SourceFiles {
    /// file → (YAML text, number of lines before it in the file)
    files: BTreeMap<String, (String, usize)>,
}

impl SourceFiles {
    /// Fills in line and column for diagnostics that only know their field path.
    pub fn resolve_positions(&self, diagnostics: &mut Diagnostics) {
        let mut indexes: BTreeMap<&str, PositionIndex> = BTreeMap::new();
        for d in diagnostics
            .items
            .iter_mut()
            .filter(|d| d.position.is_none())
        {
            let Some((text, offset)) = self.files.get(&d.file) else {
                continue;
            };
            let index = indexes
                .entry(d.file.as_str())
                .or_insert_with(|| PositionIndex::build(text, *offset));
            d.position = index.locate(&d.field);
        }
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
    if !dir.is_dir() {
        bail!(
            "data directory `{}` not found (run from a project folder, or pass --data DIR)",
            dir.display()
        );
    }
    let mut loader = Loader::default();
    let mut pending: Vec<(FileKind, String, String)> = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("cannot read data directory `{}`", dir.display()))?;
        if !entry.file_type().is_file() || is_hidden(entry.path(), dir) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let kind = classify(&rel);
        let file = rel.join("/");
        if let Some(text) = loader.read(entry.path(), &file, &kind)? {
            pending.push((kind, file, text));
        }
    }
    // Parsing is the slow part and files are independent: parse in parallel, then
    // merge in path order so the result does not depend on scheduling.
    progress(Step::Total(pending.len()));
    let done = AtomicUsize::new(0);
    let parsed: Vec<(String, ParsedFile)> = pending
        .into_par_iter()
        .map(|(kind, file, text)| {
            let parsed = parse_file(kind, &file, text);
            progress(Step::Done(done.fetch_add(1, Ordering::Relaxed) + 1));
            (file, parsed)
        })
        .collect();
    for (file, p) in parsed {
        loader.merge(&file, p);
    }
    Ok(loader.finish())
}

fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .map(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .unwrap_or(false)
}

#[derive(Default)]
struct Loader {
    site: Option<Sourced<Site>>,
    counties: Vec<Sourced<County>>,
    stations: Vec<Sourced<Station>>,
    progress: Vec<std::sync::Arc<Sourced<ProgressFile>>>,
    bulletin_meta: BTreeMap<String, Sourced<BulletinMeta>>,
    articles: BTreeMap<String, Vec<Article>>,
    sources: SourceFiles,
    diagnostics: Diagnostics,
    unreadable: BTreeSet<String>,
}

impl Loader {
    /// Reads one file; returns its kind and text, or records why it is unusable.
    fn read(&mut self, path: &Path, file: &str, kind: &FileKind) -> Result<Option<String>> {
        match kind {
            FileKind::Other => {
                self.diagnostics.push(Diagnostic::note(
                    Code::UnexpectedFile,
                    file,
                    "not a data file (only .yaml and .md are read); ignored",
                ));
                return Ok(None);
            }
            FileKind::Unexpected => {
                self.diagnostics.push(Diagnostic::warning(
                    Code::UnexpectedFile,
                    file,
                    FieldPath::root(),
                    "not part of the data layout (site.yaml, counties.yaml, stations/, progress/, \
                     bulletins/<number>/); ignored",
                ));
                return Ok(None);
            }
            _ => {}
        }
        let size = std::fs::metadata(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?
            .len();
        if size > encoding::MAX_FILE_BYTES {
            self.merge(
                file,
                ParsedFile::failed(Diagnostic::error(
                    Code::FileTooLarge,
                    file,
                    FieldPath::root(),
                    format!(
                        "the file is {} MB; files over {} MB are refused. Split it into several \
                     files (any number of files may sit in stations/)",
                        size / (1024 * 1024),
                        encoding::MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )),
            );
            return Ok(None);
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        match encoding::decode(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                self.merge(
                    file,
                    ParsedFile::failed(Diagnostic::error(
                        Code::Encoding,
                        file,
                        FieldPath::root(),
                        e.message(),
                    )),
                );
                Ok(None)
            }
        }
    }

    /// Adds one parsed file's records and problems.
    fn merge(&mut self, file: &str, parsed: ParsedFile) {
        self.diagnostics.items.extend(parsed.diagnostics);
        if parsed.unreadable {
            self.unreadable.insert(file.to_string());
        }
        if let Some((text, offset)) = parsed.source {
            self.sources.files.insert(file.to_string(), (text, offset));
        }
        match parsed.records {
            Records::None => {}
            Records::Site(s) => self.site = Some(s),
            Records::Counties(c) => self.counties = c,
            Records::Stations(s) => self.stations.extend(s),
            Records::Progress(p) => self.progress.push(std::sync::Arc::new(p)),
            Records::BulletinMeta(issue, b) => {
                self.bulletin_meta.insert(issue, b);
            }
            Records::Article(issue, a) => self.articles.entry(issue).or_default().push(a),
        }
    }

    fn finish(mut self) -> Loaded {
        let site = self.site.take().unwrap_or_else(|| {
            if !self.diagnostics.items.iter().any(|d| d.file == "site.yaml") {
                self.diagnostics.push(Diagnostic::error(
                    Code::MissingFile,
                    "site.yaml",
                    FieldPath::root(),
                    "missing: every data directory needs a site.yaml (title, issuer, region)",
                ));
            }
            placeholder_site()
        });
        let mut bulletins = Vec::new();
        for (issue, meta) in std::mem::take(&mut self.bulletin_meta) {
            let articles = self.articles.remove(&issue).unwrap_or_default();
            bulletins.push(Bulletin {
                origin: meta.origin,
                meta: meta.value,
                articles,
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
        Loaded {
            dataset: Dataset {
                station_data: std::sync::Arc::new(StationData {
                    site,
                    counties: self.counties,
                    stations: self.stations,
                    progress: self.progress,
                }),
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
            sample: false,
        },
        origin: Origin::new("", FieldPath::root()),
    }
}
