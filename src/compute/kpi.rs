//! The KPI table of a bulletin's 本期数据 section: this quarter's figure with its
//! quarter-on-quarter (环比) and year-on-year (同比) change.

use super::{change, Metrics, Totals};
use crate::model::Quarter;
use serde::Serialize;

/// How a figure is measured; the renderer picks the display unit from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Unit {
    Kw,
    Stations,
    Kwh,
    Yuan,
    Households,
    People,
    Jobs,
    Hours,
    YuanPerKw,
    /// A ratio, shown as a percentage.
    Percent,
    YuanPerHousehold,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpi {
    pub label: &'static str,
    pub value: f64,
    pub unit: Unit,
    /// Change against the previous quarter (环比), when it has data.
    pub qoq: Option<f64>,
    /// Change against the same quarter last year (同比), when it has data.
    pub yoy: Option<f64>,
}

type Figure = (&'static str, Unit, fn(&Totals) -> Option<f64>);

/// The rows of the KPI table, in the order the bulletin prints them.
const FIGURES: [Figure; 12] = [
    ("建设规模（总装机容量）", Unit::Kw, |t| {
        Some(t.capacity_kw)
    }),
    ("已并网容量", Unit::Kw, |t| Some(t.grid_connected_kw())),
    ("已并网电站", Unit::Stations, |t| {
        Some(t.grid_connected_stations() as f64)
    }),
    ("本季发电量", Unit::Kwh, |t| Some(t.generation_kwh)),
    ("本季光伏收益", Unit::Yuan, |t| Some(t.revenue_yuan)),
    ("本季收益分配", Unit::Yuan, |t| {
        Some(t.distributed_yuan)
    }),
    ("累计光伏收益", Unit::Yuan, |t| {
        Some(t.cumulative_revenue_yuan)
    }),
    ("等效利用小时数", Unit::Hours, Totals::utilisation_hours),
    ("每千瓦收益", Unit::YuanPerKw, Totals::revenue_per_kw),
    ("受益贫困户", Unit::Households, |t| {
        Some(t.beneficiary_households as f64)
    }),
    ("受益贫困人口", Unit::People, |t| {
        Some(t.beneficiary_people as f64)
    }),
    ("公益岗位", Unit::Jobs, |t| Some(t.public_jobs as f64)),
];

/// KPIs for quarter `q`; empty when `q` has no data.
pub fn kpis(metrics: &Metrics<'_>, q: Quarter) -> Vec<Kpi> {
    let Some(now) = metrics.region.get(&q) else {
        return Vec::new();
    };
    let prev = metrics.region.get(&q.previous());
    let last_year = metrics.region.get(&q.year_before());
    FIGURES
        .iter()
        .filter_map(|(label, unit, f)| {
            let value = f(now)?;
            Some(Kpi {
                label,
                value,
                unit: *unit,
                qoq: change(value, prev.and_then(f)),
                yoy: change(value, last_year.and_then(f)),
            })
        })
        .collect()
}
