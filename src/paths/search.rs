//! Where the search indexes go: the page index in `pagefind/`, and the stations in
//! shards of whole counties, `pagefind/stations-N/`, which `search.html` merges.

use crate::model::Dataset;
use std::collections::BTreeMap;

/// Where the index files go, beside `search.html`.
pub const BUNDLE_DIR: &str = "pagefind";

/// Stations per shard, at most (but for a county larger than that): small enough
/// that a shard builds in about a second and in bounded memory, large enough
/// that a national site has few indexes for the browser to merge.
const STATIONS_PER_SHARD: usize = 5_000;

/// One of the site's search indexes (Pagefind bundles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Index {
    /// The issue and county pages, in `pagefind/`, with Pagefind's UI.
    Pages,
    /// Station shard `n` (1-based), in `pagefind/stations-n/`.
    Stations(usize),
}

impl Index {
    /// The bundle directory, relative to the site root.
    pub fn dir(self) -> String {
        match self {
            Index::Pages => BUNDLE_DIR.to_string(),
            Index::Stations(n) => format!("{BUNDLE_DIR}/stations-{n}"),
        }
    }

    /// The index a file of the site belongs to, if any.
    pub fn of(path: &str) -> Option<Index> {
        let rest = path.strip_prefix(BUNDLE_DIR)?.strip_prefix('/')?;
        match rest.strip_prefix("stations-") {
            Some(shard) => {
                let (n, _) = shard.split_once('/')?;
                n.parse().ok().map(Index::Stations)
            }
            None => Some(Index::Pages),
        }
    }
}

/// Every index of the site: the pages, and one per station shard.
pub fn indexes(data: &Dataset) -> Vec<Index> {
    indexes_of(counties(data), station_counties(data))
}

/// [`indexes`] of the counties (ids in order) and the stations (their counties).
pub fn indexes_of<'a>(
    counties: impl Iterator<Item = &'a str>,
    stations: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Index> {
    let shards = match stations.clone().next() {
        None => 0,
        Some(_) => shards_of(counties, stations)
            .into_values()
            .max()
            .unwrap_or(0),
    };
    std::iter::once(Index::Pages)
        .chain((1..=shards).map(Index::Stations))
        .collect()
}

/// Which station shard each county's stations go to.
pub fn shards(data: &Dataset) -> BTreeMap<String, usize> {
    shard_of_counties(data)
        .into_iter()
        .map(|(c, n)| (c.to_string(), n))
        .collect()
}

/// Which shard each county's stations go to: as many shards as
/// [`STATIONS_PER_SHARD`] asks for, each filled with whole counties in
/// `counties.yaml` order until it holds its share.
pub fn shard_of_counties(data: &Dataset) -> BTreeMap<&str, usize> {
    shards_of(counties(data), station_counties(data))
}

/// [`shard_of_counties`] of the counties (ids in order) and the stations (their
/// counties).
pub fn shards_of<'a>(
    counties: impl Iterator<Item = &'a str>,
    stations: impl Iterator<Item = &'a str>,
) -> BTreeMap<&'a str, usize> {
    let mut per_county: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0;
    for county in stations {
        *per_county.entry(county).or_default() += 1;
        total += 1;
    }
    let shards = usize::div_ceil(total, STATIONS_PER_SHARD).max(1);
    fill_shards(counties, &per_county, total.div_ceil(shards).max(1))
}

fn counties(data: &Dataset) -> impl Iterator<Item = &str> {
    data.counties.iter().map(|c| c.id.as_str())
}

fn station_counties(data: &Dataset) -> impl Iterator<Item = &str> + Clone {
    data.stations.iter().map(|s| s.county.as_str())
}

fn fill_shards<'a>(
    counties: impl Iterator<Item = &'a str>,
    per_county: &BTreeMap<&str, usize>,
    per_shard: usize,
) -> BTreeMap<&'a str, usize> {
    let mut shards = BTreeMap::new();
    let (mut shard, mut filled) = (1, 0);
    for c in counties {
        let n = per_county.get(c).copied().unwrap_or(0);
        if filled >= per_shard {
            shard += 1;
            filled = 0;
        }
        filled += n;
        shards.insert(c, shard);
    }
    shards
}

/// The station shards' bundle directories, for `search.html` to merge.
pub fn station_bundles(data: &Dataset) -> Vec<String> {
    indexes(data)
        .into_iter()
        .filter(|i| *i != Index::Pages)
        .map(Index::dir)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_counties_fill_shards_in_order() {
        // The sample, in counties.yaml order: donghu 71, xishan 61, nanxi 56,
        // beitang 51, yunshan 45, qinghe 20 stations.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let data = crate::load::load(&dir).unwrap().dataset;
        let shards = |per_shard| {
            let mut per_county = BTreeMap::new();
            for s in &data.stations {
                *per_county.entry(s.county.as_str()).or_default() += 1;
            }
            let map = fill_shards(counties(&data), &per_county, per_shard);
            ["donghu", "xishan", "nanxi", "beitang", "yunshan", "qinghe"].map(|c| map[c])
        };
        // A shard takes counties until it holds at least its share:
        // 71+61 = 132 | 56+51 = 107 | 45+20 = 65
        assert_eq!(shards(100), [1, 1, 2, 2, 3, 3]);
        // 71+61+56 = 188 | 51+45+20 = 116
        assert_eq!(shards(150), [1, 1, 1, 2, 2, 2]);
        assert_eq!(shards(10_000), [1; 6]);
        assert_eq!(shard_of_counties(&data).values().max(), Some(&1));
        assert_eq!(station_bundles(&data), ["pagefind/stations-1"]);
    }

    #[test]
    fn each_file_of_the_search_belongs_to_one_index() {
        assert_eq!(
            Index::of("pagefind/pagefind-entry.json"),
            Some(Index::Pages)
        );
        assert_eq!(
            Index::of("pagefind/fragment/zh-cn_1.pf_fragment"),
            Some(Index::Pages)
        );
        assert_eq!(
            Index::of("pagefind/stations-12/pagefind-entry.json"),
            Some(Index::Stations(12))
        );
        assert_eq!(Index::of("pagefind-other/x"), None);
        assert_eq!(Index::of("stations/nanxi-001.html"), None);
        assert_eq!(Index::Stations(3).dir(), "pagefind/stations-3");
    }
}
