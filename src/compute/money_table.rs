//! The 收益分配 table of 本期数据 (and of county pages): income, its split, costs,
//! distribution by use with shares, 户均收益 and 补贴拖欠, each with 环比/同比.

use super::{change, Totals};
use crate::format::Unit;
use crate::model::{Quarter, Use};
use std::collections::BTreeMap;

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyRow {
    pub label: &'static str,
    /// A part of the row above it (其中…), indented on the page.
    pub part: bool,
    /// `None` when nothing was reported (shown as —).
    pub value: Option<f64>,
    pub unit: Unit,
    /// Share of the whole this row is a part of (income, or distribution by use).
    pub share: Option<f64>,
    /// 环比/同比: relative change; for [`Unit::Percent`] rows, the difference in
    /// percentage points (as a fraction: 0.05 = 5 个百分点).
    pub qoq: Option<f64>,
    pub yoy: Option<f64>,
}

type Getter = fn(&Totals) -> Option<f64>;

struct Spec {
    label: &'static str,
    part: bool,
    unit: Unit,
    value: Getter,
    /// The whole this row is a share of.
    whole: Option<Getter>,
}

const fn row(label: &'static str, part: bool, unit: Unit, value: Getter) -> Spec {
    Spec {
        label,
        part,
        unit,
        value,
        whole: None,
    }
}

fn by_use(t: &Totals, u: Use) -> Option<f64> {
    let i = Use::ALL.iter().position(|x| *x == u)?;
    t.money.by_use_yuan.map(|p| p[i])
}

fn by_use_total(t: &Totals) -> Option<f64> {
    t.money.by_use_yuan.map(|p| p.iter().sum())
}

fn revenue(t: &Totals) -> Option<f64> {
    Some(t.revenue_yuan)
}

fn specs() -> [Spec; 17] {
    [
        row("本季光伏收益", false, Unit::Yuan, revenue),
        Spec {
            whole: Some(revenue),
            ..row("电费收入", true, Unit::Yuan, |t| t.money.tariff_yuan)
        },
        Spec {
            whole: Some(revenue),
            ..row("国家补贴", true, Unit::Yuan, |t| t.money.subsidy_yuan)
        },
        row("运维费用", false, Unit::Yuan, |t| t.money.om_cost_yuan),
        row("土地租金", false, Unit::Yuan, |t| {
            t.money.land_rent_yuan
        }),
        row(
            "净收益（扣除运维费用、土地租金）",
            false,
            Unit::Yuan,
            Totals::net_revenue,
        ),
        row("收益分配合计", false, Unit::Yuan, |t| {
            Some(t.distributed_yuan)
        }),
        row("分配率", false, Unit::Percent, Totals::distribution_rate),
        Spec {
            whole: Some(by_use_total),
            ..row("公益岗位工资", true, Unit::Yuan, |t| {
                by_use(t, Use::PublicJobs)
            })
        },
        Spec {
            whole: Some(by_use_total),
            ..row("小型公益事业", true, Unit::Yuan, |t| {
                by_use(t, Use::PublicWelfare)
            })
        },
        Spec {
            whole: Some(by_use_total),
            ..row("奖励补助", true, Unit::Yuan, |t| {
                by_use(t, Use::Rewards)
            })
        },
        Spec {
            whole: Some(by_use_total),
            ..row("其他", true, Unit::Yuan, |t| by_use(t, Use::Other))
        },
        row("收益到户户数", false, Unit::Households, |t| {
            t.money.households_paid.map(|n| n as f64)
        }),
        row("户均收益", false, Unit::YuanPerHousehold, |t| {
            t.money.per_household()
        }),
        row("补贴拖欠（季末）", false, Unit::Yuan, |t| {
            t.money.subsidy_arrears_yuan
        }),
        row("本年累计光伏收益", false, Unit::Yuan, |t| {
            Some(t.year_to_date.revenue_yuan)
        }),
        row("本年累计收益分配", false, Unit::Yuan, |t| {
            Some(t.year_to_date.distributed_yuan)
        }),
    ]
}

/// The table for quarter `q` of a series (the region's or a county's); `None` when
/// that quarter reports no money-trail figure.
pub fn money_rows(series: &BTreeMap<Quarter, Totals>, q: Quarter) -> Option<Vec<MoneyRow>> {
    let now = series.get(&q).filter(|t| t.money.reported())?;
    let prev = series.get(&q.previous());
    let last_year = series.get(&q.year_before());
    let compare = |unit: Unit, value: Option<f64>, base: Option<f64>| match unit {
        Unit::Percent => value.zip(base).map(|(v, b)| v - b),
        _ => value.and_then(|v| change(v, base)),
    };
    let rows = specs()
        .into_iter()
        .map(|s| {
            let value = (s.value)(now);
            let share = s
                .whole
                .and_then(|w| w(now))
                .filter(|w| *w > 0.0)
                .and_then(|w| value.map(|v| v / w));
            MoneyRow {
                label: s.label,
                part: s.part,
                value,
                unit: s.unit,
                share,
                qoq: compare(s.unit, value, prev.and_then(s.value)),
                yoy: compare(s.unit, value, last_year.and_then(s.value)),
            }
        })
        .collect();
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::money::Money;

    fn totals(revenue: f64, distributed: f64, jobs: f64, other: f64) -> Totals {
        Totals {
            revenue_yuan: revenue,
            distributed_yuan: distributed,
            reported: crate::compute::totals::Reported {
                distributed: 1,
                revenue_of_distributed_yuan: revenue,
                ..Default::default()
            },
            money: Money {
                entries: 1,
                tariff_yuan: Some(revenue * 0.25),
                by_use_yuan: Some([jobs, 0.0, 0.0, other]),
                ..Money::default()
            },
            ..Totals::default()
        }
    }

    #[test]
    fn rows_with_shares_and_changes() {
        let q2: Quarter = "2017Q2".parse().unwrap();
        let mut series = BTreeMap::new();
        series.insert(q2.previous(), totals(40_000.0, 20_000.0, 15_000.0, 5_000.0));
        series.insert(q2, totals(50_000.0, 30_000.0, 27_000.0, 3_000.0));
        let rows = money_rows(&series, q2).unwrap();
        let get = |label: &str| rows.iter().find(|r| r.label == label).unwrap();
        let revenue = get("本季光伏收益");
        assert_eq!(revenue.value, Some(50_000.0));
        assert_eq!(revenue.qoq, Some(0.25));
        assert_eq!(revenue.yoy, None);
        assert_eq!(get("电费收入").share, Some(0.25));
        assert_eq!(get("国家补贴").value, None);
        let rate = get("分配率");
        assert_eq!(rate.value, Some(0.6));
        // 60 % against 50 %: +10 percentage points, not +20 %.
        assert!((rate.qoq.unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(get("公益岗位工资").share, Some(0.9));
        assert_eq!(get("其他").share, Some(0.1));
        assert_eq!(get("其他").qoq, Some(-0.4));
        assert_eq!(get("净收益（扣除运维费用、土地租金）").value, None);
        // A quarter with no money trail gets no table.
        series.get_mut(&q2).unwrap().money = Money::default();
        assert!(money_rows(&series, q2).is_none());
    }
}
