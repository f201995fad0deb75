//! Charts computed from the data, drawn with plotters into inline SVG.
//!
//! A chart is asked for by a [`ChartSpec`] — from a ```` ```chart ```` block in an
//! article, or by the generated 本期数据 section. [`data`] turns the spec into a
//! table of numbers and a one-sentence summary; [`draw`] draws that table. The page
//! shows the SVG with its title, the summary and the table, so readers who cannot see
//! the chart get the same facts.

pub mod data;
pub mod draw;
mod layouts;
mod money;
mod regional;
pub mod trends;

use crate::compute::Metrics;
use crate::diagnostics::suggest;
use crate::model::{Dataset, Quarter};
use serde::{Deserialize, Serialize};

/// The kinds of chart, named as in `BULLETIN-STYLE.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    CapacityByCounty,
    StatusPipeline,
    GenerationTrend,
    TargetCompletion,
    BeneficiariesTrend,
    UtilisationHours,
    DistributionByUse,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::CapacityByCounty,
        ChartKind::StatusPipeline,
        ChartKind::GenerationTrend,
        ChartKind::TargetCompletion,
        ChartKind::BeneficiariesTrend,
        ChartKind::UtilisationHours,
        ChartKind::DistributionByUse,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChartKind::CapacityByCounty => "capacity_by_county",
            ChartKind::StatusPipeline => "status_pipeline",
            ChartKind::GenerationTrend => "generation_trend",
            ChartKind::TargetCompletion => "target_completion",
            ChartKind::BeneficiariesTrend => "beneficiaries_trend",
            ChartKind::UtilisationHours => "utilisation_hours",
            ChartKind::DistributionByUse => "distribution_by_use",
        }
    }
}

/// What a ```` ```chart ```` block may say.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    pub kind: ChartKind,
    /// Restrict to one county (by id).
    #[serde(default)]
    pub county: Option<String>,
    /// Number of quarters shown by trend charts, ending at the bulletin's quarter.
    #[serde(default)]
    pub quarters: Option<usize>,
    /// Overrides the generated title.
    #[serde(default)]
    pub title: Option<String>,
}

impl ChartSpec {
    pub fn of(kind: ChartKind) -> Self {
        ChartSpec {
            kind,
            county: None,
            quarters: None,
            title: None,
        }
    }

    /// Parses a chart block, checking the county against the data.
    pub fn parse(source: &str, data: &Dataset) -> Result<ChartSpec, String> {
        let spec: ChartSpec = serde_yaml::from_str(source).map_err(|e| {
            let message = e.to_string();
            let hint = message
                .strip_prefix("kind: unknown variant `")
                .and_then(|rest| rest.split_once('`'))
                .and_then(|(wrong, _)| suggest(wrong, ChartKind::ALL.map(ChartKind::name)));
            let kinds = ChartKind::ALL.map(ChartKind::name).join(", ");
            match hint {
                Some(h) => format!("invalid chart block: {message} ({h})"),
                None if message.contains("unknown variant") => {
                    format!("invalid chart block: {message}; chart kinds: {kinds}")
                }
                None => format!("invalid chart block: {message}"),
            }
        })?;
        if let Some(county) = &spec.county {
            if !data.counties.iter().any(|c| &c.id == county) {
                let hint = suggest(county, data.counties.iter().map(|c| c.id.as_str()))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                return Err(format!("chart block names unknown county `{county}`{hint}"));
            }
        }
        if spec.quarters == Some(0) {
            return Err("chart block: `quarters` must be 1 or more".into());
        }
        Ok(spec)
    }
}

/// Everything needed to compute a chart for one bulletin.
pub struct ChartContext<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics<'a>,
    pub quarter: Quarter,
}

/// A rendered chart: the SVG plus the accessible text around it.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub svg: String,
    pub table: data::Table,
}

/// Computes and draws the chart `spec` asks for; `id` must be unique on the page.
pub fn render_chart(spec: &ChartSpec, ctx: &ChartContext<'_>, id: &str) -> Chart {
    let mut chart_data = data::build(spec, ctx);
    if let Some(title) = &spec.title {
        chart_data.title = title.clone();
    }
    draw_chart(&chart_data, id)
}

/// Draws already computed chart data.
pub fn draw_chart(chart_data: &data::ChartData, id: &str) -> Chart {
    Chart {
        id: id.to_string(),
        title: chart_data.title.clone(),
        summary: chart_data.summary.clone(),
        table: data::Table::of(chart_data),
        svg: draw::svg(chart_data, id),
    }
}

#[cfg(test)]
mod tests;
