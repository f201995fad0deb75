//! The village 收益分配公示 pages (one A4 page per station and year) and their index.

use super::{Fact, Nav, Section, SiteContext};
use crate::compute::notices::{Figures, Notice};
use crate::format::{
    adds_up, date_zh, grouped, int, legend, round, Marks, NOT_APPLICABLE, NOT_REPORTED,
    ROUNDING_NOTE,
};
use crate::model::{County, Dataset, Decimal, Use};
use crate::paths;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct NoticeRow {
    pub label: &'static str,
    pub part: bool,
    /// One cell per quarter, then the year.
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct NoticePage {
    pub site: SiteContext,
    pub nav: Nav,
    pub title: String,
    pub station_href: String,
    /// The notice's PDF beside it (linked when built with `--pdf`).
    pub pdf_href: String,
    pub facts: Vec<Fact>,
    /// 统计期间, e.g. `2017年1月1日至2017年12月31日`.
    pub period: String,
    /// Column headers: the quarters, then 全年合计.
    pub columns: Vec<String>,
    pub rows: Vec<NoticeRow>,
    /// Under the table: the unit, the legend of its marks, and the rounding
    /// note when shown quarters or parts do not add up to the shown whole.
    pub note: String,
    pub date: String,
    pub until: String,
    pub days: u32,
    pub phone: Option<String>,
}

type Cell = fn(&Figures) -> Option<Decimal>;

/// The rows of a notice's table, in the order the notice board shows them.
fn row_specs() -> [(&'static str, bool, Cell); 14] {
    [
        ("发电量（千瓦时）", false, |f| {
            Some(f.generation_kwh)
        }),
        ("光伏收益（元）", false, |f| Some(f.revenue_yuan)),
        ("电费收入", true, |f| f.tariff_yuan),
        ("国家补贴", true, |f| f.subsidy_yuan),
        ("运维费用（元）", false, |f| f.om_cost_yuan),
        ("土地租金（元）", false, |f| f.land_rent_yuan),
        ("收益分配合计（元）", false, |f| f.distributed_yuan),
        (Use::PublicJobs.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[0])
        }),
        (Use::PublicWelfare.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[1])
        }),
        (Use::Rewards.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[2])
        }),
        (Use::Other.label_zh(), true, |f| f.by_use_yuan.map(|p| p[3])),
        ("公益岗位（个）", false, |f| {
            f.public_jobs.map(Decimal::from)
        }),
        ("收益到户户数（户）", false, |f| {
            f.households_paid.map(Decimal::from)
        }),
        ("国家补贴拖欠（期末，元）", false, |f| {
            f.subsidy_arrears_yuan
        }),
    ]
}

