//! Where each station stood at the end of each quarter.
//!
//! Progress files may omit a station or its status, so the status at a quarter's end
//! is derived by one documented rule (see `status_at`), used by every figure.

use crate::model::{ProgressEntry, Quarter, Station, Status};
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
    if let Some(s) = history.get(&q).and_then(|e| e.status) {
        return s;
    }
    if station.grid_date.is_some_and(|d| d <= q.last_day()) {
        return Status::GridConnected;
    }
    if let Some(s) = history.range(..q).rev().find_map(|(_, e)| e.status) {
        return s;
    }
    if station.status == Status::GridConnected {
        return Status::UnderConstruction;
    }
    station.status
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
}
