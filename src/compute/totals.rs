//! Figures for one quarter over a set of stations (the whole region or one county).

use super::money::{distribution_rate, net_revenue, Money, YearToDate};
use super::timeline::{At, History};
use crate::model::{Decimal, Quarter, Station, StationKind, Status};

/// Everything the bulletin reports about a set of stations at one quarter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Stations in the programme (any status) and their capacity (建设规模).
    pub stations: usize,
    pub capacity_kw: Decimal,
    /// Indexed like `StationKind::ALL`.
    pub capacity_by_kind_kw: [Decimal; 4],
    /// Indexed like `Status::ALL`, by status at the quarter's end.
    pub stations_by_status: [usize; 5],
    pub capacity_by_status_kw: [Decimal; 5],
    pub generation_kwh: Decimal,
    pub revenue_yuan: Decimal,
    /// Paid out by the entries that report it (see `reported`).
    pub distributed_yuan: Decimal,
    pub public_jobs: u64,
    /// Households and people of grid-connected stations (they receive income),
    /// summed over the stations that give them.
    pub beneficiary_households: u64,
    pub beneficiary_people: u64,
    /// 惠及村数: villages served by grid-connected stations, a 联村 station
    /// counting every village it serves (`villages_served`, default 1).
    pub villages_served: u64,
    /// Grid-connected stations by kind, indexed like `StationKind::ALL`.
    pub connected_by_kind: [usize; 4],
    /// How many stations give each optional figure: omitted is unknown, not 0, so
    /// totals over part of the stations say so, and none at all is shown as —.
    pub reported: Reported,
    /// Capacity and generation of stations connected for the whole quarter.
    pub full_quarter_kw: Decimal,
    pub full_quarter_generation_kwh: Decimal,
    /// Running sums from the first quarter with data up to this one.
    pub cumulative_generation_kwh: Decimal,
    pub cumulative_revenue_yuan: Decimal,
    pub cumulative_distributed_yuan: Decimal,
    /// Income split, costs, arrears and 收益分配 by use (the money trail).
    pub money: Money,
    /// Running sums for the calendar year (本年累计).
    pub year_to_date: YearToDate,
}

/// Counts of stations behind the optional figures of a [`Totals`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reported {
    /// Stations with a progress entry this quarter.
    pub entries: usize,
    /// Entries that report `distributed_yuan` (or `distribution`), and their revenue.
    pub distributed: usize,
    pub revenue_of_distributed_yuan: Decimal,
    pub public_jobs: usize,
    /// Grid-connected stations that give `beneficiary_households` / `beneficiary_people`.
    pub households: usize,
    pub people: usize,
}

/// A total over the stations that report a figure: `None` when none does.
pub fn known(total: impl Into<Decimal>, reporting: usize) -> Option<Decimal> {
    (reporting > 0).then(|| total.into())
}

impl Totals {
    pub fn households(&self) -> Option<Decimal> {
        known(self.beneficiary_households, self.reported.households)
    }

    pub fn people(&self) -> Option<Decimal> {
        known(self.beneficiary_people, self.reported.people)
    }

    pub fn jobs(&self) -> Option<Decimal> {
        known(self.public_jobs, self.reported.public_jobs)
    }

    pub fn distributed(&self) -> Option<Decimal> {
        known(self.distributed_yuan, self.reported.distributed)
    }

    pub fn grid_connected_stations(&self) -> usize {
        self.stations_by_status[status_index(Status::GridConnected)]
    }

    pub fn grid_connected_kw(&self) -> Decimal {
        self.capacity_by_status_kw[status_index(Status::GridConnected)]
    }

    /// Equivalent utilisation hours (等效利用小时数): kWh per kW of capacity that ran
    /// the whole quarter. `None` when no station did.
    pub fn utilisation_hours(&self) -> Option<Decimal> {
        (self.full_quarter_kw > Decimal::ZERO)
            .then(|| self.full_quarter_generation_kwh / self.full_quarter_kw)
    }

