//! Import: nothing lost, nothing silently wrong, every error at its cell (#24).
//! Every workbook is built here with rust_xlsxwriter; the real binary imports it.

mod common;

use common::{snapshot, stderr, Project};
use rust_xlsxwriter::{Format, Workbook};
use std::path::PathBuf;
use std::process::{Command, Output};

fn import(p: &Project, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .arg("import")
        .args(args)
        .arg("--data")
        .arg(p.data())
        .env("NO_COLOR", "1")
        .env("PV_BULLETIN_TODAY", "2018-01-15")
        .output()
        .unwrap()
}

fn path(p: &Project, name: &str) -> PathBuf {
    p.data().parent().unwrap().join(name)
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.data().join(rel)).unwrap()
}

/// A sheet `name` with a title row, then `rows` (the first is the header).
fn workbook(file: &PathBuf, name: &str, title: Option<&str>, rows: &[Vec<Cell>]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name(name).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let offset = u32::from(title.is_some());
    if let Some(t) = title {
        sheet.write_string(0, 0, t).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + offset, c as u16);
            match cell {
                Cell::T(t) => sheet.write_string(r, c, *t).map(|_| ()),
                Cell::N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                Cell::D(serial) => sheet
                    .write_number_with_format(r, c, *serial, &date)
                    .map(|_| ()),
                Cell::E => Ok(()),
            }
            .unwrap();
        }
    }
    book.save(file).unwrap();
}

