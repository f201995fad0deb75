//! Quarterly figures for every connected station: seasonal output, partial
//! settlement of revenue, distributions and public jobs.

use super::periods::{quarter_days, quarter_name, SEASON_HOURS};
use super::rng::Rng;
use super::stations::Station;
use super::Options;
use std::fmt::Write as _;

/// The progress file of quarter `q` (0-based from the first quarter).
pub fn progress_yaml(q: usize, opts: &Options, stations: &[Station], rng: &mut Rng) -> String {
    let days = f64::from(quarter_days(q));
    let mut text = format!(
        "# 示例数据 (synthetic)\nquarter: {}\nstations:\n",
        quarter_name(q)
    );
    for s in stations {
        let Some((cq, f)) = s.connected else {
            if q + 1 == opts.quarters && s.status != "planned" {
                let _ = writeln!(text, "  - {{ station: {}, status: {} }}", s.id, s.status);
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
        let _ = write!(
            text,
            "  - {{ station: {}, generation_kwh: {generation}, revenue_yuan: {revenue}",
            s.id
        );
        if s.kind != "household" && revenue > 0.0 {
            let _ = write!(
                text,
                ", distributed_yuan: {}, public_jobs: {}",
                (revenue * rng.range(0.6, 0.9)).round(),
                1 + (s.capacity_kw / 50.0).min(40.0) as u32
            );
        }
        text.push_str(" }\n");
    }
    text
}
