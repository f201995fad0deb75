//! Parsing one data file into records: a pure function of its kind and text, so
//! files can be parsed in parallel and merged in path order afterwards.

use super::{front_matter, yaml};
use crate::diagnostics::{Code, Diagnostic, FieldPath};
use crate::model::{
    Article, ArticleMeta, BulletinMeta, County, ImageFile, Origin, ProgressFile, Site, Sourced,
    Station,
};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// What kind of data file a path is, by its place in the layout.
#[derive(Clone, Debug)]
pub enum FileKind {
    Site,
    Counties,
    Stations,
    Progress,
    BulletinMeta(String),
    Article(String),
    /// A picture of an issue, `bulletins/<issue>/images/<name>`: (issue, name).
    Image(String, String),
    Unexpected,
    Other,
}

pub fn classify(rel: &[String]) -> FileKind {
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
        [dir, issue, images, f] if dir == "bulletins" && images == "images" => {
            FileKind::Image(issue.clone(), f.clone())
        }
        _ if is_yaml || name.ends_with(".md") => FileKind::Unexpected,
        _ => FileKind::Other,
    }
}

/// The records a file holds.
pub enum Records {
    None,
    Site(Sourced<Site>),
    Counties(Vec<Sourced<County>>),
    Stations(Vec<Sourced<Station>>),
    Progress(Arc<Sourced<ProgressFile>>),
    BulletinMeta(String, Sourced<BulletinMeta>),
    Article(String, Article),
    /// (issue, file name, the picture)
    Image(String, String, Arc<ImageFile>),
}

/// Everything parsing one file produced.
pub struct ParsedFile {
    pub records: Records,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be used at all (its problems are in `diagnostics`).
    pub unreadable: bool,
    /// For a file holding YAML: the number of lines before the YAML document
    /// (the front matter of an article starts on line 2). Its text is read again
    /// when a diagnostic needs a position in it, rather than kept.
    pub source: Option<usize>,
}

impl ParsedFile {
    pub fn new(records: Records) -> Self {
        ParsedFile {
            records,
            diagnostics: Vec::new(),
            unreadable: false,
            source: None,
        }
    }

    /// A file with nothing to load and one thing to say about it.
    pub fn noted(d: Diagnostic) -> Self {
        ParsedFile {
            diagnostics: vec![d],
            ..ParsedFile::new(Records::None)
        }
    }

    pub fn failed(d: Diagnostic) -> Self {
        ParsedFile {
            records: Records::None,
            diagnostics: vec![d],
            unreadable: true,
            source: None,
        }
    }
}

/// Parses `text` (the decoded contents of `file`) as a file of kind `kind`.
pub fn parse_file(kind: FileKind, file: &str, text: String) -> ParsedFile {
    let mut parsed = match kind {
        FileKind::Site => single(file, &text, Records::Site),
        FileKind::Counties => list(file, &text, Records::Counties),
        FileKind::Stations => list(file, &text, Records::Stations),
        FileKind::Progress => match crate::canonical::progress::read(&text) {
            // The common layout, read without serde_yaml (see `flow_lines`).
            Some(value) => ParsedFile::new(Records::Progress(Arc::new(Sourced {
                value,
                origin: Origin::new(file, FieldPath::root()),
            }))),
            None => single(file, &text, |mut p: Sourced<ProgressFile>| {
                // serde grows the list by doubling: give back what is unused.
                p.value.stations.shrink_to_fit();
                Records::Progress(Arc::new(p))
            }),
        },
        FileKind::BulletinMeta(issue) => single(file, &text, |b| Records::BulletinMeta(issue, b)),
        FileKind::Article(issue) => return article(file, &text, issue),
        FileKind::Image(..) | FileKind::Unexpected | FileKind::Other => {
            ParsedFile::new(Records::None)
        }
    };
    parsed.source = Some(0);
    parsed
}

fn single<T: DeserializeOwned>(
    file: &str,
    text: &str,
    wrap: impl FnOnce(Sourced<T>) -> Records,
) -> ParsedFile {
    if text.trim().is_empty() {
        return ParsedFile::failed(Diagnostic::error(
            Code::EmptyFile,
            file,
            FieldPath::root(),
            "the file is empty",
        ));
    }
    match yaml::parse::<T>(file, text, 0) {
        Ok(value) => ParsedFile::new(wrap(Sourced {
            value,
            origin: Origin::new(file, FieldPath::root()),
        })),
        Err(d) => ParsedFile::failed(d),
    }
}

/// A file holding a YAML list; each item remembers its index.
fn list<T: DeserializeOwned>(
    file: &str,
    text: &str,
    wrap: impl FnOnce(Vec<Sourced<T>>) -> Records,
) -> ParsedFile {
    if text.trim().is_empty() {
        let mut parsed = ParsedFile::new(Records::None);
        parsed.diagnostics.push(Diagnostic::warning(
            Code::EmptyFile,
            file,
            FieldPath::root(),
            "the file is empty; nothing loaded from it",
        ));
        return parsed;
    }
    match yaml::parse::<Vec<T>>(file, text, 0) {
        Ok(items) => ParsedFile::new(wrap(
            items
                .into_iter()
                .enumerate()
                .map(|(i, value)| Sourced {
                    value,
                    origin: Origin::new(file, FieldPath::root().index(i)),
                })
                .collect(),
        )),
        Err(d) => ParsedFile::failed(d),
    }
}

fn article(file: &str, text: &str, issue: String) -> ParsedFile {
    let split = match front_matter::split(text) {
        Ok(s) => s,
        Err(msg) => {
            return ParsedFile::failed(Diagnostic::error(
                Code::ArticleFormat,
                file,
                FieldPath::root(),
                msg,
            ))
        }
    };
    let mut parsed = match yaml::parse::<ArticleMeta>(file, split.front_matter, 1) {
        Ok(meta) => {
            let file_stem = file
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".md"))
                .unwrap_or(file)
                .to_string();
            ParsedFile::new(Records::Article(
                issue,
                Article {
                    meta,
                    body: split.body.to_string(),
                    body_line: split.body_line,
                    file_stem,
                    origin: Origin::new(file, FieldPath::root()),
                },
            ))
        }
        Err(d) => ParsedFile::failed(d),
    };
    parsed.source = Some(1);
    parsed
}
