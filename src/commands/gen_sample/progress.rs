//! Quarterly figures for every connected station: seasonal output, partial
//! settlement of revenue, distributions and public jobs.

use super::periods::{quarter_days, quarter_name, SEASON_HOURS};
use super::rng::Rng;
use super::stations::Station;
use super::Options;
use crate::canonical;
use crate::model::{Decimal, ProgressEntry, Status};

/// The progress file of quarter `q` (0-based from the first quarter).
pub fn progress_yaml(q: usize, opts: &Options, stations: &[Station], rng: &mut Rng) -> String {
    let days = f64::from(quarter_days(q));
    let mut entries = Vec::new();
    for s in stations {
        let Some((cq, f)) = s.connected else {
            if q + 1 == opts.quarters && s.status != Status::Planned {
                entries.push(ProgressEntry {
                    station: s.id.as_str().into(),
                    status: Some(s.status),
                    ..ProgressEntry::default()
                });
            }
            continue;
        };
        if cq > q {
            continue;
        }
        let start_day = ((f * (days - 1.0)) as u32) as f64;
        let share = if cq == q {
            (days - start_day) / days
        } else {
            1.0
        };
        let hours = SEASON_HOURS[q % 4] * rng.range(0.88, 1.08) * if s.weak { 0.55 } else { 1.0 };
        let generation = (s.capacity_kw * hours * share).round();
        let revenue = (generation * 0.98 * rng.range(0.55, 0.95)).round();
        let mut entry = ProgressEntry {
            station: s.id.as_str().into(),
            generation_kwh: Decimal::from(generation as i64),
            revenue_yuan: Decimal::from(revenue as i64),
            ..ProgressEntry::default()
        };
        if s.kind != "household" && revenue > 0.0 {
            entry.distributed_yuan =
                Some(Decimal::from((revenue * rng.range(0.6, 0.9)).round() as i64));
            entry.public_jobs = Some(1 + (s.capacity_kw / 50.0).min(40.0) as u32);
        }
        entries.push(entry);
    }
    canonical::progress::write("# 示例数据 (synthetic)\n", &quarter_name(q), &entries)
}
