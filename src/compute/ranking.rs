//! County ranking (各县区排名): completion of the year's targets at a quarter's end.

use super::Metrics;
use crate::model::{Dataset, Quarter};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountyRank {
    /// 1-based; counties without a target for the year rank after those with one.
    pub rank: usize,
    pub county_id: String,
    pub name: String,
    pub grid_connected_kw: f64,
    pub target_kw: Option<f64>,
    /// grid-connected capacity ÷ the year's capacity target (1.0 = 100 %).
    pub completion: Option<f64>,
    pub grid_connected_stations: usize,
    pub target_stations: Option<u32>,
    /// Over the stations that give it; `None` when none does.
    pub beneficiary_households: Option<f64>,
    pub target_households: Option<u32>,
    pub generation_kwh: f64,
    pub revenue_yuan: f64,
    pub utilisation_hours: Option<f64>,
}

/// Ranks counties by capacity completion rate, then grid-connected capacity, then id.
pub fn rank_counties(data: &Dataset, metrics: &Metrics<'_>, q: Quarter) -> Vec<CountyRank> {
    let mut rows: Vec<CountyRank> = data
        .counties
        .iter()
        .map(|c| {
            let t = metrics.by_county.get(c.id.as_str()).and_then(|m| m.get(&q));
            let target = c.targets.get(&q.year);
            let target_kw = target.and_then(|t| t.capacity_kw).filter(|kw| *kw > 0.0);
            let grid_kw = t.map_or(0.0, |t| t.grid_connected_kw());
            CountyRank {
                rank: 0,
                county_id: c.id.clone(),
                name: c.name.clone(),
                grid_connected_kw: grid_kw,
                target_kw,
                completion: target_kw.map(|target| grid_kw / target),
                grid_connected_stations: t.map_or(0, |t| t.grid_connected_stations()),
                target_stations: target.and_then(|t| t.grid_connected_stations),
                beneficiary_households: t.and_then(|t| t.households()),
                target_households: target.and_then(|t| t.beneficiary_households),
                generation_kwh: t.map_or(0.0, |t| t.generation_kwh),
                revenue_yuan: t.map_or(0.0, |t| t.revenue_yuan),
                utilisation_hours: t.and_then(|t| t.utilisation_hours()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &CountyRank| r.completion.unwrap_or(f64::NEG_INFINITY);
        key(b)
            .total_cmp(&key(a))
            .then(b.grid_connected_kw.total_cmp(&a.grid_connected_kw))
            .then(a.county_id.cmp(&b.county_id))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}
