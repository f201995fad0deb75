//! What an edit changes, for `serve` and for `build` into an existing site: from
//! the fingerprints of the data the output was built from and of the data now,
//! the pages to render again at once and the downloads and search indexes to
//! rebuild after them.
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

use super::fingerprint::{Fingerprint, ProgressPrint, StationPrint};
use crate::model::Quarter;
use crate::paths::{self, Index};
use crate::render::templates::Templates;
use crate::render::Selection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

    /// Whether `path` (relative to the site root) is one of the files this work
    /// writes: one it covers but no longer writes has gone from the site.
    pub fn covers(&self, path: &str) -> bool {
        (self.downloads && paths::Kind::of(path) == Some(paths::Kind::Download))
            || Index::of(path).is_some_and(|i| self.indexes.contains(&i))
            || (self.feeds && paths::is_feed(path))
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
    pub fn full() -> Plan {
        Plan {
            full: true,
            ..Plan::default()
        }
    }
}

/// The plan for going from the data `old` to `new` (their fingerprints).
pub fn plan(old: &Fingerprint, new: &Fingerprint) -> Plan {
    let same_site =
        old.site == new.site && old.counties == new.counties && old.quarters() == new.quarters();
    if !same_site {
        return Plan::full();
    }
    let mut plan = Plan::default();
    if !articles(old, new, &mut plan) {
        return Plan::full();
    }
    if old.same_station_data(new) {
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
            let later = new
                .issues
                .iter()
                .filter(|(_, i)| i.quarter >= q)
                .map(|(n, _)| *n);
            plan.pages.issues.extend(later);
        }
    }
    let (old_shards, new_shards) = (shards(old), shards(new));
    for county in &plan.pages.counties {
        for shards in [&old_shards, &new_shards] {
            plan.later
                .indexes
                .extend(shards.get(county.as_str()).map(|n| Index::Stations(*n)));
        }
    }
    if old_shards != new_shards {
        // search.html lists the shards; every shard may hold other counties now.
        plan.pages.site_pages = true;
        plan.later.indexes.extend(indexes(old));
        plan.later.indexes.extend(indexes(new));
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

/// [`plan`] with the pages made with the templates that changed (`templates`:
/// the templates now; when they do not load, the whole site, whose build will
/// say why).
pub fn plan_for(
    old: &Fingerprint,
    new: &Fingerprint,
    templates: impl FnOnce() -> anyhow::Result<Templates>,
) -> Plan {
    let changed = changed_templates(old, new);
    if changed.is_empty() {
        return plan(old, new);
    }
    let pages = templates().ok().and_then(|t| for_templates(&changed, &t));
    match pages {
        Some(pages) => with_templates(plan(old, new), pages),
        None => Plan::full(),
    }
}

/// The templates (names in the templates folder) added, removed or changed.
pub fn changed_templates(old: &Fingerprint, new: &Fingerprint) -> BTreeSet<String> {
    let (old, new): (BTreeSet<_>, BTreeSet<_>) = (
        old.templates.iter().collect(),
        new.templates.iter().collect(),
    );
    old.symmetric_difference(&new)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Which search shard each county's stations go to.
fn shards(print: &Fingerprint) -> BTreeMap<&str, usize> {
    paths::shards_of(
        print.counties.iter().map(String::as_str),
        print.stations.iter().map(|s| s.county.as_str()),
    )
}

/// Every search index of the site.
fn indexes(print: &Fingerprint) -> Vec<Index> {
    paths::indexes_of(
        print.counties.iter().map(String::as_str),
        print.stations.iter().map(|s| s.county.as_str()),
    )
}

/// The ids of the stations not in `changed`, in data order.
fn unchanged_order<'a>(print: &'a Fingerprint, changed: &BTreeSet<&str>) -> Vec<&'a str> {
    print
        .stations
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !changed.contains(id))
        .collect()
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

fn by_id(print: &Fingerprint) -> HashMap<&str, &StationPrint> {
    print.stations.iter().map(|s| (s.id.as_str(), s)).collect()
}

/// Adds the issues whose articles or pictures changed; false when an issue
/// itself changed (added, removed, or its `bulletin.yaml`).
fn articles(old: &Fingerprint, new: &Fingerprint, plan: &mut Plan) -> bool {
    if old.issues.len() != new.issues.len() {
        return false;
    }
    for (n, issue) in &new.issues {
        let Some(before) = old.issues.get(n) else {
            return false;
        };
        if before.meta != issue.meta {
            return false;
        }
        if before.content != issue.content {
            plan.pages.issues.insert(*n);
            plan.pages.site_pages = true;
        }
    }
    true
}

/// Stations whose figures changed in some quarter, and the earliest such quarter.
fn changed_figures<'a>(
    old: &'a Fingerprint,
    new: &'a Fingerprint,
) -> (BTreeSet<&'a str>, Option<Quarter>) {
    type Files<'a> = BTreeMap<Quarter, Vec<&'a ProgressPrint>>;
    let by_quarter = |print: &'a Fingerprint| -> Files<'a> {
        let mut out: Files<'a> = BTreeMap::new();
        for file in &print.progress {
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
        // The same files with the same bytes hold the same entries.
        let same = a.len() == b.len()
            && a.iter()
                .zip(&b)
                .all(|(x, y)| x.file == y.file && x.bytes == y.bytes);
        if same {
            continue;
        }
        // Later files of a quarter override earlier ones, as in the figures.
        let entries = |files: &[&'a ProgressPrint]| -> HashMap<&'a str, u64> {
            files
                .iter()
                .flat_map(|f| &f.entries)
                .map(|(station, d)| (station.as_str(), *d))
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
    old: &HashMap<&str, &StationPrint>,
    new: &HashMap<&str, &StationPrint>,
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
