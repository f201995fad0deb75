//! The money trail over a set of stations at one quarter: income split into 电费 and
//! 国家补贴, costs, 补贴拖欠, and 收益分配 by use — with the derived 分配率, structure
//! of uses, 户均收益 and net income.
//!
//! Every figure is a sum over the entries that report it; a figure no entry reports
//! is `None` (unknown), never 0, so pages show — rather than a false zero.

use crate::model::{ProgressEntry, Quarter};
use serde::Serialize;

/// Sums of the money-trail fields; see the module doc for `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Money {
    /// Entries that report any money-trail field (beyond revenue and distributed).
    pub entries: usize,
    pub tariff_yuan: Option<f64>,
    pub subsidy_yuan: Option<f64>,
    /// 补贴拖欠 at the quarter's end: a stock, summed over the entries reporting it.
    pub subsidy_arrears_yuan: Option<f64>,
    pub om_cost_yuan: Option<f64>,
    pub land_rent_yuan: Option<f64>,
    /// Indexed like `Use::ALL`.
    pub by_use_yuan: Option<[f64; 4]>,
    pub households_paid: Option<u64>,
    /// What was distributed by the entries that report `households_paid`, so
    /// 户均收益 divides like by like.
    pub paid_to_households_yuan: f64,
}

/// The sum of two figures either of which may be unknown: unknown only when both are.
pub fn sum_known(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
    }
}

fn add(total: &mut Option<f64>, value: Option<f64>) {
    *total = sum_known(*total, value);
}

impl Money {
    pub fn add(&mut self, e: &ProgressEntry) {
        if !e.has_money_trail() {
            return;
        }
        self.entries += 1;
        add(&mut self.tariff_yuan, e.tariff_yuan);
        add(&mut self.subsidy_yuan, e.subsidy_yuan);
        add(&mut self.subsidy_arrears_yuan, e.subsidy_arrears_yuan);
        add(&mut self.om_cost_yuan, e.om_cost_yuan);
        add(&mut self.land_rent_yuan, e.land_rent_yuan);
        if let Some(d) = &e.distribution {
            let sums = self.by_use_yuan.get_or_insert([0.0; 4]);
            for (sum, part) in sums.iter_mut().zip(d.parts()) {
                *sum += part;
            }
        }
        if let Some(n) = e.households_paid {
            *self.households_paid.get_or_insert(0) += u64::from(n);
            self.paid_to_households_yuan += e.distributed().unwrap_or(0.0);
        }
    }

    /// Whether any entry reported a money-trail figure.
    pub fn reported(&self) -> bool {
        self.entries > 0
    }

    /// Structure of uses: each use's share of the distribution by use.
    pub fn use_shares(&self) -> Option<[f64; 4]> {
        let parts = self.by_use_yuan?;
        let total: f64 = parts.iter().sum();
        (total > 0.0).then(|| parts.map(|p| p / total))
    }

    /// 户均收益: yuan per household paid.
    pub fn per_household(&self) -> Option<f64> {
        self.households_paid
            .filter(|n| *n > 0)
            .map(|n| self.paid_to_households_yuan / n as f64)
    }

    /// Costs paid this quarter (运维 + 租金), when either is reported.
    pub fn costs(&self) -> Option<f64> {
        match (self.om_cost_yuan, self.land_rent_yuan) {
            (None, None) => None,
            (om, rent) => Some(om.unwrap_or(0.0) + rent.unwrap_or(0.0)),
        }
    }
}

/// 分配率: distributed ÷ revenue; `None` without revenue.
pub fn distribution_rate(distributed: f64, revenue: f64) -> Option<f64> {
    (revenue > 0.0).then(|| distributed / revenue)
}

/// Net income: revenue less 运维 and 租金; `None` when neither cost is reported.
pub fn net_revenue(revenue: f64, money: &Money) -> Option<f64> {
    money.costs().map(|c| revenue - c)
}

/// Running sums for the calendar year up to and including a quarter (本年累计).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct YearToDate {
    pub revenue_yuan: f64,
    pub distributed_yuan: f64,
    pub tariff_yuan: Option<f64>,
    pub subsidy_yuan: Option<f64>,
    pub om_cost_yuan: Option<f64>,
    pub land_rent_yuan: Option<f64>,
    pub by_use_yuan: Option<[f64; 4]>,
}

