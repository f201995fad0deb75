//! Hand-computed expectations for the derived figures on a three-station data set.

use super::kpi::kpis;
use super::ranking::rank_counties;
use super::*;
use crate::diagnostics::FieldPath;
use crate::format::Unit;
use crate::load::yaml::parse;
use crate::model::number::dec;
use crate::model::{Dataset, Origin, ProgressFile, Site, Sourced, StationData, Status, Terms};
use std::sync::Arc;

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced {
        value,
        origin: Origin::new("test.yaml", FieldPath::root()),
    }
}

fn list<T: serde::de::DeserializeOwned>(yaml: &str) -> Vec<Sourced<T>> {
    parse::<Vec<T>>("test.yaml", yaml, 0)
        .unwrap()
        .into_iter()
        .map(sourced)
        .collect()
}

/// County `a` (target 2017: 300 kW, 3 stations, 50 households) and `b` (no target).
/// s1: 100 kW connected 2016-12-01; s2: 200 kW connected 2017-02-15; s3: 1 MW in construction.
pub(crate) fn dataset() -> Dataset {
    let site: Site = parse("site.yaml", "title: T\nissuer: I\nregion: R\n", 0).unwrap();
    let counties = list(
        "- id: a\n  name: A县\n  targets:\n    2017: { capacity_kw: 300, grid_connected_stations: 3, beneficiary_households: 50 }\n\
         - id: b\n  name: B县\n",
    );
    let stations = list(
        "- { id: s1, name: S1, county: a, kind: village, capacity_kw: 100, status: grid_connected, grid_date: 2016-12-01, beneficiary_households: 10, beneficiary_people: 30 }\n\
         - { id: s2, name: S2, county: a, kind: village, capacity_kw: 200, status: grid_connected, grid_date: 2017-02-15, beneficiary_households: 20, beneficiary_people: 60 }\n\
         - { id: s3, name: S3, county: b, kind: centralized, capacity_kw: 1000, status: under_construction }\n",
    );
    let q4: ProgressFile = parse(
        "p.yaml",
        "quarter: 2016Q4\nstations:\n  - { station: s1, generation_kwh: 5000, revenue_yuan: 4000 }\n",
        0,
    )
    .unwrap();
    let q1: ProgressFile = parse(
        "p.yaml",
        "quarter: 2017Q1\nstations:\n  - { station: s1, generation_kwh: 30000, revenue_yuan: 25000, distributed_yuan: 20000, public_jobs: 2 }\n  - { station: s2, generation_kwh: 20000, revenue_yuan: 17000 }\n",
        0,
    )
    .unwrap();
    Dataset {
        station_data: Arc::new(StationData {
            site: sourced(site),
            counties,
            stations,
            progress: vec![Arc::new(sourced(q1)), Arc::new(sourced(q4))],
        }),
        bulletins: vec![],
        unreadable: Default::default(),
    }
}

fn q(s: &str) -> Quarter {
    s.parse().unwrap()
}

#[test]
fn quarter_totals() {
    let data = dataset();
    let m = Metrics::compute(&data);
    assert_eq!(m.quarters, vec![q("2016Q4"), q("2017Q1")]);
    let t = &m.region[&q("2017Q1")];
    assert_eq!(t.capacity_kw, dec("1300"));
    assert_eq!(t.grid_connected_kw(), dec("300"));
    assert_eq!(t.grid_connected_stations(), 2);
    assert_eq!(t.generation_kwh, dec("50000"));
    assert_eq!(t.revenue_yuan, dec("42000"));
    assert_eq!(t.distributed_yuan, dec("20000"));
    assert_eq!(t.public_jobs, 2);
    assert_eq!((t.beneficiary_households, t.beneficiary_people), (30, 90));
    // s1 and s2 serve one village each; s3 is not connected.
    assert_eq!((t.villages_served, t.connected_by_kind), (2, [2, 0, 0, 0]));
    // Only s1 ran the whole quarter: 30 000 kWh / 100 kW.
    assert_eq!(t.utilisation_hours(), Some(dec("300")));
    assert_eq!(t.revenue_per_kw(), Some(dec("140")));
    assert_eq!(t.cumulative_revenue_yuan, dec("46000"));
    assert_eq!(
        t.capacity_by_kind_kw,
        [dec("300"), dec("0"), dec("1000"), dec("0")]
    );
}

