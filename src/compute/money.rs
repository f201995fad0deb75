//! The money trail over a set of stations at one quarter: income split into 电费 and
//! 国家补贴, costs, 补贴拖欠, and 收益分配 by use — with the derived 分配率, structure
//! of uses, 户均收益 and net income.
//!
//! Every figure is a sum over the entries that report it; a figure no entry reports
//! is `None` (unknown), never 0, so pages show — rather than a false zero.

use crate::model::{Decimal, ProgressEntry, Quarter};

/// Sums of the money-trail fields; see the module doc for `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Money {
    /// Entries that report any money-trail field (beyond revenue and distributed).
    pub entries: usize,
    pub tariff_yuan: Option<Decimal>,
    pub subsidy_yuan: Option<Decimal>,
    /// 补贴拖欠 at the quarter's end: a stock, summed over the entries reporting it.
    pub subsidy_arrears_yuan: Option<Decimal>,
    pub om_cost_yuan: Option<Decimal>,
    pub land_rent_yuan: Option<Decimal>,
    /// Indexed like `Use::ALL`.
    pub by_use_yuan: Option<[Decimal; 4]>,
    pub households_paid: Option<u64>,
    /// What was distributed by the entries that report `households_paid`, so
    /// 户均收益 divides like by like.
    pub paid_to_households_yuan: Decimal,
}

/// The sum of two figures either of which may be unknown: unknown only when both are.
pub fn sum_known(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    }
}

fn add(total: &mut Option<Decimal>, value: Option<Decimal>) {
    *total = sum_known(*total, value);
}

impl Money {
    pub fn add(&mut self, e: &ProgressEntry) {
        if !e.has_money_trail() {
            return;
        }
        self.entries += 1;
        let money = e.money();
        add(&mut self.tariff_yuan, money.tariff_yuan);
        add(&mut self.subsidy_yuan, money.subsidy_yuan);
        add(&mut self.subsidy_arrears_yuan, money.subsidy_arrears_yuan);
        add(&mut self.om_cost_yuan, money.om_cost_yuan);
        add(&mut self.land_rent_yuan, money.land_rent_yuan);
        if let Some(d) = &money.distribution {
            let sums = self.by_use_yuan.get_or_insert([Decimal::ZERO; 4]);
            for (sum, part) in sums.iter_mut().zip(d.parts()) {
                *sum += part;
            }
        }
        if let Some(n) = money.households_paid {
            *self.households_paid.get_or_insert(0) += u64::from(n);
            self.paid_to_households_yuan += e.distributed().unwrap_or_default();
        }
    }

    /// Whether any entry reported a money-trail figure.
    pub fn reported(&self) -> bool {
        self.entries > 0
    }

    /// Structure of uses: each use's share of the distribution by use.
    pub fn use_shares(&self) -> Option<[Decimal; 4]> {
        let parts = self.by_use_yuan?;
        let total: Decimal = parts.iter().sum();
        (total > Decimal::ZERO).then(|| parts.map(|p| p / total))
    }

    /// 户均收益: yuan per household paid.
    pub fn per_household(&self) -> Option<Decimal> {
        self.households_paid
            .filter(|n| *n > 0)
            .map(|n| self.paid_to_households_yuan / Decimal::from(n))
    }

    /// Costs paid this quarter (运维 + 租金), when either is reported.
    pub fn costs(&self) -> Option<Decimal> {
        match (self.om_cost_yuan, self.land_rent_yuan) {
            (None, None) => None,
            (om, rent) => Some(om.unwrap_or_default() + rent.unwrap_or_default()),
        }
    }
}

/// 分配率: distributed ÷ revenue; `None` without revenue.
pub fn distribution_rate(distributed: Decimal, revenue: Decimal) -> Option<Decimal> {
    (revenue > Decimal::ZERO).then(|| distributed / revenue)
}

/// Net income: revenue less 运维 and 租金; `None` when neither cost is reported.
pub fn net_revenue(revenue: Decimal, money: &Money) -> Option<Decimal> {
    money.costs().map(|c| revenue - c)
}

/// Running sums for the calendar year up to and including a quarter (本年累计).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearToDate {
    pub revenue_yuan: Decimal,
    pub distributed_yuan: Decimal,
    pub tariff_yuan: Option<Decimal>,
    pub subsidy_yuan: Option<Decimal>,
    pub om_cost_yuan: Option<Decimal>,
    pub land_rent_yuan: Option<Decimal>,
    pub by_use_yuan: Option<[Decimal; 4]>,
}

