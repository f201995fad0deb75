//! The counties overview and one page per county: key figures, trends, and its
//! stations grouped by status.

use super::issue::coverage_note;
use super::money::{alert_rows, alerts_note, money_table, AlertRow, MoneyRowContext};
use super::{Fact, Nav, Section, SiteContext};
use crate::compute::alerts::om_alerts;
use crate::compute::money_table::money_rows;
use crate::compute::{Metrics, Totals};
use crate::format::Unit;
use crate::format::{grouped, int, percent, with_unit, NOT_APPLICABLE, NOT_REPORTED};
use crate::model::{County, Dataset, Decimal, Quarter, Station, Status, Terms};
use crate::paths;
use serde::Serialize;

/// A figure with its unit, e.g. `8.61万千瓦`.
pub fn amount(value: Decimal, unit: Unit) -> String {
    let (n, u) = with_unit(value, unit);
    format!("{n}{u}")
}

/// `Some((reporting, of))` when only some of `of` stations report a figure.
fn partial(reporting: usize, of: usize) -> Option<(usize, usize)> {
    (reporting < of).then_some((reporting, of))
}

/// A county's grid-connected capacity against its target for the quarter's year.
pub fn completion(county: &County, t: &Totals, q: Quarter) -> Option<Decimal> {
    let target = county
        .targets
        .get(&q.year)?
        .capacity_kw
        .filter(|kw| *kw > Decimal::ZERO)?;
    Some(t.grid_connected_kw() / target)
}

/// Key figures of a county (or the region) at quarter `q`.
pub fn key_figures(
    t: &Totals,
    q: Quarter,
    completion_rate: Option<Decimal>,
    terms: &Terms,
) -> Vec<Fact> {
    let mut facts = vec![
        Fact::new("电站总数", format!("{}座", int(t.stations))),
        Fact::new("建设规模", amount(t.capacity_kw, Unit::Kw)),
        Fact::new(
            "已并网",
            format!(
                "{}座，{}",
                int(t.grid_connected_stations()),
                amount(t.grid_connected_kw(), Unit::Kw)
            ),
        ),
        Fact::new("本季发电量", amount(t.generation_kwh, Unit::Kwh)),
        Fact::new("本季光伏收益", amount(t.revenue_yuan, Unit::Yuan)),
        Fact::new(
            "累计光伏收益",
            amount(t.cumulative_revenue_yuan, Unit::Yuan),
        ),
        Fact::new(
            format!("{}（人口）", terms.households_label()),
            format!(
                "{}户（{}人）{}",
                t.households().map_or(NOT_REPORTED.into(), int),
                t.people().map_or(NOT_REPORTED.into(), int),
                coverage_note(partial(
                    t.reported.households.min(t.reported.people),
                    t.grid_connected_stations()
                ))
            ),
        ),
        Fact::new("惠及村数", format!("{}个", int(t.villages_served))),
        Fact::new(
            "等效利用小时数",
            t.utilisation_hours()
                .map_or(NOT_APPLICABLE.into(), |h| format!("{}小时", grouped(h, 1))),
        ),
    ];
    if completion_rate.is_some() {
        facts.push(Fact::new(
            if q.q == 4 {
                "年度目标完成率"
            } else {
                "年度目标完成率（进度）"
            },
            percent(completion_rate),
        ));
    }
    facts
}

#[derive(Serialize)]
pub struct CountyRow {
    pub name: String,
    pub href: String,
    pub stations: String,
    pub capacity_kw: String,
    pub grid_kw: String,
    pub completion: String,
    pub generation: String,
    pub hours: String,
}

#[derive(Serialize)]
pub struct CountiesPage {
    pub site: SiteContext,
    pub nav: Nav,
    /// The latest quarter with data, e.g. `2017年第4季度`.
    pub quarter: Option<String>,
    pub rows: Vec<CountyRow>,
    pub charts: Vec<String>,
}

fn latest<'m>(metrics: &'m Metrics<'_>, id: &str) -> Option<(Quarter, &'m Totals)> {
    let q = *metrics.quarters.last()?;
    Some((q, metrics.by_county.get(id)?.get(&q)?))
}

