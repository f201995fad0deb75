//! 运维预警: stations that need maintenance attention in a quarter.
//!
//! Only stations connected for the whole quarter are judged, so one connected
//! mid-quarter is not flagged for low output. A station is flagged when it stood
//! still for more than [`DOWNTIME_DAYS`] days, or its equivalent hours fall below
//! [`UNDERPERFORMING`] of its county's average.

use super::timeline::connected_whole_quarter;
use super::{Metrics, Totals};
use crate::model::{Dataset, Quarter, Station};

/// Stations below this share of their county's average utilisation are flagged.
pub const UNDERPERFORMING: f64 = 0.8;

/// Downtime above this many days in a quarter is flagged.
pub const DOWNTIME_DAYS: u32 = 15;

/// One flagged station.
#[derive(Clone, Debug)]
pub struct OmAlert<'a> {
    pub station: &'a Station,
    /// Equivalent hours this quarter; `None` when the station reported nothing.
    pub hours: Option<f64>,
    /// The county's average equivalent hours this quarter.
    pub county_average: Option<f64>,
    pub downtime_days: Option<u32>,
    pub low_output: bool,
    pub long_downtime: bool,
}

/// Flagged stations at quarter `q`, of one county or all, in data order of the
/// counties, lowest hours first within each.
pub fn om_alerts<'a>(
    data: &'a Dataset,
    metrics: &Metrics<'a>,
    q: Quarter,
    county: Option<&str>,
) -> Vec<OmAlert<'a>> {
    let mut alerts: Vec<(usize, OmAlert<'a>)> = Vec::new();
    let county_order = |id: &str| data.counties.iter().position(|c| c.id == id);
    for (s, history) in data.stations.iter().zip(&metrics.histories) {
        if county.is_some_and(|c| c != s.county) || !connected_whole_quarter(s, q) {
            continue;
        }
        let entry = history.get(&q);
        let hours = entry.map(|e| e.generation_kwh / s.capacity_kw);
        let county_average = metrics
            .by_county
            .get(s.county.as_str())
            .and_then(|m| m.get(&q))
            .and_then(Totals::utilisation_hours);
        let downtime_days = entry.and_then(|e| e.downtime_days);
        let low_output = match (hours, county_average) {
            (Some(h), Some(avg)) => h < avg * UNDERPERFORMING,
            _ => false,
        };
        let long_downtime = downtime_days.is_some_and(|d| d > DOWNTIME_DAYS);
        if low_output || long_downtime {
            let order = county_order(&s.county).unwrap_or(usize::MAX);
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
            .then(a.hours.unwrap_or(0.0).total_cmp(&b.hours.unwrap_or(0.0)))
            .then(a.station.id.cmp(&b.station.id))
    });
    alerts.into_iter().map(|(_, a)| a).collect()
}