    /// Revenue per kW of grid-connected capacity (元/kW) this quarter.
    pub fn revenue_per_kw(&self) -> Option<Decimal> {
        let kw = self.grid_connected_kw();
        (kw > Decimal::ZERO).then(|| self.revenue_yuan / kw)
    }

    /// 分配率: distributed ÷ the revenue of the stations that report a distribution.
    pub fn distribution_rate(&self) -> Option<Decimal> {
        distribution_rate(
            self.distributed_yuan,
            self.reported.revenue_of_distributed_yuan,
        )
    }

    /// Revenue less 运维 and 租金, when either cost is reported.
    pub fn net_revenue(&self) -> Option<Decimal> {
        net_revenue(self.revenue_yuan, &self.money)
    }

    /// Adds one station's state at quarter `q`.
    pub fn add(&mut self, station: &Station, history: &History<'_>, q: Quarter) {
        self.add_at(station, &At::of(station, history, q));
    }

    /// Adds one station's state as [`At::of`] found it (so a station counted in
    /// the region's and its county's totals is looked at once).
    pub fn add_at(&mut self, station: &Station, at: &At<'_>) {
        let status = at.status;
        self.stations += 1;
        self.capacity_kw += station.capacity_kw;
        self.capacity_by_kind_kw[kind_index(station.kind)] += station.capacity_kw;
        self.stations_by_status[status_index(status)] += 1;
        self.capacity_by_status_kw[status_index(status)] += station.capacity_kw;
        if status == Status::GridConnected {
            self.villages_served += u64::from(station.villages_served);
            self.connected_by_kind[kind_index(station.kind)] += 1;
            if let Some(n) = station.beneficiary_households {
                self.beneficiary_households += u64::from(n);
                self.reported.households += 1;
            }
            if let Some(n) = station.beneficiary_people {
                self.beneficiary_people += u64::from(n);
                self.reported.people += 1;
            }
        }
        let full = at.connected_whole_quarter;
        if full {
            self.full_quarter_kw += station.capacity_kw;
        }
        if let Some(e) = at.entry {
            self.generation_kwh += e.generation_kwh;
            self.revenue_yuan += e.revenue_yuan;
            self.money.add(e);
            self.reported.entries += 1;
            if let Some(d) = e.distributed() {
                self.distributed_yuan += d;
                self.reported.distributed += 1;
                self.reported.revenue_of_distributed_yuan += e.revenue_yuan;
            }
            if let Some(n) = e.public_jobs {
                self.public_jobs += u64::from(n);
                self.reported.public_jobs += 1;
            }
            if full {
                self.full_quarter_generation_kwh += e.generation_kwh;
            }
        }
    }

    /// Carries the running sums over from the totals of the previous quarter with
    /// data; this quarter is `q`.
    pub fn accumulate_from(&mut self, previous: Option<(&Quarter, &Totals)>, q: Quarter) {
        self.year_to_date = YearToDate::carry(
            previous.map(|(pq, p)| (*pq, &p.year_to_date)),
            q,
            self.revenue_yuan,
            self.distributed_yuan,
            &self.money,
        );
        let (g, r, d) = previous.map_or(Default::default(), |(_, p)| {
            (
                p.cumulative_generation_kwh,
                p.cumulative_revenue_yuan,
                p.cumulative_distributed_yuan,
            )
        });
        self.cumulative_generation_kwh = g + self.generation_kwh;
        self.cumulative_revenue_yuan = r + self.revenue_yuan;
        self.cumulative_distributed_yuan = d + self.distributed_yuan;
    }
}

pub fn status_index(s: Status) -> usize {
    Status::ALL
        .iter()
        .position(|x| *x == s)
        .expect("ALL lists every status")
}

pub fn kind_index(k: StationKind) -> usize {
    StationKind::ALL
        .iter()
        .position(|x| *x == k)
        .expect("ALL lists every kind")
}
