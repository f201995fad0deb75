//! Stage 3 — compute: every derived figure, in Rust, tested; templates only format.
//!
//! `Metrics` holds per-quarter totals for the region and each county; `kpi` and
//! `ranking` derive the bulletin's KPI table and county ranking from them.

pub mod alerts;
pub mod kpi;
pub mod money;
pub mod money_table;
pub mod notices;
pub mod ranking;
pub mod timeline;
pub mod totals;

use crate::model::{Decimal, Quarter, StationData};
use rayon::prelude::*;
use std::collections::BTreeMap;
use timeline::History;
pub use totals::Totals;

/// Per-quarter figures for the whole region and for each county.
#[derive(Debug)]
pub struct Metrics<'a> {
    /// Quarters that have a progress file, oldest first.
    pub quarters: Vec<Quarter>,
    pub region: BTreeMap<Quarter, Totals>,
    /// county id → quarter → totals
    pub by_county: BTreeMap<&'a str, BTreeMap<Quarter, Totals>>,
    /// Reported figures of each station, in `Dataset::stations` order.
    pub histories: Vec<History<'a>>,
    /// 运维预警 of each quarter (see [`alerts::om_alerts`]).
    pub alerts: BTreeMap<Quarter, Vec<alerts::OmAlert<'a>>>,
}

impl<'a> Metrics<'a> {
    /// Computes all figures; expects validated data (unknown stations are skipped).
    pub fn compute(data: &'a StationData) -> Metrics<'a> {
        let (owners, histories) = timeline::histories(data);
        let mut quarters: Vec<Quarter> = data.progress.iter().map(|p| p.quarter).collect();
        quarters.sort();
        quarters.dedup();

        // Each station's county as a slot, looked up once (not per quarter).
        let mut slot_of: BTreeMap<&str, usize> = BTreeMap::new();
        let slots: Vec<usize> = data
            .stations
            .iter()
            .map(|s| {
                let next = slot_of.len();
                *slot_of.entry(s.county.as_str()).or_insert(next)
            })
            .collect();
        // Quarters are independent (running sums aside): total them in parallel, then
        // carry the running sums through in order.
        let states = timeline::States::of(data, &owners, &histories, &quarters);
        let per_quarter: Vec<(Quarter, Totals, BTreeMap<&str, Totals>)> = quarters
            .par_iter()
            .enumerate()
            .map(|(k, &q)| {
                let mut all = Totals::default();
                let mut counties = vec![Totals::default(); slot_of.len()];
                let column = data.stations.iter().zip(states.column(k));
                for ((station, at), &slot) in column.zip(&slots) {
                    all.add_at(station, &at);
                    counties[slot].add_at(station, &at);
                }
                let by_id = slot_of
                    .iter()
                    .map(|(id, &i)| (*id, std::mem::take(&mut counties[i])))
                    .collect();
                (q, all, by_id)
            })
            .collect();
        let mut region: BTreeMap<Quarter, Totals> = BTreeMap::new();
        let mut by_county: BTreeMap<&str, BTreeMap<Quarter, Totals>> = data
            .counties
            .iter()
            .map(|c| (c.id.as_str(), BTreeMap::new()))
            .collect();
        for (q, mut all, counties) in per_quarter {
            all.accumulate_from(region.iter().next_back(), q);
            region.insert(q, all);
            for (county, mut t) in counties {
                let series = by_county.entry(county).or_default();
                t.accumulate_from(series.iter().next_back(), q);
                series.insert(q, t);
            }
        }
        let alerts = quarters
            .par_iter()
            .enumerate()
            .map(|(k, &q)| (q, alerts::flagged(data, states.column(k), &by_county, q)))
            .collect();
        Metrics {
            quarters,
            region,
            by_county,
            histories,
            alerts,
        }
    }

    /// The quarters of a window of `n` quarters with data ending at `q` (for trends).
    pub fn window(&self, q: Quarter, n: usize) -> Vec<Quarter> {
        let upto: Vec<Quarter> = self.quarters.iter().copied().filter(|x| *x <= q).collect();
        upto[upto.len().saturating_sub(n)..].to_vec()
    }
}

/// One station's figures per quarter, as [`Totals`] over that station alone, so its
/// page can show the same tables as a county's.
pub fn station_series(
    station: &crate::model::Station,
    history: &History<'_>,
    quarters: &[Quarter],
) -> BTreeMap<Quarter, Totals> {
    let mut series: BTreeMap<Quarter, Totals> = BTreeMap::new();
    for &q in quarters {
        let mut t = Totals::default();
        t.add(station, history, q);
        t.accumulate_from(series.iter().next_back(), q);
        series.insert(q, t);
    }
    series
}

/// Relative change from `previous` to `current` (0.1 = +10 %); `None` when there is
/// nothing to compare against (no data, or a zero base).
pub fn change(current: Decimal, previous: Option<Decimal>) -> Option<Decimal> {
    previous.filter(|p| !p.is_zero()).map(|p| (current - p) / p)
}

#[cfg(test)]
pub(crate) mod tests;
