//! Page parts for the money trail, shared by issue and county pages: the 收益分配
//! table and the 运维预警 list, every number formatted.

use crate::compute::alerts::{OmAlert, DOWNTIME_DAYS, UNDERPERFORMING};
use crate::compute::money_table::MoneyRow;
use crate::format::Unit;
use crate::format::{grouped, percent, signed_percent, signed_points, with_unit};
use crate::model::Dataset;
use crate::paths;
use serde::Serialize;

#[derive(Serialize)]
pub struct MoneyRowContext {
    pub label: &'static str,
    pub part: bool,
    pub value: String,
    pub unit: String,
    pub share: String,
    pub qoq: String,
    pub yoy: String,
}

impl MoneyRowContext {
    pub fn new(r: &MoneyRow) -> Self {
        let (value, unit) = match r.value {
            Some(v) => with_unit(v, r.unit),
            None => ("—".into(), with_unit(0.0, r.unit).1),
        };
        // Amounts switch to 万元 by magnitude; a missing one keeps the base unit.
        let unit = if r.value.is_none() && r.unit == Unit::Yuan {
            "元".into()
        } else {
            unit
        };
        let change = |c: Option<f64>| match r.unit {
            Unit::Percent => signed_points(c),
            _ => signed_percent(c),
        };
        MoneyRowContext {
            label: r.label,
            part: r.part,
            value,
            unit,
            share: r.share.map_or(String::new(), |s| percent(Some(s))),
            qoq: change(r.qoq),
            yoy: change(r.yoy),
        }
    }
}

pub fn money_table(rows: Option<Vec<MoneyRow>>) -> Vec<MoneyRowContext> {
    rows.unwrap_or_default()
        .iter()
        .map(MoneyRowContext::new)
        .collect()
}

#[derive(Serialize)]
pub struct AlertRow {
    pub name: String,
    pub href: String,
    pub county: String,
    pub hours: String,
    pub average: String,
    pub downtime: String,
    pub reason: String,
}

/// The 运维预警 rows; `root` leads from the page to the site root.
pub fn alert_rows(data: &Dataset, alerts: &[OmAlert<'_>], root: &str) -> Vec<AlertRow> {
    let names: std::collections::HashMap<&str, &str> = data
        .counties
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    alerts
        .iter()
        .map(|a| {
            let mut reasons = Vec::new();
            if a.long_downtime {
                reasons.push(format!("停运超过{DOWNTIME_DAYS}天"));
            }
            if a.low_output {
                reasons.push(format!(
                    "利用小时数低于{}平均的{}",
                    data.site.subdivision,
                    percent(Some(UNDERPERFORMING))
                ));
            }
            AlertRow {
                name: a.station.name.clone(),
                href: format!("{root}{}", paths::station_page(&a.station.id)),
                county: names
                    .get(a.station.county.as_str())
                    .map_or(a.station.county.clone(), |n| n.to_string()),
                hours: a.hours.map_or("—".into(), |h| grouped(h, 1)),
                average: a.county_average.map_or("—".into(), |h| grouped(h, 1)),
                downtime: a.downtime_days.map_or("—".into(), |d| format!("{d}")),
                reason: reasons.join("；"),
            }
        })
        .collect()
}
