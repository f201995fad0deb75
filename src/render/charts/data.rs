//! The numbers behind each chart, and the sentence that sums them up.

use super::{ChartContext, ChartKind, ChartSpec};
use crate::compute::ranking::rank_counties;
use crate::compute::timeline::connected_whole_quarter;
use crate::compute::Totals;
use crate::model::{Quarter, StationKind, Status};
use crate::render::format::{date_zh, grouped, percent, signed_percent};
use serde::Serialize;

/// How a chart lays its series out.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// Vertical bars per category, series stacked.
    StackedBars,
    /// Horizontal bars of the first series, in category order (rank 1 on top), with an
    /// optional reference line; flagged categories are drawn in the warning style.
    RankedBars {
        reference: Option<(f64, String)>,
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
    pub values: Vec<f64>,
    /// Decimals shown in the data table.
    pub decimals: usize,
}

/// A chart's data: categories along one axis, one or more series of values.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub kind: ChartKind,
    pub title: String,
    pub category_header: &'static str,
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

/// Default number of quarters in trend charts.
pub const DEFAULT_QUARTERS: usize = 8;

/// Stations whose utilisation is below this share of the average are flagged for 运维.
pub const UNDERPERFORMING: f64 = 0.8;

pub fn build(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    match spec.kind {
        ChartKind::CapacityByCounty => capacity_by_county(spec, ctx),
        ChartKind::StatusPipeline => status_pipeline(spec, ctx),
        ChartKind::GenerationTrend => generation_trend(spec, ctx),
        ChartKind::TargetCompletion => target_completion(spec, ctx),
        ChartKind::BeneficiariesTrend => beneficiaries_trend(spec, ctx),
        ChartKind::UtilisationHours => utilisation_hours(spec, ctx),
    }
}

/// Counties in data order (or the one the spec names) with their totals at the quarter.
fn counties<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> Vec<(&'a str, Totals)> {
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
fn scope_name<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> &'a str {
    spec.county
        .as_ref()
        .and_then(|id| ctx.data.counties.iter().find(|c| &c.id == id))
        .map_or(ctx.data.site.region.as_str(), |c| c.name.as_str())
}

fn largest<'a>(names: &[&'a str], values: &[f64]) -> Option<(&'a str, f64)> {
    names
        .iter()
        .zip(values)
        .fold(None, |best: Option<(&str, f64)>, (n, v)| match best {
            Some((_, b)) if b >= *v => best,
            _ => Some((n, *v)),
        })
}

fn capacity_by_county(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let rows = counties(spec, ctx);
    let names: Vec<&str> = rows.iter().map(|(n, _)| *n).collect();
    let series: Vec<Series> = StationKind::ALL
        .iter()
        .enumerate()
        .map(|(k, kind)| Series {
            name: kind.label_zh().to_string(),
            unit: "兆瓦",
            values: rows
                .iter()
                .map(|(_, t)| t.capacity_by_kind_kw[k] / 1000.0)
                .collect(),
            decimals: 2,
        })
        .filter(|s| s.values.iter().any(|v| *v > 0.0))
        .collect();
    let totals: Vec<f64> = rows.iter().map(|(_, t)| t.capacity_kw / 1000.0).collect();
    let sum: f64 = totals.iter().sum();
    let summary = match largest(&names, &totals) {
        Some((name, mw)) if sum > 0.0 && names.len() > 1 => format!(
            "截至{}，{}光伏扶贫电站建设规模合计{}兆瓦，其中{}最大，为{}兆瓦，占{}。",
            date_zh(ctx.quarter.last_day()),
            scope_name(spec, ctx),
            grouped(sum, 2),
            name,
            grouped(mw, 2),
            percent(Some(mw / sum))
        ),
        _ => format!(
            "截至{}，{}光伏扶贫电站建设规模合计{}兆瓦。",
            date_zh(ctx.quarter.last_day()),
            scope_name(spec, ctx),
            grouped(sum, 2)
        ),
    };
    ChartData {
        kind: spec.kind,
        title: format!(
            "各县（区）光伏扶贫电站建设规模（按电站类型，{}）",
            ctx.quarter.label_zh()
        ),
        category_header: "县（区）",
        categories: names.iter().map(|s| s.to_string()).collect(),
        series,
        layout: Layout::StackedBars,
        summary,
    }
}

