//! Where each station stood at the end of each quarter.
//!
//! Progress files may omit a station or its status, so the status at a quarter's end
//! is derived by one documented rule (see `status_at`), used by every figure.

use crate::model::{ProgressEntry, Quarter, Station, StationData, Status};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One station's reported figures, by quarter.
pub type History<'a> = BTreeMap<Quarter, &'a ProgressEntry>;

/// Status of `station` at the end of `q`:
/// 1. the status its progress entry for `q` states, else
/// 2. grid-connected if its `grid_date` is on or before the quarter's last day, else
/// 3. the latest status stated in an earlier quarter, else
/// 4. under construction if it is grid-connected today but connected after `q`, else
/// 5. its current status from `stations/*.yaml`.
pub fn status_at(station: &Station, history: &History<'_>, q: Quarter) -> Status {
    let stated_before = || history.range(..q).rev().find_map(|(_, e)| e.status);
    status_given(station, history.get(&q).copied(), stated_before, q)
}

/// The rule of [`status_at`], given the station's entry for `q` and the latest
/// status stated before `q` (asked for only when the rule gets that far).
fn status_given(
    station: &Station,
    entry: Option<&ProgressEntry>,
    stated_before: impl FnOnce() -> Option<Status>,
    q: Quarter,
) -> Status {
    if let Some(s) = entry.and_then(|e| e.status) {
        return s;
    }
    if station.grid_date.is_some_and(|d| d <= q.last_day()) {
        return Status::GridConnected;
    }
    if let Some(s) = stated_before() {
        return s;
    }
    if station.status == Status::GridConnected {
        return Status::UnderConstruction;
    }
    station.status
}

/// A station at the end of one quarter: its status, whether it was connected the
/// whole quarter, and what it reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct At<'a> {
    pub status: Status,
    pub connected_whole_quarter: bool,
    pub entry: Option<&'a ProgressEntry>,
}

impl<'a> At<'a> {
    pub fn of(station: &Station, history: &History<'a>, q: Quarter) -> At<'a> {
        At {
            status: status_at(station, history, q),
            connected_whole_quarter: connected_whole_quarter(station, q),
            entry: history.get(&q).copied(),
        }
    }
}

/// [`status_at`] each quarter of `quarters` (ascending), in one pass over the
/// history: asked quarter by quarter, each status looks back through the history,
/// and every look is a walk through a tree of its own.
pub fn statuses_at<'s>(
    station: &'s Station,
    history: &'s History<'_>,
    quarters: &'s [Quarter],
) -> impl Iterator<Item = Status> + 's {
    let mut entries = history.iter().peekable();
    let mut stated: Option<Status> = None;
    quarters.iter().map(move |&q| {
        while let Some((_, e)) = entries.next_if(|(at, _)| **at < q) {
            stated = e.status.or(stated);
        }
        let entry = entries.peek().filter(|(at, _)| **at == q).map(|(_, e)| **e);
        status_given(station, entry, || stated, q)
    })
}

/// The station (index) each entry of each progress file reports, file by file
/// (`None`: no such station), and each station's history from them, in
/// `data.stations` order. Of two files of one quarter, the later's entry counts.
pub fn histories(data: &StationData) -> (Vec<Vec<Option<u32>>>, Vec<History<'_>>) {
    let index: rustc_hash::FxHashMap<&str, usize> = data
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let owners: Vec<Vec<Option<u32>>> = data
        .progress
        .iter()
        .map(|file| {
            let owner = |e: &ProgressEntry| index.get(e.station.as_str()).map(|&i| i as u32);
            file.stations.iter().map(owner).collect()
        })
        .collect();
    let mut histories: Vec<History<'_>> = vec![History::new(); data.stations.len()];
    for (file, owners) in data.progress.iter().zip(&owners) {
        for (entry, owner) in file.stations.iter().zip(owners) {
            if let Some(i) = owner {
                histories[*i as usize].insert(file.quarter, entry);
            }
        }
    }
    (owners, histories)
}

/// Every station's [`At`] at every quarter with data, for the figures: the
/// totals and the 运维预警 of each quarter read it, side by side. The statuses
/// are worked out once, in one pass over each history, and kept (a byte each;
/// whole [`At`]s were 38 MB at 100,000 stations and 24 quarters); a quarter's
/// entries are laid out by station as its column is read, from its progress
/// files (a look-up in each station's history is a walk through a tree of its own).
pub struct States<'d, 'a> {
    data: &'a StationData,
    /// The station each entry of each progress file reports, as [`histories`]
    /// gives them.
    owners: &'d [Vec<Option<u32>>],
    quarters: &'d [Quarter],
    /// Station by station, each its quarters in order.
    status: Vec<Status>,
}

