//! The 收益分配 table of 本期数据 (and of county pages): income, its split, costs,
//! distribution by use with shares, 户均收益 and 补贴拖欠, each with 环比/同比.

use super::{change, Totals};
use crate::format::{adds_up, shown, Unit};
use crate::model::{Decimal, Quarter, Use};
use std::collections::BTreeMap;

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyRow {
    pub label: &'static str,
    /// A part of the row above it (其中…), indented on the page.
    pub part: bool,
    /// `None` when nothing was reported (shown as —).
    pub value: Option<Decimal>,
    pub unit: Unit,
    /// Share of the whole this row is a part of (income, or distribution by use).
    pub share: Option<Decimal>,
    /// 环比/同比: relative change; for [`Unit::Percent`] rows, the difference in
    /// percentage points (as a fraction: 0.05 = 5 个百分点).
    pub qoq: Option<Decimal>,
    pub yoy: Option<Decimal>,
}

type Getter = fn(&Totals) -> Option<Decimal>;

struct Spec {
    label: &'static str,
    part: bool,
    unit: Unit,
    value: Getter,
    /// The whole this row is a share of, and which parts it groups with.
    whole: Option<(Getter, Group)>,
}

/// Parts that make up one whole: income (电费 + 补贴 = 收益) and the uses of
/// the distribution.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Income,
    Uses,
}

impl Group {
    /// The row that shows the whole.
    fn total_label(self) -> &'static str {
        match self {
            Group::Income => "本季光伏收益",
            Group::Uses => "收益分配合计",
        }
    }
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

/// The table of one quarter: its rows, and whether shown parts fail to add up
/// to their shown whole (then the table carries the rounding note).
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyTable {
    pub rows: Vec<MoneyRow>,
    pub rounding_note: bool,
}

fn by_use(t: &Totals, u: Use) -> Option<Decimal> {
    let i = Use::ALL.iter().position(|x| *x == u)?;
    t.money.by_use_yuan.map(|p| p[i])
}

fn by_use_total(t: &Totals) -> Option<Decimal> {
    t.money.by_use_yuan.map(|p| p.iter().sum())
}

fn revenue(t: &Totals) -> Option<Decimal> {
    Some(t.revenue_yuan)
}

