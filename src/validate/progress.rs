//! Rules for `progress/*.yaml`: one file per quarter, plausible figures per station.

use super::money;
use super::registry::Registry;
use super::Report;
use crate::diagnostics::Code;
use crate::format::exact;
use crate::model::{Dataset, Decimal, Origin, Quarter, Station};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Checks every progress file; returns the quarters that have data.
pub fn check_progress(
    data: &Dataset,
    stations: &Registry<'_, &Station>,
    out: &mut Report,
) -> BTreeSet<Quarter> {
    let mut quarters: BTreeMap<Quarter, &Origin> = BTreeMap::new();
    for file in &data.progress {
        let q = file.quarter;
        let at_quarter = file.origin.field("quarter");
        if let Some(first) = quarters.get(&q) {
            out.error(
                Code::Duplicate,
                &at_quarter,
                format!("quarter {q} is reported twice; first in {}", first.file),
            );
        } else {
            quarters.insert(q, &file.origin);
        }
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        seen.reserve(file.stations.len());
        for (i, entry) in file.stations.iter().enumerate() {
            let at = || file.origin.field("stations").index(i);
            if let Some(first) = seen.insert(&entry.station, i) {
                out.error(
                    Code::Duplicate,
                    &at().field("station"),
                    format!(
                        "station `{}` appears twice in {q} (first at stations[{first}])",
                        entry.station
                    ),
                );
            }
            let station = stations.resolve(&entry.station, || at().field("station"), out);
            check_figures(entry, q, station.copied(), &at, out);
            money::check_money(entry, station.copied(), &at, out);
        }
    }
    quarters.into_keys().collect()
}

fn check_figures(
    entry: &crate::model::ProgressEntry,
    q: Quarter,
    station: Option<&Station>,
    at: &dyn Fn() -> Origin,
    out: &mut Report,
) {
    let generation_ok =
        out.non_negative(|| at().field("generation_kwh"), entry.generation_kwh, false);
    let revenue_ok = out.non_negative(|| at().field("revenue_yuan"), entry.revenue_yuan, false);
    if let Some(d) = entry.distributed_yuan {
        out.non_negative(|| at().field("distributed_yuan"), d, false);
    }
    if let Some(d) = entry.distributed() {
        if revenue_ok && d > entry.revenue_yuan {
            out.warning(
                Code::Inconsistent,
                &at().field(if entry.distributed_yuan.is_some() {
                    "distributed_yuan"
                } else {
                    "distribution"
                }),
                format!(
                    "distributed ({} yuan) exceeds this quarter's revenue ({} yuan); \
                     fine if it pays out earlier quarters' revenue",
                    exact(d),
                    exact(entry.revenue_yuan)
                ),
            );
        }
    }
    if let Some(days) = entry.downtime_days {
        if days > q.days() {
            out.error(
                Code::OutOfRange,
                &at().field("downtime_days"),
                format!("expected 0..{} (days in {q}), found {days}", q.days()),
            );
        }
    }
    let Some(station) = station else { return };
    if !generation_ok || station.capacity_kw <= Decimal::ZERO {
        return;
    }
    let max = station.capacity_kw * Decimal::from(24 * q.days());
    if entry.generation_kwh > max {
        out.error(
            Code::PhysicalLimit,
            &at().field("generation_kwh"),
            format!(
                "{} kWh is more than the station can physically produce in {q}: \
                 {} kW × 24 h × {} days = {} kWh (is the unit kWh, not Wh?)",
                exact(entry.generation_kwh),
                exact(station.capacity_kw),
                q.days(),
                exact(max)
            ),
        );
    }
    if entry.generation_kwh > Decimal::ZERO {
        let connected_in_time = station.grid_date.is_some_and(|d| d <= q.last_day());
        if !connected_in_time {
            let when = station
                .grid_date
                .map(|d| format!("its grid_date is {d}"))
                .unwrap_or_else(|| "it has no grid_date".into());
            out.error(Code::Inconsistent,
                &at().field("generation_kwh"),
                format!(
                    "generation reported for {q}, but station `{}` was not grid-connected by {} ({when})",
                    station.id,
                    q.last_day()
                ),
            );
        }
    }
}
