//! Stage 1 — load: walk the data directory, parse every file into typed records, and
//! keep each file's text so later stages can point at lines in it.
//!
//! A file that fails to parse is reported and left out; the rest still loads so that
//! `check` can report every problem in one run.

pub mod encoding;
pub mod front_matter;
pub mod positions;
pub mod yaml;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::{
    Article, ArticleMeta, Bulletin, BulletinMeta, County, Dataset, Origin, ProgressFile, Site,
    Sourced, Station,
};
use anyhow::{bail, Context, Result};
use positions::PositionIndex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use walkdir::WalkDir;

/// The text of every YAML document read, by file, for position lookups.
#[derive(Debug, Default)]
pub struct SourceFiles {
    /// file → (YAML text, number of lines before it in the file)
    files: BTreeMap<String, (String, usize)>,
}

impl SourceFiles {
    fn insert(&mut self, file: &str, yaml: &str, line_offset: usize) {
        self.files
            .insert(file.to_string(), (yaml.to_string(), line_offset));
    }

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
    if !dir.is_dir() {
        bail!(
            "data directory `{}` not found (run from a project folder, or pass --data DIR)",
            dir.display()
        );
    }
    let mut loader = Loader::default();
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
        loader.file(entry.path(), &rel)?;
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

/// What kind of data file a path is, by its place in the layout.
enum FileKind {
    Site,
    Counties,
    Stations,
    Progress,
    BulletinMeta(String),
    Article(String),
    Unexpected,
    Other,
}

fn classify(rel: &[String]) -> FileKind {
    let name = rel.last().map(String::as_str).unwrap_or("");
    let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    match rel {
        [f] if f == "site.yaml" => FileKind::Site,
        [f] if f == "counties.yaml" => FileKind::Counties,
        [dir, ..] if dir == "stations" && is_yaml => FileKind::Stations,
        [dir, ..] if dir == "progress" && is_yaml => FileKind::Progress,
        [dir, issue, f] if dir == "bulletins" && f == "bulletin.yaml" => {
            FileKind::BulletinMeta(issue.clone())
        }
        [dir, issue, f] if dir == "bulletins" && f.ends_with(".md") => {
            FileKind::Article(issue.clone())
        }
        _ if is_yaml || name.ends_with(".md") => FileKind::Unexpected,
        _ => FileKind::Other,
    }
}

#[derive(Default)]
struct Loader {
    site: Option<Sourced<Site>>,
    counties: Vec<Sourced<County>>,
    stations: Vec<Sourced<Station>>,
    progress: Vec<Sourced<ProgressFile>>,
    bulletin_meta: BTreeMap<String, Sourced<BulletinMeta>>,
    articles: BTreeMap<String, Vec<Article>>,
    sources: SourceFiles,
    diagnostics: Diagnostics,
    unreadable: BTreeSet<String>,
}

impl Loader {
    fn file(&mut self, path: &Path, rel: &[String]) -> Result<()> {
        let kind = classify(rel);
        let file = rel.join("/");
        match kind {
            FileKind::Other => {
                self.diagnostics.push(Diagnostic::note(
                    Code::UnexpectedFile,
                    &file,
                    "not a data file (only .yaml and .md are read); ignored",
                ));
                return Ok(());
            }
            FileKind::Unexpected => {
                self.diagnostics.push(Diagnostic::warning(
                    Code::UnexpectedFile,
                    &file,
                    FieldPath::root(),
                    "not part of the data layout (site.yaml, counties.yaml, stations/, progress/, \
                     bulletins/<number>/); ignored",
                ));
                return Ok(());
            }
            _ => {}
        }
        let size = std::fs::metadata(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?
            .len();
        if size > encoding::MAX_FILE_BYTES {
            self.fail(
                Code::FileTooLarge,
                &file,
                format!(
                    "the file is {} MB; files over {} MB are refused. Split it into several \
                     files (any number of files may sit in stations/)",
                    size / (1024 * 1024),
                    encoding::MAX_FILE_BYTES / (1024 * 1024)
                ),
            );
            return Ok(());
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let text = match encoding::decode(bytes) {
            Ok(t) => t,
            Err(e) => {
                self.fail(Code::Encoding, &file, e.message());
                return Ok(());
            }
        };
        let text = text.as_str();
        match kind {
            FileKind::Article(issue) => self.article(&file, text, issue),
            FileKind::Site => self.site = self.parse(&file, text),
            FileKind::Counties => self.counties = self.parse_list(&file, text),
            FileKind::Stations => {
                let list = self.parse_list(&file, text);
                self.stations.extend(list);
            }
            FileKind::Progress => {
                if let Some(p) = self.parse(&file, text) {
                    self.progress.push(p);
                }
            }
            FileKind::BulletinMeta(issue) => {
                if let Some(b) = self.parse(&file, text) {
                    self.bulletin_meta.insert(issue, b);
                }
            }
            FileKind::Unexpected | FileKind::Other => unreachable!("handled above"),
        }
        Ok(())
    }

    /// Records an error that makes the whole file unusable.
    fn fail(&mut self, code: Code, file: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(code, file, FieldPath::root(), message));
        self.unreadable.insert(file.to_string());
    }

    fn parse<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &str,
        text: &str,
    ) -> Option<Sourced<T>> {
        self.sources.insert(file, text, 0);
        if text.trim().is_empty() {
            self.fail(Code::EmptyFile, file, "the file is empty");
            return None;
        }
        match yaml::parse::<T>(file, text, 0) {
            Ok(value) => Some(Sourced {
                value,
                origin: Origin::new(file, FieldPath::root()),
            }),
            Err(d) => {
                self.diagnostics.push(d);
                self.unreadable.insert(file.to_string());
                None
            }
        }
    }

    /// Parses a file holding a YAML list; each item remembers its index.
    fn parse_list<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &str,
        text: &str,
    ) -> Vec<Sourced<T>> {
        if text.trim().is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                Code::EmptyFile,
                file,
                FieldPath::root(),
                "the file is empty; nothing loaded from it",
            ));
            return Vec::new();
        }
        let Some(list) = self.parse::<Vec<T>>(file, text) else {
            return Vec::new();
        };
        list.value
            .into_iter()
            .enumerate()
            .map(|(i, value)| Sourced {
                value,
                origin: Origin::new(file, FieldPath::root().index(i)),
            })
            .collect()
    }

    fn article(&mut self, file: &str, text: &str, issue: String) {
        let split = match front_matter::split(text) {
            Ok(s) => s,
            Err(msg) => {
                self.fail(Code::ArticleFormat, file, msg);
                return;
            }
        };
        self.sources.insert(file, split.front_matter, 1);
        let meta = match yaml::parse::<ArticleMeta>(file, split.front_matter, 1) {
            Ok(m) => m,
            Err(d) => {
                self.diagnostics.push(d);
                self.unreadable.insert(file.to_string());
                return;
            }
        };
        let file_stem = file
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".md"))
            .unwrap_or(file)
            .to_string();
        self.articles.entry(issue).or_default().push(Article {
            meta,
            body: split.body.to_string(),
            body_line: split.body_line,
            file_stem,
            origin: Origin::new(file, FieldPath::root()),
        });
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
                site,
                counties: self.counties,
                stations: self.stations,
                progress: self.progress,
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
            sample: false,
        },
        origin: Origin::new("", FieldPath::root()),
    }
}
