//! Full-text search: Pagefind indexes (Pagefind as a library, with Chinese word
//! segmentation) of the issue and county pages and of every station, written
//! under `pagefind/` for `search.html`.
//!
//! Issue and county pages go in as rendered, with their charts and figure tables
//! marked `data-pagefind-ignore="all"` in the templates. Those parts are cut out
//! here, while the pages render and in parallel (at 30,000 stations they are 90 %
//! of an issue page's 1 MB), so Pagefind's parser, which runs on one thread per
//! index, reads only what it indexes.
//!
//! A station goes in as a short document of its key facts (name, place, kind,
//! size, status, people, O&M, the years of its 收益分配公示), one record each: a
//! search for a village must find that village's station first, and Pagefind
//! ranks records, not the rows of a page. Stations are split into shards by
//! county, each a Pagefind bundle of its own that `search.html` merges into the
//! results (Pagefind's multisite search). That is how Pagefind's authors advise
//! indexing large sites: adding a record to one index costs time linear in the
//! records already in it, so 30,000 stations in one index took 17 s and 1.4 GB,
//! while shards build side by side, each in bounded memory, and a changed county
//! only changes its own shard. The village notices and their lists are left out:
//! they repeat the station's facts, and the station page links them.

use super::format::escape_html as escape;
use super::pages::station_path;
use super::OutputFile;
use crate::compute::notices::notice_years;
use crate::compute::Metrics;
use crate::model::{Dataset, Station};
use crate::progress::{Progress, Step};
use anyhow::{anyhow, Context, Result};
use lol_html::{element, rewrite_str, RewriteStrSettings};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where the index files go, beside `search.html`.
pub const BUNDLE_DIR: &str = "pagefind";

/// Stations per shard, at most (but for a county larger than that): small enough
/// that a shard builds in about a second and in bounded memory, large enough
/// that a national site has few indexes for the browser to merge.
const STATIONS_PER_SHARD: usize = 5_000;

/// The pages that go into the page index, without their ignored parts, by output
/// path: what [`SearchPages::keep`] collected.
pub type IndexedPages = BTreeMap<String, String>;

/// Collects the pages for the page index while the site renders, from any thread.
#[derive(Default)]
pub struct SearchPages {
    pages: Mutex<IndexedPages>,
}

impl SearchPages {
    /// Whether a rendered page goes into the index.
    pub fn wants(path: &str) -> bool {
        let html = path.ends_with(".html");
        html && (path.starts_with("issues/") || path.starts_with("counties/"))
    }

    /// Keeps `file` for the index when it is one of the pages that go in.
    pub fn keep(&self, file: &OutputFile) -> Result<()> {
        if Self::wants(&file.path) {
            let html = indexable(&String::from_utf8_lossy(&file.bytes))?;
            if let Ok(mut pages) = self.pages.lock() {
                pages.insert(file.path.clone(), html);
            }
        }
        Ok(())
    }

    pub fn into_pages(self) -> IndexedPages {
        self.pages.into_inner().unwrap_or_default()
    }

    /// The pages kept so far, leaving none.
    pub fn take(&self) -> IndexedPages {
        self.pages
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }
}

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
fn shard_of_counties(data: &Dataset) -> BTreeMap<&str, usize> {
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

/// One index to build: its bundle directory and its documents (URL, HTML).
struct Bundle {
    dir: String,
    docs: Vec<(String, String)>,
}

/// Builds the indexes in `which` (the page index from `pages`, station shards from
/// the data), side by side; each adds its documents in a fixed order, so the same
/// data gives the same files.
pub fn build(
    which: &[Index],
    pages: &IndexedPages,
    data: &Dataset,
    metrics: &Metrics<'_>,
    progress: &Progress,
) -> Result<Vec<OutputFile>> {
    let mut bundles: BTreeMap<Index, Bundle> = which
        .iter()
        .map(|i| {
            let bundle = Bundle {
                dir: i.dir(),
                docs: Vec::new(),
            };
            (*i, bundle)
        })
        .collect();
    if let Some(b) = bundles.get_mut(&Index::Pages) {
        b.docs = pages.iter().map(|(p, h)| (p.clone(), h.clone())).collect();
    }
    let shards = shard_of_counties(data);
    for (s, history) in data.stations.iter().zip(&metrics.histories) {
        let shard = shards.get(s.county.as_str()).copied();
        if let Some(b) = shard.and_then(|n| bundles.get_mut(&Index::Stations(n))) {
            let doc = station_facts(data, s, &notice_years(history));
            b.docs.push((station_path(&s.id), doc));
        }
    }
    let bundles: Vec<Bundle> = bundles.into_values().collect();
    progress(Step::Total(bundles.iter().map(|b| b.docs.len()).sum()));
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let built: Mutex<Vec<(usize, Result<Vec<OutputFile>>)>> = Mutex::default();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(bundles.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(bundle) = bundles.get(i) else { break };
                let files = build_bundle(bundle, &|| {
                    progress(Step::Done(done.fetch_add(1, Ordering::Relaxed) + 1))
                });
                if let Ok(mut built) = built.lock() {
                    built.push((i, files));
                }
            });
        }
    });
    let mut built = built.into_inner().unwrap_or_default();
    built.sort_by_key(|(i, _)| *i);
    let mut out = Vec::new();
    for (_, files) in built {
        out.extend(files?);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Files a merged station index does not need: Pagefind's UIs are loaded once,
/// from the page index (each index keeps its own search worker).
fn is_ui_file(name: &str) -> bool {
    name.contains("-ui.") || name == "pagefind-highlight.js"
}

fn build_bundle(bundle: &Bundle, done: &dyn Fn()) -> Result<Vec<OutputFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("cannot start the search indexer")?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| anyhow!("search index: {e}"))?;
        for (path, html) in &bundle.docs {
            index
                .add_html_file(None, Some(path.clone()), html.clone())
                .await
                .map_err(|e| anyhow!("search index: cannot add `{path}`: {e}"))?;
            done();
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| anyhow!("search index: {e}"))?;
        let merged = bundle.dir != BUNDLE_DIR;
        Ok(files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(name, _)| !(merged && is_ui_file(name)))
            .map(|(name, contents)| OutputFile::new(format!("{}/{name}", bundle.dir), contents))
            .collect())
    })
}

