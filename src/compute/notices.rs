//! 收益分配公示: each village station's income, costs and distribution for a year,
//! as offices must post them on the village notice board (村务公开) at least yearly.
//!
//! A station gets a notice for every year in which it reported income or a
//! distribution. The notice is dated the day the office's latest issue on that year
//! came out (so it follows the bulletin that reported the figures); without such an
//! issue, the day after the year's last quarter with data ends.

use super::money::sum_known;
use super::Metrics;
use crate::model::{Dataset, Date, Decimal, ProgressEntry, Quarter, Station};
use std::collections::BTreeMap;

/// One column of a notice's table: a quarter, or the whole year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub generation_kwh: Decimal,
    pub revenue_yuan: Decimal,
    pub tariff_yuan: Option<Decimal>,
    pub subsidy_yuan: Option<Decimal>,
    pub om_cost_yuan: Option<Decimal>,
    pub land_rent_yuan: Option<Decimal>,
    pub distributed_yuan: Option<Decimal>,
    /// Indexed like `Use::ALL`.
    pub by_use_yuan: Option<[Decimal; 4]>,
    pub public_jobs: Option<u32>,
    pub households_paid: Option<u32>,
    /// 补贴拖欠 at the end of the period.
    pub subsidy_arrears_yuan: Option<Decimal>,
}

fn max(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    a.max(b)
}

impl Figures {
    pub fn of(e: &ProgressEntry) -> Figures {
        let money = e.money();
        Figures {
            generation_kwh: e.generation_kwh,
            revenue_yuan: e.revenue_yuan,
            tariff_yuan: money.tariff_yuan,
            subsidy_yuan: money.subsidy_yuan,
            om_cost_yuan: money.om_cost_yuan,
            land_rent_yuan: money.land_rent_yuan,
            distributed_yuan: e.distributed(),
            by_use_yuan: money.distribution.as_ref().map(|d| d.parts()),
            public_jobs: e.public_jobs,
            households_paid: money.households_paid,
            subsidy_arrears_yuan: money.subsidy_arrears_yuan,
        }
    }

