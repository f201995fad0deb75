//! Rules for the money trail of a progress entry: income split into 电费 and 国家补贴,
//! costs, and 收益分配 by use (收益分配管理办法: mainly 公益岗位, 小型公益事业 and
//! 奖励补助, never handed out evenly as cash).

use super::Report;
use crate::diagnostics::Code;
use crate::format::exact;
use crate::model::number::whole;
use crate::model::{Decimal, Origin, ProgressEntry, Station, Use};

/// Amounts are in yuan; figures that should agree may differ by rounding to 1 yuan.
pub const TOLERANCE_YUAN: Decimal = whole(1);

/// Checks the money-trail fields of one entry; `at` is the entry's origin.
pub fn check_money(
    entry: &ProgressEntry,
    station: Option<&Station>,
    at: &dyn Fn() -> Origin,
    out: &mut Report,
) {
    if !entry.has_money_trail() {
        return;
    }
    let money = entry.money();
    let amounts = [
        ("tariff_yuan", money.tariff_yuan),
        ("subsidy_yuan", money.subsidy_yuan),
        ("subsidy_arrears_yuan", money.subsidy_arrears_yuan),
        ("om_cost_yuan", money.om_cost_yuan),
        ("land_rent_yuan", money.land_rent_yuan),
    ];
    let mut all_ok = true;
    for (field, value) in amounts {
        if let Some(v) = value {
            all_ok &= out.non_negative(|| at().field(field), v, false);
        }
    }
    if let (Some(tariff), Some(subsidy)) = (money.tariff_yuan, money.subsidy_yuan) {
        let sum = tariff + subsidy;
        if all_ok && (sum - entry.revenue_yuan).abs() > TOLERANCE_YUAN {
            out.error(
                Code::Inconsistent,
                &at().field("subsidy_yuan"),
                format!(
                    "tariff_yuan ({}) + subsidy_yuan ({}) = {} yuan, but revenue_yuan is {} \
                     (they must agree within 1 yuan)",
                    exact(tariff),
                    exact(subsidy),
                    exact(sum),
                    exact(entry.revenue_yuan)
                ),
            )
            .hint = Some(format!(
                "revenue_yuan is the income received this quarter: electricity sales plus subsidy; \
                 did you mean revenue_yuan: {}?",
                exact(sum)
            ));
        }
    }
    if let Some(d) = &money.distribution {
        check_distribution(entry, d, at, out);
    }
    let listed = station.and_then(|s| s.beneficiary_households.map(|n| (s, n)));
    if let (Some(paid), Some((s, listed))) = (money.households_paid, listed) {
        if paid > listed {
            out.warning(
                Code::Inconsistent,
                &at().field("households_paid"),
                format!(
                    "{paid} households paid, but station `{}` lists {listed} beneficiary households",
                    s.id
                ),
            );
        }
    }
}

fn check_distribution(
    entry: &ProgressEntry,
    d: &crate::model::Distribution,
    at: &dyn Fn() -> Origin,
    out: &mut Report,
) {
    let mut parts_ok = true;
    for (use_, value) in Use::ALL.iter().zip(d.parts()) {
        parts_ok &= out.non_negative(
            || at().field("distribution").field(use_.field()),
            value,
            false,
        );
    }
    if !parts_ok {
        return;
    }
    let total = d.total();
    if let Some(distributed) = entry.distributed_yuan {
        if (total - distributed).abs() > TOLERANCE_YUAN {
            out.error(
                Code::Inconsistent,
                &at().field("distribution"),
                format!(
                    "the uses add up to {} yuan, but distributed_yuan is {} \
                     (they must agree within 1 yuan)",
                    exact(total),
                    exact(distributed)
                ),
            )
            .hint = Some(
                "public_jobs_yuan + public_welfare_yuan + rewards_yuan + other_yuan = distributed_yuan"
                    .into(),
            );
        }
    }
    if d.other_yuan > Decimal::ZERO && d.other_yuan >= total {
        out.warning(
            Code::Inconsistent,
            &at().field("distribution").field("other_yuan"),
            format!(
                "all {} yuan distributed is `other_yuan`: the 收益分配管理办法 asks that income go \
                 mainly to 公益岗位, 小型公益事业 and 奖励补助, not be handed out evenly as cash",
                exact(total)
            ),
        );
    }
}
