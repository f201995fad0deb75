//! Full-text search: a Pagefind index (Pagefind as a library, with Chinese word
//! segmentation) of the issue and county pages and of every station, written
//! under `pagefind/` for `search.html`.
//!
//! Issue and county pages go in as rendered, with their charts and figure tables
//! marked `data-pagefind-ignore` in the templates (at 30,000 stations an issue
//! page is 0.9 MB, mostly tables, and indexing them took 12 s). A station goes in
//! as a short document of its key facts (name, place, kind, size, status, people,
//! O&M, the years of its 收益分配公示) instead of its 23 KB page: the pages would
//! have to be held in memory to be added in a fixed order, and their charts add
//! nothing a reader searches for. The village notices themselves (one per station
//! and year, 108,000 at 30,000 stations) and the notice lists are left out: they
//! repeat the station's facts and figures, and the station page links them.

use super::format::escape_html as escape;
use super::pages::station_path;
use super::OutputFile;
use crate::compute::notices::notice_years;
use crate::compute::Metrics;
use crate::model::{Dataset, Station};
use crate::progress::{Progress, Step};
use anyhow::{anyhow, Context, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::sync::Mutex;

/// Where the index files go, beside `search.html`.
pub const BUNDLE_DIR: &str = "pagefind";

/// Rendered pages kept for the index, by output path.
#[derive(Default)]
pub struct SearchPages {
    pages: Mutex<Vec<(String, String)>>,
}

impl SearchPages {
    /// Whether a rendered page goes into the index as it is.
    pub fn wants(path: &str) -> bool {
        let html = path.ends_with(".html");
        html && (path.starts_with("issues/") || path.starts_with("counties/"))
    }

    /// Keeps `file` for the index when it is one of the pages that go in whole.
    pub fn keep(&self, file: &OutputFile) {
        if Self::wants(&file.path) {
            let html = String::from_utf8_lossy(&file.bytes).into_owned();
            if let Ok(mut pages) = self.pages.lock() {
                pages.push((file.path.clone(), html));
            }
        }
    }

    /// Builds the index from the kept pages and the stations' key facts, in a
    /// fixed order so the same data gives the same files.
    pub fn build(
        self,
        data: &Dataset,
        metrics: &Metrics<'_>,
        progress: &Progress,
    ) -> Result<Vec<OutputFile>> {
        let mut pages = self.pages.into_inner().unwrap_or_default();
        pages.sort();
        progress(Step::Total(pages.len() + data.stations.len()));
        let mut done = 0;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .context("cannot start the search indexer")?;
        runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .keep_index_url(true)
                .build();
            let mut index =
                PagefindIndex::new(Some(config)).map_err(|e| anyhow!("search index: {e}"))?;
            for (path, html) in pages {
                add(&mut index, path, html).await?;
                done += 1;
                progress(Step::Done(done));
            }
            for (s, history) in data.stations.iter().zip(&metrics.histories) {
                let facts = station_facts(data, s, &notice_years(history));
                add(&mut index, station_path(&s.id), facts).await?;
                done += 1;
                progress(Step::Done(done));
            }
            let files = index
                .get_files()
                .await
                .map_err(|e| anyhow!("search index: {e}"))?;
            let mut out: Vec<OutputFile> = files
                .into_iter()
                .map(|f| {
                    let name = f.filename.to_string_lossy().replace('\\', "/");
                    OutputFile::new(format!("{BUNDLE_DIR}/{name}"), f.contents)
                })
                .collect();
            out.sort_by(|a, b| a.path.cmp(&b.path));
            Ok(out)
        })
    }
}

async fn add(index: &mut PagefindIndex, path: String, html: String) -> Result<()> {
    index
        .add_html_file(None, Some(path.clone()), html)
        .await
        .map(|_| ())
        .map_err(|e| anyhow!("search index: cannot add `{path}`: {e}"))
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
}
