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
//! only changes its own shard; a whole build indexes them while it renders the
//! pages ([`Beside`]). The village notices and their lists are left out:
//! they repeat the station's facts, and the station page links them.

use crate::compute::notices::notice_years;
use crate::compute::Metrics;
use crate::format::escape_html as escape;
use crate::model::{Dataset, Station};
use crate::paths::{self, Index};
use crate::progress::Progress;
use crate::render::OutputFile;
use anyhow::{anyhow, Context, Result};
use lol_html::{element, rewrite_str, RewriteStrSettings};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::sync::Mutex;

mod beside;
pub use beside::Beside;

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

/// One index to build: its bundle directory and what goes in.
struct Bundle<'a> {
    dir: String,
    docs: Docs<'a>,
}

/// The documents of a bundle: the kept pages themselves (not a copy), or a
/// shard's stations, made into documents only while their shard is built — at
/// 100,000 stations, all of them at once were 100 MB more at the peak.
enum Docs<'a> {
    Pages(&'a IndexedPages),
    Stations(Vec<usize>),
}

impl Docs<'_> {
    fn len(&self) -> usize {
        match self {
            Docs::Pages(pages) => pages.len(),
            Docs::Stations(stations) => stations.len(),
        }
    }
}

/// Where an index's files go (the build's output), from any thread.
pub type Write<'a> = dyn Fn(OutputFile) -> Result<()> + Sync + 'a;

/// Builds the indexes in `which` (the page index from `pages`, station shards from
/// the data), side by side, each index's files given to `write` once it is built;
/// returns how many. Each index adds its documents in a fixed order, so the same
/// data gives the same files. A whole build uses [`Beside`] itself, to start the
/// shards before the pages are rendered; this is it with nothing beside.
pub fn build(
    which: &[Index],
    pages: &IndexedPages,
    (data, metrics): (&Dataset, &Metrics<'_>),
    progress: &Progress,
    write: &Write<'_>,
) -> Result<usize> {
    let indexes = Beside::new(which, (data, metrics), progress, write);
    indexes.run(|indexes| indexes.finish(pages))
}

/// The bundles of `which`, with their documents: the kept pages (when `pages` is
/// given; else the page index gets none) and each shard's stations.
fn bundles<'a>(
    which: &[Index],
    pages: Option<&'a IndexedPages>,
    data: &Dataset,
) -> Vec<Bundle<'a>> {
    let mut bundles: BTreeMap<Index, Bundle> = which
        .iter()
        .filter_map(|i| {
            let docs = match i {
                Index::Pages => Docs::Pages(pages?),
                Index::Stations(_) => Docs::Stations(Vec::new()),
            };
            Some((*i, Bundle { dir: i.dir(), docs }))
        })
        .collect();
    let shards = crate::paths::shard_of_counties(data);
    for (n, s) in data.stations.iter().enumerate() {
        let shard = shards.get(s.county.as_str()).copied();
        if let Some(b) = shard.and_then(|k| bundles.get_mut(&Index::Stations(k))) {
            if let Docs::Stations(stations) = &mut b.docs {
                stations.push(n);
            }
        }
    }
    bundles.into_values().collect()
}

/// How many files bundles built in any order wrote, or the first error in bundle
/// order.
fn first_error(mut built: Vec<(usize, Result<usize>)>) -> Result<usize> {
    built.sort_by_key(|(i, _)| *i);
    built.into_iter().map(|(_, written)| written).sum()
}

/// Makes a station's search document from the data and its figures.
struct StationDocs<'a> {
    data: &'a Dataset,
    metrics: &'a Metrics<'a>,
}

impl StationDocs<'_> {
    /// Station `n`'s page path and its document.
    fn doc(&self, n: usize) -> (String, String) {
        let s = &self.data.stations[n];
        let years = notice_years(&self.metrics.histories[n]);
        (
            paths::station_page(&s.id),
            station_facts(self.data, s, &years),
        )
    }
}

/// Files a merged station index does not need: Pagefind's UIs are loaded once,
/// from the page index (each index keeps its own search worker).
fn is_ui_file(name: &str) -> bool {
    name.contains("-ui.") || name == "pagefind-highlight.js"
}

/// Builds one bundle. `added` is called after each document and says whether to
/// go on: a build that has failed elsewhere stops its indexes early.
fn build_bundle(
    bundle: &Bundle<'_>,
    stations: &StationDocs<'_>,
    added: &dyn Fn() -> bool,
) -> Result<Vec<OutputFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("cannot start the search indexer")?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| anyhow!("search index: {e}"))?;
        let docs: Box<dyn Iterator<Item = (String, String)>> = match &bundle.docs {
            Docs::Pages(pages) => Box::new(pages.iter().map(|(p, h)| (p.clone(), h.clone()))),
            Docs::Stations(list) => Box::new(list.iter().map(|&n| stations.doc(n))),
        };
        for (path, html) in docs {
            index
                .add_html_file(None, Some(path.clone()), html)
                .await
                .map_err(|e| anyhow!("search index: cannot add `{path}`: {e}"))?;
            if !added() {
                return Err(anyhow!("search index: stopped"));
            }
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| anyhow!("search index: {e}"))?;
        let merged = bundle.dir != paths::BUNDLE_DIR;
        Ok(files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(name, _)| !(merged && is_ui_file(name)))
            .map(|(name, contents)| OutputFile::new(format!("{}/{name}", bundle.dir), contents))
            .collect())
    })
}

/// `html` as Pagefind reads it: without the elements marked
/// `data-pagefind-ignore="all"`, which it would skip anyway, and without the
/// photos of articles (their `data:` URIs are hundreds of KB of base64 that
/// Pagefind would read and keep in its fragments; their captions stay).
pub fn indexable(html: &str) -> Result<String> {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[data-pagefind-ignore=\"all\"]", |el| {
            el.remove();
            Ok(())
        }))
        .append_element_content_handler(element!("img", |el| {
            el.remove();
            Ok(())
        }));
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
        facts.push(format!("{}{h}户", data.site.terms.households_label()));
    }
    if let Some(m) = s.monitored_households {
        facts.push(format!("其中{}{m}户", data.site.terms.monitored));
    }
    if let Some(p) = s.beneficiary_people {
        facts.push(format!("{}{p}人", data.site.terms.people_label()));
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
    fn photos_are_cut_and_their_captions_kept() {
        let html = "<html><body><p>正文</p><figure class=\"photo\"><img class=\"photo\" \
                    src=\"data:image/jpeg;base64,/9j/4AAQ\" width=\"1200\" height=\"900\" \
                    alt=\"现场\"><figcaption>现场</figcaption></figure>\
                    <p>文中<img class=\"photo-inline\" src=\"data:image/png;base64,iVBO\" alt=\"小图\">。</p>\
                    </body></html>";
        let doc = indexable(html).unwrap();
        assert!(!doc.contains("data:") && !doc.contains("<img"), "{doc}");
        assert!(doc.contains("<figcaption>现场</figcaption>"), "{doc}");
        assert!(doc.contains("<p>文中。</p>"), "{doc}");
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
