//! The second step of a rebuild: the downloads, search indexes, feed and sitemap
//! an edit changed, after its pages are served.

use super::cache;
use super::changes::Pending;
use super::session::Session;
use super::stage;
use crate::pipeline::output::Output;
use crate::pipeline::Report;
use crate::progress::Progress;
use crate::write::{self, Disk, Staging};
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
        if self.disk.is_none() || self.kept.is_none() || self.pending.is_empty() {
            return Ok(None);
        }
        let _lock = write::lock_output(&self.out)?;
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
        let (Some(disk), Some(kept)) = (self.disk.as_mut(), self.kept.as_ref()) else {
            return Ok(Report::default());
        };
        let mut report = Report::default();
        let staging = Staging::update(&Disk, &self.out, &self.options.data_dir)?;
        let output = Output::new(&staging, progress);
        let (data, metrics) = (&kept.data, kept.computed.borrow_dependent());
        let mut done = pending.clone();
        let site: BTreeSet<String> = disk.files.keys().cloned().collect();
        if pending.downloads && !pending.indexes.is_empty() {
            let downloads = Pending {
                downloads: true,
                ..Pending::default()
            };
            let (pages, output, staging) = (&mut disk.pages, &output, &staging);
            stage::stage_later(
                &downloads,
                data,
                metrics,
                &site,
                pages,
                output,
                staging,
                &mut report,
                progress,
            )?;
            done.downloads = false;
            if stop() {
                // Keep the rest for later; what was rendered so far goes in now.
                self.pending = Pending {
                    downloads: false,
                    ..pending.clone()
                };
                done.indexes.clear();
                done.feeds = false;
            }
        }
        stage::stage_later(
            &done,
            data,
            metrics,
            &site,
            &mut disk.pages,
            &output,
            &staging,
            &mut report,
            progress,
        )?;
        let covered = Pending {
            downloads: pending.downloads,
            ..done
        };
        let gone = stage::gone(&disk.files, &output.paths(), |p| covered.covers(p));
        drop(output);
        for path in &gone {
            staging.remove(path)?;
        }
        cache::remove(&self.out)?;
        let (changes, stamps) = report.time(progress, "commit", || staging.commit_stamped())?;
        report.changes = changes;
        disk.files.retain(|p, _| !gone.contains(p));
        disk.files.extend(stamps);
        if self.pending.is_empty() {
            cache::write(&self.out, &disk.print, &disk.files, &disk.pages)?;
        }
        Ok(report)
    }
}