#[test]
fn a_joint_station_counts_every_village_it_serves() {
    let mut data = dataset();
    // s2 becomes a 联村 station serving 4 villages; s3 (not connected) serves 3.
    data.stations[1].value.kind = crate::model::StationKind::JointVillage;
    data.stations[1].value.villages_served = 4;
    data.stations[2].value.villages_served = 3;
    let m = Metrics::compute(&data);
    let t = &m.region[&q("2017Q1")];
    assert_eq!((t.villages_served, t.connected_by_kind), (5, [1, 1, 0, 0]));
    // In 2016Q4 only s1 was connected.
    assert_eq!(m.region[&q("2016Q4")].villages_served, 1);
    assert_eq!(m.by_county["b"][&q("2017Q1")].villages_served, 0);
}

#[test]
fn earlier_quarter_uses_grid_dates() {
    let data = dataset();
    let m = Metrics::compute(&data);
    let t = &m.region[&q("2016Q4")];
    assert_eq!(t.grid_connected_stations(), 1);
    let under = totals::status_index(Status::UnderConstruction);
    assert_eq!(t.stations_by_status[under], 2);
    // s1 was connected mid-quarter: no fair utilisation figure.
    assert_eq!(t.utilisation_hours(), None);
}

#[test]
fn county_series_and_change() {
    let data = dataset();
    let m = Metrics::compute(&data);
    assert_eq!(m.by_county["a"][&q("2017Q1")].generation_kwh, dec("50000"));
    assert_eq!(m.by_county["b"][&q("2017Q1")].generation_kwh, dec("0"));
    assert_eq!(change(dec("50000"), Some(dec("5000"))), Some(dec("9")));
    assert_eq!(change(dec("1"), Some(dec("0"))), None);
    assert_eq!(change(dec("1"), None), None);
    assert_eq!(m.window(q("2017Q1"), 1), vec![q("2017Q1")]);
    assert_eq!(m.window(q("2017Q1"), 8).len(), 2);
}

#[test]
fn kpis_have_qoq_and_yoy() {
    let data = dataset();
    let m = Metrics::compute(&data);
    let k = kpis(&m, q("2017Q1"), &Terms::default());
    let generation = k.iter().find(|k| k.label == "本季发电量").unwrap();
    assert_eq!(generation.value, Some(dec("50000")));
    assert_eq!(generation.coverage, None);
    assert_eq!(generation.unit, Unit::Kwh);
    assert_eq!(generation.qoq, Some(dec("9")));
    assert_eq!(generation.yoy, None, "no 2016Q1 data");
    let grid = k.iter().find(|k| k.label == "已并网电站").unwrap();
    assert_eq!(grid.qoq, Some(dec("1")), "1 → 2 stations is +100 %");
    let villages = k.iter().find(|k| k.label == "惠及村数").unwrap();
    assert_eq!(
        (villages.value, villages.qoq),
        (Some(dec("2")), Some(dec("1")))
    );
    assert!(kpis(&m, q("2018Q1"), &Terms::default()).is_empty());
}

#[test]
fn ranking_by_completion() {
    let data = dataset();
    let m = Metrics::compute(&data);
    let r = rank_counties(&data, &m, q("2017Q1"));
    assert_eq!(r[0].county_id, "a");
    assert_eq!(r[0].completion, Some(dec("1")));
    assert_eq!(r[0].utilisation_hours, Some(dec("300")));
    assert_eq!(r[0].target_households, Some(50));
    assert_eq!(r[1].county_id, "b");
    assert_eq!(r[1].completion, None);
    assert_eq!(r[1].rank, 2);
    // In 2016 there is no target for either county: ranked by capacity, then id.
    let r = rank_counties(&data, &m, q("2016Q4"));
    assert_eq!(r[0].county_id, "a");
    assert_eq!(r[0].grid_connected_kw, dec("100"));
}

