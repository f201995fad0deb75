//! Word out: every issue as an editable .docx in the bulletin's print layout
//! (`issues/<n>.docx`), the issue and county charts as 300 dpi PNGs beside their
//! pages (`issues/<n>-chart-<k>.png`, `counties/<id>-chart-<k>.png`), and with
//! `build --docx` each village notice as .docx too.
//!
//! Everything is made from the page contexts the HTML is made from (the issue
//! page's `IssuePage`, the county charts, the notice's `NoticePage`), so figures
//! and wording are the page's. Each chart is drawn once and reused from the
//! previous output when unchanged ([`pictures`]); the .docx embeds the same PNG.
//!
//! A problem here never costs the HTML site: a chart that cannot be drawn or a
//! Word file that cannot be written is a warning (`warning[docx]`) naming the
//! issue and the element, and the rest is written. It is a warning, not an
//! error, because the site — what the office publishes — is right; `build
//! --deny-warnings` makes it fail the build.

pub mod article;
pub mod data;
mod figures;
pub mod issue;
mod markdown_table;
pub mod notice;
pub mod pictures;

use crate::compute::money_table::money_rows;
use crate::compute::notices::notices_of;
use crate::compute::Metrics;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::{Bulletin, Dataset};
use crate::paths;
use crate::publish::chart_png::{ChartStore, FontSet};
use crate::publish::docx::write_docx;
use crate::render::charts::{Chart, ChartSpec};
use crate::render::county_charts::{self, county_charts, overview_charts};
use crate::render::issue::{IssueRenderer, Photos};
use crate::render::pages::notice::notice_page;
use crate::render::templates::Templates;
use crate::render::{Emit, OutputFile, Selection};
use anyhow::Result;
use figures::Figures;
use pictures::ChartPictures;
use rayon::prelude::*;
use std::path::Path;

/// Where a build writes, as this stage needs it.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    /// The output being replaced: its chart PNGs are reused when unchanged.
    pub previous: &'a Path,
    /// Village notices as .docx too (`build --docx`).
    pub notices: bool,
    /// The pictures earlier builds drew (`None`: draw every picture not in the
    /// previous output).
    pub store: Option<&'a ChartStore>,
}

/// What the stage found, and where its pictures came from.
#[derive(Debug, Default)]
pub struct Written {
    pub diagnostics: Diagnostics,
    pub pictures: pictures::Tally,
}

/// Writes the Word files and chart PNGs of the pages `selection` names; returns
/// the warnings found on the way and how the pictures were made.
pub fn render(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    setup: Setup<'_>,
    emit: &Emit,
) -> Result<Written> {
    let pictures = ChartPictures::new(setup.previous, setup.store);
    // The Word file is made from the page's parts, not its HTML: photos are
    // only found here, and read by the Word writer itself.
    let issues = IssueRenderer {
        data,
        metrics,
        templates,
        photos: Photos::Check,
        counted: false,
    };
    let found: Vec<Diagnostics> = data
        .bulletins
        .par_iter()
        .filter(|b| selection.issue(b.meta.number))
        .map(|b| issue_files(&issues, b, &pictures, emit))
        .collect::<Result<_>>()?;
    let mut all = Diagnostics::default();
    found.into_iter().for_each(|d| all.extend(d));
    all.extend(county_pictures(data, metrics, selection, &pictures, emit)?);
    if setup.notices {
        all.extend(notice_files(data, metrics, selection, emit)?);
    }
    if pictures.missing_font_first_time() {
        all.push(Diagnostic::warning(
            Code::Docx,
            "",
            FieldPath::root(),
            FontSet::MISSING_CJK,
        ));
    }
    if let Some(store) = setup.store {
        prune_once(store);
    }
    Ok(Written {
        diagnostics: all,
        pictures: pictures.counts.tally(),
    })
}

/// Clears the store of pictures no build has used for a month, once a process
/// (`serve` rebuilds often; the store changes slowly).
fn prune_once(store: &ChartStore) {
    static PRUNED: std::sync::Once = std::sync::Once::new();
    PRUNED.call_once(|| {
        store.prune(crate::publish::chart_png::store::KEEP_UNUSED);
    });
}

/// One issue's chart PNGs and its .docx.
fn issue_files(
    issues: &IssueRenderer<'_>,
    b: &Bulletin,
    pictures: &ChartPictures<'_>,
    emit: &Emit,
) -> Result<Diagnostics> {
    // The page's own problems (a refused chart block) are reported by the page.
    let page = issues.page(b, &mut Diagnostics::default())?;
    let html = paths::issue_page(b.meta.number);
    let docx = paths::docx_of(&html);
    let mut figures = Figures {
        pictures,
        emit,
        page: html,
        label: format!("第{}期 Word 版（{docx}）", b.meta.number),
        file: b.origin.file.clone(),
        diagnostics: Diagnostics::default(),
        failed: None,
    };
    let doc = issue::document(&page, b, issues.data, &mut figures);
    let label = figures.label.clone();
    let mut diagnostics = figures.finish()?;
    match write_docx(&doc) {
        Ok(bytes) => emit(OutputFile::new(docx, bytes))?,
        Err(e) => diagnostics.push(Diagnostic::warning(
            Code::Docx,
            b.origin.file.clone(),
            FieldPath::root(),
            format!("{label} could not be written: {e}; the page links a file that is not there"),
        )),
    }
    Ok(diagnostics)
}

