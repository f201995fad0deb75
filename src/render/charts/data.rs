//! The numbers behind each chart, and the sentence that sums them up.

use super::spec::{ChartContext, ChartKind, ChartSpec};
use crate::compute::Totals;
use crate::format::grouped;
use crate::model::{Decimal, Quarter};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a chart lays its series out.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// Vertical bars per category, series stacked.
    StackedBars,
    /// Horizontal bars of the first series, in category order (rank 1 on top), with an
    /// optional reference line; flagged categories are drawn in the warning style.
    RankedBars {
        reference: Option<(Decimal, String)>,
        flagged: Vec<bool>,
    },
    /// First series as bars on the left axis, second as a line on the right axis.
    BarsAndLine,
    /// Every series as a line with points.
    Lines,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub unit: &'static str,
    pub values: Vec<Decimal>,
    /// Decimals shown in the data table.
    pub decimals: usize,
}

/// A chart's data: categories along one axis, one or more series of values.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub kind: ChartKind,
    pub title: String,
    pub category_header: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub layout: Layout,
    pub summary: String,
}

/// The table shown under a chart, every cell formatted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn of(d: &ChartData) -> Table {
        let mut header = vec![d.category_header.to_string()];
        header.extend(d.series.iter().map(|s| format!("{}（{}）", s.name, s.unit)));
        let rows = d
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![c.clone()];
                row.extend(d.series.iter().map(|s| grouped(s.values[i], s.decimals)));
                row
            })
            .collect();
        Table { header, rows }
    }
}

/// An amount in 万 (万千瓦时, 万元), exactly.
pub fn in_wan(v: Decimal) -> Decimal {
    v / Decimal::from(10_000)
}

/// Kilowatts in megawatts (兆瓦), exactly.
pub fn in_mw(kw: Decimal) -> Decimal {
    kw / Decimal::from(1_000)
}

/// Default number of quarters in trend charts.
pub const DEFAULT_QUARTERS: usize = 8;

pub use crate::compute::alerts::UNDERPERFORMING;

/// The quarterly totals a chart is about: one county's, or the whole region's.
pub fn series_of<'a>(
    spec: &ChartSpec,
    ctx: &'a ChartContext<'_>,
) -> Option<&'a BTreeMap<Quarter, Totals>> {
    match &spec.county {
        Some(id) => ctx.metrics.by_county.get(id.as_str()),
        None => Some(&ctx.metrics.region),
    }
}

/// Totals per quarter of the trend window, for the region or one county.
pub fn trend<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> Vec<(Quarter, &'a Totals)> {
    let series = series_of(spec, ctx);
    let window = ctx
        .metrics
        .window(ctx.quarter, spec.quarters.unwrap_or(DEFAULT_QUARTERS));
    window
        .into_iter()
        .filter_map(|q| series.and_then(|s| s.get(&q)).map(|t| (q, t)))
        .collect()
}

/// Counties in data order (or the one the spec names) with their totals at the quarter.
pub fn counties<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> Vec<(&'a str, Totals)> {
    ctx.data
        .counties
        .iter()
        .filter(|c| spec.county.as_ref().is_none_or(|id| &c.id == id))
        .map(|c| {
            let t = ctx
                .metrics
                .by_county
                .get(c.id.as_str())
                .and_then(|m| m.get(&ctx.quarter))
                .cloned()
                .unwrap_or_default();
            (c.name.as_str(), t)
        })
        .collect()
}

/// The region's name, or the county's when the spec names one.
pub fn scope_name<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> &'a str {
    spec.county
        .as_ref()
        .and_then(|id| ctx.data.counties.iter().find(|c| &c.id == id))
        .map_or(ctx.data.site.region.as_str(), |c| c.name.as_str())
}

pub fn largest<'a>(names: &[&'a str], values: &[Decimal]) -> Option<(&'a str, Decimal)> {
    names
        .iter()
        .zip(values)
        .fold(None, |best: Option<(&str, Decimal)>, (n, v)| match best {
            Some((_, b)) if b >= *v => best,
            _ => Some((n, *v)),
        })
}