/// County `a` in 2017Q2: s1 ran 300 h but stood still 20 days; s2 ran 100 h against
/// a county average of (30 000 + 20 000) / 300 = dec("166.7") h, below 80 % of it.
fn with_q2(money: &str) -> Dataset {
    let mut data = dataset();
    let q2: ProgressFile = parse(
        "p.yaml",
        &format!(
            "quarter: 2017Q2\nstations:\n  - {{ station: s1, generation_kwh: 30000, revenue_yuan: 25000, downtime_days: 20{money} }}\n  - {{ station: s2, generation_kwh: 20000, revenue_yuan: 15000 }}\n"
        ),
        0,
    )
    .unwrap();
    data.progress.push(Arc::new(sourced(q2)));
    data
}

#[test]
fn om_alerts_flag_downtime_and_low_output() {
    let data = with_q2("");
    let m = Metrics::compute(&data);
    let alerts = alerts::om_alerts(&m, q("2017Q2"), None);
    let ids: Vec<&str> = alerts.iter().map(|a| a.station.id.as_str()).collect();
    assert_eq!(ids, ["s2", "s1"], "lowest hours first");
    assert!(alerts[0].low_output && !alerts[0].long_downtime);
    assert_eq!(alerts[0].hours, Some(dec("100")));
    let avg = alerts[0].county_average.unwrap();
    assert_eq!(avg, dec("50000") / dec("300"));
    assert!(alerts[1].long_downtime && !alerts[1].low_output);
    // In 2017Q1 s2 was connected mid-quarter and s1 ran normally: nothing flagged.
    assert!(alerts::om_alerts(&m, q("2017Q1"), None).is_empty());
    assert!(alerts::om_alerts(&m, q("2017Q2"), Some("b")).is_empty());
}

#[test]
fn money_totals_and_year_to_date() {
    let data = with_q2(
        ", tariff_yuan: 10000, subsidy_yuan: 15000, subsidy_arrears_yuan: 9000, om_cost_yuan: 700, land_rent_yuan: 300, distributed_yuan: 20000, distribution: { public_jobs_yuan: 14000, public_welfare_yuan: 4000, rewards_yuan: 2000 }, households_paid: 8",
    );
    let m = Metrics::compute(&data);
    let t = &m.region[&q("2017Q2")];
    assert_eq!(t.revenue_yuan, dec("40000"));
    assert_eq!(t.distributed_yuan, dec("20000"));
    // s1 paid out 20 000 of its 25 000; s2 reports no distribution, so its revenue
    // does not count against the rate.
    assert_eq!(t.distribution_rate(), Some(dec("0.8")));
    assert_eq!(t.net_revenue(), Some(dec("39000")));
    assert_eq!(t.money.per_household(), Some(dec("2500")));
    assert_eq!(t.money.subsidy_arrears_yuan, Some(dec("9000")));
    assert_eq!(t.money.use_shares().unwrap()[0], dec("0.7"));
    // 本年累计: 2017Q1 (42 000 revenue, 20 000 distributed) + 2017Q2; 2016Q4 not counted.
    assert_eq!(t.year_to_date.revenue_yuan, dec("82000"));
    assert_eq!(t.year_to_date.distributed_yuan, dec("40000"));
    assert_eq!(t.year_to_date.tariff_yuan, Some(dec("10000")));
    assert_eq!(
        m.region[&q("2016Q4")].year_to_date.revenue_yuan,
        dec("4000")
    );
    // Without any money-trail figure the quarter reports none.
    assert!(!m.region[&q("2017Q1")].money.reported());
    assert_eq!(m.region[&q("2017Q1")].net_revenue(), None);
}

