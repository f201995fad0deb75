//! The spreadsheet columns of the data fields, in one table: the header every
//! download and the ledger template write (`装机容量（千瓦）`), and the other names
//! `import` also accepts (容量, 建设规模, capacity_kw …). A header written here is
//! one import reads back, so a download edited in Excel imports unchanged.
//!
//! The beneficiaries' headers follow the site's `terms` (受益贫困户 in 2017's words,
//! 受益脱贫户 in 2021's): both vocabularies' words are aliases, and import also
//! reads the headers of the site's own words ([`header_in`]).

use crate::model::Terms;

/// A field of the data as a spreadsheet column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    County,
    Town,
    Village,
    Kind,
    CapacityKw,
    Status,
    GridDate,
    Households,
    People,
    /// Of the households, those under 防止返贫 monitoring (监测对象).
    MonitoredHouseholds,
    InvestmentYuan,
    VillagesServed,
    LandUse,
    OmProvider,
    GenerationKwh,
    RevenueYuan,
    DistributedYuan,
    PublicJobs,
    DowntimeDays,
    TariffYuan,
    SubsidyYuan,
    OmCostYuan,
    LandRentYuan,
    HouseholdsPaid,
    /// 序号, 备注: known, and not imported.
    Ignored,
}

/// What a unit in brackets multiplies a value by, per kind of quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    Power,
    Energy,
    Money,
    Count,
    None,
}

/// A field's column: its header, its unit and the other names it goes by.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub field: Field,
    /// The name written in headers, without the unit.
    pub header: &'static str,
    /// The unit written after the name, in full-width brackets.
    pub unit: Option<&'static str>,
    pub quantity: Quantity,
    /// Other names accepted on import (English ones in lower case without `_`).
    pub aliases: &'static [&'static str],
}

impl Column {
    /// Every name the column goes by, the header first.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.header).chain(self.aliases.iter().copied())
    }
}

/// Every field's column.
pub const COLUMNS: &[Column] = &[
    Column {
        field: Field::Id,
        header: "电站编号",
        unit: None,
        quantity: Quantity::None,
        aliases: &["编号", "id", "stationid", "station"],
    },
    Column {
        field: Field::Name,
        header: "电站名称",
        unit: None,
        quantity: Quantity::None,
        aliases: &["名称", "项目名称", "name", "stationname"],
    },
    Column {
        field: Field::County,
        header: "县（区）",
        unit: None,
        quantity: Quantity::None,
        aliases: &[
            "所属县区",
            "县区",
            "县(区)",
            "县",
            "区县",
            "所属县",
            "所属乡镇",
            "county",
        ],
    },
    Column {
        field: Field::Town,
        header: "乡镇",
        unit: None,
        quantity: Quantity::None,
        aliases: &["乡（镇）", "乡(镇)", "town"],
    },
    Column {
        field: Field::Village,
        header: "村",
        unit: None,
        quantity: Quantity::None,
        aliases: &["村（社区）", "村(社区)", "行政村", "村名", "village"],
    },
    Column {
        field: Field::Kind,
        header: "电站类型",
        unit: None,
        quantity: Quantity::None,
        aliases: &["建设类型", "类型", "kind"],
    },
    Column {
        field: Field::CapacityKw,
        header: "装机容量",
        unit: Some("千瓦"),
        quantity: Quantity::Power,
        aliases: &["容量", "建设规模", "capacity", "capacitykw"],
    },
    Column {
        field: Field::Status,
        header: "建设状态",
        unit: None,
        quantity: Quantity::None,
        aliases: &["状态", "进度", "status"],
    },
    Column {
        field: Field::GridDate,
        header: "并网日期",
        unit: None,
        quantity: Quantity::None,
        aliases: &["并网时间", "griddate"],
    },
    Column {
        field: Field::Households,
        header: "受益贫困户",
        unit: None,
        quantity: Quantity::Count,
        aliases: &[
            "受益户数",
            "受益贫困户数",
            "受益脱贫户",
            "受益脱贫户数",
            "beneficiaryhouseholds",
        ],
    },
    Column {
        field: Field::People,
        header: "受益贫困人口",
        unit: None,
        quantity: Quantity::Count,
        aliases: &["受益人口", "受益脱贫人口", "beneficiarypeople"],
    },
    Column {
        field: Field::MonitoredHouseholds,
        header: "监测对象户数",
        unit: None,
        quantity: Quantity::Count,
        aliases: &[
            "其中监测对象",
            "其中监测对象户数",
            "监测户",
            "监测户数",
            "监测对象",
            "monitoredhouseholds",
        ],
    },
    Column {
        field: Field::InvestmentYuan,
        header: "总投资",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["投资", "投资额", "investment", "investmentyuan"],
    },
    Column {
        field: Field::VillagesServed,
        header: "覆盖村数",
        unit: None,
        quantity: Quantity::Count,
        aliases: &["villagesserved"],
    },
    Column {
        field: Field::LandUse,
        header: "建设模式",
        unit: None,
        quantity: Quantity::None,
        aliases: &["用地类型", "landuse"],
    },
    Column {
        field: Field::OmProvider,
        header: "运维单位",
        unit: None,
        quantity: Quantity::None,
        aliases: &["omprovider"],
    },
    Column {
        field: Field::GenerationKwh,
        header: "发电量",
        unit: Some("千瓦时"),
        quantity: Quantity::Energy,
        aliases: &["本季发电量", "generation", "generationkwh"],
    },
    Column {
        field: Field::RevenueYuan,
        header: "光伏收益",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["收益", "发电收益", "到账收益", "revenue", "revenueyuan"],
    },
    Column {
        field: Field::DistributedYuan,
        header: "收益分配",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["分配金额", "分配", "distributed", "distributedyuan"],
    },
    Column {
        field: Field::PublicJobs,
        header: "公益岗位",
        unit: None,
        quantity: Quantity::Count,
        aliases: &["公益岗位数", "publicjobs"],
    },
    Column {
        field: Field::DowntimeDays,
        header: "停运天数",
        unit: None,
        quantity: Quantity::Count,
        aliases: &["downtimedays"],
    },
    Column {
        field: Field::TariffYuan,
        header: "电费收入",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["电费", "tariff", "tariffyuan"],
    },
    Column {
        field: Field::SubsidyYuan,
        header: "国家补贴",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["补贴", "补贴收入", "subsidy", "subsidyyuan"],
    },
    Column {
        field: Field::OmCostYuan,
        header: "运维费用",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["运维费", "omcost", "omcostyuan"],
    },
    Column {
        field: Field::LandRentYuan,
        header: "土地租金",
        unit: Some("元"),
        quantity: Quantity::Money,
        aliases: &["租金", "landrent", "landrentyuan"],
    },
    Column {
        field: Field::HouseholdsPaid,
        header: "收益到户户数",
        unit: None,
        quantity: Quantity::Count,
        aliases: &["到户户数", "householdspaid"],
    },
    Column {
        field: Field::Ignored,
        header: "备注",
        unit: None,
        quantity: Quantity::None,
        aliases: &["序号", "no", "note", "notes", "remark"],
    },
];