    /// The year from its quarters (oldest first): flows are summed; jobs and
    /// households are the most in any quarter (the same households are paid each
    /// quarter); arrears are the stock at the last quarter that reports them.
    pub fn year(quarters: &[Figures]) -> Figures {
        quarters.iter().fold(Figures::default(), |y, q| Figures {
            generation_kwh: y.generation_kwh + q.generation_kwh,
            revenue_yuan: y.revenue_yuan + q.revenue_yuan,
            tariff_yuan: sum_known(y.tariff_yuan, q.tariff_yuan),
            subsidy_yuan: sum_known(y.subsidy_yuan, q.subsidy_yuan),
            om_cost_yuan: sum_known(y.om_cost_yuan, q.om_cost_yuan),
            land_rent_yuan: sum_known(y.land_rent_yuan, q.land_rent_yuan),
            distributed_yuan: sum_known(y.distributed_yuan, q.distributed_yuan),
            by_use_yuan: match (y.by_use_yuan, q.by_use_yuan) {
                (None, None) => None,
                (a, b) => {
                    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
                    Some([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
                }
            },
            public_jobs: max(y.public_jobs, q.public_jobs),
            households_paid: max(y.households_paid, q.households_paid),
            subsidy_arrears_yuan: q.subsidy_arrears_yuan.or(y.subsidy_arrears_yuan),
        })
    }
}

/// One station's notice for one year.
#[derive(Clone, Debug)]
pub struct Notice<'a> {
    pub station: &'a Station,
    pub year: i32,
    /// The year's quarters this station reported, oldest first.
    pub quarters: Vec<(Quarter, Figures)>,
    pub total: Figures,
    /// The notice date and the last day of the 公示期.
    pub date: Date,
    pub until: Date,
}

/// Whether an entry shows money that must be accounted for publicly.
fn has_money(e: &ProgressEntry) -> bool {
    e.revenue_yuan > Decimal::ZERO || e.distributed().is_some_and(|d| d > Decimal::ZERO)
}

/// The years in which a station's history shows money to account for.
pub fn notice_years(history: &super::timeline::History<'_>) -> Vec<i32> {
    let mut years: Vec<i32> = history
        .iter()
        .filter(|(_, e)| has_money(e))
        .map(|(q, _)| q.year)
        .collect();
    years.dedup();
    years
}

/// The notice date of each year with data (see the module doc).
pub fn notice_dates(data: &Dataset, metrics: &Metrics<'_>) -> BTreeMap<i32, Date> {
    let mut dates: BTreeMap<i32, Date> = BTreeMap::new();
    for q in &metrics.quarters {
        dates.insert(q.year, q.last_day().next_day());
    }
    let mut by_issue: BTreeMap<i32, Date> = BTreeMap::new();
    for b in &data.bulletins {
        let latest = by_issue.entry(b.meta.quarter.year).or_insert(b.meta.date);
        *latest = (*latest).max(b.meta.date);
    }
    for (year, date) in by_issue {
        if let Some(d) = dates.get_mut(&year) {
            *d = date;
        }
    }
    dates
}

/// How many notices [`notices`] returns, and in how many (year, county) lists,
/// without building them: for the progress bar's file count.
pub fn count_notices(data: &Dataset, metrics: &Metrics<'_>) -> (usize, usize) {
    let dates = notice_dates(data, metrics);
    let mut lists = std::collections::BTreeSet::new();
    let mut count = 0;
    for (s, history) in data.stations.iter().zip(&metrics.histories) {
        for year in notice_years(history) {
            if dates.contains_key(&year) {
                count += 1;
                lists.insert((year, s.county.as_str()));
            }
        }
    }
    (count, lists.len())
}

/// Every notice, by year then in station order.
pub fn notices<'a>(data: &'a Dataset, metrics: &Metrics<'a>) -> Vec<Notice<'a>> {
    let all: Vec<usize> = (0..data.stations.len()).collect();
    notices_of(data, metrics, &all)
}

/// The notices of the stations at `stations` (indexes into the data, in order), by
/// year then in that order.
pub fn notices_of<'a>(
    data: &'a Dataset,
    metrics: &Metrics<'a>,
    stations: &[usize],
) -> Vec<Notice<'a>> {
    let dates = notice_dates(data, metrics);
    let days = data.site.notice.days.max(1);
    let mut out = Vec::new();
    for (&year, &date) in &dates {
        for &i in stations {
            let (s, history) = (&data.stations[i], &metrics.histories[i]);
            let money = history.iter().any(|(q, e)| q.year == year && has_money(e));
            if !money {
                continue;
            }
            let quarters: Vec<(Quarter, Figures)> = history
                .iter()
                .filter(|(q, _)| q.year == year)
                .map(|(q, e)| (*q, Figures::of(e)))
                .collect();
            let figures: Vec<Figures> = quarters.iter().map(|(_, f)| f.clone()).collect();
            out.push(Notice {
                station: &s.value,
                year,
                total: Figures::year(&figures),
                quarters,
                date,
                until: date.plus_days(days - 1),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::tests::dataset;
    use crate::model::number::dec;
    use crate::model::{Distribution, MoneyTrail};

    #[test]
    fn year_sums_flows_and_keeps_stocks() {
        let q1 = Figures {
            generation_kwh: dec("100"),
            revenue_yuan: dec("80"),
            tariff_yuan: Some(dec("30")),
            distributed_yuan: Some(dec("50")),
            by_use_yuan: Some([dec("30"), dec("10"), dec("10"), dec("0")]),
            public_jobs: Some(2),
            households_paid: Some(10),
            subsidy_arrears_yuan: Some(dec("40")),
            ..Figures::default()
        };
        let q2 = Figures {
            generation_kwh: dec("150"),
            revenue_yuan: dec("120"),
            om_cost_yuan: Some(dec("5")),
            by_use_yuan: Some([dec("20"), dec("0"), dec("0"), dec("5")]),
            public_jobs: Some(3),
            households_paid: Some(8),
            ..Figures::default()
        };
        let y = Figures::year(&[q1, q2]);
        assert_eq!(y.generation_kwh, dec("250"));
        assert_eq!(y.revenue_yuan, dec("200"));
        assert_eq!(y.tariff_yuan, Some(dec("30")));
        assert_eq!(y.om_cost_yuan, Some(dec("5")));
        assert_eq!(y.land_rent_yuan, None);
        assert_eq!(
            y.by_use_yuan,
            Some([dec("50"), dec("10"), dec("10"), dec("5")])
        );
        assert_eq!(y.public_jobs, Some(3));
        assert_eq!(y.households_paid, Some(10));
        assert_eq!(
            y.subsidy_arrears_yuan,
            Some(dec("40")),
            "last reported stock"
        );
    }

    #[test]
    fn figures_take_distribution_when_distributed_is_omitted() {
        let e = ProgressEntry::default().with_money(MoneyTrail {
            distribution: Some(Distribution {
                public_jobs_yuan: dec("70"),
                rewards_yuan: dec("30"),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(Figures::of(&e).distributed_yuan, Some(dec("100")));
    }

    #[test]
    fn one_notice_per_station_and_year_with_money() {
        let data = dataset();
        let m = Metrics::compute(&data);
        let all = notices(&data, &m);
        let keys: Vec<(i32, &str)> = all
            .iter()
            .map(|n| (n.year, n.station.id.as_str()))
            .collect();
        // s1 earned in 2016Q4 and 2017Q1, s2 in 2017Q1, s3 never.
        assert_eq!(keys, [(2016, "s1"), (2017, "s1"), (2017, "s2")]);
        // No bulletins: dated the day after the year's last quarter with data; 7 days.
        assert_eq!(all[1].date, Date::new(2017, 4, 1).unwrap());
        assert_eq!(all[1].until, Date::new(2017, 4, 7).unwrap());
        assert_eq!(all[1].total.revenue_yuan, dec("25000"));
        // The cheap count agrees: 3 notices in 2 (year, county) lists.
        assert_eq!(count_notices(&data, &m), (3, 2));
    }
}
