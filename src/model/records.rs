//! The records of the data contract (`DATA-FORMAT.md`), exactly as users write them.
//!
//! Every struct denies unknown fields so a typo in a key is an error, not a silently
//! ignored value. Field names are the contract: extend, never rename.

use super::calendar::{Date, Quarter};
use super::number::{self, Decimal};
use super::progress::ProgressEntry;
use super::terms::Terms;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `site.yaml`: the publication itself.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub issuer: String,
    pub region: String,
    #[serde(default)]
    pub motto: Option<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub base_path: Option<String>,
    /// Where the site is hosted (`https://…/`): enables `feed.xml` and `sitemap.xml`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Village 收益分配公示 notices: 监督电话 and 公示期.
    #[serde(default)]
    pub notice: Notice,
    /// What the units in `counties.yaml` are called: 县（区） for a city office,
    /// 乡镇 for a county office, 市 for a province. Every label uses it.
    #[serde(default = "default_subdivision")]
    pub subdivision: String,
    /// The words of every generated text: 2017 (光伏扶贫, 贫困户) by default, 2021
    /// (光伏帮扶, 脱贫户), or a preset with single words overridden.
    #[serde(default)]
    pub terms: Terms,
    /// At most this many rows of a per-station list (运维预警) on an issue page,
    /// worst first; the whole list goes to a per-issue download.
    #[serde(default = "default_issue_rows")]
    pub issue_rows: usize,
    /// Extension: marks a data set as sample data; pages then carry a 示例数据 notice.
    #[serde(default)]
    pub sample: bool,
}
/// A bulletin's lists stay readable on paper: 20 rows, as published bulletins print.
fn default_issue_rows() -> usize {
    20
}

/// `notice:` in `site.yaml`: how the village 收益分配公示 pages are posted.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// 监督电话, printed on every notice.
    #[serde(default)]
    pub phone: Option<String>,
    /// 公示期 in days, counted from the notice date.
    #[serde(default = "seven")]
    pub days: u32,
}

fn default_subdivision() -> String {
    DEFAULT_SUBDIVISION.to_string()
}

/// The units of a city office, the tool's first users.
pub const DEFAULT_SUBDIVISION: &str = "县（区）";

impl Site {
    /// The subdivision label as a plain word for compounds: 县（区） → 县区 (as in
    /// 县区与电站, 县区编号); 乡镇 and 市 stay as they are.
    pub fn subdivision_word(&self) -> String {
        self.subdivision.replace(['（', '）', '(', ')'], "")
    }
}

impl Default for Notice {
    fn default() -> Self {
        Notice {
            phone: None,
            days: seven(),
        }
    }
}

fn seven() -> u32 {
    7
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

/// One entry of `counties.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct County {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub targets: BTreeMap<i32, Target>,
}

/// A county's target for one year; completion rates are measured against it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    pub capacity_kw: Option<Decimal>,
    #[serde(default)]
    pub grid_connected_stations: Option<u32>,
    #[serde(default)]
    pub beneficiary_households: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StationKind {
    Village,
    JointVillage,
    Centralized,
    Household,
}

impl StationKind {
    pub const ALL: [StationKind; 4] = [
        StationKind::Village,
        StationKind::JointVillage,
        StationKind::Centralized,
        StationKind::Household,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            StationKind::Village => "村级",
            StationKind::JointVillage => "联村",
            StationKind::Centralized => "集中式",
            StationKind::Household => "户用",
        }
    }
}

/// Where a station is in its life; ordered from plan to operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Tendering,
    UnderConstruction,
    Built,
    GridConnected,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Tendering,
        Status::UnderConstruction,
        Status::Built,
        Status::GridConnected,
    ];

    /// The word the data files use (`grid_connected`).
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Tendering => "tendering",
            Status::UnderConstruction => "under_construction",
            Status::Built => "built",
            Status::GridConnected => "grid_connected",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Planned => "规划",
            Status::Tendering => "招投标",
            Status::UnderConstruction => "在建",
            Status::Built => "建成待并网",
            Status::GridConnected => "已并网",
        }
    }
}

/// One entry of a `stations/*.yaml` list.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Station {
    pub id: String,
    pub name: String,
    pub county: String,
    #[serde(default)]
    pub town: Option<String>,
    #[serde(default)]
    pub village: Option<String>,
    pub kind: StationKind,
    #[serde(
        deserialize_with = "number::figure",
        serialize_with = "number::serialize"
    )]
    pub capacity_kw: Decimal,
    pub status: Status,
    #[serde(default)]
    pub grid_date: Option<Date>,
    #[serde(
        default,
        deserialize_with = "number::optional",
        serialize_with = "number::serialize_optional"
    )]
    pub investment_yuan: Option<Decimal>,
    #[serde(default = "one")]
    pub villages_served: u32,
    /// 建档立卡贫困户 receiving income; omitted is unknown, not 0.
    #[serde(default)]
    pub beneficiary_households: Option<u32>,
    /// Omitted is unknown, not 0 (many ledgers have no people column).
    #[serde(default)]
    pub beneficiary_people: Option<u32>,
    /// Of `beneficiary_households`, those under 防止返贫 monitoring (监测对象);
    /// omitted is unknown. Where the data gives it, pages say 其中监测对象.
    #[serde(default)]
    pub monitored_households: Option<u32>,
    #[serde(default)]
    pub land_use: Option<String>,
    #[serde(default)]
    pub om_provider: Option<String>,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// A `progress/*.yaml` file: one quarter's figures per station.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProgressFile {
    pub quarter: Quarter,
    pub stations: Vec<ProgressEntry>,
}

/// `bulletins/<number>/bulletin.yaml`: one issue (期) of the briefing.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BulletinMeta {
    pub number: u32,
    pub date: Date,
    pub quarter: Quarter,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default = "yes")]
    pub data_section: bool,
    pub columns: Vec<String>,
    #[serde(default)]
    pub main_to: Vec<String>,
    #[serde(default)]
    pub copy_to: Vec<String>,
    #[serde(default)]
    pub copies: Option<u32>,
}

/// The YAML front matter of an article (`bulletins/<number>/*.md`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    pub column: String,
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
}
