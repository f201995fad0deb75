//! 运维预警: stations that need maintenance attention in a quarter.
//!
//! Only stations connected for the whole quarter are judged, so one connected
//! mid-quarter is not flagged for low output. A station is flagged when it stood
//! still for more than [`DOWNTIME_DAYS`] days, or its equivalent hours fall below
//! [`UNDERPERFORMING`] of its county's average.

use super::timeline::At;
use super::{Metrics, Totals};
use crate::model::{Decimal, Quarter, Station, StationData};
use std::collections::BTreeMap;

/// Stations below this share of their county's average utilisation are flagged.
pub const UNDERPERFORMING: Decimal = Decimal::from_parts(8, 0, 0, false, 1);

/// Downtime above this many days in a quarter is flagged.
pub const DOWNTIME_DAYS: u32 = 15;

/// One flagged station.
#[derive(Clone, Debug)]
pub struct OmAlert<'a> {
    pub station: &'a Station,
    /// Equivalent hours this quarter; `None` when the station reported nothing.
    pub hours: Option<Decimal>,
    /// The county's average equivalent hours this quarter.
    pub county_average: Option<Decimal>,
    pub downtime_days: Option<u32>,
    pub low_output: bool,
    pub long_downtime: bool,
}

/// Flagged stations at quarter `q`, of one county or all, in data order of the
/// counties, lowest hours first within each.
pub fn om_alerts<'a>(metrics: &Metrics<'a>, q: Quarter, county: Option<&str>) -> Vec<OmAlert<'a>> {
    metrics
        .alerts
        .get(&q)
        .map(|all| {
            all.iter()
                .filter(|a| county.is_none_or(|c| a.station.county == c))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The alerts most in need of attention first: no report at all, then the lowest
/// share of the county's average hours, then the longest downtime; ties by id. The
/// issue page shows the head of this order when the list is long.
pub fn worst_first<'a>(alerts: &[OmAlert<'a>]) -> Vec<OmAlert<'a>> {
    let share = |a: &OmAlert<'_>| match (a.hours, a.county_average) {
        (None, _) => Decimal::MIN,
        (Some(h), Some(avg)) if avg > Decimal::ZERO => h / avg,
        (Some(_), _) => Decimal::MAX,
    };
    let mut sorted = alerts.to_vec();
    sorted.sort_by(|a, b| {
        share(a)
            .cmp(&share(b))
            .then(b.downtime_days.cmp(&a.downtime_days))
            .then(a.station.id.cmp(&b.station.id))
    });
    sorted
}

/// Every station flagged at quarter `q`, ordered as [`om_alerts`] returns them:
/// computed once per quarter with the other figures (an issue page and every
/// county page shows them; at 30,000 stations judging them per page was half the
/// time of the issue pages).
pub(super) fn flagged<'a>(
    data: &'a StationData,
    states: impl Iterator<Item = At<'a>>,
    by_county: &BTreeMap<&'a str, BTreeMap<Quarter, Totals>>,
    q: Quarter,
) -> Vec<OmAlert<'a>> {
    let mut alerts: Vec<(usize, OmAlert<'a>)> = Vec::new();
    // Each county's place and average hours, looked up once rather than per station.
    let counties: std::collections::HashMap<&str, (usize, Option<Decimal>)> = data
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let average = by_county
                .get(c.id.as_str())
                .and_then(|m| m.get(&q))
                .and_then(Totals::utilisation_hours);
            (c.id.as_str(), (i, average))
        })
        .collect();
    for (s, at) in data.stations.iter().zip(states) {
        if !at.connected_whole_quarter {
            continue;
        }
        let entry = at.entry;
        let (order, county_average) = counties
            .get(s.county.as_str())
            .copied()
            .unwrap_or((usize::MAX, None));
        let downtime_days = entry.and_then(|e| e.downtime_days);
        let long_downtime = downtime_days.is_some_and(|d| d > DOWNTIME_DAYS);
        let hours = entry.map(|e| e.generation_kwh / s.capacity_kw);
        let low_output = match (hours, county_average) {
            (Some(h), Some(avg)) => h < avg * UNDERPERFORMING,
            _ => false,
        };
        if low_output || long_downtime {
            alerts.push((
                order,
                OmAlert {
                    station: &s.value,
                    hours,
                    county_average,
                    downtime_days,
                    low_output,
                    long_downtime,
                },
            ));
        }
    }
    alerts.sort_by(|(ca, a), (cb, b)| {
        ca.cmp(cb)
            .then(
                a.hours
                    .unwrap_or_default()
                    .cmp(&b.hours.unwrap_or_default()),
            )
            .then(a.station.id.cmp(&b.station.id))
    });
    alerts.into_iter().map(|(_, a)| a).collect()
}
