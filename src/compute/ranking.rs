//! County ranking (各县区排名): completion of the year's targets at a quarter's end.

use super::Metrics;
use crate::model::{Dataset, Decimal, Quarter};

#[derive(Clone, Debug, PartialEq)]
pub struct CountyRank {
    /// 1-based; counties without a target for the year rank after those with one.
    pub rank: usize,
    pub county_id: String,
    pub name: String,
    pub grid_connected_kw: Decimal,
    pub target_kw: Option<Decimal>,
    /// grid-connected capacity ÷ the year's capacity target (1.0 = 100 %).
    pub completion: Option<Decimal>,
    pub grid_connected_stations: usize,
    pub target_stations: Option<u32>,
    /// Over the stations that give it; `None` when none does.
    pub beneficiary_households: Option<Decimal>,
    pub target_households: Option<u32>,
    pub generation_kwh: Decimal,
    pub revenue_yuan: Decimal,
    pub utilisation_hours: Option<Decimal>,
}

/// Ranks counties by capacity completion rate, then grid-connected capacity, then id.
pub fn rank_counties(data: &Dataset, metrics: &Metrics<'_>, q: Quarter) -> Vec<CountyRank> {
    let mut rows: Vec<CountyRank> = data
        .counties
        .iter()
        .map(|c| {
            let t = metrics.by_county.get(c.id.as_str()).and_then(|m| m.get(&q));
            let target = c.targets.get(&q.year);
            let target_kw = target
                .and_then(|t| t.capacity_kw)
                .filter(|kw| *kw > Decimal::ZERO);
            let grid_kw = t.map_or(Decimal::ZERO, |t| t.grid_connected_kw());
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
                generation_kwh: t.map_or(Decimal::ZERO, |t| t.generation_kwh),
                revenue_yuan: t.map_or(Decimal::ZERO, |t| t.revenue_yuan),
                utilisation_hours: t.and_then(|t| t.utilisation_hours()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        // Counties without a target rank after those with one.
        let key = |r: &CountyRank| r.completion;
        key(b)
            .cmp(&key(a))
            .then(b.grid_connected_kw.cmp(&a.grid_connected_kw))
            .then(a.county_id.cmp(&b.county_id))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}
