//! The money trail as a chart: 收益分配 by use, per county (or per quarter of one
//! county), stacked.

use super::data::{counties, in_wan, largest, scope_name, trend, ChartData, Layout, Series};
use super::spec::{ChartContext, ChartSpec};
use crate::compute::Totals;
use crate::format::{adds_up, grouped, percent, shown, Unit, ROUNDING_NOTE};
use crate::model::{Decimal, Use};

/// Distribution by use: per county at the quarter, or with `county:` per quarter of
/// the trend window for that county.
pub fn distribution_by_use(spec: &ChartSpec, ctx: &ChartContext<'_>) -> ChartData {
    let programme = &ctx.data.site.terms.programme;
    let (header, rows): (String, Vec<(String, Totals)>) = match &spec.county {
        None => (
            ctx.data.site.subdivision.clone(),
            counties(spec, ctx)
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect(),
        ),
        Some(_) => (
            "季度".to_string(),
            trend(spec, ctx)
                .into_iter()
                .map(|(q, t)| (q.short_label(), t.clone()))
                .collect(),
        ),
    };
    let parts = |t: &Totals| t.money.by_use_yuan.unwrap_or_default();
    let series: Vec<Series> = Use::ALL
        .iter()
        .enumerate()
        .map(|(i, u)| Series {
            name: u.label_zh().to_string(),
            unit: "万元",
            values: rows.iter().map(|(_, t)| in_wan(parts(t)[i])).collect(),
            decimals: 2,
        })
        .collect();
    let scope = scope_name(spec, ctx);
    let q = ctx.quarter;
    let at_quarter = match &spec.county {
        None => {
            let mut all = Totals::default();
            for (_, t) in &rows {
                if let Some(p) = t.money.by_use_yuan {
                    let sums = all.money.by_use_yuan.get_or_insert([Decimal::ZERO; 4]);
                    sums.iter_mut().zip(p).for_each(|(s, v)| *s += v);
                }
            }
            all
        }
        Some(_) => rows
            .iter()
            .find(|(label, _)| *label == q.short_label())
            .map(|(_, t)| t.clone())
            .unwrap_or_default(),
    };
    let summary = use_summary(spec, ctx, &rows, &at_quarter);
    ChartData {
        kind: spec.kind,
        title: match &spec.county {
            None => format!(
                "各{}{programme}收益分配用途（{}）",
                ctx.data.site.subdivision,
                q.label_zh()
            ),
            Some(_) => format!("{scope}{programme}收益分配用途（分季度）"),
        },
        category_header: header,
        categories: rows.into_iter().map(|(n, _)| n).collect(),
        series,
        layout: Layout::StackedBars,
        summary,
    }
}

/// 100 %, as a share is shown.
fn shown_whole() -> Decimal {
    shown(Decimal::ONE, Unit::Percent)
}

/// The sentence under the chart: the total by use at the quarter, each use's share,
/// and (across counties) who distributed most.
fn use_summary(
    spec: &ChartSpec,
    ctx: &ChartContext<'_>,
    rows: &[(String, Totals)],
    at_quarter: &Totals,
) -> String {
    let scope = scope_name(spec, ctx);
    let programme = &ctx.data.site.terms.programme;
    let q = ctx.quarter;
    let parts = |t: &Totals| t.money.by_use_yuan.unwrap_or_default();
    match (at_quarter.money.by_use_yuan, at_quarter.money.use_shares()) {
        (Some(p), Some(shares)) => {
            let total: Decimal = p.iter().sum();
            let mut s = format!(
                "{}{}{programme}收益按用途分配{}万元，其中公益岗位工资占{}，小型公益事业占{}，奖励补助占{}，其他占{}",
                q.label_zh(),
                scope,
                grouped(in_wan(total), 2),
                percent(Some(shares[0])),
                percent(Some(shares[1])),
                percent(Some(shares[2])),
                percent(Some(shares[3])),
            );
            let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
            let totals: Vec<Decimal> = rows.iter().map(|(_, t)| parts(t).iter().sum()).collect();
            match largest(&names, &totals) {
                Some((name, v))
                    if spec.county.is_none() && names.len() > 1 && v > Decimal::ZERO =>
                {
                    s.push_str(&format!(
                        "；{name}分配最多，为{}万元。",
                        grouped(in_wan(v), 2)
                    ))
                }
                _ => s.push('。'),
            }
            let shown = shares.map(|share| shown(share, Unit::Percent));
            if !adds_up(&shown, shown_whole()) {
                s.push_str(ROUNDING_NOTE);
            }
            s
        }
        _ => format!("{}{}暂无按用途填报的收益分配数据。", q.label_zh(), scope),
    }
}
