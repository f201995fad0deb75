//! Charts over time, and utilisation hours per county or per station.

use super::data::{
    in_wan, scope_name, series_of, trend, ChartData, Layout, Series, UNDERPERFORMING,
};
use super::spec::{ChartContext, ChartKind, ChartSpec};
use crate::compute::timeline::{connected_whole_quarter, History};
use crate::compute::{change, Totals};
use crate::format::{grouped, signed_percent};
use crate::model::{Decimal, ProgressEntry, Quarter, Station, Terms};

pub fn generation_trend(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let programme = &ctx.data.site.terms.programme;
    let points = trend(spec, ctx);
    let generation: Vec<Decimal> = points
        .iter()
        .map(|(_, t)| in_wan(t.generation_kwh))
        .collect();
    let revenue: Vec<Decimal> = points.iter().map(|(_, t)| in_wan(t.revenue_yuan)).collect();
    let scope = scope_name(spec, ctx);
    let summary = match points.last() {
        Some((q, t)) => {
            // 环比/同比 may reach outside the window shown.
            let all = series_of(spec, ctx);
            let series = |q: Quarter| all.and_then(|s| s.get(&q)).map(|t| t.generation_kwh);
            format!(
                "{}{}{programme}电站发电{}万千瓦时，环比{}，同比{}；实现光伏收益{}万元。",
                q.label_zh(),
                scope,
                grouped(in_wan(t.generation_kwh), 2),
                signed_percent(change(t.generation_kwh, series(q.previous()))),
                signed_percent(change(t.generation_kwh, series(q.year_before()))),
                grouped(in_wan(t.revenue_yuan), 2)
            )
        }
        None => format!("{scope}暂无发电数据。"),
    };
    ChartData {
        kind: spec.kind,
        title: format!("{scope}{programme}电站季度发电量与收益"),
        category_header: "季度".into(),
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

/// The sentence under the beneficiaries chart: the latest counts that are known and
/// how they grew over the window.
/// "脱贫户N户、脱贫人口N人" in the site's words: the households and people `t`
/// reports (either may be unknown); empty when it reports neither. Shared by the
/// chart summary and the 本期数据 overview sentence.
pub fn beneficiaries(t: &Totals, terms: &Terms) -> String {
    let parts: Vec<String> = [
        t.households()
            .map(|h| format!("{}{}户", terms.beneficiary_households, grouped(h, 0))),
        t.people()
            .map(|p| format!("{}{}人", terms.beneficiary_people, grouped(p, 0))),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join("、")
}

fn beneficiaries_summary(
    points: &[(Quarter, &Totals)],
    scope: &str,
    nothing_known: bool,
    terms: &Terms,
) -> String {
    let programme = &terms.programme;
    let describe = |t: &Totals| beneficiaries(t, terms);
    match (points.first(), points.last()) {
        (_, Some((q, last))) if nothing_known || describe(last).is_empty() => {
            format!(
                "截至{}末，{}{programme}电站暂无受益户数据。",
                q.label_zh(),
                scope
            )
        }
        (Some((q0, first)), Some((q, last))) if points.len() > 1 => {
            let mut s = format!(
                "截至{}末，{}{programme}电站累计带动{}",
                q.label_zh(),
                scope,
                describe(last)
            );
            let grew = |f: fn(&Totals) -> Option<Decimal>, unit: &str| {
                f(last)
                    .zip(f(first))
                    .map(|(a, b)| format!("{}{unit}", grouped(a - b, 0)))
            };
            match (grew(Totals::households, "户"), grew(Totals::people, "人")) {
                (Some(h), Some(p)) => {
                    s.push_str(&format!("，比{}末分别增加{h}、{p}", q0.label_zh()))
                }
                (Some(one), None) | (None, Some(one)) => {
                    s.push_str(&format!("，比{}末增加{one}", q0.label_zh()))
                }
                (None, None) => {}
            }
            s.push('。');
            s
        }
        (_, Some((q, last))) => format!(
            "截至{}末，{}{programme}电站累计带动{}。",
            q.label_zh(),
            scope,
            describe(last)
        ),
        _ => format!("{scope}暂无受益数据。"),
    }
}

pub fn beneficiaries_trend(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let points = trend(spec, ctx);
    let scope = scope_name(spec, ctx);
    let terms = &ctx.data.site.terms;
    // A count no station gives is unknown: its series is left out, not drawn as 0.
    let series: Vec<Series> = [
        (
            terms.households_label(),
            "户",
            Totals::households as fn(&Totals) -> Option<Decimal>,
        ),
        (terms.people_label(), "人", Totals::people),
    ]
    .into_iter()
    .filter(|(_, _, f)| points.iter().any(|(_, t)| f(t).is_some()))
    .map(|(name, unit, f)| Series {
        name,
        unit,
        values: points
            .iter()
            .map(|(_, t)| f(t).unwrap_or_default())
            .collect(),
        decimals: 0,
    })
    .collect();
    let summary = beneficiaries_summary(&points, scope, series.is_empty(), terms);
    ChartData {
        kind: spec.kind,
        title: format!(
            "{scope}{}累计{}与{}",
            terms.programme,
            terms.households_label(),
            terms.beneficiary_people
        ),
        category_header: "季度".into(),
        categories: points.iter().map(|(q, _)| q.short_label()).collect(),
        series,
        layout: Layout::Lines,
        summary,
    }
}

/// Equivalent hours per county, or per station of one county (those connected the
/// whole quarter), with the average they are measured against.
fn utilisation_rows(
    spec: &ChartSpec,
    ctx: &ChartContext<'_>,
) -> (String, Vec<(String, Decimal)>, Option<Decimal>) {
    let q = ctx.quarter;
    match &spec.county {
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
            (ctx.data.site.subdivision.clone(), rows, average)
        }
        Some(id) => {
            let rows = ctx
                .data
                .stations
                .iter()
                .zip(&ctx.metrics.histories)
                .filter(|(s, _)| &s.county == id && connected_whole_quarter(s, q))
                .map(|(s, h)| {
                    let kwh = h.get(&q).map_or(Decimal::ZERO, |e| e.generation_kwh);
                    (s.name.clone(), kwh / s.capacity_kw)
                })
                .collect();
            let average = ctx
                .metrics
                .by_county
                .get(id.as_str())
                .and_then(|m| m.get(&q))
                .and_then(Totals::utilisation_hours);
            ("电站".to_string(), rows, average)
        }
    }
}

/// The sentence under the chart: the average, and who falls below 80 % of it.
fn utilisation_summary(
    spec: &ChartSpec,
    ctx: &ChartContext<'_>,
    average: Option<Decimal>,
    low: &[&str],
) -> String {
    let q = ctx.quarter;
    let scope = scope_name(spec, ctx);
    let Some(avg) = average else {
        return format!(
            "{}{}暂无全季运行的电站，无法计算等效利用小时数。",
            q.label_zh(),
            scope
        );
    };
    let mut s = format!(
        "{}{}全季运行电站平均等效利用小时数为{}小时；",
        q.label_zh(),
        scope,
        grouped(avg, 1)
    );
    if low.is_empty() {
        s.push_str("没有低于平均水平八成的");
        s.push_str(if spec.county.is_some() {
            "电站"
        } else {
            &ctx.data.site.subdivision
        });
        s.push('。');
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

/// Per county (or per station of one county): equivalent hours, highest first, with
/// those under 80 % of the average flagged for 运维.
pub fn utilisation_hours(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let programme = &ctx.data.site.terms.programme;
    let (header, mut rows, average) = utilisation_rows(spec, ctx);
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
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
    let summary = utilisation_summary(spec, ctx, average, &low);
    ChartData {
        kind: spec.kind,
        title: format!(
            "{}{programme}电站等效利用小时数（{}）",
            scope_name(spec, ctx),
            ctx.quarter.label_zh()
        ),
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

/// Quarters shown in a station's trend chart; its page's table lists them all.
pub const STATION_QUARTERS: usize = 12;

/// One station's generation per quarter since it was connected, for the last
/// [`STATION_QUARTERS`] quarters, for its own page. A single series on one axis:
/// there is one such chart per station, so it is kept cheap to draw; revenue and
/// the other figures are in the table beside it.
pub fn station_trend(station: &Station, history: &History<'_>, quarters: &[Quarter]) -> ChartData {
    let connected: Vec<Quarter> = quarters
        .iter()
        .copied()
        .filter(|q| station.grid_date.is_some_and(|d| d <= q.last_day()))
        .collect();
    let shown = &connected[connected.len().saturating_sub(STATION_QUARTERS)..];
    let value = |q: &Quarter, f: fn(&ProgressEntry) -> Decimal| {
        history.get(q).map_or(Decimal::ZERO, |e| f(e))
    };
    let generation: Vec<Decimal> = shown
        .iter()
        .map(|q| value(q, |e| in_wan(e.generation_kwh)))
        .collect();
    let total_kwh: Decimal = history.values().map(|e| e.generation_kwh).sum();
    let summary = match shown.last() {
        Some(q) => format!(
            "{}{}发电{}万千瓦时、收益{}万元；并网以来累计发电{}万千瓦时。",
            station.name,
            q.label_zh(),
            grouped(in_wan(value(q, |e| e.generation_kwh)), 2),
            grouped(in_wan(value(q, |e| e.revenue_yuan)), 2),
            grouped(in_wan(total_kwh), 2)
        ),
        None => format!("{}尚未并网发电。", station.name),
    };
    ChartData {
        kind: ChartKind::GenerationTrend,
        title: format!("{}季度发电量", station.name),
        category_header: "季度".into(),
        categories: shown.iter().map(Quarter::short_label).collect(),
        series: vec![Series {
            name: "发电量".into(),
            unit: "万千瓦时",
            values: generation,
            decimals: 2,
        }],
        layout: Layout::StackedBars,
        summary,
    }
}
