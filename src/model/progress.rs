//! A quarter's figures of a station (`progress/*.yaml`), as kept in memory.
//!
//! A national data set holds millions of these (100,000 stations × 24 quarters), so
//! their size is the data's size. The money-trail figures (tariff, subsidy,
//! arrears, O&M, rent, distribution by use, households paid) take 176 of an entry's
//! 272 bytes, and most entries report none of them: they live in one box that
//! only entries with any of them have. Files read and write the flat layout as
//! before (through `FlatEntry`), so the format and its diagnostics do not change.

use super::number::{self, Decimal};
use super::records::Status;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// One station's figures for one quarter.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(from = "FlatEntry", into = "FlatEntry")]
pub struct ProgressEntry {
    /// The station's id; ids are short, so it is held inline (no heap per entry).
    pub station: CompactString,
    pub status: Option<Status>,
    pub generation_kwh: Decimal,
    pub revenue_yuan: Decimal,
    pub distributed_yuan: Option<Decimal>,
    pub public_jobs: Option<u32>,
    pub downtime_days: Option<u32>,
    /// The money trail; `None` when the entry reports none of it ([`set_money`]
    /// never boxes an empty trail; [`money_mut`] is for readers that only set
    /// figures). Read through [`money`], so an empty box is never wrong.
    ///
    /// [`set_money`]: ProgressEntry::set_money
    /// [`money_mut`]: ProgressEntry::money_mut
    /// [`money`]: ProgressEntry::money
    pub(crate) money: Option<Box<MoneyTrail>>,
}

/// The money-trail figures of an entry (see the module's comment).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MoneyTrail {
    /// 电费收入 received this quarter (grid settlement at the benchmark price).
    pub tariff_yuan: Option<Decimal>,
    /// 国家补贴 received this quarter; tariff + subsidy = revenue when both are given.
    pub subsidy_yuan: Option<Decimal>,
    /// 补贴拖欠: subsidy owed and not yet received at the quarter's end (a stock).
    pub subsidy_arrears_yuan: Option<Decimal>,
    /// 运维费用 paid this quarter.
    pub om_cost_yuan: Option<Decimal>,
    /// 土地租金 paid this quarter.
    pub land_rent_yuan: Option<Decimal>,
    /// 收益分配 by use; the parts sum to `distributed_yuan`.
    pub distribution: Option<Distribution>,
    /// Households that received money this quarter (收益到户户数).
    pub households_paid: Option<u32>,
}

/// What an entry without a money trail reads as.
static NO_MONEY: MoneyTrail = MoneyTrail {
    tariff_yuan: None,
    subsidy_yuan: None,
    subsidy_arrears_yuan: None,
    om_cost_yuan: None,
    land_rent_yuan: None,
    distribution: None,
    households_paid: None,
};

impl MoneyTrail {
    fn is_empty(&self) -> bool {
        self == &NO_MONEY
    }
}

impl ProgressEntry {
    /// The money-trail figures (all `None` when the entry has none).
    pub fn money(&self) -> &MoneyTrail {
        self.money.as_deref().unwrap_or(&NO_MONEY)
    }

    /// Replaces the money-trail figures.
    pub fn set_money(&mut self, money: MoneyTrail) {
        self.money = (!money.is_empty()).then(|| Box::new(money));
    }

    /// The entry with `money` as its money-trail figures.
    pub fn with_money(mut self, money: MoneyTrail) -> Self {
        self.set_money(money);
        self
    }

    /// The money-trail figures to fill in, boxed from here on: for readers that
    /// only set figures (an empty box would cost memory, never correctness).
    pub fn money_mut(&mut self) -> &mut MoneyTrail {
        self.money.get_or_insert_with(Default::default)
    }

    /// What was paid out: `distributed_yuan`, or else the sum of `distribution`.
    pub fn distributed(&self) -> Option<Decimal> {
        self.distributed_yuan
            .or_else(|| self.money().distribution.as_ref().map(Distribution::total))
    }

    /// Whether the entry reports any of the money-trail figures beyond revenue.
    pub fn has_money_trail(&self) -> bool {
        !self.money().is_empty()
    }
}