fn status_pipeline(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let rows = counties(spec, ctx);
    let names: Vec<&str> = rows.iter().map(|(n, _)| *n).collect();
    let series: Vec<Series> = Status::ALL
        .iter()
        .enumerate()
        .map(|(s, status)| Series {
            name: status.label_zh().to_string(),
            unit: "座",
            values: rows
                .iter()
                .map(|(_, t)| t.stations_by_status[s] as f64)
                .collect(),
            decimals: 0,
        })
        .collect();
    let total: f64 = rows.iter().map(|(_, t)| t.stations as f64).sum();
    let connected: f64 = rows
        .iter()
        .map(|(_, t)| t.grid_connected_stations() as f64)
        .sum();
    let waiting: Vec<f64> = rows
        .iter()
        .map(|(_, t)| (t.stations - t.grid_connected_stations()) as f64)
        .collect();
    let mut summary = format!(
        "截至{}，{}共有光伏扶贫电站{}座，已并网{}座，占{}",
        date_zh(ctx.quarter.last_day()),
        scope_name(spec, ctx),
        grouped(total, 0),
        grouped(connected, 0),
        percent((total > 0.0).then(|| connected / total))
    );
    match largest(&names, &waiting) {
        Some((name, n)) if n > 0.0 && names.len() > 1 => summary.push_str(&format!(
            "；{name}尚未并网的电站最多，为{}座。",
            grouped(n, 0)
        )),
        _ => summary.push('。'),
    }
    ChartData {
        kind: spec.kind,
        title: format!(
            "各县（区）光伏扶贫电站建设进度（{}末）",
            ctx.quarter.label_zh()
        ),
        category_header: "县（区）",
        categories: names.iter().map(|s| s.to_string()).collect(),
        series,
        layout: Layout::StackedBars,
        summary,
    }
}

/// Totals per quarter of the trend window, for the region or one county.
fn trend<'a>(spec: &ChartSpec, ctx: &'a ChartContext<'_>) -> Vec<(Quarter, &'a Totals)> {
    let series = match &spec.county {
        Some(id) => ctx.metrics.by_county.get(id.as_str()),
        None => Some(&ctx.metrics.region),
    };
    let window = ctx
        .metrics
        .window(ctx.quarter, spec.quarters.unwrap_or(DEFAULT_QUARTERS));
    window
        .into_iter()
        .filter_map(|q| series.and_then(|s| s.get(&q)).map(|t| (q, t)))
        .collect()
}

fn generation_trend(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let points = trend(spec, ctx);
    let generation: Vec<f64> = points.iter().map(|(_, t)| t.generation_kwh / 1e4).collect();
    let revenue: Vec<f64> = points.iter().map(|(_, t)| t.revenue_yuan / 1e4).collect();
    let scope = scope_name(spec, ctx);
    let summary = match points.last() {
        Some((q, t)) => {
            let series = |q: Quarter| trend_lookup(spec, ctx, q).map(|(_, t)| t.generation_kwh);
            format!(
                "{}{}光伏扶贫电站发电{}万千瓦时，环比{}，同比{}；实现光伏收益{}万元。",
                q.label_zh(),
                scope,
                grouped(t.generation_kwh / 1e4, 2),
                signed_percent(crate::compute::change(
                    t.generation_kwh,
                    series(q.previous())
                )),
                signed_percent(crate::compute::change(
                    t.generation_kwh,
                    series(q.year_before())
                )),
                grouped(t.revenue_yuan / 1e4, 2)
            )
        }
        None => format!("{scope}暂无发电数据。"),
    };
    ChartData {
        kind: spec.kind,
        title: format!("{scope}光伏扶贫电站季度发电量与收益"),
        category_header: "季度",
        categories: points.iter().map(|(q, _)| q.short_label()).collect(),
        series: vec![
            Series {
                name: "发电量".into(),
                unit: "万千瓦时",
                values: generation,
                decimals: 2,
            },
            Series {
                name: "光伏收益".into(),
                unit: "万元",
                values: revenue,
                decimals: 2,
            },
        ],
        layout: Layout::BarsAndLine,
        summary,
    }
}