#[test]
fn omitted_counts_are_unknown_not_zero() {
    let mut data = dataset();
    // s2 gives no beneficiary_people, and no station reports public jobs in 2016Q4.
    data.stations[1].value.beneficiary_people = None;
    let m = Metrics::compute(&data);
    let t = &m.region[&q("2017Q1")];
    assert_eq!(t.households(), Some(dec("30")));
    assert_eq!(t.people(), Some(dec("30")), "only s1's 30 people are known");
    assert_eq!((t.reported.people, t.grid_connected_stations()), (1, 2));
    // 分配率 over the stations that report a distribution: s1 20 000 of 25 000.
    assert_eq!(t.distribution_rate(), Some(dec("0.8")));
    let k = kpis(&m, q("2017Q1"), &Terms::default());
    let people = k.iter().find(|k| k.label == "受益贫困人口").unwrap();
    assert_eq!(people.coverage, Some((1, 2)));
    let jobs = k.iter().find(|k| k.label == "公益岗位").unwrap();
    assert_eq!((jobs.value, jobs.coverage), (Some(dec("2")), Some((1, 2))));
    let q4 = &m.region[&q("2016Q4")];
    assert_eq!(q4.jobs(), None, "nobody reported jobs: unknown");
    assert_eq!(q4.distributed(), None);
    let k = kpis(&m, q("2016Q4"), &Terms::default());
    assert_eq!(
        k.iter().find(|k| k.label == "公益岗位").unwrap().value,
        None
    );
}

#[test]
fn the_worst_alerts_come_first() {
    use super::alerts::{worst_first, OmAlert};
    let data = dataset();
    let alert = |i: usize, hours: Option<&str>, average: &str, downtime: Option<u32>| OmAlert {
        station: &data.stations[i].value,
        hours: hours.map(dec),
        county_average: Some(dec(average)),
        downtime_days: downtime,
        low_output: true,
        long_downtime: false,
    };
    let alerts = [
        // s1 at half its county's average, 20 days down.
        alert(0, Some("50"), "100", Some(20)),
        // s2 reported nothing: the worst.
        alert(1, None, "100", None),
        // s3 also at half, but 30 days down: before s1.
        alert(2, Some("25"), "50", Some(30)),
    ];
    let order: Vec<&str> = worst_first(&alerts)
        .iter()
        .map(|a| a.station.id.as_str())
        .collect();
    assert_eq!(order, ["s2", "s3", "s1"]);
}

#[test]
fn a_quarter_column_is_what_each_station_history_says() {
    let mut data = dataset();
    // A second file of 2017Q1 (validate refuses it; compute still reads it): the
    // later file's entry counts, as in the histories, and s2 keeps the first's.
    let again: ProgressFile = parse(
        "p.yaml",
        "quarter: 2017Q1\nstations:\n  - { station: s1, generation_kwh: 1, revenue_yuan: 1, status: built }\n  - { station: nowhere, generation_kwh: 2, revenue_yuan: 2 }\n",
        0,
    )
    .unwrap();
    Arc::make_mut(&mut data.station_data)
        .progress
        .push(Arc::new(sourced(again)));
    let (owners, histories) = timeline::histories(&data);
    assert_eq!(owners.last().unwrap(), &vec![Some(0), None]);
    let quarters = [q("2016Q4"), q("2017Q1"), q("2017Q2")];
    let states = timeline::States::of(&data, &owners, &histories, &quarters);
    for (k, &quarter) in quarters.iter().enumerate() {
        let column: Vec<timeline::At> = states.column(k).collect();
        let alone: Vec<timeline::At> = data
            .stations
            .iter()
            .zip(&histories)
            .map(|(s, h)| timeline::At::of(s, h, quarter))
            .collect();
        assert_eq!(column, alone, "{quarter}");
    }
    let s1 = states.column(1).next().unwrap();
    assert_eq!(s1.status, Status::Built);
    assert_eq!(s1.entry.unwrap().generation_kwh, dec("1"));
}