#[derive(Clone, Copy)]
enum Cell {
    T(&'static str),
    N(f64),
    /// An Excel date cell (serial day number).
    D(f64),
    E,
}
use Cell::{D, E, N, T};

const STATION_HEADER: [Cell; 6] = [
    T("编号"),
    T("电站名称"),
    T("电站类型"),
    T("装机容量（兆瓦）"),
    T("建设状态"),
    T("并网时间"),
];

/// The entered money trail of alpha-1 in 2017Q1, which a sheet of generation
/// and revenue only must not drop.
const ENTERED: &str = "\
quarter: 2017Q1
stations:
  - station: alpha-1
    generation_kwh: 25000
    revenue_yuan: 20000
    tariff_yuan: 8000
    subsidy_yuan: 12000
    distributed_yuan: 15000
    households_paid: 30
";

#[test]
fn a_progress_reimport_merges_field_by_field_and_names_what_changed() {
    let p = Project::valid();
    p.write("progress/2017Q1.yaml", ENTERED);
    let sheet = path(&p, "2017年一季度.xlsx");
    workbook(
        &sheet,
        "一季度",
        Some("2017年第一季度发电收益统计表"),
        &[
            vec![T("编号"), T("发电量（千瓦时）"), T("收益（元）")],
            vec![T("alpha-1"), N(26000.0), N(20000.0)],
        ],
    );
    let o = import(
        &p,
        &["progress", sheet.to_str().unwrap(), "--quarter", "2017Q1"],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let yaml = read(&p, "progress/2017Q1.yaml");
    assert!(yaml.contains("generation_kwh: 26000"), "{yaml}");
    for kept in [
        "tariff_yuan: 8000",
        "subsidy_yuan: 12000",
        "distributed_yuan: 15000",
        "households_paid: 30",
    ] {
        assert!(yaml.contains(kept), "{kept} was dropped:\n{yaml}");
    }
    assert!(err.contains("1 updated, 0 unchanged"), "{err}");
    assert!(err.contains("fields changed: generation_kwh (1)"), "{err}");

    // The same sheet again: nothing changes, and the summary says so.
    let before = snapshot(&p.data());
    let o = import(
        &p,
        &["progress", sheet.to_str().unwrap(), "--quarter", "2017Q1"],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 updated, 1 unchanged"), "{err}");
    assert!(err.contains("nothing to change"), "{err}");
    assert_eq!(snapshot(&p.data()), before);

    // --replace: the old behaviour, the row replaces the entry.
    let o = import(
        &p,
        &[
            "progress",
            sheet.to_str().unwrap(),
            "--quarter",
            "2017Q1",
            "--replace",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = read(&p, "progress/2017Q1.yaml");
    assert!(!yaml.contains("tariff_yuan"), "{yaml}");
    assert!(stderr(&o).contains("--replace"), "{}", stderr(&o));
}

#[test]
fn a_sheet_naming_another_quarter_is_refused_unless_forced() {
    let p = Project::valid();
    let before = snapshot(&p.data());
    let sheet = path(&p, "二季度.xlsx");
    workbook(
        &sheet,
        "Sheet1",
        Some("2017年第二季度发电量统计表"),
        &[
            vec![T("编号"), T("发电量（千瓦时）"), T("收益（元）")],
            vec![T("alpha-1"), N(26000.0), N(20000.0)],
        ],
    );
    let o = import(
        &p,
        &["progress", sheet.to_str().unwrap(), "--quarter", "2017Q1"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("二季度.xlsx:Sheet1!A1"), "{err}");
    assert!(err.contains("names 2017Q2"), "{err}");
    assert!(err.contains("--quarter 2017Q2?"), "{err}");
    assert_eq!(snapshot(&p.data()), before);

    let o = import(
        &p,
        &[
            "progress",
            sheet.to_str().unwrap(),
            "--quarter",
            "2017Q1",
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn dates_before_2000_after_today_and_excel_day_60_are_errors_at_their_cell() {
    let p = Project::valid();
    let before = snapshot(&p.data());
    let sheet = path(&p, "台账.xlsx");
    // 2099-01-01 is serial 72,686; 1999-12-31 is 36,525.
    workbook(
        &sheet,
        "电站台账",
        None,
        &[
            STATION_HEADER.to_vec(),
            vec![
                T("alpha-1"),
                T("一号"),
                T("村级"),
                N(0.1),
                T("已并网"),
                D(60.0),
            ],
            vec![
                T("alpha-2"),
                T("二号"),
                T("村级"),
                N(0.2),
                T("已并网"),
                D(72686.0),
            ],
            vec![
                T("alpha-3"),
                T("三号"),
                T("村级"),
                N(0.2),
                T("已并网"),
                D(36525.0),
            ],
            vec![
                T("alpha-4"),
                T("四号"),
                T("村级"),
                N(0.2),
                T("已并网"),
                T("2099-02-03"),
            ],
        ],
    );
    let o = import(
        &p,
        &["stations", sheet.to_str().unwrap(), "--county", "alpha"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("台账.xlsx:电站台账!F2: 并网时间: serial day 60 is 1900-02-29"),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!F3: 并网时间: 2099-01-01 is in the future"),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!F4: 并网时间: 1999-12-31 is before 2000"),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!F5: 并网时间: 2099-02-03 is in the future"),
        "{err}"
    );
    assert_eq!(snapshot(&p.data()), before);
}

#[test]
fn every_check_reports_at_the_cell_with_the_value_as_typed() {
    let p = Project::valid();
    let before = snapshot(&p.data());
    let sheet = path(&p, "台账.xlsx");
    workbook(
        &sheet,
        "电站台账",
        None,
        &[
            STATION_HEADER.to_vec(),
            vec![T("alpha-1"), T("一号"), T("村级"), N(1e308), T("在建"), E],
            vec![T("alpha-2"), T("二号"), T("村级"), N(-0.1), T("在建"), E],
            vec![T("../../x"), T("三号"), T("村级"), N(0.1), T("在建"), E],
            vec![T("alpha-9"), T("九号"), T("村级"), N(0.1), T("在建"), E],
            vec![T("alpha-9"), T("九号乙"), T("村级"), N(0.1), T("在建"), E],
        ],
    );
    let o = import(
        &p,
        &["stations", sheet.to_str().unwrap(), "--county", "alpha"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    // Caught while reading the row: 1e308 MW is more kW than a float holds.
    assert!(
        err.contains("台账.xlsx:电站台账!D2: 装机容量（兆瓦）: 1e308 is too large"),
        "{err}"
    );
    assert!(!err.contains("inf"), "{err}");
    // Both rows of a duplicate.
    assert!(
        err.contains("台账.xlsx:电站台账!A6: station `九号乙` (alpha-9) appears twice in the sheet: here and at 台账.xlsx:电站台账!A5"),
        "{err}"
    );
    assert_eq!(snapshot(&p.data()), before);

    // Without the rows the sheet itself refuses, `check` runs on the result and
    // its findings are moved to the cells they came from.
    workbook(
        &sheet,
        "电站台账",
        None,
        &[
            STATION_HEADER.to_vec(),
            vec![T("alpha-2"), T("二号"), T("村级"), N(-0.1), T("在建"), E],
            vec![T("../../x"), T("三号"), T("村级"), N(0.1), T("在建"), E],
        ],
    );
    let o = import(
        &p,
        &["stations", sheet.to_str().unwrap(), "--county", "alpha"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("台账.xlsx:电站台账!D2: 装机容量（兆瓦）: -0.1: "),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!A3: 编号: ../../x: "),
        "{err}"
    );
    assert!(!err.contains("stations/alpha.yaml:"), "{err}");
    assert_eq!(snapshot(&p.data()), before);
}

#[test]
fn a_gbk_csv_with_a_bad_byte_names_its_line() {
    let p = Project::valid();
    let (gbk, _, _) = encoding_rs::GB18030.encode("电站名称,装机容量（千瓦）\n一号,1\n二号,2\n");
    let mut bytes = gbk.into_owned();
    bytes.extend(b"\xff\xfe,3\n");
    let csv = path(&p, "台账.csv");
    std::fs::write(&csv, bytes).unwrap();
    let o = import(
        &p,
        &["stations", csv.to_str().unwrap(), "--county", "alpha"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("台账.csv"), "{err}");
    assert!(
        err.contains("GB18030/GBK (invalid byte at line 4)"),
        "{err}"
    );
}

#[test]
fn errors_stop_at_fifty_per_file() {
    let p = Project::valid();
    let mut csv = String::from("电站名称,电站类型,装机容量（千瓦）,建设状态\n");
    for i in 0..10_000 {
        csv.push_str(&format!("站{i},村级,一百,在建\n"));
    }
    let file = path(&p, "坏.csv");
    std::fs::write(&file, csv).unwrap();
    let o = import(
        &p,
        &["stations", file.to_str().unwrap(), "--county", "alpha"],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert_eq!(
        err.matches("expected a number, found 一百").count(),
        50,
        "{err}"
    );
    assert!(
        err.contains(
            "坏.csv:A52: stopped after 50 errors: this row and the 9949 after it were not checked"
        ),
        "{err}"
    );
}

/// `pv-bulletin new`'s stations carry no `villages_served` (1 is the default);
/// its own download, imported back into a new project, must change no file and
/// say so.
#[test]
fn a_new_projects_own_download_imports_back_truthfully_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("proj");
    let bin = env!("CARGO_BIN_EXE_pv-bulletin");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .current_dir(&project)
            .output()
            .unwrap()
    };
    let o = Command::new(bin).arg("new").arg(&project).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let data = project.join("data");
    let before = snapshot(&data);
    let o = run(&["import", "stations", "public/downloads/stations.xlsx"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 added, 0 updated, 3 unchanged"), "{err}");
    assert!(err.contains("nothing to change"), "{err}");
    assert!(snapshot(&data) == before, "a data file changed");
}
