//! `import` and `template` as an office uses them: workbooks are built here with
//! rust_xlsxwriter (no opaque binary fixtures), imported with the real binary,
//! and the resulting YAML is read back and checked.

mod common;

use common::{snapshot, stderr, Project};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn import(p: &Project, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .arg("import")
        .args(args)
        .arg("--data")
        .arg(p.data())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn file(p: &Project, name: &str) -> PathBuf {
    p.data().parent().unwrap().join(name)
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.data().join(rel)).unwrap()
}

/// A ledger as offices keep it: a merged title row, Chinese headers with units,
/// a 序号 and a 备注 column, MW, a date cell and text dates, labels, a number
/// stored as text, an empty row and a 合计 row.
fn ledger(path: &Path, total_mw: f64) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("电站台账").unwrap();
    let title = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 9, "甲县光伏扶贫电站台账（2017年）", &title)
        .unwrap();
    let headers = [
        "序号",
        "电站名称",
        "县（区）",
        "乡镇",
        "村（社区）",
        "电站类型",
        "装机容量(MW)",
        "建设状态",
        "并网时间",
        "受益贫困户（户）",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // 一号 exists (alpha-1): it keeps its id and its people count (no such column).
    type LedgerRow<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        f64,
        &'a str,
        &'a str,
    );
    let rows: [LedgerRow; 3] = [
        (
            "一号村级光伏电站",
            "甲县",
            "城关镇",
            "东关村",
            "村级",
            0.1,
            "已并网",
            "",
        ),
        (
            "张楼村村级光伏电站",
            "甲县",
            "城关镇",
            "张楼村",
            "联建",
            0.3,
            "已并网",
            "2017年2月15日",
        ),
        (
            "李庄村村级光伏电站",
            "甲",
            "王店乡",
            "李庄村",
            "村级",
            0.2,
            "在建",
            "",
        ),
    ];
    for (i, (name, county, town, village, kind, mw, status, grid)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [(1, name), (2, county), (3, town), (4, village), (5, kind)] {
            sheet.write_string(r, c, *v).unwrap();
        }
        if i == 2 {
            sheet.write_string(r, 6, " 0.2 ").unwrap(); // a number stored as text
        } else {
            sheet.write_number(r, 6, *mw).unwrap();
        }
        sheet.write_string(r, 7, *status).unwrap();
        if i == 0 {
            let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 5, 1).unwrap();
            sheet.write_datetime_with_format(r, 8, &d, &date).unwrap();
        } else if !grid.is_empty() {
            sheet.write_string(r, 8, *grid).unwrap();
        }
        sheet.write_number(r, 9, 30.0 + i as f64).unwrap();
    }
    // row 5 stays empty; row 6 is the total
    sheet.write_string(6, 0, "合计").unwrap();
    sheet.write_number(6, 6, total_mw).unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_real_ledger_imports_and_reimports_unchanged() {
    let p = Project::valid();
    let path = file(&p, "台账.xlsx");
    ledger(&path, 0.6);
    let o = import(&p, &["stations", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("2 added, 1 updated, 0 unchanged, 1 kept"),
        "{err}"
    );
    assert!(
        err.contains("二号村级光伏电站 (alpha-2)"),
        "the missing station is listed: {err}"
    );
    assert!(err.contains("`check` passes"), "{err}");
    let yaml = read(&p, "stations/alpha.yaml");
    let stations: Vec<serde_yaml::Value> = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(stations.len(), 4, "{yaml}");
    let by_name = |n: &str| {
        stations
            .iter()
            .find(|s| s["name"].as_str() == Some(n))
            .unwrap()
            .clone()
    };
    let one = by_name("一号村级光伏电站");
    assert_eq!(
        one["id"].as_str(),
        Some("alpha-1"),
        "same name, same county: same id"
    );
    assert_eq!(one["capacity_kw"].as_f64(), Some(100.0), "0.1 MW");
    assert_eq!(
        one["grid_date"].as_str(),
        Some("2016-05-01"),
        "Excel date cell"
    );
    assert_eq!(
        one["beneficiary_people"].as_u64(),
        Some(90),
        "kept: no such column"
    );
    assert_eq!(one["village"].as_str(), Some("东关村"));
    let zhang = by_name("张楼村村级光伏电站");
    assert_eq!(zhang["id"].as_str(), Some("alpha-3"), "next free id");
    assert_eq!(zhang["kind"].as_str(), Some("joint_village"), "联建");
    assert_eq!(zhang["capacity_kw"].as_f64(), Some(300.0), "no float noise");
    assert_eq!(zhang["grid_date"].as_str(), Some("2017-02-15"), "text date");
    let li = by_name("李庄村村级光伏电站");
    assert_eq!(
        li["capacity_kw"].as_f64(),
        Some(200.0),
        "number stored as text"
    );
    assert_eq!(li["status"].as_str(), Some("under_construction"));
    assert_eq!(li["county"].as_str(), Some("alpha"), "甲 matches 甲县");
    assert!(
        by_name("二号村级光伏电站")["id"].as_str() == Some("alpha-2"),
        "kept"
    );

    let again = import(&p, &["stations", path.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("nothing to change"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        read(&p, "stations/alpha.yaml"),
        yaml,
        "byte-identical on re-import"
    );
    assert!(p.run("check").status.success());
}

/// The flow an office follows: download `stations.xlsx` from the published site,
/// edit it in Excel, import it. Unedited, it must change nothing in hand-written
/// YAML (no `100.0` for `100`, no dropped keys).
#[test]
fn the_sites_own_stations_download_imports_back_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for e in walkdir::WalkDir::new(common::sample_data()) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(common::sample_data()).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(data.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), data.join(rel)).unwrap();
        }
    }
    let out = tmp.path().join("public");
    common::build_sample_into(&out);
    let before = snapshot(&data);
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["import", "stations"])
        .arg(out.join("downloads/stations.xlsx"))
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let stations: usize = before
        .iter()
        .filter(|(f, _)| f.starts_with("stations/"))
        .map(|(_, b)| {
            let text = String::from_utf8_lossy(b);
            text.lines().filter(|l| l.starts_with("- id:")).count()
        })
        .sum();
    assert!(
        err.contains(&format!("0 added, 0 updated, {stations} unchanged, 0 kept")),
        "{err}"
    );
    assert!(err.contains("nothing to change"), "{err}");
    assert!(snapshot(&data) == before, "the data directory changed");
}

