//! `template FILE.xlsx`: a blank ledger workbook that `import` reads with no
//! mapping — canonical headers with units, drop-down lists for kind and status,
//! date and number formats, a frozen header row and an instructions sheet.

use crate::format::columns::{header_in, Field};
use crate::model::{Preset, StationKind, Status, Terms};
use anyhow::{bail, Context, Result};
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the workbook (.xlsx)
    pub file: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
    /// The vocabulary of the headers and title, as `terms:` in site.yaml: 2017
    /// (受益贫困户) or 2021 (受益脱贫户, with a 监测对象户数 column)
    #[arg(long, default_value = "2017", value_parser = parse_preset)]
    pub terms: Preset,
}

fn parse_preset(text: &str) -> Result<Preset, String> {
    Preset::from_year(text).ok_or_else(|| format!("`{text}`: the vocabularies are 2017 and 2021"))
}

/// Rows of the ledger sheets that get the drop-downs and formats.
const ROWS: u32 = 2000;

/// The ledger's columns, in order.
const STATION_COLUMNS: [Field; 14] = [
    Field::Id,
    Field::Name,
    Field::County,
    Field::Town,
    Field::Village,
    Field::Kind,
    Field::CapacityKw,
    Field::Status,
    Field::GridDate,
    Field::Households,
    Field::People,
    Field::InvestmentYuan,
    Field::OmProvider,
    Field::Ignored,
];

/// The quarter sheet's columns, in order.
const PROGRESS_COLUMNS: [Field; 11] = [
    Field::Id,
    Field::Name,
    Field::GenerationKwh,
    Field::RevenueYuan,
    Field::TariffYuan,
    Field::SubsidyYuan,
    Field::DistributedYuan,
    Field::PublicJobs,
    Field::DowntimeDays,
    Field::OmCostYuan,
    Field::Ignored,
];

/// The column of `field` in `columns`.
fn position(columns: &[Field], field: Field) -> u16 {
    columns
        .iter()
        .position(|f| *f == field)
        .expect("a column of the sheet") as u16
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.file.extension().and_then(|e| e.to_str()) != Some("xlsx") {
        bail!("the template is an .xlsx workbook: name it e.g. 台账模板.xlsx");
    }
    if args.file.exists() && !args.force {
        bail!(
            "`{}` exists; pass --force to replace it",
            args.file.display()
        );
    }
    let bytes = workbook(&args.terms.terms()).context("cannot build the template workbook")?;
    std::fs::write(&args.file, bytes)
        .with_context(|| format!("cannot write `{}`", args.file.display()))?;
    eprintln!(
        "wrote {}: fill in 电站台账, then `pv-bulletin import stations {}`; 季度运行 with `import progress … --quarter 2017Q1`",
        args.file.display(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The workbook's bytes (the same on every system: see [`crate::format::xlsx`]),
/// its headers and title in the words of `terms`.
pub fn workbook(terms: &Terms) -> Result<Vec<u8>> {
    let mut book = book(terms).context("cannot lay out the workbook")?;
    crate::format::xlsx::save(&mut book)
}

fn book(terms: &Terms) -> Result<Workbook, XlsxError> {
    let title = format!("{}台账模板", terms.stations());
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color("#F2DCDB")
        .set_text_wrap();
    let kinds: Vec<&str> = StationKind::ALL.iter().map(|k| k.label_zh()).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.label_zh()).collect();

    let sheet = book.add_worksheet().set_name("电站台账")?;
    let mut station_columns = STATION_COLUMNS.to_vec();
    if terms.preset == Preset::Y2021 {
        // Since 2021 ledgers count the 监测对象 among the households.
        station_columns.insert(
            position(&STATION_COLUMNS, Field::People) as usize + 1,
            Field::MonitoredHouseholds,
        );
    }
    let station_columns = station_columns.as_slice();
    headers(sheet, station_columns, &header, terms)?;
    let list = |items: &[&str]| DataValidation::new().allow_list_strings(items);
    let at = |field| position(station_columns, field);
    let (kind, status) = (at(Field::Kind), at(Field::Status));
    sheet.add_data_validation(
        1,
        kind,
        ROWS,
        kind,
        &list(&kinds)?.set_error_message("请选择：村级、联村、集中式或户用")?,
    )?;
    sheet.add_data_validation(
        1,
        status,
        ROWS,
        status,
        &list(&statuses)?.set_error_message("请选择：规划、招投标、在建、建成待并网或已并网")?,
    )?;
    sheet.set_column_format(
        at(Field::CapacityKw),
        &Format::new().set_num_format("#,##0.0"),
    )?;
    sheet.set_column_format(
        at(Field::GridDate),
        &Format::new().set_num_format("yyyy-mm-dd"),
    )?;
    for field in [Field::Households, Field::People, Field::InvestmentYuan] {
        sheet.set_column_format(at(field), &Format::new().set_num_format("#,##0"))?;
    }

    let sheet = book.add_worksheet().set_name("季度运行")?;
    headers(sheet, &PROGRESS_COLUMNS, &header, terms)?;
    for col in position(&PROGRESS_COLUMNS, Field::GenerationKwh)
        ..position(&PROGRESS_COLUMNS, Field::Ignored)
    {
        sheet.set_column_format(col, &Format::new().set_num_format("#,##0"))?;
    }

    let sheet = book.add_worksheet().set_name("填写说明")?;
    sheet.set_column_width(0, 100)?;
    sheet.write_string(0, 0, format!("{title}（pv-bulletin）"))?;
    for (row, line) in INSTRUCTIONS.iter().enumerate() {
        sheet.write_string(row as u32 + 1, 0, *line)?;
    }
    Ok(book)
}

fn headers(
    sheet: &mut Worksheet,
    fields: &[Field],
    format: &Format,
    terms: &Terms,
) -> Result<(), XlsxError> {
    for (col, field) in fields.iter().enumerate() {
        let name = &header_in(*field, terms);
        sheet.write_string_with_format(0, col as u16, name, format)?;
        let width = crate::format::display_width(name);
        sheet.set_column_width(col as u16, (width + 2).max(10) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The instructions under the title line.
const INSTRUCTIONS: [&str; 9] = [
    "1. 电站台账：每座电站一行。编号可留空（导入时按名称匹配已有电站，或自动编号）。",
    "2. 县（区）填写 counties.yaml 中的名称或编号；只有一个县时可留空，导入时加 --county 编号。",
    "3. 电站类型、建设状态请从下拉列表选择；已并网电站须填写并网日期。",
    "4. 装机容量单位为千瓦；如用兆瓦，请把表头改为“装机容量（兆瓦）”，导入时自动换算。",
    "5. 季度运行：每座电站一行，发电量单位千瓦时（或把表头改为“发电量（万千瓦时）”），金额单位元（或“万元”）。",
    "6. 合计、小计行不会导入，但会与各行之和核对。",
    "7. 导入：pv-bulletin import stations 本文件.xlsx；pv-bulletin import progress 本文件.xlsx --sheet 季度运行 --quarter 2017Q1",
    "8. 先加 --dry-run 查看将要改动的内容；有任何错误时不会写入任何文件。",
    "9. 导入后自动运行 check，结果须通过校验。",
];
