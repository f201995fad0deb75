//! Rules for `site.yaml`, `counties.yaml` and `stations/*.yaml`.

use super::plausible;
use super::registry::Registry;
use super::Report;
use crate::diagnostics::Code;
use crate::model::{Dataset, Language, Station, Status};

pub fn check_site(data: &Dataset, out: &mut Report) {
    let site = &data.site;
    for (field, value) in [
        ("title", &site.title),
        ("issuer", &site.issuer),
        ("region", &site.region),
        ("subdivision", &site.subdivision),
    ] {
        // An empty origin marks the stand-in for an unreadable site.yaml, already reported.
        if value.trim().is_empty() && !site.origin.file.is_empty() {
            out.error(Code::Empty, &site.origin.field(field), "must not be empty");
        }
    }
    check_notice(data, out);
    check_base_url(data, out);
    check_subdivision(data, out);
    check_terms(data, out);
    if data.site.issue_rows == 0 {
        out.error(
            Code::InvalidValue,
            &data.site.origin.field("issue_rows"),
            "issue_rows: 0 would leave the issue page's lists empty".to_string(),
        )
        .hint = Some("the most rows a list shows on an issue page, e.g. 20 (the default)".into());
    }
    if data.site.language == Language::En {
        out.error(
            Code::InvalidValue,
            &site.origin.field("language"),
            "`language: en` is not supported: every generated label, date and chart \
             sentence is Chinese, so an English site would be mostly Chinese",
        )
        .hint = Some("remove `language`, or set `language: zh-CN`".into());
    }
}

/// `subdivision` goes into headings, table headers and sentences (各乡镇, 本乡镇平均):
/// a short label, one line.
fn check_subdivision(data: &Dataset, out: &mut Report) {
    let label = &data.site.subdivision;
    if label.chars().count() > 8 || label.chars().any(char::is_control) {
        out.error(
            Code::InvalidValue,
            &data.site.origin.field("subdivision"),
            format!("`{label}` is not a short label for the units in counties.yaml"),
        )
        .hint = Some("use 县（区）, 乡镇, 市 or another label of at most 8 characters".into());
    }
}

/// Each word of `terms` goes into headings, headers and sentences (受益脱贫户,
/// 光伏帮扶电站): a short word, one line, not empty.
fn check_terms(data: &Dataset, out: &mut Report) {
    for (key, word) in data.site.terms.words() {
        let bad = word.trim().is_empty()
            || word.chars().count() > 12
            || word.chars().any(|c| c.is_control() || c.is_whitespace());
        if bad {
            out.error(
                Code::InvalidValue,
                &data.site.origin.field("terms").field(key),
                format!("`{word}` is not a word for generated text"),
            )
            .hint = Some(format!(
                "a short word without spaces, at most 12 characters (2021's is {})",
                crate::model::Preset::Y2021
                    .terms()
                    .words()
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or("", |(_, w)| w)
            ));
        }
    }
}

/// `base_url` becomes the start of every link in the feed and sitemap: an absolute
/// http(s) address with a host, and nothing a URL cannot hold.
fn check_base_url(data: &Dataset, out: &mut Report) {
    let Some(url) = &data.site.base_url else {
        return;
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
    let chars_ok = !url
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '#' | '?'));
    if !host_ok || !chars_ok {
        out.error(
            Code::InvalidValue,
            &data.site.origin.field("base_url"),
            format!("expected the site's address as https://host/path/, found `{url}`"),
        )
        .hint = Some("e.g. base_url: https://fpb.example.gov.cn/jianbao/".into());
    }
}

/// 公示期 is counted in days; a year is the longest any rule asks for.
const NOTICE_DAYS: std::ops::RangeInclusive<u32> = 1..=365;

fn check_notice(data: &Dataset, out: &mut Report) {
    let days = data.site.notice.days;
    if !NOTICE_DAYS.contains(&days) {
        out.error(
            Code::OutOfRange,
            &data.site.origin.field("notice").field("days"),
            format!("expected 1..365 days of 公示期, found {days}"),
        );
    }
}

pub fn check_counties<'a>(data: &'a Dataset, out: &mut Report) -> Registry<'a, ()> {
    let mut counties = Registry::new("county", data.complete("counties.yaml"));
    for c in &data.counties {
        counties.define(&c.id, &c.origin, (), out);
        if c.name.trim().is_empty() {
            out.error(Code::Empty, &c.origin.field("name"), "must not be empty");
        }
        for (year, t) in &c.targets {
            let at = c.origin.field("targets").field(&year.to_string());
            if !(2000..=2100).contains(year) {
                out.error(
                    Code::OutOfRange,
                    &at,
                    format!("target year {year} is outside 2000..2100"),
                );
            }
            if let Some(kw) = t.capacity_kw {
                out.non_negative(|| at.field("capacity_kw"), kw, true);
            }
        }
    }
    counties
}

/// Checks every station; returns the registry of valid stations for later references.
pub fn check_stations<'a>(
    data: &'a Dataset,
    counties: &Registry<'a, ()>,
    out: &mut Report,
) -> Registry<'a, &'a Station> {
    let mut stations = Registry::new("station", data.complete("stations/"));
    for s in &data.stations {
        stations.define(&s.id, &s.origin, &s.value, out);
        counties.resolve(&s.county, || s.origin.field("county"), out);
        if s.name.trim().is_empty() {
            out.error(Code::Empty, &s.origin.field("name"), "must not be empty");
        }
        let capacity_ok = out.non_negative(|| s.origin.field("capacity_kw"), s.capacity_kw, true);
        if capacity_ok {
            plausible::capacity(s, out);
        }
        if let Some(v) = s.investment_yuan {
            if out.non_negative(|| s.origin.field("investment_yuan"), v, false) && capacity_ok {
                plausible::investment(s, v, out);
            }
        }
        if s.villages_served == 0 {
            out.error(
                Code::OutOfRange,
                &s.origin.field("villages_served"),
                "expected 1 or more",
            );
        }
        if s.status == Status::GridConnected && s.grid_date.is_none() {
            out.error(
                Code::MissingField,
                &s.origin.field("grid_date"),
                "missing: a grid_connected station needs its grid_date (YYYY-MM-DD)",
            );
        }
        // Only when both are given: an omitted count is unknown, not 0.
        if let (Some(people), Some(households)) = (s.beneficiary_people, s.beneficiary_households) {
            if people < households {
                out.warning(
                    Code::Inconsistent,
                    &s.origin.field("beneficiary_people"),
                    format!(
                        "fewer people ({people}) than households ({households}); is one of them swapped?"
                    ),
                );
            }
        }
        // 监测对象 are counted among the beneficiary households ("of which").
        if let (Some(monitored), Some(households)) =
            (s.monitored_households, s.beneficiary_households)
        {
            if monitored > households {
                out.error(
                    Code::Inconsistent,
                    &s.origin.field("monitored_households"),
                    format!(
                        "{monitored} monitored households, more than the station's \
                         {households} beneficiary households they are counted among"
                    ),
                )
                .hint = Some(
                    "monitored_households says how many of beneficiary_households are 监测对象"
                        .into(),
                );
            }
        }
    }
    stations
}
