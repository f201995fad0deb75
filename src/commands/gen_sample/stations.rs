//! Stations (most of them village stations) and counties with yearly targets.

use super::periods::{date_in_quarter, FIRST_YEAR};
use super::rng::{name, Rng};
use super::Options;
use crate::model::Status;
use std::fmt::Write as _;

pub struct Station {
    pub id: String,
    pub county: usize,
    pub capacity_kw: f64,
    /// Index of the quarter it was connected in, with the day within it (0..1),
    /// or `None` if not connected within the period.
    pub connected: Option<(usize, f64)>,
    pub status: Status,
    pub kind: &'static str,
    pub weak: bool,
}

/// The stations, and the YAML of each county's station file. Stations are connected
/// over the first two thirds of the period; the rest are still in the pipeline.
pub fn stations(opts: &Options, n_counties: usize, rng: &mut Rng) -> (Vec<Station>, Vec<String>) {
    let connect_span = (opts.quarters * 2 / 3).max(1);
    let mut stations = Vec::with_capacity(opts.stations);
    let mut station_yaml: Vec<String> = vec![String::new(); n_counties];
    for i in 0..opts.stations {
        let county = i % n_counties;
        let r = rng.unit();
        let (kind, capacity_kw, villages) = if r < 0.85 {
            (
                "village",
                *rng.pick(&[60.0, 100.0, 100.0, 150.0, 187.2, 200.0, 300.0]),
                1,
            )
        } else if r < 0.97 {
            (
                "joint_village",
                *rng.pick(&[500.0, 1000.0, 1500.0, 3000.0]),
                3 + rng.below(8),
            )
        } else {
            (
                "centralized",
                *rng.pick(&[5000.0, 10000.0, 20000.0]),
                20 + rng.below(20),
            )
        };
        let p = rng.unit();
        let connected = (p < 0.8).then(|| (rng.below(connect_span), rng.unit()));
        let status = match (connected, p) {
            (Some(_), _) => Status::GridConnected,
            (None, p) if p < 0.87 => Status::Built,
            (None, p) if p < 0.93 => Status::UnderConstruction,
            (None, p) if p < 0.97 => Status::Tendering,
            _ => Status::Planned,
        };
        let households = (capacity_kw / rng.range(2.8, 3.6)) as u32;
        let id = format!("c{:03}-{:05}", county + 1, i + 1);
        let town = name(rng, "镇");
        let village = name(rng, "村");
        let s = &mut station_yaml[county];
        let _ = write!(
            s,
            "- id: {id}\n  name: {village}{}光伏电站\n  county: c{:03}\n  town: {town}\n  village: {village}\n  kind: {kind}\n  capacity_kw: {capacity_kw}\n  status: {}\n",
            if kind == "village" { "村级" } else if kind == "joint_village" { "联村" } else { "集中式" },
            county + 1,
            status.key()
        );
        if let Some((q, f)) = connected {
            let _ = writeln!(s, "  grid_date: {}", date_in_quarter(q, f));
        }
        let _ = write!(
            s,
            "  investment_yuan: {}\n  villages_served: {villages}\n  beneficiary_households: {households}\n  beneficiary_people: {}\n",
            (capacity_kw * rng.range(7200.0, 8200.0)).round(),
            (f64::from(households) * rng.range(2.4, 3.2)) as u32
        );
        stations.push(Station {
            id,
            county,
            capacity_kw,
            connected,
            status,
            kind,
            weak: rng.unit() < 0.05,
        });
    }

    (stations, station_yaml)
}

/// `counties.yaml`: yearly targets a little above what gets connected.
pub fn counties_yaml(
    opts: &Options,
    n_counties: usize,
    stations: &[Station],
    rng: &mut Rng,
) -> String {
    let mut counties = String::from("# 示例数据 (synthetic)\n");
    for c in 0..n_counties {
        let _ = write!(
            counties,
            "- id: c{:03}\n  name: 示例{}县\n  targets:\n",
            c + 1,
            c + 1
        );
        for year in 0..opts.quarters.div_ceil(4) {
            let by_end: Vec<&Station> = stations
                .iter()
                .filter(|s| s.county == c && s.connected.is_some_and(|(q, _)| q / 4 <= year))
                .collect();
            let kw: f64 = by_end.iter().map(|s| s.capacity_kw).sum::<f64>() * rng.range(1.0, 1.2);
            let _ = writeln!(
                counties,
                "    {}: {{ capacity_kw: {}, grid_connected_stations: {} }}",
                FIRST_YEAR + year as i32,
                kw.round().max(1.0),
                (by_end.len() as f64 * 1.1) as usize
            );
        }
    }
    counties
}
