//! What an edit changes, for `serve`: from the data the output was built from and
//! the data now, the pages to render again at once and the downloads and search
//! indexes to rebuild after them.
//!
//! The rules follow what each page is made of:
//! - an article, or a picture in its issue's `images/` folder: its issue page, and
//!   the index and archive (their 导读);
//! - a station, or its figures in a quarter: its page and notices, its county's page
//!   and notice lists, the counties overview and the notices index, and the issue
//!   pages that can show it (every issue for a station's own record, which counts in
//!   every quarter; the issues of that quarter and later for its figures, as trends
//!   end at the issue's quarter and totals run on);
//! - a page template: the pages made with it;
//! - anything else — the site, the counties, the set of quarters, an issue's own
//!   settings (dates move the notices), a shared template (the base, the
//!   stylesheets, the chart and table partials), a change in the order of the
//!   stations (it is the order totals are summed in) — renders the whole site.

use crate::compute::Metrics;
use crate::model::{Bulletin, Dataset, ProgressEntry, ProgressFile, Quarter, Sourced, Station};
use crate::paths::{self, Index};
use crate::render::templates::Templates;
use crate::render::Selection;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Work a rebuild leaves for after the pages: the downloads and search indexes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    pub downloads: bool,
    pub indexes: BTreeSet<Index>,
    /// `feed.xml` and the sitemap (cheap; done whenever anything else is).
    pub feeds: bool,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        *self == Pending::default()
    }

    pub fn merge(&mut self, other: Pending) {
        self.downloads |= other.downloads;
        self.indexes.extend(other.indexes);
        self.feeds |= other.feeds;
    }
}

/// What to do about an edit.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Render the whole site again.
    pub full: bool,
    /// Otherwise: the pages to render again now …
    pub pages: Selection,
    /// … and what can follow.
    pub later: Pending,
}

impl Plan {
    fn full() -> Plan {
        Plan {
            full: true,
            ..Plan::default()
        }
    }
}

/// The plan for going from the data `old` (with its figures) to `new`.
pub fn plan(old: &Dataset, old_m: &Metrics<'_>, new: &Dataset, new_m: &Metrics<'_>) -> Plan {
    let same_site = old.site.value == new.site.value
        && values(&old.counties).eq(values(&new.counties))
        && old.unreadable == new.unreadable
        && old_m.quarters == new_m.quarters;
    if !same_site {
        return Plan::full();
    }
    let mut plan = Plan::default();
    if !articles(old, new, &mut plan) {
        return Plan::full();
    }
    if Arc::ptr_eq(&old.station_data, &new.station_data) {
        // Only bulletins changed: the station data is the very same.
        if !plan.pages.is_empty() {
            plan.later.feeds = true;
            plan.later.indexes.insert(Index::Pages);
        }
        return plan;
    }
    let old_stations = by_id(old);
    let new_stations = by_id(new);
    let records: BTreeSet<&str> = old_stations
        .keys()
        .chain(new_stations.keys())
        .copied()
        .filter(|id| old_stations.get(id) != new_stations.get(id))
        .collect();
    if unchanged_order(old, &records) != unchanged_order(new, &records) {
        return Plan::full();
    }
    let (figures, earliest) = changed_figures(old, new);
    let changed: BTreeSet<&str> = records.iter().chain(&figures).copied().collect();
    if !changed.is_empty() {
        stations(&changed, &old_stations, &new_stations, &mut plan);
        if !records.is_empty() {
            plan.pages.all_issues = true;
        } else if let Some(q) = earliest {
            let later: Vec<u32> = new
                .bulletins
                .iter()
                .filter(|b| b.meta.quarter >= q)
                .map(|b| b.meta.number)
                .collect();
            plan.pages.issues.extend(later);
        }
    }
    let (old_shards, new_shards) = (paths::shards(old), paths::shards(new));
    for county in &plan.pages.counties {
        for shards in [&old_shards, &new_shards] {
            plan.later
                .indexes
                .extend(shards.get(county).map(|n| Index::Stations(*n)));
        }
    }
    if old_shards != new_shards {
        // search.html lists the shards; every shard may hold other counties now.
        plan.pages.site_pages = true;
        plan.later.indexes.extend(paths::indexes(old));
        plan.later.indexes.extend(paths::indexes(new));
    }
    if !plan.pages.is_empty() {
        plan.later.feeds = true;
        if !plan.pages.issues.is_empty() || plan.pages.all_issues || !plan.pages.counties.is_empty()
        {
            plan.later.indexes.insert(Index::Pages);
        }
    }
    plan
}

/// The ids of the stations not in `changed`, in data order.
fn unchanged_order<'a>(data: &'a Dataset, changed: &BTreeSet<&str>) -> Vec<&'a str> {
    data.stations
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !changed.contains(id))
        .collect()
}

