//! Page parts for the money trail, shared by issue and county pages: the 收益分配
//! table and the 运维预警 list, every number formatted.

use crate::compute::alerts::{OmAlert, DOWNTIME_DAYS, UNDERPERFORMING};
use crate::compute::money_table::{MoneyRow, MoneyTable};
use crate::format::{
    grouped, legend, percent, signed_percent, signed_points, with_unit, Marks, Unit,
    NOT_APPLICABLE, NOT_REPORTED, ROUNDING_NOTE,
};
use crate::model::{Dataset, Decimal};
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
        // Amounts switch to 万元 by magnitude; a missing one keeps the base unit.
        let (value, unit) = match r.value {
            Some(v) => with_unit(v, r.unit),
            None => (NOT_REPORTED.into(), r.unit.base_word().into()),
        };
        let change = |c: Option<Decimal>| match r.unit {
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

/// The rows of the 收益分配 table (empty without one), and the notes under it:
/// the legend of the marks it uses and, when its shown parts do not add up, the
/// rounding note.
pub fn money_table(table: Option<MoneyTable>) -> (Vec<MoneyRowContext>, String) {
    let Some(table) = table else {
        return Default::default();
    };
    let rows: Vec<MoneyRowContext> = table.rows.iter().map(MoneyRowContext::new).collect();
    let marks = Marks::of(
        rows.iter()
            .flat_map(|r| [r.value.as_str(), r.qoq.as_str(), r.yoy.as_str()]),
    );
    let mut note = legend(marks);
    if table.rounding_note {
        note.push_str(ROUNDING_NOTE);
    }
    (rows, note)
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
        .map(|a| AlertRow {
            name: a.station.name.clone(),
            href: format!("{root}{}", paths::station_page(&a.station.id)),
            county: names
                .get(a.station.county.as_str())
                .map_or(a.station.county.clone(), |n| n.to_string()),
            hours: a.hours.map_or(NOT_REPORTED.into(), |h| grouped(h, 1)),
            average: a
                .county_average
                .map_or(NOT_APPLICABLE.into(), |h| grouped(h, 1)),
            downtime: a
                .downtime_days
                .map_or(NOT_REPORTED.into(), |d| format!("{d}")),
            reason: alert_reason(a, &data.site.subdivision),
        })
        .collect()
}

/// Why a station is flagged, as the table and the download say it.
pub fn alert_reason(a: &OmAlert<'_>, subdivision: &str) -> String {
    let mut reasons = Vec::new();
    if a.long_downtime {
        reasons.push(format!("停运超过{DOWNTIME_DAYS}天"));
    }
    if a.low_output {
        reasons.push(format!(
            "利用小时数低于{subdivision}平均的{}",
            percent(Some(UNDERPERFORMING))
        ));
    }
    reasons.join("；")
}

/// The legend under the 运维预警 table, for the marks it uses.
pub fn alerts_note(rows: &[AlertRow]) -> String {
    legend(Marks::of(rows.iter().flat_map(|a| {
        [a.hours.as_str(), a.average.as_str(), a.downtime.as_str()]
    })))
}