/// Two stations of one county may share a name (phase 1 and 2 of a village's
/// station, say): an 编号 column tells them apart, and without it the name is
/// ambiguous — an error, never one station overwritten with the other's row.
#[test]
fn stations_sharing_a_name_are_told_apart_by_id_or_refused() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &common::STATIONS.replace("二号村级光伏电站", "一号村级光伏电站"),
    );
    let with_ids = file(&p, "with-ids.csv");
    std::fs::write(
        &with_ids,
        "编号,电站名称,县（区）,电站类型,装机容量（千瓦）,建设状态\n\
         alpha-2,一号村级光伏电站,alpha,村级,250,建成待并网\n\
         alpha-1,一号村级光伏电站,alpha,村级,100,已并网\n",
    )
    .unwrap();
    let o = import(&p, &["stations", with_ids.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 added, 1 updated, 1 unchanged"), "{err}");
    let stations: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&read(&p, "stations/alpha.yaml")).unwrap();
    let ids: Vec<(&str, f64)> = stations
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["capacity_kw"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ids, [("alpha-1", 100.0), ("alpha-2", 250.0)]);

    let before = snapshot(&p.data());
    let by_name = file(&p, "by-name.csv");
    std::fs::write(
        &by_name,
        "电站名称,县（区）,电站类型,装机容量（千瓦）,建设状态\n\
         一号村级光伏电站,alpha,村级,120,已并网\n",
    )
    .unwrap();
    let o = import(&p, &["stations", by_name.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("by-name.csv:")
            && err.contains("names 2 stations in `alpha` (alpha-1, alpha-2)")
            && err.contains("add an 编号 column"),
        "{err}"
    );
    assert!(snapshot(&p.data()) == before, "nothing written");
}

#[test]
fn a_total_that_disagrees_is_a_warning() {
    let p = Project::valid();
    let path = file(&p, "台账.xlsx");
    ledger(&path, 0.7);
    let o = import(&p, &["stations", path.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning[inconsistent]: 台账.xlsx:电站台账!G7"),
        "{err}"
    );
    assert!(err.contains("dry run: nothing was written"), "{err}");
    assert!(
        !read(&p, "stations/alpha.yaml").contains("张楼村"),
        "dry run writes nothing"
    );
}

#[test]
fn a_bad_cell_names_file_sheet_cell_and_header_and_writes_nothing() {
    let p = Project::valid();
    let before = snapshot(&p.data());
    let path = file(&p, "台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("电站台账").unwrap();
    for (c, h) in ["电站名称", "电站类型", "装机容量（千瓦）", "建设状态"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..10u32 {
        sheet.write_string(r, 0, format!("{r}号电站")).unwrap();
        sheet.write_string(r, 1, "村级").unwrap();
        sheet.write_number(r, 2, 100.0).unwrap();
        sheet.write_string(r, 3, "规划").unwrap();
    }
    sheet.write_string(9, 2, "一八七点二").unwrap();
    sheet.write_string(5, 1, "光伏").unwrap();
    sheet
        .write_formula(7, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    book.save(&path).unwrap();
    let o = import(
        &p,
        &["stations", path.to_str().unwrap(), "--county", "alpha"],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(
            "台账.xlsx:电站台账!C10: 装机容量（千瓦）: expected a number, found 一八七点二"
        ),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!B6: 电站类型: expected 村级"),
        "{err}"
    );
    assert!(
        err.contains("台账.xlsx:电站台账!C8") && err.contains("#DIV/0!"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(&p.data()), before, "data untouched");
}

#[test]
fn progress_from_a_gb18030_csv_in_wan_units() {
    let p = Project::valid();
    let csv = "2017年一季度光伏电站运行情况,,,\r\n电站名称,发电量（万千瓦时）,收益（万元）,公益岗位（个）\r\n一号村级光伏电站,2.6,\"2.1\",3\r\n合计,2.6,2.1,3\r\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(csv);
    let path = file(&p, "一季度.csv");
    std::fs::write(&path, &gbk).unwrap();
    let o = import(
        &p,
        &["progress", path.to_str().unwrap(), "--quarter", "2017Q1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("GB18030"), "{}", stderr(&o));
    let yaml = read(&p, "progress/2017Q1.yaml");
    assert!(
        yaml.contains(
            "- { station: alpha-1, generation_kwh: 26000, revenue_yuan: 21000, public_jobs: 3 }"
        ),
        "{yaml}"
    );
    let unknown = "电站名称,发电量（千瓦时）\n不存在的电站,100\n";
    std::fs::write(&path, unknown).unwrap();
    let o = import(
        &p,
        &["progress", path.to_str().unwrap(), "--quarter", "2017Q1"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("一季度.csv:A2") && stderr(&o).contains("不存在的电站"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        read(&p, "progress/2017Q1.yaml"),
        yaml,
        "unchanged after the error"
    );
}

#[test]
fn a_filled_template_imports_and_builds_like_the_same_yaml() {
    // Two projects: one gets its stations from the filled template, the other
    // the same stations written by hand. Their sites must be byte-identical.
    let by_hand = Project::valid();
    let imported = Project::valid();
    imported.write("stations/alpha.yaml", "[]\n");
    imported.write("progress/2017Q1.yaml", "quarter: 2017Q1\nstations: []\n");
    let path = file(&imported, "模板.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["template"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));

    // Fill it: the test opens the template and writes the same two stations.
    use calamine::{open_workbook_auto, Reader};
    let mut wb: calamine::Sheets<_> = open_workbook_auto(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["电站台账", "季度运行", "填写说明"]);
    let headers: Vec<String> = wb
        .worksheet_range("电站台账")
        .unwrap()
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("电站台账").unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let col = |name: &str| headers.iter().position(|h| h.starts_with(name)).unwrap() as u16;
    let rows = [
        (
            "alpha-1",
            "一号村级光伏电站",
            "村级",
            100.0,
            "已并网",
            Some("2016-05-01"),
            Some(30.0),
            Some(90.0),
        ),
        (
            "alpha-2",
            "二号村级光伏电站",
            "村级",
            200.0,
            "建成待并网",
            None,
            None,
            None,
        ),
    ];
    for (i, (id, name, kind, kw, status, grid, hh, people)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, col("电站编号"), *id).unwrap();
        sheet.write_string(r, col("电站名称"), *name).unwrap();
        sheet.write_string(r, col("县（区）"), "甲县").unwrap();
        sheet.write_string(r, col("电站类型"), *kind).unwrap();
        sheet.write_number(r, col("装机容量"), *kw).unwrap();
        sheet.write_string(r, col("建设状态"), *status).unwrap();
        if let Some(g) = grid {
            sheet.write_string(r, col("并网日期"), *g).unwrap();
        }
        if let Some(h) = hh {
            sheet.write_number(r, col("受益贫困户"), *h).unwrap();
        }
        if let Some(n) = people {
            sheet.write_number(r, col("受益贫困人口"), *n).unwrap();
        }
    }
    let sheet = book.add_worksheet().set_name("季度运行").unwrap();
    for (c, h) in ["编号", "电站名称", "发电量（千瓦时）", "收益（元）"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "alpha-1").unwrap();
    sheet.write_number(1, 2, 25000.0).unwrap();
    sheet.write_number(1, 3, 20000.0).unwrap();
    book.save(&path).unwrap();

    let o = import(&imported, &["stations", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = import(
        &imported,
        &[
            "progress",
            path.to_str().unwrap(),
            "--sheet",
            "季度运行",
            "--quarter",
            "2017Q1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(&path).unwrap();
    for p in [&by_hand, &imported] {
        let o = p.run("build");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let a = snapshot(&by_hand.out());
    let b = snapshot(&imported.out());
    assert_eq!(a.len(), b.len());
    for ((fa, ba), (fb, bb)) in a.iter().zip(&b) {
        assert_eq!(fa, fb);
        assert!(
            ba == bb,
            "{fa} differs between the YAML and the imported build"
        );
    }
}

/// A zip whose central directory claims `declared` unpacked bytes for one tiny
/// entry: what a zip bomb looks like to a reader before it inflates anything.
fn zip_claiming(declared: u32) -> Vec<u8> {
    let name = b"xl/worksheets/sheet1.xml";
    let data = b"<worksheet/>";
    let crc = 0u32;
    let mut out = Vec::new();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    // local file header
    out.extend(le32(0x0403_4b50));
    out.extend(le16(20));
    out.extend(le16(0));
    out.extend(le16(0)); // stored
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(crc));
    out.extend(le32(data.len() as u32));
    out.extend(le32(declared));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0));
    out.extend(name);
    out.extend(data);
    let central = out.len() as u32;
    out.extend(le32(0x0201_4b50));
    out.extend(le16(20));
    out.extend(le16(20));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(crc));
    out.extend(le32(data.len() as u32));
    out.extend(le32(declared));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(0));
    out.extend(le32(0));
    out.extend(name);
    let size = out.len() as u32 - central;
    out.extend(le32(0x0605_4b50));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(1));
    out.extend(le16(1));
    out.extend(le32(size));
    out.extend(le32(central));
    out.extend(le16(0));
    out
}

/// Each hostile file: a clear error naming the file, quickly, nothing written.
#[test]
fn hostile_spreadsheets_are_clear_errors() {
    let p = Project::valid();
    let before = snapshot(&p.data());
    let good = file(&p, "good.xlsx");
    ledger(&good, 0.6);
    let bytes = std::fs::read(&good).unwrap();

    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.xlsx",
            bytes[..bytes.len() / 2].to_vec(),
            "corrupt or truncated",
        ),
        (
            "garbage.ods",
            b"PK\x03\x04 not really a zip".to_vec(),
            "corrupt or truncated",
        ),
        // Declared sizes are not trusted either way: this one is a corrupt zip.
        ("bomb.xlsx", zip_claiming(0xFFFF_FFF0), "corrupt"),
        (
            "page.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "really a web page",
        ),
        (
            "binary.csv",
            vec![0xff, 0xfe, 0x00, 0x81, 0x30, 0xd8],
            "neither UTF-8 (invalid byte at line 1) nor GB18030",
        ),
    ];
    let mut huge = String::from("电站名称,装机容量（千瓦）\n");
    for i in 0..1_000_000 {
        huge.push_str(&format!("站{i},1\n"));
    }
    cases.push(("million.csv", huge.into_bytes(), "at most 200000"));

    // A sparse sheet whose used range is a million rows tall, and no header:
    // read cell by cell, it is refused for what it holds, not for its extent.
    let tall = file(&p, "tall.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("台账").unwrap();
    sheet.write_string(0, 0, "电站名称").unwrap();
    sheet.write_string(999_999, 0, "最后一行").unwrap();
    book.save(&tall).unwrap();
    cases.push((
        "tall.xlsx",
        std::fs::read(&tall).unwrap(),
        "no header row found",
    ));

    // A formula whose value was never saved, and a hidden sheet asked for by name.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("台账").unwrap();
    for (c, h) in ["电站名称", "电站类型", "装机容量（千瓦）", "建设状态"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "一号").unwrap();
    sheet.write_string(1, 1, "村级").unwrap();
    sheet
        .write_formula(1, 2, Formula::new("=A9*2").set_result(""))
        .unwrap();
    sheet.write_string(1, 3, "规划").unwrap();
    let hidden = book.add_worksheet().set_name("旧台账").unwrap();
    hidden.set_hidden(true);
    let path = file(&p, "formula.xlsx");
    book.save(&path).unwrap();
    let scripted = without_cached_values(&std::fs::read(&path).unwrap());
    std::fs::write(&path, &scripted).unwrap();
    cases.push((
        "formula.xlsx",
        scripted,
        "formula =A9*2 without a saved value",
    ));

    for (name, bytes, expected) in cases {
        let path = file(&p, name);
        std::fs::write(&path, bytes).unwrap();
        let started = std::time::Instant::now();
        let o = import(
            &p,
            &["stations", path.to_str().unwrap(), "--county", "alpha"],
        );
        let err = stderr(&o);
        assert!(!o.status.success(), "{name}: {err}");
        assert!(
            err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    let path = file(&p, "formula.xlsx");
    let o = import(
        &p,
        &["stations", path.to_str().unwrap(), "--sheet", "旧台账"],
    );
    assert!(stderr(&o).contains("is hidden"), "{}", stderr(&o));
    assert_eq!(snapshot(&p.data()), before, "data untouched");
}

/// The workbook with every formula's saved value removed, as files written by
/// scripts (not by Excel) come: `<f>…</f><v>0</v>` becomes `<f>…</f>`.
fn without_cached_values(xlsx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::from_utf8(bytes).unwrap();
            while let Some(f) = xml.find("</f><v>") {
                let end = xml[f..].find("</v>").unwrap() + f + 4;
                xml.replace_range(f + 4..end, "");
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}