pub fn notice_page(data: &Dataset, n: &Notice<'_>) -> NoticePage {
    let s = n.station;
    let county = data
        .counties
        .iter()
        .find(|c| c.id == s.county)
        .map_or(s.county.as_str(), |c| c.name.as_str());
    let place = format!(
        "{}{}{}",
        county,
        s.town.clone().unwrap_or_default(),
        s.village.clone().unwrap_or_default()
    );
    let facts = vec![
        Fact::new("电站名称", s.name.clone()),
        Fact::new("所在地", place),
        Fact::new(
            "装机容量",
            format!("{}千瓦（{}）", grouped(s.capacity_kw, 1), s.kind.label_zh()),
        ),
        Fact::new(
            "并网时间",
            s.grid_date.map_or(NOT_APPLICABLE.into(), date_zh),
        ),
        Fact::new("覆盖村数", format!("{}个", s.villages_served)),
        Fact::new(
            data.site.terms.households_label(),
            s.beneficiary_households
                .map_or(NOT_REPORTED.into(), |n| format!("{}户", int(n))),
        ),
    ];
    let mut columns: Vec<String> = n
        .quarters
        .iter()
        .map(|(q, _)| format!("第{}季度", q.q))
        .collect();
    columns.push("全年合计".into());
    let rows: Vec<NoticeRow> = row_specs()
        .into_iter()
        .map(|(label, part, cell)| NoticeRow {
            label,
            part,
            cells: n
                .quarters
                .iter()
                .map(|(_, f)| f)
                .chain(std::iter::once(&n.total))
                .map(|f| cell(f).map_or(NOT_REPORTED.into(), int))
                .collect(),
        })
        .collect();
    let mut note = "单位：元（另注明者除外）。".to_string();
    note.push_str(&legend(Marks::of(
        rows.iter().flat_map(|r| r.cells.iter().map(String::as_str)),
    )));
    if !notice_adds_up(n) {
        note.push_str(ROUNDING_NOTE);
    }
    let first = n.quarters.first().map(|(q, _)| q.first_day());
    let last = n.quarters.last().map(|(q, _)| q.last_day());
    let period = match (first, last) {
        (Some(a), Some(b)) => format!("{}至{}", date_zh(a), date_zh(b)),
        _ => format!("{}年", n.year),
    };
    NoticePage {
        site: SiteContext::new(&data.site),
        nav: Nav::at_depth(2, Section::Notices),
        title: format!("{}{}年度收益分配公示", s.name, n.year),
        station_href: format!("../../{}", paths::station_page(&s.id)),
        pdf_href: format!("{}.pdf", s.id),
        facts,
        period,
        columns,
        rows,
        note,
        date: date_zh(n.date),
        until: date_zh(n.until),
        days: data.site.notice.days,
        phone: data.site.notice.phone.clone(),
    }
}

/// Whether a notice's shown figures (whole yuan) add up: each flow's quarters to
/// its year, 电费 and 补贴 to 收益, the uses to 收益分配合计 — wherever the exact
/// figures do.
fn notice_adds_up(n: &Notice<'_>) -> bool {
    let yuan = |v: Decimal| round(v, 0);
    let flows: [Cell; 11] = [
        |f| Some(f.generation_kwh),
        |f| Some(f.revenue_yuan),
        |f| f.tariff_yuan,
        |f| f.subsidy_yuan,
        |f| f.om_cost_yuan,
        |f| f.land_rent_yuan,
        |f| f.distributed_yuan,
        |f| f.by_use_yuan.map(|p| p[0]),
        |f| f.by_use_yuan.map(|p| p[1]),
        |f| f.by_use_yuan.map(|p| p[2]),
        |f| f.by_use_yuan.map(|p| p[3]),
    ];
    let quarters_add_up = flows.iter().all(|cell| {
        let Some(year) = cell(&n.total) else {
            return true;
        };
        let shown: Vec<Decimal> = n
            .quarters
            .iter()
            .filter_map(|(_, f)| cell(f).map(yuan))
            .collect();
        adds_up(&shown, yuan(year))
    });
    let parts_add_up = |f: &Figures| {
        let income = match (f.tariff_yuan, f.subsidy_yuan) {
            (Some(t), Some(s)) if t + s == f.revenue_yuan => {
                adds_up(&[yuan(t), yuan(s)], yuan(f.revenue_yuan))
            }
            _ => true,
        };
        let uses = match (f.by_use_yuan, f.distributed_yuan) {
            (Some(p), Some(d)) if p.iter().sum::<Decimal>() == d => adds_up(&p.map(yuan), yuan(d)),
            _ => true,
        };
        income && uses
    };
    quarters_add_up && n.quarters.iter().all(|(_, f)| parts_add_up(f)) && parts_add_up(&n.total)
}

/// The notices of one county in one year.
pub struct NoticeGroup<'n, 'a> {
    pub year: i32,
    pub county: &'a County,
    pub notices: Vec<&'n Notice<'a>>,
}

/// Groups notices by year (newest first), then county in data order, in one pass.
pub fn group_notices<'n, 'a>(
    data: &'a Dataset,
    notices: &'n [Notice<'a>],
) -> Vec<NoticeGroup<'n, 'a>> {
    let order: BTreeMap<&str, usize> = data
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut groups: BTreeMap<(Reverse<i32>, usize), Vec<&Notice<'a>>> = BTreeMap::new();
    for n in notices {
        if let Some(&i) = order.get(n.station.county.as_str()) {
            groups.entry((Reverse(n.year), i)).or_default().push(n);
        }
    }
    groups
        .into_iter()
        .map(|((Reverse(year), i), notices)| NoticeGroup {
            year,
            county: &data.counties[i].value,
            notices,
        })
        .collect()
}

