//! The KPI table of a bulletin's 本期数据 section: this quarter's figure with its
//! quarter-on-quarter (环比) and year-on-year (同比) change.

use super::{change, Metrics, Totals};
use crate::format::Unit;
use crate::model::{Decimal, Quarter, Terms};

#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    /// In the site's words (受益贫困户, 受益脱贫户).
    pub label: String,
    /// `None` when no station reports the figure (shown as —).
    pub value: Option<Decimal>,
    pub unit: Unit,
    /// Change against the previous quarter (环比), when it has data.
    pub qoq: Option<Decimal>,
    /// Change against the same quarter last year (同比), when it has data.
    pub yoy: Option<Decimal>,
    /// For a figure only some stations report: (stations reporting, stations it
    /// could come from), when fewer than all report it.
    pub coverage: Option<(usize, usize)>,
}

type Value = fn(&Totals) -> Option<Decimal>;
/// Who reports an optional figure: (stations reporting, stations it could come from).
type Coverage = fn(&Totals) -> (usize, usize);

/// A figure's name: fixed, or the beneficiaries' in the site's `terms`.
#[derive(Clone, Copy)]
enum Label {
    Fixed(&'static str),
    Households,
    People,
}

impl Label {
    fn text(self, terms: &Terms) -> String {
        match self {
            Label::Fixed(text) => text.to_string(),
            Label::Households => terms.households_label(),
            Label::People => terms.people_label(),
        }
    }
}

struct Figure {
    label: Label,
    unit: Unit,
    value: Value,
    coverage: Option<Coverage>,
}

const fn figure(label: &'static str, unit: Unit, value: Value) -> Figure {
    Figure {
        label: Label::Fixed(label),
        unit,
        value,
        coverage: None,
    }
}

/// The rows of the KPI table, in the order the bulletin prints them.
const FIGURES: [Figure; 13] = [
    figure("建设规模（总装机容量）", Unit::Kw, |t| {
        Some(t.capacity_kw)
    }),
    figure("已并网容量", Unit::Kw, |t| Some(t.grid_connected_kw())),
    figure("已并网电站", Unit::Stations, |t| {
        Some(t.grid_connected_stations().into())
    }),
    figure("惠及村数", Unit::Villages, |t| {
        Some(t.villages_served.into())
    }),
    figure("本季发电量", Unit::Kwh, |t| Some(t.generation_kwh)),
    figure("本季光伏收益", Unit::Yuan, |t| Some(t.revenue_yuan)),
    Figure {
        coverage: Some(|t| (t.reported.distributed, t.reported.entries)),
        ..figure("本季收益分配", Unit::Yuan, Totals::distributed)
    },
    figure("累计光伏收益", Unit::Yuan, |t| {
        Some(t.cumulative_revenue_yuan)
    }),
    figure("等效利用小时数", Unit::Hours, Totals::utilisation_hours),
    figure("每千瓦收益", Unit::YuanPerKw, Totals::revenue_per_kw),
    Figure {
        coverage: Some(|t| (t.reported.households, t.grid_connected_stations())),
        label: Label::Households,
        ..figure("", Unit::Households, Totals::households)
    },
    Figure {
        coverage: Some(|t| (t.reported.people, t.grid_connected_stations())),
        label: Label::People,
        ..figure("", Unit::People, Totals::people)
    },
    Figure {
        coverage: Some(|t| (t.reported.public_jobs, t.reported.entries)),
        ..figure("公益岗位", Unit::Jobs, Totals::jobs)
    },
];

/// KPIs for quarter `q`, named in `terms`; empty when `q` has no data.
pub fn kpis(metrics: &Metrics<'_>, q: Quarter, terms: &Terms) -> Vec<Kpi> {
    let Some(now) = metrics.region.get(&q) else {
        return Vec::new();
    };
    let prev = metrics.region.get(&q.previous());
    let last_year = metrics.region.get(&q.year_before());
    FIGURES
        .iter()
        .map(|f| {
            let value = (f.value)(now);
            let against = |t: Option<&Totals>| value.and_then(|v| change(v, t.and_then(f.value)));
            Kpi {
                label: f.label.text(terms),
                value,
                unit: f.unit,
                qoq: against(prev),
                yoy: against(last_year),
                coverage: f
                    .coverage
                    .map(|c| c(now))
                    .filter(|(reporting, of)| reporting < of),
            }
        })
        .collect()
}
