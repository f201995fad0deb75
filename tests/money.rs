//! The money trail end to end on the shipped sample: the 收益分配 table of an issue
//! page, a village notice, the downloads — each value recomputed here from the YAML
//! rather than copied from the output.

mod common;

use common::{build_sample, sample_data};
use serde_yaml::Value;
use std::fs;

/// The entries of one quarter's progress file.
fn entries(quarter: &str) -> Vec<Value> {
    let path = sample_data().join(format!("progress/{quarter}.yaml"));
    let file: Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    file["stations"].as_sequence().unwrap().clone()
}

fn sum(entries: &[Value], f: impl Fn(&Value) -> Option<f64>) -> f64 {
    entries.iter().filter_map(f).sum()
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn part(v: &Value, key: &str) -> Option<f64> {
    v.get("distribution").and_then(|d| num(d, key))
}

/// Digits with thousands separators: `12,345`.
fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1,234.57` — thousands separators, two decimals, as the tables print 万元.
fn wan(yuan: f64) -> String {
    let cents = (yuan / 1e4 * 100.0).round() as i64;
    format!("{}.{:02}", group(&(cents / 100).to_string()), cents % 100)
}

fn grouped_int(v: f64) -> String {
    group(&(v.round() as i64).to_string())
}

fn row(label: &str, value: &str, unit: &str) -> String {
    format!("{label}</th><td class=\"num\">{value}</td><td>{unit}</td>")
}

#[test]
fn issue_page_shows_the_distribution_table() {
    let (_tmp, out) = build_sample();
    let page = fs::read_to_string(out.join("issues/25.html")).unwrap();
    let q4 = entries("2017Q4");
    let revenue = sum(&q4, |e| num(e, "revenue_yuan"));
    let tariff = sum(&q4, |e| num(e, "tariff_yuan"));
    let distributed = sum(&q4, |e| num(e, "distributed_yuan"));
    let jobs = sum(&q4, |e| part(e, "public_jobs_yuan"));
    let arrears = sum(&q4, |e| num(e, "subsidy_arrears_yuan"));
    let paid = sum(&q4, |e| num(e, "households_paid"));
    let to_households = sum(&q4, |e| {
        num(e, "households_paid").and(num(e, "distributed_yuan"))
    });
    assert!(page.contains("<h3>收益分配</h3>"), "no 收益分配 part");
    assert!(page.contains(&row("本季光伏收益", &wan(revenue), "万元")));
    assert!(page.contains(&row("电费收入", &wan(tariff), "万元")));
    assert!(page.contains(&row("收益分配合计", &wan(distributed), "万元")));
    assert!(page.contains(&row("公益岗位工资", &wan(jobs), "万元")));
    assert!(page.contains(&row("补贴拖欠（季末）", &wan(arrears), "万元")));
    // 分配率 over the stations that report a distribution (户用 stations do not).
    let revenue_of_distributing = sum(&q4, |e| {
        num(e, "distributed_yuan").and(num(e, "revenue_yuan"))
    });
    let rate = format!("{:.1}", distributed / revenue_of_distributing * 100.0);
    assert!(page.contains(&row("分配率", &rate, "%")), "分配率 {rate}");
    let per_household = grouped_int(to_households / paid);
    assert!(page.contains(&row("户均收益", &per_household, "元/户")));
    // The 其中 rows carry their share of the whole.
    let share = format!(
        "{:.1}%",
        jobs / sum(&q4, |e| e.get("distribution").map(|_| {
            [
                "public_jobs_yuan",
                "public_welfare_yuan",
                "rewards_yuan",
                "other_yuan",
            ]
            .iter()
            .filter_map(|k| part(e, k))
            .sum::<f64>()
        })) * 100.0
    );
    assert!(page.contains(&format!(
        "{}</td><td>万元</td><td class=\"num\">{share}</td>",
        wan(jobs)
    )));
    // The new chart, in 本期数据 and in the article that embeds it.
    assert!(page.matches("光伏扶贫收益分配用途").count() >= 2);
    assert!(page.contains("<h3>运维预警（"));
}

#[test]
fn data_without_money_figures_builds_as_before() {
    // The fixture reports revenue only: no 收益分配 part, no distribution chart.
    let p = common::Project::valid();
    let o = p.run("build");
    assert!(o.status.success(), "{}", common::stderr(&o));
    let page = fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    assert!(page.contains("本期数据"));
    assert!(!page.contains("<h3>收益分配</h3>"));
    assert!(!page.contains("收益分配用途"));
    // Its one station earned in 2017: one notice, without a 监督电话 line.
    let notice = fs::read_to_string(p.out().join("notices/2017/alpha-1.html")).unwrap();
    assert!(notice.contains("（7天）"));
    assert!(!notice.contains("监督电话"));
}

#[test]
fn village_notice_lists_the_year_with_its_notice_period() {
    let (_tmp, out) = build_sample();
    let page = fs::read_to_string(out.join("notices/2017/donghu-001.html")).unwrap();
    assert!(page.contains("<h1>姚平村村级光伏电站2017年度收益分配公示</h1>"));
    let year: Vec<Value> = ["2017Q1", "2017Q2", "2017Q3", "2017Q4"]
        .iter()
        .flat_map(|q| entries(q))
        .filter(|e| e["station"] == "donghu-001")
        .collect();
    assert_eq!(year.len(), 4);
    let revenue = sum(&year, |e| num(e, "revenue_yuan"));
    let welfare = sum(&year, |e| part(e, "public_welfare_yuan"));
    let last_arrears = num(&year[3], "subsidy_arrears_yuan").unwrap();
    let revenue_row = page
        .split("光伏收益（元）")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        revenue_row.ends_with(&format!("<td class=\"num\">{}</td>", grouped_int(revenue))),
        "{revenue_row}"
    );
    let welfare_row = page
        .split("小型公益事业")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(welfare_row.ends_with(&format!("<td class=\"num\">{}</td>", grouped_int(welfare))));
    let arrears_row = page
        .split("国家补贴拖欠")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(arrears_row.ends_with(&format!(
        "<td class=\"num\">{}</td>",
        grouped_int(last_arrears)
    )));
    // Dated with 第25期 (2018-01-19, the latest issue on 2017); site.yaml: 7 days.
    assert!(page.contains("公示期：2018年1月19日至2018年1月25日（7天）"));
    assert!(page.contains("监督电话：0558-8812345"));
    assert!(!page.contains("<script"), "notices are script-free");
    // The index and the station page link to it.
    let index = fs::read_to_string(out.join("notices/index.html")).unwrap();
    assert!(index.contains("href=\"../notices/2017/by-county/donghu.html\""));
    let list = fs::read_to_string(out.join("notices/2017/by-county/donghu.html")).unwrap();
    assert!(list.contains("href=\"../donghu-001.html\""));
    assert!(list.contains(&format!("<td class=\"num\">{}</td>", grouped_int(revenue))));
    let station = fs::read_to_string(out.join("stations/donghu-001.html")).unwrap();
    assert!(station.contains("href=\"../notices/2017/donghu-001.html\""));
    // A station that never earned gets no notice.
    assert!(!out.join("notices/2017/donghu-005.html").exists());
}

#[test]
fn downloads_carry_the_money_columns() {
    let (_tmp, out) = build_sample();
    let csv = fs::read_to_string(out.join("downloads/quarterly.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for column in [
        "电费收入（元）",
        "国家补贴（元）",
        "补贴拖欠（元）",
        "公益岗位工资（元）",
        "收益到户户数",
    ] {
        assert!(header.contains(column), "quarterly.csv lacks {column}");
    }
    let e = entries("2017Q4")
        .into_iter()
        .find(|e| e["station"] == "donghu-001")
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("2017Q4,donghu-001,"))
        .unwrap();
    let tariff = num(&e, "tariff_yuan").unwrap();
    assert!(line.contains(&format!(",{tariff},")), "{line}");
}
