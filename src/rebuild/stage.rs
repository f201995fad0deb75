//! Staging part of a site: what the output holds, which of its files are gone,
//! and the downloads, search indexes and feeds that follow the pages — shared by
//! `serve`'s two steps and by `build` into an existing site, which does both in
//! one commit.

use super::changes::Pending;
use super::fingerprint::Fingerprint;
use crate::compute::Metrics;
use crate::model::Dataset;
use crate::paths;
use crate::pipeline::full::html_pages;
use crate::pipeline::output::Output;
use crate::pipeline::Report;
use crate::progress::Progress;
use crate::publish::search::{self, IndexedPages, SearchPages};
use crate::publish::{downloads, feeds};
use crate::write::{Staging, Stamp};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the output directory holds.
pub struct OnDisk {
    /// The fingerprint of the data it was built from.
    pub print: Fingerprint,
    /// The issue and county pages as the page index reads them; those missing
    /// are read from the output when the page index is built again.
    pub pages: IndexedPages,
    /// Every file but the marker, with its stamp.
    pub files: BTreeMap<String, Stamp>,
}

/// The files of `files` that `covers` says were made again but that were not
/// written: gone from the site.
pub fn gone(
    files: &BTreeMap<String, Stamp>,
    written: &BTreeSet<String>,
    covers: impl Fn(&str) -> bool,
) -> BTreeSet<String> {
    files
        .keys()
        .filter(|p| covers(p) && !written.contains(*p))
        .cloned()
        .collect()
}

/// The files of the site once `gone` are removed and `written` in place.
pub fn site_files(
    files: &BTreeMap<String, Stamp>,
    gone: &BTreeSet<String>,
    written: &BTreeSet<String>,
) -> BTreeSet<String> {
    files
        .keys()
        .filter(|p| !gone.contains(*p))
        .chain(written)
        .cloned()
        .collect()
}

/// Writes what `work` names — the downloads, the search indexes the site still
/// has, the feed and sitemap — for a site of the files `site` (the pages of the
/// page index in `pages`, completed from the output as needed).
#[allow(clippy::too_many_arguments)]
pub fn stage_later(
    work: &Pending,
    data: &Dataset,
    metrics: &Metrics<'_>,
    site: &BTreeSet<String>,
    pages: &mut IndexedPages,
    output: &Output<'_>,
    staging: &Staging<'_>,
    report: &mut Report,
    progress: &Progress,
) -> Result<()> {
    if work.downloads {
        report.time(progress, "downloads", || {
            downloads::render(data, metrics, &|f| output.write(f))
        })?;
    }
    let now = paths::indexes(data);
    let rebuild: Vec<paths::Index> = work
        .indexes
        .iter()
        .copied()
        .filter(|i| now.contains(i))
        .collect();
    if rebuild.contains(&paths::Index::Pages) {
        let read = report.time(progress, "read pages", || {
            complete_pages(pages, site, staging)
        })?;
        report.page_index = Some((pages.len(), read));
    }
    if !rebuild.is_empty() {
        report.search_files = report.time(progress, "search index", || {
            search::build(&rebuild, pages, (data, metrics), progress, &|f| {
                output.write(f)
            })
        })?;
    }
    if let Some(base_url) = data.site.base_url.as_ref().filter(|_| work.feeds) {
        output.write(feeds::feed(data, base_url)?)?;
        feeds::sitemaps(base_url, &html_pages(site.iter()))?
            .into_iter()
            .try_for_each(|file| output.write(file))?;
    }
    Ok(())
}

/// Makes `pages` hold exactly the pages of `site` that go into the page index:
/// those neither rendered in this session nor kept in the build cache are read
/// from the staging directory or the output (side by side), without what
/// Pagefind ignores. Returns how many were read.
pub fn complete_pages(
    pages: &mut IndexedPages,
    site: &BTreeSet<String>,
    staging: &Staging<'_>,
) -> Result<usize> {
    pages.retain(|p, _| site.contains(p));
    let missing: Vec<&String> = site
        .iter()
        .filter(|p| SearchPages::wants(p) && !pages.contains_key(*p))
        .collect();
    let read: Vec<(String, String)> = missing
        .into_par_iter()
        .map(|p| {
            let bytes = staging.read(p)?;
            Ok((
                p.clone(),
                search::indexable(&String::from_utf8_lossy(&bytes))?,
            ))
        })
        .collect::<Result<_>>()?;
    let count = read.len();
    pages.extend(read);
    Ok(count)
}