impl YearToDate {
    /// This quarter's figures on top of `previous` (the year's earlier quarters), or
    /// starting afresh when `previous` is from another year.
    pub fn carry(
        previous: Option<(Quarter, &YearToDate)>,
        q: Quarter,
        revenue: f64,
        distributed: f64,
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
            let sums = ytd.by_use_yuan.get_or_insert([0.0; 4]);
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
    use crate::model::Distribution;

    fn entry(revenue: f64) -> ProgressEntry {
        ProgressEntry {
            station: "s".into(),
            revenue_yuan: revenue,
            ..Default::default()
        }
    }

    /// Two stations, figures chosen so every result is easy to check by hand.
    fn two() -> (ProgressEntry, ProgressEntry) {
        let a = ProgressEntry {
            tariff_yuan: Some(18_000.0),
            subsidy_yuan: Some(26_200.0),
            subsidy_arrears_yuan: Some(52_000.0),
            om_cost_yuan: Some(1_500.0),
            land_rent_yuan: Some(800.0),
            distributed_yuan: Some(30_000.0),
            distribution: Some(Distribution {
                public_jobs_yuan: 18_000.0,
                public_welfare_yuan: 8_000.0,
                rewards_yuan: 4_000.0,
                other_yuan: 0.0,
            }),
            households_paid: Some(40),
            ..entry(44_200.0)
        };
        let b = ProgressEntry {
            subsidy_arrears_yuan: Some(8_000.0),
            om_cost_yuan: Some(500.0),
            distribution: Some(Distribution {
                public_jobs_yuan: 6_000.0,
                other_yuan: 2_000.0,
                ..Default::default()
            }),
            households_paid: Some(10),
            ..entry(15_800.0)
        };
        (a, b)
    }

    #[test]
    fn sums_only_what_is_reported() {
        let (a, b) = two();
        let mut m = Money::default();
        m.add(&a);
        m.add(&b);
        m.add(&entry(1_000.0)); // reports nothing of the money trail
        assert_eq!(m.entries, 2);
        assert_eq!(m.tariff_yuan, Some(18_000.0));
        assert_eq!(m.subsidy_arrears_yuan, Some(60_000.0));
        assert_eq!(m.om_cost_yuan, Some(2_000.0));
        assert_eq!(m.land_rent_yuan, Some(800.0));
        assert_eq!(m.by_use_yuan, Some([24_000.0, 8_000.0, 4_000.0, 2_000.0]));
        assert_eq!(m.households_paid, Some(50));
        // b has no distributed_yuan: its distribution (8 000) counts.
        assert_eq!(m.paid_to_households_yuan, 38_000.0);
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
        let want = [24.0 / 38.0, 8.0 / 38.0, 4.0 / 38.0, 2.0 / 38.0];
        for (got, want) in shares.iter().zip(want) {
            assert!((got - want).abs() < 1e-12);
        }
        assert_eq!(m.per_household(), Some(760.0)); // 38 000 / 50
        assert_eq!(m.costs(), Some(2_800.0));
        // revenue 44 200 + 15 800 = 60 000; net = 60 000 − 2 000 − 800
        assert_eq!(net_revenue(60_000.0, &m), Some(57_200.0));
        assert_eq!(distribution_rate(38_000.0, 60_000.0), Some(38.0 / 60.0));
        assert_eq!(distribution_rate(10.0, 0.0), None);
        assert_eq!(net_revenue(60_000.0, &Money::default()), None);
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
        let y16 = YearToDate::carry(None, q4, 100.0, 50.0, &m);
        let y1 = YearToDate::carry(Some((q4, &y16)), q1, 44_200.0, 30_000.0, &m);
        assert_eq!(y1.revenue_yuan, 44_200.0);
        let y2 = YearToDate::carry(Some((q1, &y1)), q2, 40_000.0, 20_000.0, &Money::default());
        assert_eq!(y2.revenue_yuan, 84_200.0);
        assert_eq!(y2.distributed_yuan, 50_000.0);
        assert_eq!(y2.tariff_yuan, Some(18_000.0));
        assert_eq!(y2.by_use_yuan, Some([18_000.0, 8_000.0, 4_000.0, 0.0]));
    }
}
