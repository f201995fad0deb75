//! The whole pipeline, as the CLI runs it: load → validate → compute → render →
//! write, then the publishing outputs (downloads, search, feeds, PDFs).
//!
//! [`check`] runs the stages up to rendering and writes nothing; [`build`] runs
//! them all ([`full`]). A build hands back what it made ([`Built`]), so that
//! `serve` — and `build` from the cache the last build left — can rebuild from it
//! only what changed (see `crate::rebuild`).

mod built;
mod check;
pub mod full;
mod options;
pub mod output;
mod report;

pub use built::{Built, Computed};
pub use check::check_with;
pub use options::Options;
pub use report::{Report, Reuse};

pub use crate::progress::{Progress, Step};

use crate::load::{self, DataFiles};
use anyhow::Result;
use std::path::Path;

/// Validates the data without writing anything. Issue pages are rendered (and
/// dropped) too, since chart blocks in articles are only checked by rendering them.
pub fn check(data_dir: &Path) -> Result<Report> {
    check_with(&Options::new(data_dir))
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
/// units (data files, output files, search pages) as they are done. Always the
/// whole site (`build` on the command line starts from the build cache, see
/// `crate::rebuild::build`).
pub fn build_with(options: &Options, out_dir: &Path, progress: &Progress) -> Result<Report> {
    let mut report = Report::default();
    let files = report.time(progress, "load", || {
        DataFiles::read(&options.data_dir, progress)
    })?;
    let loaded = files.assemble(None);
    full::build_all(options, out_dir, &mut report, loaded, None, progress)?;
    Ok(report)
}

/// Fills in the positions of diagnostics from the sources, and sorts them.
pub fn finish(report: &mut Report, sources: &load::SourceFiles) {
    sources.resolve_positions(&mut report.diagnostics);
    report.diagnostics.sort();
    report.sources = sources.clone();
}
