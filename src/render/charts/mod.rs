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

    /// Parses a chart block, checking the county against the data. Errors point at
    /// the offending key or value inside the block.
    pub fn parse(source: &str, data: &Dataset) -> Result<ChartSpec, BlockError> {
        let spec: ChartSpec = serde_yaml::from_str(source).map_err(|e| yaml_error(&e))?;
        if let Some(county) = &spec.county {
            if !data.counties.iter().any(|c| &c.id == county) {
                return Err(BlockError::at_value(
                    source,
                    "county",
                    format!("chart block names unknown county `{county}`"),
                    suggest(county, data.counties.iter().map(|c| c.id.as_str())),
                ));
            }
        }
        if spec.quarters == Some(0) {
            return Err(BlockError::at_value(
                source,
                "quarters",
                "chart block: `quarters` must be 1 or more".into(),
                None,
            ));
        }
        Ok(spec)
    }
}

/// A problem in a chart block, at a position inside the block: line 1 is the line
/// after the opening fence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockError {
    pub message: String,
    pub hint: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl BlockError {
    /// An error about the value of top-level `key` (at the key's line, the value's
    /// column; the first line when the key is not found).
    fn at_value(source: &str, key: &str, message: String, hint: Option<String>) -> BlockError {
        let (line, column) = source
            .lines()
            .enumerate()
            .find_map(|(i, l)| {
                let rest = l.strip_prefix(key)?.strip_prefix(':')?;
                let value = rest.len() - rest.trim_start().len();
                Some((i + 1, key.len() + 1 + value + 1))
            })
            .unwrap_or((1, 1));
        BlockError {
            message,
            hint,
            line,
            column,
        }
    }
}

/// serde_yaml's error as a block error: its position, its message without the
/// trailing "at line … column …", and a suggestion for a misspelt kind or key.
fn yaml_error(e: &serde_yaml::Error) -> BlockError {
    let full = e.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i])
        .to_string();
    let quoted = |prefix: &str| {
        message
            .split_once(prefix)
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(wrong, _)| wrong.to_string())
    };
    let kinds = ChartKind::ALL.map(ChartKind::name);
    let hint = if let Some(wrong) = quoted("unknown variant `") {
        suggest(&wrong, kinds).or_else(|| Some(format!("chart kinds: {}", kinds.join(", "))))
    } else if let Some(wrong) = quoted("unknown field `") {
        suggest(&wrong, ["kind", "county", "quarters", "title"])
    } else {
        None
    };
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    BlockError {
        message: format!("invalid chart block: {message}"),
        hint,
        line,
        column,
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