/// The column of `field`.
pub fn column(field: Field) -> &'static Column {
    COLUMNS
        .iter()
        .find(|c| c.field == field)
        .expect("every field has a column")
}

/// The header of `field` as pv-bulletin writes it: `装机容量（千瓦）`, `电站名称`;
/// the beneficiaries' in 2017's words (受益贫困户).
pub fn header(field: Field) -> String {
    header_in(field, &Terms::default())
}

/// The header of `field` in the words of `terms`: 受益脱贫户 with 2021's, and
/// `受益<word>` with a word of the site's own.
pub fn header_in(field: Field, terms: &Terms) -> String {
    let c = column(field);
    let name = match field {
        Field::Households => terms.households_label(),
        Field::People => terms.people_label(),
        Field::MonitoredHouseholds => format!("{}户数", terms.monitored),
        _ => c.header.to_string(),
    };
    match c.unit {
        Some(unit) => format!("{name}（{unit}）"),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_column_and_headers_carry_units() {
        for c in COLUMNS {
            let same = COLUMNS.iter().filter(|o| o.field == c.field).count();
            assert_eq!(same, 1, "{:?}", c.field);
        }
        assert_eq!(header(Field::CapacityKw), "装机容量（千瓦）");
        assert_eq!(header(Field::Id), "电站编号");
    }

    #[test]
    fn beneficiaries_are_named_in_the_sites_words_and_read_in_both() {
        let y2021 = crate::model::Preset::Y2021.terms();
        assert_eq!(header(Field::Households), "受益贫困户");
        assert_eq!(header_in(Field::Households, &y2021), "受益脱贫户");
        assert_eq!(header_in(Field::People, &y2021), "受益脱贫人口");
        assert_eq!(
            header_in(Field::MonitoredHouseholds, &y2021),
            "监测对象户数"
        );
        // Both presets' headers are names of the column.
        for terms in [Terms::default(), y2021] {
            for field in [Field::Households, Field::People, Field::MonitoredHouseholds] {
                let written = header_in(field, &terms);
                assert!(column(field).names().any(|n| n == written), "{written}");
            }
        }
    }
}
