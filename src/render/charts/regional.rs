//! Charts that compare counties at one quarter: capacity, status pipeline, targets.

use super::data::{counties, in_mw, largest, scope_name, ChartData, Layout, Series};
use super::spec::{ChartContext, ChartSpec};
use crate::compute::ranking::rank_counties;
use crate::format::{date_zh, grouped, percent};
use crate::model::{Decimal, StationKind, Status};

pub fn capacity_by_county(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let programme = &ctx.data.site.terms.programme;
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
                .map(|(_, t)| in_mw(t.capacity_by_kind_kw[k]))
                .collect(),
            decimals: 2,
        })
        .filter(|s| s.values.iter().any(|v| *v > Decimal::ZERO))
        .collect();
    let totals: Vec<Decimal> = rows.iter().map(|(_, t)| in_mw(t.capacity_kw)).collect();
    let sum: Decimal = totals.iter().sum();
    let summary = match largest(&names, &totals) {
        Some((name, mw)) if sum > Decimal::ZERO && names.len() > 1 => format!(
            "截至{}，{}{programme}电站建设规模合计{}兆瓦，其中{}最大，为{}兆瓦，占{}。",
            date_zh(ctx.quarter.last_day()),
            scope_name(spec, ctx),
            grouped(sum, 2),
            name,
            grouped(mw, 2),
            percent(Some(mw / sum))
        ),
        _ => format!(
            "截至{}，{}{programme}电站建设规模合计{}兆瓦。",
            date_zh(ctx.quarter.last_day()),
            scope_name(spec, ctx),
            grouped(sum, 2)
        ),
    };
    ChartData {
        kind: spec.kind,
        title: format!(
            "各{}{programme}电站建设规模（按电站类型，{}）",
            ctx.data.site.subdivision,
            ctx.quarter.label_zh()
        ),
        category_header: ctx.data.site.subdivision.clone(),
        categories: names.iter().map(|s| s.to_string()).collect(),
        series,
        layout: Layout::StackedBars,
        summary,
    }
}

pub fn status_pipeline(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let programme = &ctx.data.site.terms.programme;
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
                .map(|(_, t)| Decimal::from(t.stations_by_status[s]))
                .collect(),
            decimals: 0,
        })
        .collect();
    let total: Decimal = rows.iter().map(|(_, t)| Decimal::from(t.stations)).sum();
    let connected: Decimal = rows
        .iter()
        .map(|(_, t)| Decimal::from(t.grid_connected_stations()))
        .sum();
    let waiting: Vec<Decimal> = rows
        .iter()
        .map(|(_, t)| Decimal::from(t.stations - t.grid_connected_stations()))
        .collect();
    let mut summary = format!(
        "截至{}，{}共有{programme}电站{}座，已并网{}座，占{}",
        date_zh(ctx.quarter.last_day()),
        scope_name(spec, ctx),
        grouped(total, 0),
        grouped(connected, 0),
        percent((total > Decimal::ZERO).then(|| connected / total))
    );
    match largest(&names, &waiting) {
        Some((name, n)) if n > Decimal::ZERO && names.len() > 1 => summary.push_str(&format!(
            "；{name}尚未并网的电站最多，为{}座。",
            grouped(n, 0)
        )),
        _ => summary.push('。'),
    }
    ChartData {
        kind: spec.kind,
        title: format!(
            "各{}{programme}电站建设进度（{}末）",
            ctx.data.site.subdivision,
            ctx.quarter.label_zh()
        ),
        category_header: ctx.data.site.subdivision.clone(),
        categories: names.iter().map(|s| s.to_string()).collect(),
        series,
        layout: Layout::StackedBars,
        summary,
    }
}

pub fn target_completion(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let ranking: Vec<_> = rank_counties(ctx.data, ctx.metrics, ctx.quarter)
        .into_iter()
        .filter(|r| spec.county.as_ref().is_none_or(|id| &r.county_id == id))
        .filter(|r| r.completion.is_some())
        .collect();
    let rates: Vec<Decimal> = ranking
        .iter()
        .map(|r| r.completion.unwrap_or_default() * Decimal::ONE_HUNDRED)
        .collect();
    let done = rates.iter().filter(|r| **r >= Decimal::ONE_HUNDRED).count();
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
                0 => format!("尚无{}完成年度目标", ctx.data.site.subdivision),
                n => format!("{n}个{}已完成年度目标", ctx.data.site.subdivision),
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
            "各{}{year}年度并网容量目标完成率（截至{}末）",
            ctx.data.site.subdivision,
            ctx.quarter.label_zh()
        ),
        category_header: ctx.data.site.subdivision.clone(),
        categories: ranking.iter().map(|r| r.name.clone()).collect(),
        series: vec![Series {
            name: "完成率".into(),
            unit: "%",
            values: rates,
            decimals: 1,
        }],
        layout: Layout::RankedBars {
            reference: Some((Decimal::ONE_HUNDRED, "目标100%".into())),
            flagged: ranking
                .iter()
                .map(|r| r.completion.unwrap_or_default() < Decimal::ONE)
                .collect(),
        },
        summary,
    }
}