impl<'d, 'a> States<'d, 'a> {
    /// The states of the stations of `data`, whose histories are `histories` (the
    /// same order), at `quarters` (ascending).
    pub fn of(
        data: &'a StationData,
        owners: &'d [Vec<Option<u32>>],
        histories: &'d [History<'a>],
        quarters: &'d [Quarter],
    ) -> Self {
        let mut status = vec![Status::Planned; data.stations.len() * quarters.len()];
        status
            .par_chunks_mut(quarters.len().max(1))
            .zip(data.stations.par_iter().zip(histories))
            .for_each(|(row, (s, h))| {
                for (slot, status) in row.iter_mut().zip(statuses_at(s, h, quarters)) {
                    *slot = status;
                }
            });
        States {
            data,
            owners,
            quarters,
            status,
        }
    }

    /// Each station's state at the `k`-th quarter, in station order.
    pub fn column(&self, k: usize) -> impl Iterator<Item = At<'a>> + '_ {
        let q = self.quarters[k];
        // As the histories hold them: of two files of one quarter, the later's.
        let mut entries: Vec<Option<&'a ProgressEntry>> = vec![None; self.data.stations.len()];
        let files = self.data.progress.iter().zip(self.owners);
        for (file, owners) in files.filter(|(f, _)| f.quarter == q) {
            for (entry, owner) in file.stations.iter().zip(owners) {
                if let Some(i) = owner {
                    entries[*i as usize] = Some(entry);
                }
            }
        }
        let statuses = self.status.iter().skip(k).step_by(self.quarters.len());
        self.data
            .stations
            .iter()
            .zip(entries)
            .zip(statuses)
            .map(move |((s, entry), &status)| At {
                status,
                connected_whole_quarter: connected_whole_quarter(s, q),
                entry,
            })
    }
}

/// Whether the station was connected for the whole quarter, so its output measures
/// utilisation fairly (a station connected mid-quarter would look under-performing).
pub fn connected_whole_quarter(station: &Station, q: Quarter) -> bool {
    station.grid_date.is_some_and(|d| d <= q.first_day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::dec;
    use crate::model::{Date, StationKind};

    fn station(status: Status, grid: Option<Date>) -> Station {
        Station {
            id: "s".into(),
            name: "S".into(),
            county: "c".into(),
            town: None,
            village: None,
            kind: StationKind::Village,
            capacity_kw: dec("100"),
            status,
            grid_date: grid,
            investment_yuan: None,
            villages_served: 1,
            beneficiary_households: None,
            beneficiary_people: None,
            monitored_households: None,
            land_use: None,
            om_provider: None,
        }
    }

    fn entry(status: Option<Status>) -> ProgressEntry {
        ProgressEntry {
            station: "s".into(),
            status,
            generation_kwh: dec("0"),
            revenue_yuan: dec("0"),
            ..Default::default()
        }
    }

    #[test]
    fn grid_date_decides_connection() {
        let s = station(Status::GridConnected, Date::new(2017, 2, 15));
        let h = History::new();
        let q1: Quarter = "2017Q1".parse().unwrap();
        assert_eq!(status_at(&s, &h, q1), Status::GridConnected);
        assert_eq!(status_at(&s, &h, q1.previous()), Status::UnderConstruction);
        assert!(!connected_whole_quarter(&s, q1));
        assert!(connected_whole_quarter(&s, "2017Q2".parse().unwrap()));
    }

    #[test]
    fn stated_status_carries_forward() {
        let s = station(Status::Built, None);
        let e = entry(Some(Status::Tendering));
        let mut h = History::new();
        h.insert("2016Q3".parse().unwrap(), &e);
        assert_eq!(status_at(&s, &h, "2016Q2".parse().unwrap()), Status::Built);
        assert_eq!(
            status_at(&s, &h, "2016Q4".parse().unwrap()),
            Status::Tendering
        );
    }

    proptest::proptest! {
        /// The one-pass statuses are what asking quarter by quarter gives, for any
        /// history (statuses stated or not, quarters skipped) and grid date.
        #[test]
        fn statuses_in_one_pass_are_each_quarter_asked_alone(
            current in 0..5usize,
            grid in proptest::option::of((2015..2022i32, 1..=12u32)),
            reported in proptest::collection::vec(proptest::option::of(0..6usize), 0..16),
            asked_from in 0..4usize,
        ) {
            let s = station(Status::ALL[current], grid.and_then(|(y, m)| Date::new(y, m, 1)));
            let first = Quarter::new(2016, 1).unwrap();
            let quarters: Vec<Quarter> =
                std::iter::successors(Some(first), |q| Some(q.next())).take(20).collect();
            // Every other quarter may have an entry; a status index of 5 states none.
            let entries: Vec<ProgressEntry> = reported
                .iter()
                .map(|r| entry(r.and_then(|i| Status::ALL.get(i).copied())))
                .collect();
            let mut h = History::new();
            for (i, (e, r)) in entries.iter().zip(&reported).enumerate() {
                if r.is_some() {
                    h.insert(quarters[i], e);
                }
            }
            let asked = &quarters[asked_from..];
            let series: Vec<Status> = statuses_at(&s, &h, asked).collect();
            let alone: Vec<Status> = asked.iter().map(|&q| status_at(&s, &h, q)).collect();
            proptest::prop_assert_eq!(series, alone);
        }
    }
}
