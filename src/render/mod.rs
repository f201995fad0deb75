//! Stage 4 — render: Markdown articles, charts and tera templates into page files,
//! all in memory. Nothing touches the disk until the `write` stage.

pub mod charts;
pub mod csv;
pub mod downloads;
pub mod format;
pub mod issue;
pub mod markdown;
pub mod pages;
pub mod templates;

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use anyhow::Result;
use charts::{draw_chart, render_chart, trends::station_trend, ChartContext, ChartKind, ChartSpec};
use pages::{county, index, station};
use templates::Templates;

/// One file of the output site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated, made only of validated ids
    /// and fixed names, so it cannot leave the output directory.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The rendered site and any problems found on the way (e.g. bad chart blocks).
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
}

impl Rendered {
    fn page(&mut self, path: String, html: String) {
        self.files.push(OutputFile {
            path,
            bytes: html.into_bytes(),
        });
    }
}

/// Charts on each county page, for the county's latest quarter.
const COUNTY_CHARTS: [ChartKind; 3] = [
    ChartKind::GenerationTrend,
    ChartKind::BeneficiariesTrend,
    ChartKind::UtilisationHours,
];

/// Renders every page and download of the site.
pub fn render_site(data: &Dataset, metrics: &Metrics<'_>) -> Result<Rendered> {
    let templates = Templates::builtin()?;
    let mut out = Rendered::default();
    out.page(
        "index.html".into(),
        templates.render("index.html", &index::index_page(data))?,
    );
    out.page(
        "archive.html".into(),
        templates.render("archive.html", &index::archive_page(data))?,
    );

    let issues = issue::IssueRenderer {
        data,
        metrics,
        templates: &templates,
    };
    for b in &data.bulletins {
        let html = issues.render(b, &mut out.diagnostics)?;
        out.page(pages::issue::issue_path(b.meta.number), html);
    }

    // County and station pages show the latest quarter with data.
    let latest = metrics.quarters.last().copied();
    let overview_charts = match latest {
        Some(quarter) => {
            let ctx = ChartContext {
                data,
                metrics,
                quarter,
            };
            [ChartKind::CapacityByCounty, ChartKind::StatusPipeline]
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    templates.figure(&render_chart(
                        &ChartSpec::of(*k),
                        &ctx,
                        &format!("chart-{}", i + 1),
                    ))
                })
                .collect::<Result<Vec<_>>>()?
        }
        None => Vec::new(),
    };
    let counties_page = county::counties_page(data, metrics, overview_charts);
    out.page(
        "counties.html".into(),
        templates.render("counties.html", &counties_page)?,
    );
    for c in &data.counties {
        let mut figures = Vec::new();
        if let Some(quarter) = latest {
            let ctx = ChartContext {
                data,
                metrics,
                quarter,
            };
            for (i, kind) in COUNTY_CHARTS.iter().enumerate() {
                let spec = ChartSpec {
                    county: Some(c.id.clone()),
                    ..ChartSpec::of(*kind)
                };
                figures.push(templates.figure(&render_chart(
                    &spec,
                    &ctx,
                    &format!("chart-{}", i + 1),
                ))?);
            }
        }
        let page = county::county_page(data, metrics, c, figures);
        out.page(
            pages::county_path(&c.id),
            templates.render("county.html", &page)?,
        );
    }
    for (s, history) in data.stations.iter().zip(&metrics.histories) {
        let chart = if s.grid_date.is_some() && !metrics.quarters.is_empty() {
            let chart_data = station_trend(s, history, &metrics.quarters);
            Some(templates.figure(&draw_chart(&chart_data, "chart-1"))?)
        } else {
            None
        };
        let page = station::station_page(data, s, history, &metrics.quarters, chart);
        out.page(
            pages::station_path(&s.id),
            templates.render("station.html", &page)?,
        );
    }
    out.files.extend(downloads::all(data, metrics));
    Ok(out)
}
