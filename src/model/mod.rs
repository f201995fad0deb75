//! The data model: calendar types, the records users write, and the loaded data set.

pub mod calendar;
pub mod images;
pub mod number;
pub mod progress;
pub mod records;
pub mod terms;

pub use calendar::{Date, Quarter};
pub use images::{ImageFile, ImageHeader, ImageProblem};
pub use number::Decimal;
pub use progress::{Distribution, MoneyTrail, ProgressEntry, Use};
pub use records::*;
pub use terms::{Preset, Terms};

use crate::diagnostics::FieldPath;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Where a record came from, so later stages can point at it in an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Path relative to the data directory, with `/` separators (stable across OSes).
    pub file: String,
    /// Path of the record inside the file, e.g. `[12]` or `stations[3]`.
    pub path: FieldPath,
}

impl Origin {
    pub fn new(file: impl Into<String>, path: FieldPath) -> Self {
        Origin {
            file: file.into(),
            path,
        }
    }

    /// The origin of a field inside this record.
    pub fn field(&self, key: &str) -> Origin {
        Origin {
            file: self.file.clone(),
            path: self.path.key(key),
        }
    }

    pub fn index(&self, i: usize) -> Origin {
        Origin {
            file: self.file.clone(),
            path: self.path.index(i),
        }
    }
}

/// A record with the place it was read from.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> std::ops::Deref for Sourced<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One article of a bulletin: front matter plus Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub meta: ArticleMeta,
    pub body: String,
    /// 1-based line of the file where the body starts (for errors inside the body).
    pub body_line: usize,
    /// File name without extension; the tie-breaker when `order` is equal.
    pub file_stem: String,
    pub origin: Origin,
}

/// One bulletin issue: its `bulletin.yaml`, its articles and the pictures in its
/// `images/` folder (by file name), which articles show as `![说明](images/x.jpg)`.
#[derive(Clone, Debug)]
pub struct Bulletin {
    pub meta: BulletinMeta,
    pub origin: Origin,
    pub articles: Vec<Article>,
    pub images: BTreeMap<String, Arc<ImageFile>>,
}

/// Everything read from a data directory.
///
/// The station data (site, counties, stations, quarterly progress) sits behind an
/// `Arc`, apart from the bulletins: it is what every figure is computed from, so
/// `serve` can keep the figures computed from it while only articles change, and
/// a changed progress file replaces its own `Arc` without copying the others.
/// Fields of [`StationData`] read through `Dataset` (`data.stations`).
#[derive(Clone, Debug)]
pub struct Dataset {
    pub station_data: Arc<StationData>,
    pub bulletins: Vec<Bulletin>,
    /// Files that could not be parsed (already reported). Checks that depend on their
    /// content are skipped, so one typo does not cascade into dozens of errors.
    pub unreadable: BTreeSet<String>,
}

/// The site and what its figures are computed from.
#[derive(Clone, Debug)]
pub struct StationData {
    pub site: Sourced<Site>,
    pub counties: Vec<Sourced<County>>,
    pub stations: Vec<Sourced<Station>>,
    /// One per progress file, each shared on its own.
    pub progress: Vec<Arc<Sourced<ProgressFile>>>,
}

impl std::ops::Deref for Dataset {
    type Target = StationData;
    fn deref(&self) -> &StationData {
        &self.station_data
    }
}

impl std::ops::DerefMut for Dataset {
    /// Copies the station data first if it is shared.
    fn deref_mut(&mut self) -> &mut StationData {
        Arc::make_mut(&mut self.station_data)
    }
}

impl Dataset {
    /// Whether every file under `dir/` (e.g. `stations`) was read.
    pub fn complete(&self, dir: &str) -> bool {
        !self.unreadable.iter().any(|f| f.starts_with(dir))
    }
}
