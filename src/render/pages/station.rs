//! One page per station: its facts and its quarter-by-quarter history.

use super::county::amount;
use super::money::{money_table, MoneyRowContext};
use super::{Fact, Nav, Section, SiteContext};
use crate::compute::money_table::money_rows;
use crate::compute::notices::notice_years;
use crate::compute::station_series;
use crate::compute::timeline::{connected_whole_quarter, status_at, History};
use crate::format::Unit;
use crate::format::{grouped, int, legend, Marks, NOT_APPLICABLE, NOT_REPORTED};
use crate::model::{Dataset, Decimal, ProgressEntry, Quarter, Station, Terms};
use crate::paths;
use serde::Serialize;

#[derive(Serialize)]
pub struct HistoryRow {
    pub quarter: String,
    pub status: &'static str,
    pub generation_kwh: String,
    pub hours: String,
    pub revenue_yuan: String,
    pub distributed_yuan: String,
    pub public_jobs: String,
    pub downtime_days: String,
}

#[derive(Serialize)]
pub struct StationPage {
    pub site: SiteContext,
    pub nav: Nav,
    pub name: String,
    pub county_name: String,
    pub county_href: String,
    pub facts: Vec<Fact>,
    pub totals: Vec<Fact>,
    /// The legend of the marks the facts table uses.
    pub facts_note: String,
    pub history: Vec<HistoryRow>,
    /// The legend of the marks the history table uses.
    pub history_note: String,
    pub chart: Option<String>,
    /// The 收益分配 table at the latest quarter the station reported one.
    pub money_quarter: Option<String>,
    pub money: Vec<MoneyRowContext>,
    pub money_note: String,
    /// Links to the station's yearly 收益分配公示, newest first.
    pub notices: Vec<NoticeLink>,
}

#[derive(Serialize)]
pub struct NoticeLink {
    pub label: String,
    pub href: String,
}

/// A count the data may omit: `…` when not reported.
fn count(value: Option<u32>) -> String {
    value.map_or(NOT_REPORTED.into(), int)
}

/// A figure the data may omit: `…` when not reported.
fn optional(value: Option<impl Into<Decimal>>, decimals: usize) -> String {
    value.map_or(NOT_REPORTED.into(), |v| grouped(v, decimals))
}

/// What the station is: place, kind, size, status, money, people.
fn station_facts(s: &Station, terms: &Terms) -> Vec<Fact> {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| NOT_REPORTED.into());
    let mut facts = vec![
        Fact::new("电站编号", s.id.clone()),
        Fact::new(
            "所在乡镇（村）",
            format!("{}{}", text(&s.town), s.village.clone().unwrap_or_default()),
        ),
        Fact::new("电站类型", s.kind.label_zh()),
        Fact::new("装机容量", format!("{}千瓦", grouped(s.capacity_kw, 1))),
        Fact::new("建设状态", s.status.label_zh()),
        Fact::new(
            "并网日期",
            s.grid_date.map_or(NOT_APPLICABLE.into(), |d| d.to_string()),
        ),
        Fact::new(
            "总投资",
            s.investment_yuan
                .map_or(NOT_REPORTED.into(), |v| amount(v, Unit::Yuan)),
        ),
        Fact::new("覆盖村数", format!("{}个", s.villages_served)),
        Fact::new(
            format!("{}（人口）", terms.households_label()),
            format!(
                "{}户（{}人）",
                count(s.beneficiary_households),
                count(s.beneficiary_people)
            ),
        ),
        Fact::new("建设模式", text(&s.land_use)),
        Fact::new("运维单位", text(&s.om_provider)),
    ];
    // 监测对象 only where the data gives them (most ledgers have no such column).
    if let Some(monitored) = s.monitored_households {
        let at = facts.len() - 2;
        facts.insert(
            at,
            Fact::new(
                format!("其中{}", terms.monitored),
                format!("{}户", int(monitored)),
            ),
        );
    }
    facts
}

/// Running totals since connection; a figure never reported is —.
fn station_totals(history: &History<'_>) -> Vec<Fact> {
    let sum = |f: fn(&ProgressEntry) -> Decimal| history.values().map(|e| f(e)).sum::<Decimal>();
    let distributed: Vec<Decimal> = history.values().filter_map(|e| e.distributed()).collect();
    vec![
        Fact::new("累计发电量", amount(sum(|e| e.generation_kwh), Unit::Kwh)),
        Fact::new("累计光伏收益", amount(sum(|e| e.revenue_yuan), Unit::Yuan)),
        Fact::new(
            "累计收益分配",
            if distributed.is_empty() {
                NOT_REPORTED.into()
            } else {
                amount(distributed.iter().sum(), Unit::Yuan)
            },
        ),
    ]
}

/// One row per quarter with data, newest first: "…" for a figure the quarter's
/// entry does not report, "—" for hours of a quarter not run whole.
fn history_rows(s: &Station, history: &History<'_>, quarters: &[Quarter]) -> Vec<HistoryRow> {
    quarters
        .iter()
        .rev()
        .map(|&q| {
            let e = history.get(&q);
            let generation = e.map(|e| e.generation_kwh);
            HistoryRow {
                quarter: q.label_zh(),
                status: status_at(s, history, q).label_zh(),
                generation_kwh: optional(generation, 0),
                hours: if connected_whole_quarter(s, q) {
                    optional(generation.map(|g| g / s.capacity_kw), 1)
                } else {
                    NOT_APPLICABLE.into()
                },
                revenue_yuan: optional(e.map(|e| e.revenue_yuan), 0),
                distributed_yuan: optional(e.and_then(|e| e.distributed()), 0),
                public_jobs: optional(e.and_then(|e| e.public_jobs), 0),
                downtime_days: optional(e.and_then(|e| e.downtime_days), 0),
            }
        })
        .collect()
}

/// The page of station `s`; `quarters` are all quarters with data, oldest first.
pub fn station_page(
    data: &Dataset,
    s: &Station,
    history: &History<'_>,
    quarters: &[Quarter],
    chart: Option<String>,
) -> StationPage {
    let county = data.counties.iter().find(|c| c.id == s.county);
    let series = station_series(s, history, quarters);
    let money_quarter = series
        .iter()
        .rev()
        .find(|(_, t)| t.money.reported())
        .map(|(q, _)| *q);
    let notices = notice_years(history)
        .into_iter()
        .rev()
        .map(|year| NoticeLink {
            label: format!("{year}年度收益分配公示"),
            href: format!("../{}", paths::notice_page(year, &s.id)),
        })
        .collect();
    let (money, money_note) = money_table(money_quarter.and_then(|q| money_rows(&series, q)));
    let rows = history_rows(s, history, quarters);
    let history_note = legend(Marks::of(rows.iter().flat_map(|h| {
        [
            h.generation_kwh.as_str(),
            h.hours.as_str(),
            h.revenue_yuan.as_str(),
            h.distributed_yuan.as_str(),
            h.public_jobs.as_str(),
            h.downtime_days.as_str(),
        ]
    })));
    let facts = station_facts(s, &data.site.terms);
    let totals = station_totals(history);
    let facts_note = super::facts_note(facts.iter().chain(&totals));
    StationPage {
        money_quarter: money_quarter.map(|q| q.label_zh()),
        money,
        money_note,
        notices,
        site: SiteContext::new(&data.site),
        nav: Nav::nested(Section::Counties),
        name: s.name.clone(),
        county_name: county.map_or(s.county.clone(), |c| c.name.clone()),
        county_href: format!("../{}", paths::county_page(&s.county)),
        facts,
        totals,
        facts_note,
        history: rows,
        history_note,
        chart,
    }
}
