//! The second step of a rebuild: the downloads, search indexes, feed and sitemap
//! an edit changed, after its pages are served.

use super::changes::Pending;
use super::session::Session;
use crate::paths::{self, Index};
use crate::pipeline::full::html_pages;
use crate::pipeline::output::Output;
use crate::pipeline::{Built, Report};
use crate::progress::Progress;
use crate::publish::{downloads, feeds, search};
use crate::write::{Disk, Staging};
use anyhow::Result;

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
        let staging = Staging::update(&Disk, &self.out, &self.options.data_dir)?;
        let output = Output::new(&staging, progress);
        let (data, metrics) = (&built.data, built.computed.borrow_dependent());
        if pending.downloads {
            report.time(progress, "downloads", || {
                downloads::render(data, metrics, &|f| output.write(f))
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
        write_indexes(&mut report, &output, built, &pending, progress)?;
        if pending.feeds {
            write_feeds(&output, built)?;
        }
        let written = output.paths();
        let redone = |p: &str| {
            (pending.downloads && paths::Kind::of(p) == Some(paths::Kind::Download))
                || Index::of(p).is_some_and(|i| pending.indexes.contains(&i))
                || (pending.feeds && paths::is_feed(p))
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

/// The pending search indexes that the site still has.
fn write_indexes(
    report: &mut Report,
    output: &Output<'_>,
    built: &Built,
    pending: &Pending,
    progress: &Progress,
) -> Result<()> {
    let (data, metrics) = (&built.data, built.computed.borrow_dependent());
    let now = paths::indexes(data);
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
    index.into_iter().try_for_each(|file| output.write(file))
}

/// The feed and the sitemap, over the pages of the site and those written now.
fn write_feeds(output: &Output<'_>, built: &Built) -> Result<()> {
    let data = &built.data;
    let Some(base_url) = &data.site.base_url else {
        return Ok(());
    };
    let written = output.paths();
    let pages = html_pages(built.files.iter().chain(&written));
    output.write(feeds::feed(data, base_url)?)?;
    feeds::sitemaps(base_url, &pages)?
        .into_iter()
        .try_for_each(|file| output.write(file))
}
