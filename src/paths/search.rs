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
    let shards = shard_of_counties(data).into_values().max().unwrap_or(0);
    let shards = if data.stations.is_empty() { 0 } else { shards };
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
    let shards = data.stations.len().div_ceil(STATIONS_PER_SHARD).max(1);
    shards_of(data, data.stations.len().div_ceil(shards).max(1))
}

fn shards_of(data: &Dataset, per_shard: usize) -> BTreeMap<&str, usize> {
    let mut per_county: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &data.stations {
        *per_county.entry(s.county.as_str()).or_default() += 1;
    }
    let mut shards = BTreeMap::new();
    let (mut shard, mut filled) = (1, 0);
    for c in &data.counties {
        let n = per_county.get(c.id.as_str()).copied().unwrap_or(0);
        if filled >= per_shard {
            shard += 1;
            filled = 0;
        }
        filled += n;
        shards.insert(c.id.as_str(), shard);
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
            let map = shards_of(&data, per_shard);
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