impl PartialEq for ProgressEntry {
    fn eq(&self, other: &Self) -> bool {
        self.station == other.station
            && self.status == other.status
            && self.generation_kwh == other.generation_kwh
            && self.revenue_yuan == other.revenue_yuan
            && self.distributed_yuan == other.distributed_yuan
            && self.public_jobs == other.public_jobs
            && self.downtime_days == other.downtime_days
            && self.money() == other.money()
    }
}

impl From<FlatEntry> for ProgressEntry {
    fn from(f: FlatEntry) -> Self {
        let mut entry = ProgressEntry {
            station: f.station,
            status: f.status,
            generation_kwh: f.generation_kwh,
            revenue_yuan: f.revenue_yuan,
            distributed_yuan: f.distributed_yuan,
            public_jobs: f.public_jobs,
            downtime_days: f.downtime_days,
            money: None,
        };
        entry.set_money(MoneyTrail {
            tariff_yuan: f.tariff_yuan,
            subsidy_yuan: f.subsidy_yuan,
            subsidy_arrears_yuan: f.subsidy_arrears_yuan,
            om_cost_yuan: f.om_cost_yuan,
            land_rent_yuan: f.land_rent_yuan,
            distribution: f.distribution,
            households_paid: f.households_paid,
        });
        entry
    }
}

impl From<ProgressEntry> for FlatEntry {
    fn from(e: ProgressEntry) -> Self {
        let money = e.money.map(|m| *m).unwrap_or_default();
        FlatEntry {
            station: e.station,
            status: e.status,
            generation_kwh: e.generation_kwh,
            revenue_yuan: e.revenue_yuan,
            distributed_yuan: e.distributed_yuan,
            public_jobs: e.public_jobs,
            downtime_days: e.downtime_days,
            tariff_yuan: money.tariff_yuan,
            subsidy_yuan: money.subsidy_yuan,
            subsidy_arrears_yuan: money.subsidy_arrears_yuan,
            om_cost_yuan: money.om_cost_yuan,
            land_rent_yuan: money.land_rent_yuan,
            distribution: money.distribution,
            households_paid: money.households_paid,
        }
    }
}

/// An entry as the file has it: every figure a key of its own (what
/// [`ProgressEntry`] reads and writes through).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FlatEntry {
    station: CompactString,
    #[serde(default)]
    status: Option<Status>,
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    generation_kwh: Decimal,
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    revenue_yuan: Decimal,
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    distributed_yuan: Option<Decimal>,
    #[serde(default)]
    public_jobs: Option<u32>,
    #[serde(default)]
    downtime_days: Option<u32>,
    /// 电费收入 received this quarter (grid settlement at the benchmark price).
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    tariff_yuan: Option<Decimal>,
    /// 国家补贴 received this quarter; tariff + subsidy = revenue when both are given.
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    subsidy_yuan: Option<Decimal>,
    /// 补贴拖欠: subsidy owed and not yet received at the quarter's end (a stock).
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    subsidy_arrears_yuan: Option<Decimal>,
    /// 运维费用 paid this quarter.
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    om_cost_yuan: Option<Decimal>,
    /// 土地租金 paid this quarter.
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    land_rent_yuan: Option<Decimal>,
    /// 收益分配 by use; the parts sum to `distributed_yuan`.
    #[serde(default)]
    distribution: Option<Distribution>,
    /// Households that received money this quarter (收益到户户数).
    #[serde(default)]
    households_paid: Option<u32>,
}

/// 收益分配 by use, as the 收益分配管理办法 names the uses. Omitted parts are 0:
/// the parts must add up to what was distributed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// 公益岗位工资
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    pub public_jobs_yuan: Decimal,
    /// 小型公益事业
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    pub public_welfare_yuan: Decimal,
    /// 奖励补助
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    pub rewards_yuan: Decimal,
    /// 其他
    #[serde(
        default,
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    pub other_yuan: Decimal,
}

/// The uses of distributed income, in the order bulletins list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    PublicJobs,
    PublicWelfare,
    Rewards,
    Other,
}