impl YearToDate {
    /// This quarter's figures on top of `previous` (the year's earlier quarters), or
    /// starting afresh when `previous` is from another year.
    pub fn carry(
        previous: Option<(Quarter, &YearToDate)>,
        q: Quarter,
        revenue: Decimal,
        distributed: Decimal,
        m: &Money,
    ) -> YearToDate {
        let mut ytd = previous
            .filter(|(pq, _)| pq.year == q.year)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        ytd.revenue_yuan += revenue;
        ytd.distributed_yuan += distributed;
        add(&mut ytd.tariff_yuan, m.tariff_yuan);
        add(&mut ytd.subsidy_yuan, m.subsidy_yuan);
        add(&mut ytd.om_cost_yuan, m.om_cost_yuan);
        add(&mut ytd.land_rent_yuan, m.land_rent_yuan);
        if let Some(parts) = m.by_use_yuan {
            let sums = ytd.by_use_yuan.get_or_insert([Decimal::ZERO; 4]);
            for (s, p) in sums.iter_mut().zip(parts) {
                *s += p;
            }
        }
        ytd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::dec;
    use crate::model::{Distribution, MoneyTrail};

    fn entry(revenue: Decimal) -> ProgressEntry {
        ProgressEntry {
            station: "s".into(),
            revenue_yuan: revenue,
            ..Default::default()
        }
    }

    /// Two stations, figures chosen so every result is easy to check by hand.
    fn two() -> (ProgressEntry, ProgressEntry) {
        let a = ProgressEntry {
            distributed_yuan: Some(dec("30000")),
            ..entry(dec("44200"))
        }
        .with_money(MoneyTrail {
            tariff_yuan: Some(dec("18000")),
            subsidy_yuan: Some(dec("26200")),
            subsidy_arrears_yuan: Some(dec("52000")),
            om_cost_yuan: Some(dec("1500")),
            land_rent_yuan: Some(dec("800")),
            distribution: Some(Distribution {
                public_jobs_yuan: dec("18000"),
                public_welfare_yuan: dec("8000"),
                rewards_yuan: dec("4000"),
                other_yuan: dec("0"),
            }),
            households_paid: Some(40),
        });
        let b = entry(dec("15800")).with_money(MoneyTrail {
            subsidy_arrears_yuan: Some(dec("8000")),
            om_cost_yuan: Some(dec("500")),
            distribution: Some(Distribution {
                public_jobs_yuan: dec("6000"),
                other_yuan: dec("2000"),
                ..Default::default()
            }),
            households_paid: Some(10),
            ..Default::default()
        });
        (a, b)
    }

    #[test]
    fn sums_only_what_is_reported() {
        let (a, b) = two();
        let mut m = Money::default();
        m.add(&a);
        m.add(&b);
        m.add(&entry(dec("1000"))); // reports nothing of the money trail
        assert_eq!(m.entries, 2);
        assert_eq!(m.tariff_yuan, Some(dec("18000")));
        assert_eq!(m.subsidy_arrears_yuan, Some(dec("60000")));
        assert_eq!(m.om_cost_yuan, Some(dec("2000")));
        assert_eq!(m.land_rent_yuan, Some(dec("800")));
        assert_eq!(
            m.by_use_yuan,
            Some([dec("24000"), dec("8000"), dec("4000"), dec("2000")])
        );
        assert_eq!(m.households_paid, Some(50));
        // b has no distributed_yuan: its distribution (8 000) counts.
        assert_eq!(m.paid_to_households_yuan, dec("38000"));
        assert_eq!(Money::default().tariff_yuan, None);
        assert!(!Money::default().reported());
    }

    #[test]
    fn derived_figures_by_hand() {
        let (a, b) = two();
        let mut m = Money::default();
        m.add(&a);
        m.add(&b);
        // shares of 38 000: 24 000, 8 000, 4 000, 2 000
        let shares = m.use_shares().unwrap();
        let want = [
            dec("24") / dec("38"),
            dec("8") / dec("38"),
            dec("4") / dec("38"),
            dec("2") / dec("38"),
        ];
        for (got, want) in shares.iter().zip(want) {
            assert_eq!(*got, want);
        }
        assert_eq!(m.per_household(), Some(dec("760"))); // 38 000 / 50
        assert_eq!(m.costs(), Some(dec("2800")));
        // revenue 44 200 + 15 800 = 60 000; net = 60 000 − 2 000 − 800
        assert_eq!(net_revenue(dec("60000"), &m), Some(dec("57200")));
        assert_eq!(
            distribution_rate(dec("38000"), dec("60000")),
            Some(dec("38") / dec("60"))
        );
        assert_eq!(distribution_rate(dec("10"), dec("0")), None);
        assert_eq!(net_revenue(dec("60000"), &Money::default()), None);
        assert_eq!(Money::default().per_household(), None);
    }

    #[test]
    fn year_to_date_restarts_each_year() {
        let (a, _) = two();
        let mut m = Money::default();
        m.add(&a);
        let q4: Quarter = "2016Q4".parse().unwrap();
        let q1: Quarter = "2017Q1".parse().unwrap();
        let q2: Quarter = "2017Q2".parse().unwrap();
        let y16 = YearToDate::carry(None, q4, dec("100"), dec("50"), &m);
        let y1 = YearToDate::carry(Some((q4, &y16)), q1, dec("44200"), dec("30000"), &m);
        assert_eq!(y1.revenue_yuan, dec("44200"));
        let y2 = YearToDate::carry(
            Some((q1, &y1)),
            q2,
            dec("40000"),
            dec("20000"),
            &Money::default(),
        );
        assert_eq!(y2.revenue_yuan, dec("84200"));
        assert_eq!(y2.distributed_yuan, dec("50000"));
        assert_eq!(y2.tariff_yuan, Some(dec("18000")));
        assert_eq!(
            y2.by_use_yuan,
            Some([dec("18000"), dec("8000"), dec("4000"), dec("0")])
        );
    }
}