/// `html` as Pagefind reads it: without the elements marked
/// `data-pagefind-ignore="all"`, which it would skip anyway.
pub fn indexable(html: &str) -> Result<String> {
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[data-pagefind-ignore=\"all\"]",
        |el| {
            el.remove();
            Ok(())
        }
    ));
    rewrite_str(html, settings).map_err(|e| anyhow!("search index: cannot read a page: {e}"))
}

/// A station's searchable facts as a small HTML document; the title is the one
/// the results list shows.
pub fn station_facts(data: &Dataset, s: &Station, notice_years: &[i32]) -> String {
    let county = data
        .counties
        .iter()
        .find(|c| c.id == s.county)
        .map_or(s.county.as_str(), |c| c.name.as_str());
    let place: String = [Some(county), s.town.as_deref(), s.village.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut facts = vec![
        format!("{place}{}", s.kind.label_zh()),
        format!("装机容量{}千瓦", s.capacity_kw),
        s.status.label_zh().to_string(),
    ];
    if let Some(d) = s.grid_date {
        facts.push(format!("{d}并网"));
    }
    if let Some(h) = s.beneficiary_households {
        facts.push(format!("受益贫困户{h}户"));
    }
    if let Some(p) = s.beneficiary_people {
        facts.push(format!("受益贫困人口{p}人"));
    }
    facts.extend(s.om_provider.as_ref().map(|o| format!("运维单位{o}")));
    facts.extend(s.land_use.as_ref().map(|l| format!("建设模式{l}")));
    if !notice_years.is_empty() {
        let years: Vec<String> = notice_years.iter().map(|y| format!("{y}年度")).collect();
        facts.push(format!("收益分配公示{}", years.join("、")));
    }
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{}。</p><p>电站编号{}</p></body></html>",
        escape(&facts.join("，")),
        escape(&s.id),
        title = escape(&s.name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_pages_worth_searching_are_kept() {
        assert!(SearchPages::wants("issues/25.html"));
        assert!(SearchPages::wants("counties/nanxi.html"));
        assert!(!SearchPages::wants("notices/2017/by-county/nanxi.html"));
        assert!(!SearchPages::wants("notices/2017/nanxi-003.html"));
        assert!(!SearchPages::wants("stations/nanxi-003.html"), "facts only");
        assert!(!SearchPages::wants("issues/25.pdf"));
        assert!(!SearchPages::wants("index.html"));
    }

    #[test]
    fn ignored_parts_are_cut_before_indexing() {
        let html = "<html><body><h1>第25期</h1><figure data-pagefind-ignore=\"all\">\
                    <svg><title>图</title></svg><table><tr><td>1</td></tr></table></figure>\
                    <p>正文<span data-pagefind-ignore=\"all\">表</span>。</p>\
                    <p data-pagefind-ignore>kept for Pagefind to weigh</p></body></html>";
        let doc = indexable(html).unwrap();
        assert_eq!(
            doc,
            "<html><body><h1>第25期</h1><p>正文。</p>\
             <p data-pagefind-ignore>kept for Pagefind to weigh</p></body></html>"
        );
    }

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

    #[test]
    fn merged_indexes_leave_out_the_ui() {
        assert!(is_ui_file("pagefind-ui.js"));
        assert!(is_ui_file("pagefind-component-ui.css"));
        assert!(is_ui_file("pagefind-highlight.js"));
        assert!(!is_ui_file("pagefind-worker.js"));
        assert!(!is_ui_file("pagefind-entry.json"));
        assert!(!is_ui_file("wasm.zh-cn.pagefind"));
        assert!(!is_ui_file("fragment/zh-cn_1a2b.pf_fragment"));
    }
}
