//! What the data was, as digests: enough for [`changes::plan`](super::changes::plan)
//! to tell, between two versions of the data, what changed — which issues, which
//! stations, which quarters' figures — without keeping the data itself. `serve`
//! keeps the fingerprint of the site it built; `build` finds it in the cache
//! beside the output ([`super::cache`]).
//!
//! Each part is a digest of the values a page can show (records as parsed, not
//! the bytes of their files, so a comment does not count), except the issue
//! folders, whose files count as they are: every file of `bulletins/<n>/` (the
//! articles, their pictures) can appear on that issue's outputs.

use crate::digest;
use crate::model::{Dataset, Quarter};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The digests of a data set, its templates and the settings pages depend on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The site, the counties, the files that could not be parsed and the
    /// settings: any change renders the whole site.
    pub site: u64,
    /// County ids in `counties.yaml` order (the search shards follow it).
    pub counties: Vec<String>,
    /// Each issue by number.
    pub issues: BTreeMap<u32, IssuePrint>,
    /// Every station, in data order.
    pub stations: Vec<StationPrint>,
    /// Every progress file, in path order.
    pub progress: Vec<ProgressPrint>,
    /// The template overrides by name (a digest of their text).
    pub templates: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuePrint {
    /// Its `bulletin.yaml`.
    pub meta: u64,
    /// The quarter it reports.
    pub quarter: Quarter,
    /// Its articles, and every other file of its folder (their pictures).
    pub content: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationPrint {
    pub id: String,
    pub county: String,
    /// The whole record.
    pub record: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressPrint {
    pub file: String,
    /// The file's bytes: the same bytes hold the same entries.
    pub bytes: u64,
    pub quarter: Quarter,
    /// Each entry's station and digest, in file order.
    pub entries: Vec<(CompactString, u64)>,
}

/// What goes into a fingerprint besides the data.
pub struct Inputs<'a> {
    /// The digest of every file read from the data directory, by relative path.
    pub files: &'a BTreeMap<String, u64>,
    /// The template overrides by name.
    pub templates: BTreeMap<String, u64>,
    /// A digest of the settings every page depends on (e.g. PDF links).
    pub settings: u64,
}

impl Fingerprint {
    /// The fingerprint of `data`. The entries of a progress file whose bytes are
    /// those `previous` saw are taken from it rather than digested again.
    pub fn of(data: &Dataset, inputs: Inputs<'_>, previous: Option<&Fingerprint>) -> Fingerprint {
        let site = digest::Hasher::default()
            .number(digest::debug(&data.site.value))
            .number(digest::debug(
                &data.counties.iter().map(|c| &c.value).collect::<Vec<_>>(),
            ))
            .number(digest::debug(&data.unreadable))
            .number(inputs.settings)
            .finish();
        let known: HashMap<(&str, u64), &ProgressPrint> = previous
            .map(|p| &p.progress)
            .into_iter()
            .flatten()
            .map(|p| ((p.file.as_str(), p.bytes), p))
            .collect();
        let progress = data
            .progress
            .iter()
            .map(|file| {
                let name = file.origin.file.as_str();
                let bytes = inputs.files.get(name).copied().unwrap_or(0);
                match known.get(&(name, bytes)) {
                    Some(p) if p.quarter == file.quarter => (*p).clone(),
                    _ => ProgressPrint {
                        file: name.to_string(),
                        bytes,
                        quarter: file.quarter,
                        entries: file
                            .stations
                            .iter()
                            .map(|e| (e.station.clone(), digest::value(e)))
                            .collect(),
                    },
                }
            })
            .collect();
        Fingerprint {
            site,
            counties: data.counties.iter().map(|c| c.id.clone()).collect(),
            issues: issues(data, inputs.files),
            stations: data
                .stations
                .iter()
                .map(|s| StationPrint {
                    id: s.id.clone(),
                    county: s.county.clone(),
                    record: digest::value(&s.value),
                })
                .collect(),
            progress,
            templates: inputs.templates,
        }
    }

    /// The quarters that have a progress file, oldest first (as the figures have them).
    pub fn quarters(&self) -> Vec<Quarter> {
        let mut quarters: Vec<Quarter> = self.progress.iter().map(|p| p.quarter).collect();
        quarters.sort();
        quarters.dedup();
        quarters
    }

    /// Whether the station data (stations and figures) is the same in both.
    pub fn same_station_data(&self, other: &Fingerprint) -> bool {
        self.stations == other.stations && self.progress == other.progress
    }
}

/// Each issue: its meta, and the files of its folder but `bulletin.yaml`.
fn issues(data: &Dataset, files: &BTreeMap<String, u64>) -> BTreeMap<u32, IssuePrint> {
    data.bulletins
        .iter()
        .map(|b| {
            let folder = match b.origin.file.rsplit_once('/') {
                Some((folder, _)) => format!("{folder}/"),
                None => String::new(),
            };
            // The articles as parsed, the pictures as loaded (by name and bytes),
            // and every file of the folder as it is.
            let mut content = digest::Hasher::default().number(digest::debug(&b.articles));
            for (name, picture) in &b.images {
                content = content.part(name.as_bytes()).number(picture.digest);
            }
            for (path, d) in files.range(folder.clone()..) {
                if !path.starts_with(&folder) {
                    break;
                }
                if *path != b.origin.file {
                    content = content.part(path.as_bytes()).number(*d);
                }
            }
            let print = IssuePrint {
                meta: digest::debug(&b.meta),
                quarter: b.meta.quarter,
                content: content.finish(),
            };
            (b.meta.number, print)
        })
        .collect()
}