pub fn counties_page(data: &Dataset, metrics: &Metrics<'_>, charts: Vec<String>) -> CountiesPage {
    let rows = data
        .counties
        .iter()
        .map(|c| {
            let t = latest(metrics, &c.id);
            let (q, t) = match t {
                Some((q, t)) => (Some(q), t.clone()),
                None => (None, Totals::default()),
            };
            CountyRow {
                name: c.name.clone(),
                href: paths::county_page(&c.id),
                stations: int(t.stations),
                capacity_kw: int(t.capacity_kw),
                grid_kw: int(t.grid_connected_kw()),
                completion: percent(q.and_then(|q| completion(c, &t, q))),
                generation: grouped(t.generation_kwh / Decimal::from(10_000), 2),
                hours: t
                    .utilisation_hours()
                    .map_or(NOT_APPLICABLE.into(), |h| grouped(h, 1)),
            }
        })
        .collect();
    CountiesPage {
        site: SiteContext::new(&data.site),
        nav: Nav::top(Section::Counties),
        quarter: metrics.quarters.last().map(Quarter::label_zh),
        rows,
        charts,
    }
}

#[derive(Serialize)]
pub struct StationRow {
    pub name: String,
    pub href: String,
    pub kind: &'static str,
    pub town: String,
    pub village: String,
    pub capacity_kw: String,
    pub grid_date: String,
}

impl StationRow {
    pub fn new(s: &Station) -> Self {
        StationRow {
            name: s.name.clone(),
            href: format!("../{}", paths::station_page(&s.id)),
            kind: s.kind.label_zh(),
            town: s.town.clone().unwrap_or_default(),
            village: s.village.clone().unwrap_or_default(),
            capacity_kw: grouped(s.capacity_kw, 1),
            grid_date: s.grid_date.map_or(NOT_APPLICABLE.into(), |d| d.to_string()),
        }
    }
}

#[derive(Serialize)]
pub struct StatusGroup {
    pub label: &'static str,
    pub count: usize,
    pub capacity_kw: String,
    pub stations: Vec<StationRow>,
}

#[derive(Serialize)]
pub struct CountyPage {
    pub site: SiteContext,
    pub nav: Nav,
    pub name: String,
    pub quarter: Option<String>,
    pub facts: Vec<Fact>,
    /// The legend of the marks the facts table uses.
    pub facts_note: String,
    pub charts: Vec<String>,
    /// The 收益分配 table at the latest quarter; empty without money-trail data.
    pub money: Vec<MoneyRowContext>,
    pub money_note: String,
    pub money_charts: Vec<String>,
    /// 运维预警 at the latest quarter.
    pub alerts: Vec<AlertRow>,
    pub alerts_note: String,
    pub groups: Vec<StatusGroup>,
}

/// A county's page; stations are grouped by their current status, 已并网 first.
/// `money_charts` go with the 收益分配 table, when there is one.
pub fn county_page(
    data: &Dataset,
    metrics: &Metrics<'_>,
    county: &County,
    charts: Vec<String>,
    money_charts: Vec<String>,
) -> CountyPage {
    let latest = latest(metrics, &county.id);
    let facts = latest
        .map(|(q, t)| key_figures(t, q, completion(county, t, q), &data.site.terms))
        .unwrap_or_default();
    // One pass over all stations per county, then grouping the county's own.
    let own: Vec<&Station> = data
        .stations
        .iter()
        .map(|s| &s.value)
        .filter(|s| s.county == county.id)
        .collect();
    let mut groups = Vec::new();
    for status in Status::ALL.iter().rev() {
        let mut stations: Vec<&Station> = own
            .iter()
            .copied()
            .filter(|s| s.status == *status)
            .collect();
        if stations.is_empty() {
            continue;
        }
        stations.sort_by(|a, b| (&a.town, &a.village, &a.id).cmp(&(&b.town, &b.village, &b.id)));
        groups.push(StatusGroup {
            label: status.label_zh(),
            count: stations.len(),
            capacity_kw: grouped(stations.iter().map(|s| s.capacity_kw).sum::<Decimal>(), 1),
            stations: stations.into_iter().map(StationRow::new).collect(),
        });
    }
    let (money, money_note) = latest
        .and_then(|(q, _)| {
            Some(money_table(money_rows(
                metrics.by_county.get(county.id.as_str())?,
                q,
            )))
        })
        .unwrap_or_default();
    let alerts = latest
        .map(|(q, _)| alert_rows(data, &om_alerts(metrics, q, Some(&county.id)), "../"))
        .unwrap_or_default();
    CountyPage {
        site: SiteContext::new(&data.site),
        nav: Nav::nested(Section::Counties),
        name: county.name.clone(),
        quarter: latest.map(|(q, _)| q.label_zh()),
        facts_note: super::facts_note(&facts),
        facts,
        charts,
        money,
        money_note,
        money_charts,
        alerts_note: alerts_note(&alerts),
        alerts,
        groups,
    }
}
