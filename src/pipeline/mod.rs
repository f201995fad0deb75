//! The whole pipeline, as the CLI runs it: load → validate → compute → render → write.
//!
//! A build goes through a [`Session`], which `serve` keeps to rebuild after each edit
//! only what the edit changed ([`changes`] says what that is).

mod catch_up;
mod changes;
mod full;
mod output;
mod session;

pub use changes::Pending;
pub use session::{Hints, Session};

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::render::{render_issues, templates::Templates};
use crate::{load, print, validate};
use anyhow::Result;
use std::path::{Path, PathBuf};
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
    check_with(&Options::new(data_dir))
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
    let quiet = &crate::progress::quiet;
    let mut report = Report::default();
    let loaded = report.time(quiet, "load", || load::load_with(&options.data_dir, quiet))?;
    report.diagnostics = loaded.diagnostics;
    let found = report.time(quiet, "validate", || validate::validate(&loaded.dataset));
    report.diagnostics.extend(found);
    if report.diagnostics.fails(options.deny_warnings) {
        finish(&mut report, &loaded.sources);
        return Ok(report);
    }
    let data = &loaded.dataset;
    let metrics = report.time(quiet, "compute", || Metrics::compute(data));
    let templates = Templates::with_overrides(options.templates_dir.as_deref())?;
    let diagnostics = report.time(quiet, "render issues", || {
        render_issues(data, &metrics, &templates, &|_| Ok(()))
    })?;
    report.diagnostics.extend(diagnostics);
    report.charts = templates.figures();
    report.issues = data.bulletins.len();
    report.counties = data.counties.len();
    report.stations = data.stations.len();
    finish(&mut report, &loaded.sources);
    Ok(report)
}

/// Builds the site into `out_dir`, unless the data has errors (or warnings, with
/// `deny_warnings`). Pages stream into a staging directory that is put in place
/// only when everything succeeded.
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
    Session::open(options, out_dir, progress).map(|(report, _)| report)
}

/// Fills in the positions of diagnostics from the sources, and sorts them.
fn finish(report: &mut Report, sources: &load::SourceFiles) {
    sources.resolve_positions(&mut report.diagnostics);
    report.diagnostics.sort();
}
