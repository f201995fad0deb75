//! The whole pipeline, as the CLI runs it: load → validate → compute → render → write.

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::render::{render_site, Rendered};
use crate::{load, validate, write};
use anyhow::Result;
use std::path::Path;

/// What a run found and, for `build`, what it wrote.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// Files written; 0 when the data had errors (the old output is left as it was).
    pub files_written: usize,
    pub bytes_written: usize,
}

/// Runs every stage except writing; returns the problems and the rendered site.
/// Rendering happens even for `check`, so errors found while rendering (chart
/// blocks) are reported by `check` too.
pub fn check(data_dir: &Path) -> Result<(Diagnostics, Option<Rendered>)> {
    let loaded = load::load(data_dir)?;
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(validate::validate(&loaded.dataset));
    let mut rendered = None;
    if !diagnostics.has_errors() {
        let metrics = Metrics::compute(&loaded.dataset);
        let mut site = render_site(&loaded.dataset, &metrics)?;
        diagnostics.extend(std::mem::take(&mut site.diagnostics));
        rendered = Some(site);
    }
    loaded.sources.resolve_positions(&mut diagnostics);
    diagnostics.sort();
    Ok((diagnostics, rendered))
}

/// Builds the site into `out_dir`, unless the data has errors (or warnings, with
/// `deny_warnings`).
pub fn build(data_dir: &Path, out_dir: &Path, deny_warnings: bool) -> Result<Report> {
    let (diagnostics, rendered) = check(data_dir)?;
    let mut report = Report {
        diagnostics,
        ..Report::default()
    };
    if report.diagnostics.fails(deny_warnings) {
        return Ok(report);
    }
    let site = rendered.expect("rendered when there are no errors");
    write::write_site(out_dir, data_dir, &site.files)?;
    report.files_written = site.files.len();
    report.bytes_written = site.files.iter().map(|f| f.bytes.len()).sum();
    Ok(report)
}
