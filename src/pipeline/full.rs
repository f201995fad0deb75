//! A build of the whole site: every page, the search indexes, feeds and PDFs.

use super::catch_up::html_pages;
use super::changes::Pending;
use super::output::Output;
use super::session::{Built, Computed, Session};
use super::{finish, Report};
use crate::load::Loaded;
use crate::print;
use crate::progress::{Progress, Step};
use crate::render::search;
use crate::render::{feeds, file_count, render_selected, Selection};
use crate::validate::StationChecks;
use crate::write::{Disk, Staging};
use anyhow::Result;

impl Session {
    /// Validates (unless `checked`: then its diagnostics are among `loaded`'s),
    /// computes (unless given) and renders the whole site, with its search
    /// indexes, feeds and PDFs, into the output directory.
    pub(super) fn build_all(
        &mut self,
        report: &mut Report,
        loaded: Loaded,
        checked: Option<(StationChecks, Option<Computed>)>,
        progress: &Progress,
    ) -> Result<()> {
        self.pending = Pending::default();
        report.diagnostics = loaded.diagnostics;
        let (checks, computed) = match checked {
            Some(checked) => checked,
            None => (self.check(report, &loaded.dataset, None, progress), None),
        };
        if report.diagnostics.fails(self.options.deny_warnings) {
            finish(report, &loaded.sources);
            return Ok(());
        }
        let dataset = loaded.dataset;
        let computed = match computed {
            Some(c) => c,
            None => report.time(progress, "compute", || {
                Computed::of(dataset.station_data.clone())
            }),
        };
        let built = Built {
            data: dataset,
            computed,
            checks,
            pages: Default::default(),
            files: Default::default(),
        };
        self.write_all(report, built, &loaded.sources, progress)
    }

    /// Renders every file of `built`'s site into a staging directory, puts it in
    /// place and keeps the site.
    fn write_all(
        &mut self,
        report: &mut Report,
        mut built: Built,
        sources: &crate::load::SourceFiles,
        progress: &Progress,
    ) -> Result<()> {
        let templates = self.templates()?;
        let staging = Staging::create(&Disk, &self.out, &self.options.data_dir)?;
        let output = Output::new(&staging, progress);
        let (data, metrics) = (&built.data, built.computed.borrow_dependent());
        let found = report.time(progress, "render + write", || {
            progress(Step::Total(file_count(data, metrics)));
            render_selected(data, metrics, &templates, &Selection::all(), &|f| {
                output.emit(f)
            })
        })?;
        report.diagnostics.extend(found.diagnostics);
        report.charts = found.charts;
        report.issues = data.bulletins.len();
        report.counties = data.counties.len();
        report.stations = data.stations.len();
        finish(report, sources);
        if report.diagnostics.fails(self.options.deny_warnings) {
            return Ok(()); // dropping the staging directory removes it
        }
        (report.files_written, report.bytes_written) = output.counts();
        let pages = output.take_pages();
        self.write_extras(report, &output, &staging, &built, &pages, progress)?;
        let (_, mut files) = output.finish();
        report.changes = report.time(progress, "commit", || staging.commit())?;
        if report.pdfs.printed + report.pdfs.reused > 0 {
            // PDFs and their cache went straight to the staging directory.
            files.extend(print::jobs(&built.data, metrics).into_iter().map(|j| j.pdf));
            files.insert(print::CACHE.to_string());
        }
        built.pages = pages;
        built.files = files;
        self.built = Some(built);
        Ok(())
    }

    /// What follows the pages: the search indexes, the feed and sitemap, the PDFs.
    fn write_extras(
        &self,
        report: &mut Report,
        output: &Output<'_>,
        staging: &Staging<'_>,
        built: &Built,
        pages: &search::IndexedPages,
        progress: &Progress,
    ) -> Result<()> {
        let (data, metrics) = (&built.data, built.computed.borrow_dependent());
        let rendered = output.paths();
        let index = report.time(progress, "search index", || {
            search::build(&search::indexes(data), pages, data, metrics, progress)
        })?;
        report.search_files = index.len();
        for file in index {
            output.write(file)?;
        }
        if let Some(base_url) = &data.site.base_url {
            output.write(feeds::feed(data, base_url)?)?;
            for file in feeds::sitemaps(base_url, &html_pages(rendered.iter()))? {
                output.write(file)?;
            }
            report.feeds = true;
        }
        if let Some(browser) = &self.options.pdf_browser {
            let jobs = print::jobs(data, metrics);
            report.pdfs = report.time(progress, "print PDFs", || {
                print::print_site(&jobs, staging, &self.out, browser)
            })?;
        }
        Ok(())
    }
}