/// The PNGs of the counties overview's and the county pages' charts.
fn county_pictures(
    data: &Dataset,
    metrics: &Metrics<'_>,
    selection: &Selection,
    pictures: &ChartPictures<'_>,
    emit: &Emit,
) -> Result<Diagnostics> {
    let write = |charts: &[Chart], page: &str, what: &str| -> Result<Diagnostics> {
        let mut found = Diagnostics::default();
        for chart in charts {
            let path = paths::chart_png(page, &chart.id);
            match pictures.png(chart, &path, false) {
                Ok(png) => emit(OutputFile::new(path, png.as_slice()))?,
                Err(e) => found.push(Diagnostic::warning(
                    Code::Docx,
                    "counties.yaml",
                    FieldPath::root(),
                    format!(
                        "{what}: the chart “{}” ({path}) cannot be drawn as a picture: {e}; the page's 下载图片 link has no file",
                        chart.title
                    ),
                )),
            }
        }
        Ok(found)
    };
    let mut all = Diagnostics::default();
    if selection.counties_page {
        let charts = overview_charts(data, metrics);
        all.extend(write(&charts, paths::COUNTIES_PAGE, paths::COUNTIES_PAGE)?);
    }
    let found: Vec<Diagnostics> = data
        .counties
        .par_iter()
        .filter(|c| selection.county_page(&c.id))
        .map(|c| {
            let charts = county_charts(data, metrics, c);
            let page = paths::county_page(&c.id);
            let what = format!("{} ({page})", c.name);
            let mut found = write(&charts.figures, &page, &what)?;
            found.extend(write(&charts.money, &page, &what)?);
            Ok(found)
        })
        .collect::<Result<_>>()?;
    found.into_iter().for_each(|d| all.extend(d));
    Ok(all)
}

/// With `build --docx`: every selected village notice as .docx, one county at a
/// time (a national site has 100,000 and more).
fn notice_files(
    data: &Dataset,
    metrics: &Metrics<'_>,
    selection: &Selection,
    emit: &Emit,
) -> Result<Diagnostics> {
    let found: Vec<Diagnostics> = data
        .counties
        .par_iter()
        .map(|c| {
            let own: Vec<usize> = (0..data.stations.len())
                .filter(|&i| data.stations[i].county == c.id)
                .filter(|&i| selection.notice(&data.stations[i].id))
                .collect();
            let mut found = Diagnostics::default();
            for n in notices_of(data, metrics, &own) {
                let path = paths::docx_of(&paths::notice_page(n.year, &n.station.id));
                let doc = notice::document(&notice_page(data, &n), n.date);
                match write_docx(&doc) {
                    Ok(bytes) => emit(OutputFile::new(path, bytes))?,
                    Err(e) => found.push(Diagnostic::warning(
                        Code::Docx,
                        station_file(data, &n.station.id),
                        FieldPath::root(),
                        format!("the notice {path} could not be written: {e}"),
                    )),
                }
            }
            Ok(found)
        })
        .collect::<Result<_>>()?;
    let mut all = Diagnostics::default();
    found.into_iter().for_each(|d| all.extend(d));
    Ok(all)
}

/// The data file a station is in.
fn station_file(data: &Dataset, id: &str) -> String {
    data.stations
        .iter()
        .find(|s| s.id == id)
        .map_or(String::new(), |s| s.origin.file.clone())
}

/// How many files [`render`] writes for the whole site, for progress reporting.
pub fn file_count(data: &Dataset, metrics: &Metrics<'_>, notices: bool) -> usize {
    let issues: usize = data
        .bulletins
        .iter()
        .map(|b| 1 + issue_chart_count(data, metrics, b))
        .sum();
    let notices = match notices {
        true => crate::compute::notices::count_notices(data, metrics).0,
        false => 0,
    };
    issues + county_charts::count(data, metrics) + notices
}

/// How many files [`render`] writes for the pages `selection` names, for progress
/// reporting (village notices as Word files are not counted in a partial rebuild).
pub fn selected_count(
    data: &Dataset,
    metrics: &Metrics<'_>,
    selection: &Selection,
    notices: bool,
) -> usize {
    if *selection == Selection::all() {
        return file_count(data, metrics, notices);
    }
    let issues: usize = data
        .bulletins
        .iter()
        .filter(|b| selection.issue(b.meta.number))
        .map(|b| 1 + issue_chart_count(data, metrics, b))
        .sum();
    let counties = county_charts::count_for(data, metrics, selection.counties_page, &|id| {
        selection.county_page(id)
    });
    issues + counties
}

/// The charts of an issue page, without drawing them: the 本期数据 charts (six,
/// and the 收益分配 chart when the quarter has the money trail) and the article
/// chart blocks that are not refused.
fn issue_chart_count(data: &Dataset, metrics: &Metrics<'_>, b: &Bulletin) -> usize {
    let q = b.meta.quarter;
    let section = match metrics.region.contains_key(&q) && b.meta.data_section {
        true => 6 + usize::from(money_rows(&metrics.region, q).is_some_and(|t| !t.rows.is_empty())),
        false => 0,
    };
    let articles: usize = b
        .articles
        .iter()
        .flat_map(|a| article::chart_sources(&a.body))
        .filter(|source| ChartSpec::parse(source, data).is_ok())
        .count();
    section + articles
}

#[cfg(test)]
mod tests;