fn specs() -> [Spec; 17] {
    [
        row("本季光伏收益", false, Unit::Yuan, revenue),
        Spec {
            whole: Some((revenue, Group::Income)),
            ..row("电费收入", true, Unit::Yuan, |t| t.money.tariff_yuan)
        },
        Spec {
            whole: Some((revenue, Group::Income)),
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
            whole: Some((by_use_total, Group::Uses)),
            ..row("公益岗位工资", true, Unit::Yuan, |t| {
                by_use(t, Use::PublicJobs)
            })
        },
        Spec {
            whole: Some((by_use_total, Group::Uses)),
            ..row("小型公益事业", true, Unit::Yuan, |t| {
                by_use(t, Use::PublicWelfare)
            })
        },
        Spec {
            whole: Some((by_use_total, Group::Uses)),
            ..row("奖励补助", true, Unit::Yuan, |t| {
                by_use(t, Use::Rewards)
            })
        },
        Spec {
            whole: Some((by_use_total, Group::Uses)),
            ..row("其他", true, Unit::Yuan, |t| by_use(t, Use::Other))
        },
        row("收益到户户数", false, Unit::Households, |t| {
            t.money.households_paid.map(Decimal::from)
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
pub fn money_rows(series: &BTreeMap<Quarter, Totals>, q: Quarter) -> Option<MoneyTable> {
    let now = series.get(&q).filter(|t| t.money.reported())?;
    let prev = series.get(&q.previous());
    let last_year = series.get(&q.year_before());
    let compare = |unit: Unit, value: Option<Decimal>, base: Option<Decimal>| match unit {
        Unit::Percent => value.zip(base).map(|(v, b)| v - b),
        _ => value.and_then(|v| change(v, base)),
    };
    let specs = specs();
    let rows: Vec<MoneyRow> = specs
        .iter()
        .map(|s| {
            let value = (s.value)(now);
            let share = s
                .whole
                .and_then(|(w, _)| w(now))
                .filter(|w| *w > Decimal::ZERO)
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
    let rounding_note = [Group::Income, Group::Uses]
        .into_iter()
        .any(|g| !group_adds_up(&specs, &rows, now, g));
    Some(MoneyTable {
        rows,
        rounding_note,
    })
}

/// Whether the shown parts of `group` add up to their shown whole, as amounts
/// (against the row that shows the whole, when one does) and as shares (against
/// 100 %). Parts that do not make up the whole exactly (tariff and subsidy may
/// differ from revenue by a yuan; not every station splits its distribution by
/// use) are not expected to add up, so they are not checked.
fn group_adds_up(specs: &[Spec], rows: &[MoneyRow], now: &Totals, group: Group) -> bool {
    let members: Vec<(&Spec, &MoneyRow)> = specs
        .iter()
        .zip(rows)
        .filter(|(s, _)| s.whole.is_some_and(|(_, g)| g == group))
        .collect();
    let Some(whole) = members
        .first()
        .and_then(|(s, _)| s.whole)
        .and_then(|(w, _)| w(now))
    else {
        return true;
    };
    let Some(parts) = members
        .iter()
        .map(|(_, r)| r.value)
        .collect::<Option<Vec<_>>>()
    else {
        return true;
    };
    if parts.iter().sum::<Decimal>() != whole || whole <= Decimal::ZERO {
        return true;
    }
    let shares: Vec<Decimal> = members
        .iter()
        .filter_map(|(_, r)| r.share.map(|s| shown(s, Unit::Percent)))
        .collect();
    let amounts: Vec<Decimal> = members
        .iter()
        .map(|(_, r)| shown(r.value.unwrap_or_default(), r.unit))
        .collect();
    let whole_row = rows
        .iter()
        .find(|r| r.label == group.total_label() && r.value == Some(whole));
    adds_up(&shares, shown(Decimal::ONE, Unit::Percent))
        && whole_row.is_none_or(|w| adds_up(&amounts, shown(whole, w.unit)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::money::Money;
    use crate::model::number::dec;

    fn totals(revenue: Decimal, distributed: Decimal, jobs: Decimal, other: Decimal) -> Totals {
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
                tariff_yuan: Some(revenue * dec("0.25")),
                by_use_yuan: Some([jobs, dec("0"), dec("0"), other]),
                ..Money::default()
            },
            ..Totals::default()
        }
    }

    #[test]
    fn rows_with_shares_and_changes() {
        let q2: Quarter = "2017Q2".parse().unwrap();
        let mut series = BTreeMap::new();
        series.insert(
            q2.previous(),
            totals(dec("40000"), dec("20000"), dec("15000"), dec("5000")),
        );
        series.insert(
            q2,
            totals(dec("50000"), dec("30000"), dec("27000"), dec("3000")),
        );
        let table = money_rows(&series, q2).unwrap();
        let get = |label: &str| table.rows.iter().find(|r| r.label == label).unwrap();
        let revenue = get("本季光伏收益");
        assert_eq!(revenue.value, Some(dec("50000")));
        assert_eq!(revenue.qoq, Some(dec("0.25")));
        assert_eq!(revenue.yoy, None);
        assert_eq!(get("电费收入").share, Some(dec("0.25")));
        assert_eq!(get("国家补贴").value, None);
        let rate = get("分配率");
        assert_eq!(rate.value, Some(dec("0.6")));
        // 60 % against 50 %: +10 percentage points, not +20 %.
        assert_eq!(rate.qoq, Some(dec("0.1")));
        assert_eq!(get("公益岗位工资").share, Some(dec("0.9")));
        assert_eq!(get("其他").share, Some(dec("0.1")));
        assert_eq!(get("其他").qoq, Some(-dec("0.4")));
        assert_eq!(get("净收益（扣除运维费用、土地租金）").value, None);
        // 27 000 + 3 000 of 30 000: 90.0 % + 10.0 % = 100.0 %; shown amounts add up.
        assert!(!table.rounding_note);
        // A quarter with no money trail gets no table.
        series.get_mut(&q2).unwrap().money = Money::default();
        assert!(money_rows(&series, q2).is_none());
    }

    /// Three uses of 10 000 yuan each: 33.3 % + 33.3 % + 33.3 % = 99.9 %, and
    /// 1.00 + 1.00 + 1.00 万元 = 3.00 万元: the shares need the note, the amounts
    /// do not. With 10 001 for one use, 1.00 + 1.00 + 1.00 = 3.00 is still shown
    /// for 30 001 (3.00 万元), so only the shares (33.3 + 33.3 + 33.3) want it.
    #[test]
    fn a_three_way_split_carries_the_rounding_note() {
        let q: Quarter = "2017Q2".parse().unwrap();
        let mut t = totals(dec("60000"), dec("30000"), dec("10000"), dec("10000"));
        t.money.by_use_yuan = Some([dec("10000"), dec("10000"), dec("10000"), dec("0")]);
        let table = money_rows(&BTreeMap::from([(q, t.clone())]), q).unwrap();
        let share = |label: &str| table.rows.iter().find(|r| r.label == label).unwrap().share;
        assert_eq!(share("公益岗位工资"), Some(dec("1") / dec("3")));
        assert!(table.rounding_note, "33.3 % × 3 = 99.9 %");
        // Halves add up: no note.
        t.money.by_use_yuan = Some([dec("15000"), dec("15000"), dec("0"), dec("0")]);
        let table = money_rows(&BTreeMap::from([(q, t.clone())]), q).unwrap();
        assert!(!table.rounding_note);
        // Amounts: 12 340 + 12 340 + 5 320 = 30 000 yuan, shown 1.23 + 1.23 + 0.53 =
        // 2.99 万元 against 3.00 万元 (shares 41.1 + 41.1 + 17.7 = 99.9 % too).
        t.money.by_use_yuan = Some([dec("12340"), dec("12340"), dec("5320"), dec("0")]);
        let table = money_rows(&BTreeMap::from([(q, t.clone())]), q).unwrap();
        assert!(table.rounding_note);
        // 12 350 + 12 350 + 5 300: 1.24 + 1.24 + 0.53 = 3.01 万元 ≠ 3.00, though the
        // shares 41.2 + 41.2 + 17.7 = 100.1 % also miss.
        t.money.by_use_yuan = Some([dec("12000"), dec("12000"), dec("6000"), dec("0")]);
        let table = money_rows(&BTreeMap::from([(q, t)]), q).unwrap();
        assert!(
            !table.rounding_note,
            "40 + 40 + 20 % and 1.20 + 1.20 + 0.60 万元 add up"
        );
    }
}