fn numbered(data: &Dataset) -> BTreeMap<u32, &Bulletin> {
    data.bulletins.iter().map(|b| (b.meta.number, b)).collect()
}

/// The pages made with the templates `changed` (names in the templates folder),
/// or `None` when one of them is shared or used by another template.
pub fn for_templates(changed: &BTreeSet<String>, templates: &Templates) -> Option<Selection> {
    let mut pages = Selection::default();
    for name in changed {
        if templates.is_used_by_others(name) {
            return None;
        }
        match name.as_str() {
            "index.html" | "archive.html" | "search.html" => pages.site_pages = true,
            "issue.html" => pages.all_issues = true,
            "counties.html" => pages.counties_page = true,
            "county.html" => pages.all_county_pages = true,
            "station.html" => pages.all_station_pages = true,
            "notice.html" => pages.all_notices = true,
            "notice_list.html" => pages.all_notice_lists = true,
            "notices.html" => pages.notices_index = true,
            _ => return None,
        }
    }
    Some(pages)
}

/// `plan` with the pages of `templates` added; what they show in the search
/// index follows.
pub fn with_templates(mut plan: Plan, templates: Selection) -> Plan {
    if plan.full {
        return plan;
    }
    if templates.all_issues || templates.all_county_pages {
        plan.later.indexes.insert(Index::Pages);
    }
    plan.pages.extend(templates);
    plan.later.feeds = true;
    plan
}

fn values<T>(list: &[crate::model::Sourced<T>]) -> impl Iterator<Item = &T> {
    list.iter().map(|s| &s.value)
}

fn by_id(data: &Dataset) -> HashMap<&str, &Station> {
    data.stations
        .iter()
        .map(|s| (s.id.as_str(), &s.value))
        .collect()
}

/// Adds the issues whose articles or pictures changed; false when an issue
/// itself changed (added, removed, or its `bulletin.yaml`).
fn articles(old: &Dataset, new: &Dataset, plan: &mut Plan) -> bool {
    let (old, new) = (numbered(old), numbered(new));
    if old.len() != new.len() {
        return false;
    }
    for (n, b) in &new {
        let Some(before) = old.get(n) else {
            return false;
        };
        if before.meta != b.meta {
            return false;
        }
        if before.articles != b.articles || before.images != b.images {
            plan.pages.issues.insert(*n);
            plan.pages.site_pages = true;
        }
    }
    true
}

/// Stations whose figures changed in some quarter, and the earliest such quarter.
fn changed_figures<'a>(old: &'a Dataset, new: &'a Dataset) -> (BTreeSet<&'a str>, Option<Quarter>) {
    // Files read once and not since are the same `Arc` in both: only the others
    // are compared entry by entry.
    type Files<'a> = BTreeMap<Quarter, Vec<&'a Arc<Sourced<ProgressFile>>>>;
    let by_quarter = |data: &'a Dataset| -> Files<'a> {
        let mut out: Files<'a> = BTreeMap::new();
        for file in &data.progress {
            out.entry(file.quarter).or_default().push(file);
        }
        out
    };
    let (old, new) = (by_quarter(old), by_quarter(new));
    let mut changed = BTreeSet::new();
    let mut earliest = None;
    let quarters: BTreeSet<&Quarter> = old.keys().chain(new.keys()).collect();
    for q in quarters {
        let (a, b) = (
            old.get(q).cloned().unwrap_or_default(),
            new.get(q).cloned().unwrap_or_default(),
        );
        let same = a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| Arc::ptr_eq(x, y));
        if same {
            continue;
        }
        let entries =
            |files: &[&'a Arc<Sourced<ProgressFile>>]| -> HashMap<&'a str, &'a ProgressEntry> {
                files
                    .iter()
                    .flat_map(|f| &f.stations)
                    .map(|e| (e.station.as_str(), e))
                    .collect()
            };
        let (a, b) = (entries(&a), entries(&b));
        for id in a.keys().chain(b.keys()) {
            if a.get(id) != b.get(id) {
                changed.insert(*id);
                earliest = Some(earliest.map_or(*q, |e: Quarter| e.min(*q)));
            }
        }
    }
    (changed, earliest)
}

/// The pages of changed stations: theirs, their notices, their counties'.
fn stations(
    changed: &BTreeSet<&str>,
    old: &HashMap<&str, &Station>,
    new: &HashMap<&str, &Station>,
    plan: &mut Plan,
) {
    for id in changed {
        plan.pages.stations.insert(id.to_string());
        for s in [old.get(id), new.get(id)].into_iter().flatten() {
            plan.pages.counties.insert(s.county.clone());
        }
    }
    plan.pages.counties_page = true;
    plan.pages.notices_index = true;
    plan.later.downloads = true;
}
