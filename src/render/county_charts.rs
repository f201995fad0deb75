//! The charts of the counties overview and of each county page, at the latest
//! quarter with data, each named with the PNG it is offered as. The pages show
//! them; `publish::word` draws the same charts as PNGs.

use super::charts::{render_chart, Chart, ChartContext, ChartKind, ChartSpec};
use crate::compute::Metrics;
use crate::model::{County, Dataset, Quarter};
use crate::paths;

/// Charts on the counties overview.
const OVERVIEW_CHARTS: [ChartKind; 2] = [ChartKind::CapacityByCounty, ChartKind::StatusPipeline];

/// Charts on each county page, for the county's latest quarter.
const COUNTY_CHARTS: [ChartKind; 3] = [
    ChartKind::GenerationTrend,
    ChartKind::BeneficiariesTrend,
    ChartKind::UtilisationHours,
];

/// The charts of one county page: its figures, and the 收益分配 chart when the
/// county reports the money trail.
pub struct CountyCharts {
    pub figures: Vec<Chart>,
    pub money: Vec<Chart>,
}

/// The latest quarter with data, which the county pages show.
fn latest(metrics: &Metrics<'_>) -> Option<Quarter> {
    metrics.quarters.last().copied()
}

/// `chart-N` of the page at `page`, offered as its PNG.
fn numbered(spec: &ChartSpec, ctx: &ChartContext<'_>, page: &str, n: usize) -> Chart {
    let id = format!("chart-{n}");
    render_chart(spec, ctx, &id).with_png(page, &paths::chart_png(page, &id))
}

/// The counties overview's charts (none before any quarter has data).
pub fn overview_charts(data: &Dataset, metrics: &Metrics<'_>) -> Vec<Chart> {
    let Some(quarter) = latest(metrics) else {
        return Vec::new();
    };
    let ctx = ChartContext {
        data,
        metrics,
        quarter,
    };
    OVERVIEW_CHARTS
        .iter()
        .enumerate()
        .map(|(i, k)| numbered(&ChartSpec::of(*k), &ctx, paths::COUNTIES_PAGE, i + 1))
        .collect()
}

fn has_money(metrics: &Metrics<'_>, county: &str, q: Quarter) -> bool {
    metrics
        .by_county
        .get(county)
        .and_then(|m| m.get(&q))
        .is_some_and(|t| t.money.reported())
}

/// One county page's charts.
pub fn county_charts(data: &Dataset, metrics: &Metrics<'_>, c: &County) -> CountyCharts {
    let mut charts = CountyCharts {
        figures: Vec::new(),
        money: Vec::new(),
    };
    let Some(quarter) = latest(metrics) else {
        return charts;
    };
    let ctx = ChartContext {
        data,
        metrics,
        quarter,
    };
    let page = paths::county_page(&c.id);
    let of_county = |kind| ChartSpec {
        county: Some(c.id.clone()),
        ..ChartSpec::of(kind)
    };
    for (i, kind) in COUNTY_CHARTS.iter().enumerate() {
        charts
            .figures
            .push(numbered(&of_county(*kind), &ctx, &page, i + 1));
    }
    if has_money(metrics, &c.id, quarter) {
        let spec = of_county(ChartKind::DistributionByUse);
        let n = COUNTY_CHARTS.len() + 1;
        charts.money.push(numbered(&spec, &ctx, &page, n));
    }
    charts
}

/// How many charts [`overview_charts`] and [`county_charts`] give, without
/// drawing them.
pub fn count(data: &Dataset, metrics: &Metrics<'_>) -> usize {
    count_for(data, metrics, true, &|_| true)
}

/// How many charts the overview (when `overview`) and the pages of the counties
/// `county` accepts give, without drawing them.
pub fn count_for(
    data: &Dataset,
    metrics: &Metrics<'_>,
    overview: bool,
    county: &dyn Fn(&str) -> bool,
) -> usize {
    let Some(quarter) = latest(metrics) else {
        return 0;
    };
    let pages: usize = data
        .counties
        .iter()
        .filter(|c| county(&c.id))
        .map(|c| COUNTY_CHARTS.len() + usize::from(has_money(metrics, &c.id, quarter)))
        .sum();
    pages + usize::from(overview) * OVERVIEW_CHARTS.len()
}