#[derive(Serialize)]
pub struct NoticeCountyRow {
    pub name: String,
    pub href: String,
    pub count: usize,
    pub revenue: String,
    pub distributed: String,
}

#[derive(Serialize)]
pub struct NoticeYear {
    pub year: i32,
    pub date: String,
    pub counties: Vec<NoticeCountyRow>,
}

#[derive(Serialize)]
pub struct NoticesIndex {
    pub site: SiteContext,
    pub nav: Nav,
    pub years: Vec<NoticeYear>,
}

fn total(notices: &[&Notice<'_>], f: fn(&Figures) -> Option<Decimal>) -> String {
    let values: Vec<Decimal> = notices.iter().filter_map(|n| f(&n.total)).collect();
    if values.is_empty() {
        NOT_REPORTED.into()
    } else {
        int(values.iter().sum::<Decimal>())
    }
}

/// What the notices index says of one county's notices of one year.
pub struct GroupTotals<'a> {
    pub year: i32,
    pub county: &'a County,
    /// The notice date (the same for the whole year).
    pub date: String,
    pub count: usize,
    pub revenue: String,
    pub distributed: String,
}

impl<'a> GroupTotals<'a> {
    pub fn of(g: &NoticeGroup<'_, 'a>) -> GroupTotals<'a> {
        GroupTotals {
            year: g.year,
            county: g.county,
            date: g.notices.first().map_or(String::new(), |n| date_zh(n.date)),
            count: g.notices.len(),
            revenue: total(&g.notices, |f| Some(f.revenue_yuan)),
            distributed: total(&g.notices, |f| f.distributed_yuan),
        }
    }
}

/// `notices/index.html`: per year (newest first) a row per county, linking to that
/// county's list, so the index stays small however many stations there are.
/// `groups` come newest year first, then in county order.
pub fn notices_index(data: &Dataset, groups: &[GroupTotals<'_>]) -> NoticesIndex {
    let mut years: Vec<NoticeYear> = Vec::new();
    for g in groups {
        if years.last().is_none_or(|y| y.year != g.year) {
            years.push(NoticeYear {
                year: g.year,
                date: g.date.clone(),
                counties: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        year.counties.push(NoticeCountyRow {
            name: g.county.name.clone(),
            href: format!("../{}", paths::notice_list(g.year, &g.county.id)),
            count: g.count,
            revenue: g.revenue.clone(),
            distributed: g.distributed.clone(),
        });
    }
    NoticesIndex {
        site: SiteContext::new(&data.site),
        nav: Nav::nested(Section::Notices),
        years,
    }
}

#[derive(Serialize)]
pub struct NoticeLink {
    pub name: String,
    pub href: String,
    pub village: String,
    pub revenue: String,
    pub distributed: String,
}

#[derive(Serialize)]
pub struct NoticeList {
    pub site: SiteContext,
    pub nav: Nav,
    pub year: i32,
    pub county: String,
    pub county_href: String,
    pub notices: Vec<NoticeLink>,
}

/// One county's notices of one year.
pub fn notice_list(data: &Dataset, g: &NoticeGroup<'_, '_>) -> NoticeList {
    NoticeList {
        site: SiteContext::new(&data.site),
        nav: Nav::at_depth(3, Section::Notices),
        year: g.year,
        county: g.county.name.clone(),
        county_href: format!("../../../{}", paths::county_page(&g.county.id)),
        notices: g
            .notices
            .iter()
            .map(|n| NoticeLink {
                name: n.station.name.clone(),
                href: format!("../{}.html", n.station.id),
                village: n.station.village.clone().unwrap_or_default(),
                revenue: int(n.total.revenue_yuan),
                distributed: n.total.distributed_yuan.map_or(NOT_REPORTED.into(), int),
            })
            .collect(),
    }
}