/// A quarter's totals outside the trend window (for 同比 of a short window).
fn trend_lookup<'a>(
    spec: &ChartSpec,
    ctx: &'a ChartContext<'_>,
    q: Quarter,
) -> Option<(Quarter, &'a Totals)> {
    let series = match &spec.county {
        Some(id) => ctx.metrics.by_county.get(id.as_str())?,
        None => &ctx.metrics.region,
    };
    series.get(&q).map(|t| (q, t))
}

fn target_completion(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let ranking: Vec<_> = rank_counties(ctx.data, ctx.metrics, ctx.quarter)
        .into_iter()
        .filter(|r| spec.county.as_ref().is_none_or(|id| &r.county_id == id))
        .filter(|r| r.completion.is_some())
        .collect();
    let rates: Vec<f64> = ranking
        .iter()
        .map(|r| r.completion.unwrap_or(0.0) * 100.0)
        .collect();
    let done = rates.iter().filter(|r| **r >= 100.0).count();
    let year = ctx.quarter.year;
    let summary = match (ranking.first(), ranking.last()) {
        (Some(top), Some(bottom)) if ranking.len() > 1 => format!(
            "截至{}，{}年度并网容量目标完成率最高的是{}（{}），最低的是{}（{}）；{}。",
            date_zh(ctx.quarter.last_day()),
            year,
            top.name,
            percent(top.completion),
            bottom.name,
            percent(bottom.completion),
            match done {
                0 => "尚无县（区）完成年度目标".to_string(),
                n => format!("{n}个县（区）已完成年度目标"),
            }
        ),
        (Some(only), _) => format!(
            "截至{}，{}{}年度并网容量目标完成率为{}。",
            date_zh(ctx.quarter.last_day()),
            only.name,
            year,
            percent(only.completion)
        ),
        _ => format!("{year}年度未设定容量目标，暂无完成率数据。"),
    };
    ChartData {
        kind: spec.kind,
        title: format!(
            "各县（区）{year}年度并网容量目标完成率（截至{}末）",
            ctx.quarter.label_zh()
        ),
        category_header: "县（区）",
        categories: ranking.iter().map(|r| r.name.clone()).collect(),
        series: vec![Series {
            name: "完成率".into(),
            unit: "%",
            values: rates,
            decimals: 1,
        }],
        layout: Layout::RankedBars {
            reference: Some((100.0, "目标100%".into())),
            flagged: ranking
                .iter()
                .map(|r| r.completion.unwrap_or(0.0) < 1.0)
                .collect(),
        },
        summary,
    }
}

fn beneficiaries_trend(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let points = trend(spec, ctx);
    let households: Vec<f64> = points
        .iter()
        .map(|(_, t)| t.beneficiary_households as f64)
        .collect();
    let people: Vec<f64> = points
        .iter()
        .map(|(_, t)| t.beneficiary_people as f64)
        .collect();
    let scope = scope_name(spec, ctx);
    let summary =
        match (points.first(), points.last()) {
            (Some((q0, first)), Some((q, last))) if points.len() > 1 => format!(
            "截至{}末，{}光伏扶贫电站累计带动贫困户{}户、贫困人口{}人，比{}末分别增加{}户、{}人。",
            q.label_zh(),
            scope,
            grouped(last.beneficiary_households as f64, 0),
            grouped(last.beneficiary_people as f64, 0),
            q0.label_zh(),
            grouped(last.beneficiary_households as f64 - first.beneficiary_households as f64, 0),
            grouped(last.beneficiary_people as f64 - first.beneficiary_people as f64, 0),
        ),
            (_, Some((q, last))) => format!(
                "截至{}末，{}光伏扶贫电站累计带动贫困户{}户、贫困人口{}人。",
                q.label_zh(),
                scope,
                grouped(last.beneficiary_households as f64, 0),
                grouped(last.beneficiary_people as f64, 0)
            ),
            _ => format!("{scope}暂无受益数据。"),
        };
    ChartData {
        kind: spec.kind,
        title: format!("{scope}光伏扶贫累计受益贫困户与贫困人口"),
        category_header: "季度",
        categories: points.iter().map(|(q, _)| q.short_label()).collect(),
        series: vec![
            Series {
                name: "受益贫困户".into(),
                unit: "户",
                values: households,
                decimals: 0,
            },
            Series {
                name: "受益贫困人口".into(),
                unit: "人",
                values: people,
                decimals: 0,
            },
        ],
        layout: Layout::Lines,
        summary,
    }
}

