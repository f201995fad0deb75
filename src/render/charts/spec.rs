//! What a chart is asked for: its kind, the options of a ```` ```chart ```` block,
//! and the data set and quarter it is computed for.

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
