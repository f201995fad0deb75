//! The records of the data contract (`DATA-FORMAT.md`), exactly as users write them.
//!
//! Every struct denies unknown fields so a typo in a key is an error, not a silently
//! ignored value. Field names are the contract: extend, never rename.

use super::calendar::{Date, Quarter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `site.yaml`: the publication itself.
#[derive(Clone, Debug, Deserialize, Serialize)]
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
    /// Extension: marks a data set as sample data; pages then carry a 示例数据 notice.
    #[serde(default)]
    pub sample: bool,
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub targets: BTreeMap<i32, Target>,
}

/// A county's target for one year; completion rates are measured against it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(default)]
    pub capacity_kw: Option<f64>,
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
#[derive(Clone, Debug, Deserialize, Serialize)]
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
    pub capacity_kw: f64,
    pub status: Status,
    #[serde(default)]
    pub grid_date: Option<Date>,
    #[serde(default)]
    pub investment_yuan: Option<f64>,
    #[serde(default = "one")]
    pub villages_served: u32,
    #[serde(default)]
    pub beneficiary_households: u32,
    #[serde(default)]
    pub beneficiary_people: u32,
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressFile {
    pub quarter: Quarter,
    pub stations: Vec<ProgressEntry>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressEntry {
    pub station: String,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub generation_kwh: f64,
    #[serde(default)]
    pub revenue_yuan: f64,
    #[serde(default)]
    pub distributed_yuan: Option<f64>,
    #[serde(default)]
    pub public_jobs: Option<u32>,
    #[serde(default)]
    pub downtime_days: Option<u32>,
}

/// `bulletins/<number>/bulletin.yaml`: one issue (期) of the briefing.
#[derive(Clone, Debug, Deserialize, Serialize)]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    pub column: String,
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
}
