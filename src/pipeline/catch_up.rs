//! The second step of a rebuild: the downloads, search indexes, feed and sitemap
//! an edit changed, after its pages are served.

use super::changes::Pending;
use super::output::Output;
use super::session::Session;
use super::Report;
use crate::progress::Progress;
use crate::render::search::{self, Index};
use crate::render::{feeds, render_selected, templates::Templates, Selection};
use crate::write::{Disk, Staging};
use anyhow::Result;
use std::collections::BTreeSet;

impl Session {
    /// Builds what [`Session::rebuild`] left for later: the downloads, the search
    /// indexes, the feed and sitemap. `None` when nothing waits. `stop` is asked
    /// between the downloads and the search indexes: when it says a new edit
    /// waits, the indexes stay pending for the next call.
    pub fn catch_up(
        &mut self,
        progress: &Progress,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Report>> {
        if self.built.is_none() || self.pending.is_empty() {
            return Ok(None);
        }
        let pending = std::mem::take(&mut self.pending);
        let result = self.catch_up_with(pending.clone(), progress, stop);
        if result.is_err() {
            // Nothing was put in place, or a commit stopped half-way: the work is
            // still to do (done again, it finds the files already moved unchanged).
            self.pending.merge(pending);
        }
        result.map(Some)
    }

    fn catch_up_with(
        &mut self,
        pending: Pending,
        progress: &Progress,
        stop: &dyn Fn() -> bool,
    ) -> Result<Report> {
        let Some(built) = self.built.as_mut() else {
            return Ok(Report::default());
        };
        let mut report = Report::default();
        let data = &built.data;
        let metrics = built.computed.borrow_dependent();
        let staging = Staging::update(&Disk, &self.out, &self.options.data_dir)?;
        let output = Output::new(&staging, progress);
        let downloads = Selection {
            downloads: pending.downloads,
            ..Selection::default()
        };
        if pending.downloads {
            let templates = Templates::builtin()?;
            report.time(progress, "downloads", || {
                render_selected(data, metrics, &templates, &downloads, &|f| output.write(f))
            })?;
        }
        let mut pending = pending;
        if pending.downloads && !pending.indexes.is_empty() && stop() {
            // Keep the rest for later; what was rendered so far goes in now.
            self.pending = Pending {
                downloads: false,
                ..pending.clone()
            };
            pending.indexes.clear();
            pending.feeds = false;
        }
        let now = search::indexes(data);
        let rebuild: Vec<Index> = pending
            .indexes
            .iter()
            .copied()
            .filter(|i| now.contains(i))
            .collect();
        let index = report.time(progress, "search index", || {
            search::build(&rebuild, &built.pages, data, metrics, progress)
        })?;
        report.search_files = index.len();
        for file in index {
            output.write(file)?;
        }
        let mut written = output.paths();
        if pending.feeds {
            if let Some(base_url) = &data.site.base_url {
                let pages = html_pages(built.files.iter().chain(&written));
                let mut feed_files = vec![feeds::feed(data, base_url)?];
                feed_files.extend(feeds::sitemaps(base_url, &pages)?);
                for file in feed_files {
                    output.write(file)?;
                }
                written = output.paths();
            }
        }
        let redone = |p: &str| {
            downloads.covers(p)
                || Index::of(p).is_some_and(|i| pending.indexes.contains(&i))
                || (pending.feeds && is_feed(p))
        };
        let gone: Vec<String> = built
            .files
            .iter()
            .filter(|p| redone(p) && !written.contains(*p))
            .cloned()
            .collect();
        for path in &gone {
            staging.remove(path)?;
        }
        report.changes = report.time(progress, "commit", || staging.commit())?;
        for path in &gone {
            built.files.remove(path);
        }
        built.files.extend(written);
        Ok(report)
    }
}

/// The site's HTML pages, sorted (for the sitemap).
pub(super) fn html_pages<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<String> {
    let pages: BTreeSet<&String> = paths.filter(|p| p.ends_with(".html")).collect();
    pages.into_iter().cloned().collect()
}

fn is_feed(path: &str) -> bool {
    path == "feed.xml" || (path.starts_with("sitemap") && path.ends_with(".xml"))
}