/// Per county (or per station of one county): equivalent hours, highest first, with
/// those under 80 % of the average flagged for 运维.
fn utilisation_hours(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let q = ctx.quarter;
    let (header, mut rows, average): (&str, Vec<(String, f64)>, Option<f64>) = match &spec.county {
        None => {
            let rows = ctx
                .data
                .counties
                .iter()
                .filter_map(|c| {
                    let t = ctx.metrics.by_county.get(c.id.as_str())?.get(&q)?;
                    Some((c.name.clone(), t.utilisation_hours()?))
                })
                .collect();
            let average = ctx
                .metrics
                .region
                .get(&q)
                .and_then(Totals::utilisation_hours);
            ("县（区）", rows, average)
        }
        Some(id) => {
            let rows = ctx
                .data
                .stations
                .iter()
                .zip(&ctx.metrics.histories)
                .filter(|(s, _)| &s.county == id && connected_whole_quarter(s, q))
                .map(|(s, h)| {
                    let kwh = h.get(&q).map_or(0.0, |e| e.generation_kwh);
                    (s.name.clone(), kwh / s.capacity_kw)
                })
                .collect();
            let average = ctx
                .metrics
                .by_county
                .get(id.as_str())
                .and_then(|m| m.get(&q))
                .and_then(Totals::utilisation_hours);
            ("电站", rows, average)
        }
    };
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let threshold = average.map(|a| a * UNDERPERFORMING);
    let flagged: Vec<bool> = rows
        .iter()
        .map(|(_, h)| threshold.is_some_and(|t| *h < t))
        .collect();
    let low: Vec<&str> = rows
        .iter()
        .zip(&flagged)
        .filter(|(_, f)| **f)
        .map(|((n, _), _)| n.as_str())
        .collect();
    let scope = scope_name(spec, ctx);
    let summary = match average {
        Some(avg) => {
            let mut s = format!(
                "{}{}全季运行电站平均等效利用小时数为{}小时；",
                q.label_zh(),
                scope,
                grouped(avg, 1)
            );
            if low.is_empty() {
                s.push_str("没有低于平均水平八成的");
                s.push_str(if spec.county.is_some() {
                    "电站。"
                } else {
                    "县（区）。"
                });
            } else {
                let shown: Vec<&str> = low.iter().take(5).copied().collect();
                let more = if low.len() > shown.len() {
                    format!("等{}个", low.len())
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "{}{}低于平均水平的八成，需重点排查运维。",
                    shown.join("、"),
                    more
                ));
            }
            s
        }
        None => format!(
            "{}{}暂无全季运行的电站，无法计算等效利用小时数。",
            q.label_zh(),
            scope
        ),
    };
    ChartData {
        kind: spec.kind,
        title: format!("{scope}光伏扶贫电站等效利用小时数（{}）", q.label_zh()),
        category_header: header,
        categories: rows.iter().map(|(n, _)| n.clone()).collect(),
        series: vec![Series {
            name: "等效利用小时数".into(),
            unit: "小时",
            values: rows.iter().map(|(_, h)| *h).collect(),
            decimals: 1,
        }],
        layout: Layout::RankedBars {
            reference: average.map(|a| (a, format!("平均{}小时", grouped(a, 1)))),
            flagged,
        },
        summary,
    }
}
