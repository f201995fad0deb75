//! The whole pipeline, as the CLI runs it: load → validate → compute → render → write.

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::render::{
    feeds, file_count, render_issues, render_site, search, search::SearchPages,
    templates::Templates, OutputFile, Summary,
};
use crate::write::{Disk, Staging};
use crate::{load, print, validate};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use crate::progress::{Progress, Step};

/// What a run found and, for `build`, what it wrote.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// Files written; 0 when the data had errors (the old output is left as it was).
    pub files_written: usize,
    pub bytes_written: usize,
    /// What the site holds (for the summary line).
    pub issues: usize,
    pub counties: usize,
    pub stations: usize,
    pub charts: usize,
    /// Whether `feed.xml` and `sitemap.xml` were written (the site has a `base_url`).
    pub feeds: bool,
    /// Files of the Pagefind search index (under `pagefind/`).
    pub search_files: usize,
    /// What the build changed in the output directory (files written because they
    /// are new or differ, files already as built, files removed).
    pub changes: crate::write::Changes,
    /// With `--pdf`: PDFs printed now, and reused from the previous output.
    pub pdfs: print::Summary,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Report {
    /// Runs one stage: announces it to `progress`, then records its wall time.
    fn time<T>(&mut self, progress: &Progress, stage: &'static str, f: impl FnOnce() -> T) -> T {
        progress(Step::Stage(stage));
        let started = Instant::now();
        let out = f();
        self.timings.push((stage, started.elapsed()));
        out
    }
}

/// Validates the data without writing anything. Issue pages are rendered (and
/// dropped) too, since chart blocks in articles are only checked by rendering them.
pub fn check(data_dir: &Path) -> Result<Report> {
    run(&Options::new(data_dir), None, &crate::progress::quiet)
}

/// Where the data and templates are, and how strict to be.
#[derive(Clone, Debug)]
pub struct Options {
    pub data_dir: PathBuf,
    /// Overrides for the built-in templates; by default `templates/` beside the
    /// data directory, when it exists.
    pub templates_dir: Option<PathBuf>,
    pub deny_warnings: bool,
    /// With `build --pdf`: the browser that prints the issue and notice pages.
    pub pdf_browser: Option<PathBuf>,
}

impl Options {
    pub fn new(data_dir: &Path) -> Self {
        let beside = data_dir
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(|p| p.join("templates"))
            .filter(|t| t.is_dir());
        Options {
            data_dir: data_dir.to_path_buf(),
            templates_dir: beside,
            deny_warnings: false,
            pdf_browser: None,
        }
    }
}

/// `check` with explicit options.
pub fn check_with(options: &Options) -> Result<Report> {
    run(options, None, &crate::progress::quiet)
}

/// Builds the site into `out_dir`, unless the data has errors (or warnings, with
/// `deny_warnings`). Pages stream into a staging directory that is swapped in only
/// when everything succeeded.
pub fn build(data_dir: &Path, out_dir: &Path, deny_warnings: bool) -> Result<Report> {
    let options = Options {
        deny_warnings,
        ..Options::new(data_dir)
    };
    build_with(&options, out_dir, &crate::progress::quiet)
}

/// [`build`] with explicit options, reporting each stage from the start and the
/// units (data files, output files, search pages) as they are done.
pub fn build_with(options: &Options, out_dir: &Path, progress: &Progress) -> Result<Report> {
    run(options, Some(out_dir), progress)
}

fn run(options: &Options, out_dir: Option<&Path>, progress: &Progress) -> Result<Report> {
    let data_dir = options.data_dir.as_path();
    let deny_warnings = options.deny_warnings;
    let mut report = Report::default();
    let loaded = report.time(progress, "load", || load::load_with(data_dir, progress))?;
    report.diagnostics = loaded.diagnostics;
    let found = report.time(progress, "validate", || validate::validate(&loaded.dataset));
    report.diagnostics.extend(found);
    if report.diagnostics.fails(deny_warnings) {
        return Ok(finish(report, &loaded.sources));
    }
    let data = &loaded.dataset;
    let metrics = report.time(progress, "compute", || Metrics::compute(data));
    let templates = Templates::with_overrides(options.templates_dir.as_deref())?
        .with_pdf_links(options.pdf_browser.is_some());

    let staging = match out_dir {
        Some(out) => Some(Staging::create(&Disk, out, data_dir)?),
        None => None,
    };
    let files = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let pages = std::sync::Mutex::new(Vec::new());
    let wants_sitemap = data.site.base_url.is_some();
    let kept = SearchPages::default();
    let expected = file_count(data, &metrics);
    let emit = |file: OutputFile| -> Result<()> {
        let done = files.fetch_add(1, Ordering::Relaxed) + 1;
        bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        progress(Step::Done(done));
        // Only a hosted site needs the list of pages (for its sitemap).
        if wants_sitemap && file.path.ends_with(".html") {
            if let Ok(mut p) = pages.lock() {
                p.push(file.path.clone());
            }
        }
        match &staging {
            Some(s) => {
                kept.keep(&file)?;
                s.write(&file)
            }
            None => Ok(()),
        }
    };
    let found = match staging {
        Some(_) => report.time(progress, "render + write", || {
            progress(Step::Total(expected));
            render_site(data, &metrics, &templates, &emit)
        })?,
        None => report.time(progress, "render issues", || {
            let diagnostics = render_issues(data, &metrics, &templates, &emit)?;
            Ok::<_, anyhow::Error>(Summary {
                diagnostics,
                charts: templates.figures(),
            })
        })?,
    };
    report.diagnostics.extend(found.diagnostics);
    report.charts = found.charts;
    report.issues = data.bulletins.len();
    report.counties = data.counties.len();
    report.stations = data.stations.len();
    let mut report = finish(report, &loaded.sources);
    if let Some(staging) = staging {
        if report.diagnostics.fails(deny_warnings) {
            return Ok(report); // dropping the staging directory removes it
        }
        let index = report.time(progress, "search index", || {
            search::build(kept, data, &metrics, progress)
        })?;
        report.search_files = index.len();
        for file in &index {
            staging.write(file)?;
        }
        if let Some(base_url) = &data.site.base_url {
            let mut pages = pages.into_inner().unwrap_or_default();
            pages.sort();
            staging.write(&feeds::feed(data, base_url)?)?;
            for file in feeds::sitemaps(base_url, &pages)? {
                staging.write(&file)?;
            }
            report.feeds = true;
        }
        if let (Some(browser), Some(out)) = (&options.pdf_browser, out_dir) {
            let jobs = print::jobs(data, &metrics);
            let printed = report.time(progress, "print PDFs", || {
                print::print_site(&jobs, &staging, out, browser)
            })?;
            report.pdfs = printed;
        }
        report.changes = report.time(progress, "commit", || staging.commit())?;
        report.files_written = files.into_inner();
        report.bytes_written = bytes.into_inner();
    }
    Ok(report)
}

fn finish(mut report: Report, sources: &load::SourceFiles) -> Report {
    sources.resolve_positions(&mut report.diagnostics);
    report.diagnostics.sort();
    report
}
