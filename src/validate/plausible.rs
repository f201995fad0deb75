//! Plausibility bounds: numbers no real station can have are errors, unusual ones
//! warnings, each with the unit slip that most likely caused it (W typed as kW,
//! 万元 as 元). Documented in docs/data-format.md.

use super::Report;
use crate::diagnostics::Code;
use crate::format::{exact, int};
use crate::model::number::whole;
use crate::model::{Decimal, Sourced, Station, StationKind};

/// No figure in the data comes near this; beyond it a number is a typo or a runaway
/// exponent, and formatting would lose precision.
pub const MAX_FIGURE: Decimal = whole(1_000_000_000_000_000);

/// The largest PV plants in the world are a few GW; poverty-alleviation stations are
/// far smaller. Above this a capacity is an error.
pub const MAX_CAPACITY_KW: Decimal = whole(1_000_000);

/// 村级电站 are typically 60–300 kW; above this a village station is a warning.
pub const MAX_VILLAGE_KW: Decimal = whole(1_000);

/// Investment per kW seen in PV poverty-alleviation projects (about 6,000–9,000 元/kW
/// in 2016–2017); outside this range is a warning.
pub const INVESTMENT_PER_KW: std::ops::RangeInclusive<Decimal> = whole(2_000)..=whole(20_000);

pub fn capacity(s: &Sourced<Station>, out: &mut Report) {
    let kw = s.capacity_kw;
    if kw > MAX_CAPACITY_KW {
        out.error(
            Code::PhysicalLimit,
            &s.origin.field("capacity_kw"),
            format!(
                "{} kW is more than {} kW (1 GW), larger than any poverty-alleviation station",
                int(kw),
                int(MAX_CAPACITY_KW)
            ),
        )
        .hint = Some(format!(
            "is the unit W, not kW? {} W = {} kW",
            int(kw),
            exact(kw / Decimal::from(1000))
        ));
    } else if s.kind == StationKind::Village && kw > MAX_VILLAGE_KW {
        out.warning(
            Code::OutOfRange,
            &s.origin.field("capacity_kw"),
            format!(
                "a village station (村级) of {} kW is unusually large (they are rarely above {} kW)",
                int(kw),
                int(MAX_VILLAGE_KW)
            ),
        )
        .hint = Some("is the unit W, not kW? or is the kind `joint_village` or `centralized`?".into());
    }
}

pub fn investment(s: &Sourced<Station>, yuan: Decimal, out: &mut Report) {
    let per_kw = yuan / s.capacity_kw;
    if INVESTMENT_PER_KW.contains(&per_kw) || yuan.is_zero() {
        return;
    }
    let hint = if per_kw < *INVESTMENT_PER_KW.start() {
        format!(
            "is the unit 万元, not 元? {} 万元 = {} 元",
            exact(yuan),
            int(yuan * Decimal::from(10_000))
        )
    } else {
        "is the capacity in W rather than kW, or the amount in 分?".to_string()
    };
    out.warning(
        Code::OutOfRange,
        &s.origin.field("investment_yuan"),
        format!(
            "{} yuan for {} kW is {} yuan per kW, outside the usual {}–{}",
            exact(yuan),
            exact(s.capacity_kw),
            int(per_kw),
            int(*INVESTMENT_PER_KW.start()),
            int(*INVESTMENT_PER_KW.end())
        ),
    )
    .hint = Some(hint);
}
