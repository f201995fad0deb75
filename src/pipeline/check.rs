//! `check`: every stage up to rendering the issue pages, writing nothing.

use super::{finish, Options, Report};
use crate::compute::Metrics;
use crate::render::{render_issues, templates::Templates};
use crate::{load, validate};
use anyhow::Result;

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