impl Use {
    pub const ALL: [Use; 4] = [
        Use::PublicJobs,
        Use::PublicWelfare,
        Use::Rewards,
        Use::Other,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Use::PublicJobs => "公益岗位工资",
            Use::PublicWelfare => "小型公益事业",
            Use::Rewards => "奖励补助",
            Use::Other => "其他",
        }
    }

    /// The field name in `distribution:`.
    pub fn field(self) -> &'static str {
        match self {
            Use::PublicJobs => "public_jobs_yuan",
            Use::PublicWelfare => "public_welfare_yuan",
            Use::Rewards => "rewards_yuan",
            Use::Other => "other_yuan",
        }
    }
}

impl Distribution {
    /// The parts, indexed like [`Use::ALL`].
    pub fn parts(&self) -> [Decimal; 4] {
        [
            self.public_jobs_yuan,
            self.public_welfare_yuan,
            self.rewards_yuan,
            self.other_yuan,
        ]
    }

    pub fn total(&self) -> Decimal {
        self.parts().iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason for the box: an entry is 104 bytes, not 272.
    #[test]
    fn an_entry_without_money_is_small() {
        assert!(std::mem::size_of::<ProgressEntry>() <= 104);
    }

    /// Station ids up to 24 bytes (`c001-00001`; a county's pinyin, a dash and
    /// four digits) live in the entry, not on the heap, read by either reader.
    #[test]
    fn station_ids_are_held_inline() {
        for id in ["c001-00001", "xinfeng-guangming-cun-01"] {
            let yaml = format!("station: {id}\ngeneration_kwh: 1\n");
            let e: ProgressEntry = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(
                (e.station.as_str(), e.station.is_heap_allocated()),
                (id, false)
            );
            let fast = crate::canonical::progress::read(&format!(
                "quarter: 2020Q1\nstations:\n  - {{ station: {id}, generation_kwh: 1 }}\n"
            ));
            assert!(!fast.unwrap().stations[0].station.is_heap_allocated());
        }
        let long = "a-station-id-longer-than-24-bytes";
        let e: ProgressEntry = serde_yaml::from_str(&format!("station: {long}\n")).unwrap();
        assert_eq!(e.station, long, "a longer id is kept whole, on the heap");
    }

    #[test]
    fn an_empty_money_trail_is_no_money_trail() {
        let mut e = ProgressEntry::default();
        e.set_money(MoneyTrail::default());
        assert!(!e.has_money_trail());
        assert_eq!(e, ProgressEntry::default());
        e.money_mut().households_paid = Some(3);
        assert!(e.has_money_trail());
        assert_eq!(e.money().households_paid, Some(3));
        e.money_mut().households_paid = None;
        assert!(!e.has_money_trail());
        assert_eq!(
            e,
            ProgressEntry::default(),
            "an emptied box is no money trail"
        );
        let paid = MoneyTrail {
            households_paid: Some(3),
            ..Default::default()
        };
        assert_eq!(
            ProgressEntry::default()
                .with_money(paid)
                .money()
                .households_paid,
            Some(3)
        );
    }

    /// The file's layout is the flat one, both ways.
    #[test]
    fn reads_and_writes_the_flat_layout() {
        let yaml =
            "station: s1\ngeneration_kwh: 10\nrevenue_yuan: 8\ntariff_yuan: 3\nsubsidy_yuan: 5\n\
                    distribution: { public_jobs_yuan: 2 }\nhouseholds_paid: 4\n";
        let e: ProgressEntry = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(e.money().tariff_yuan, Some(Decimal::from(3)));
        assert_eq!(e.distributed(), Some(Decimal::from(2)));
        let back = serde_yaml::to_string(&e).unwrap();
        assert!(
            back.contains("tariff_yuan: 3") && !back.contains("money"),
            "{back}"
        );
        let again: ProgressEntry = serde_yaml::from_str(&back).unwrap();
        assert_eq!(again, e);
        let plain: ProgressEntry = serde_yaml::from_str("station: s2\n").unwrap();
        assert!(!plain.has_money_trail());
        let unknown = serde_yaml::from_str::<ProgressEntry>("station: s3\nmoney: 1\n");
        assert!(unknown
            .unwrap_err()
            .to_string()
            .contains("unknown field `money`"));
    }
}
