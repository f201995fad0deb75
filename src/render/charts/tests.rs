//! Each chart kind rendered from the hand-made three-station data set, with the SVG
//! parsed as XML and its bars, points and labels counted.

use super::data::{Layout, Table};
use super::*;
use crate::compute::tests::dataset;
use crate::compute::Metrics;
use crate::model::number::dec;

fn ctx_chart(spec: ChartSpec) -> Chart {
    let data = dataset();
    let metrics = Metrics::compute(&data);
    let ctx = ChartContext {
        data: &data,
        metrics: &metrics,
        quarter: "2017Q1".parse().unwrap(),
    };
    render_chart(&spec, &ctx, "c1")
}

/// Parses the SVG (it must be well-formed XML) and returns it for inspection.
fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// Filled rectangles in a given colour (plotters writes one `<rect>` per bar).
fn rects_filled(doc: &roxmltree::Document<'_>, fill: &str) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
        .count()
}

fn assert_accessible(chart: &Chart, doc: &roxmltree::Document<'_>) {
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    assert!(root.attribute("width").is_none(), "sized by CSS, not fixed");
    let title = root.first_element_child().unwrap();
    assert!(title.has_tag_name("title"));
    assert_eq!(title.text(), Some(chart.title.as_str()));
    assert!(!chart.summary.is_empty());
}

#[test]
fn capacity_by_county_stacks_kinds_per_county() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::CapacityByCounty));
    let doc = parse(&chart.svg);
    assert_accessible(&chart, &doc);
    // A: 0.3 MW village; B: 1 MW centralized → one village bar and one centralized bar.
    // Each count is the bars plus the legend swatch.
    assert_eq!(rects_filled(&doc, "#6E0F0F"), 1 + 1, "village bars");
    assert_eq!(rects_filled(&doc, "#B0302A"), 1 + 1, "centralized bars");
    let t = texts(&doc);
    for label in ["A县", "B县", "村级", "集中式", "0.30", "1.00"] {
        assert!(t.iter().any(|x| x == label), "missing {label} in {t:?}");
    }
    assert_eq!(
        chart.summary,
        "截至2017年3月31日，R光伏扶贫电站建设规模合计1.30兆瓦，其中B县最大，为1.00兆瓦，占76.9%。"
    );
    assert_eq!(
        chart.table.header,
        vec!["县（区）", "村级（兆瓦）", "集中式（兆瓦）"]
    );
    assert_eq!(chart.table.rows[0], vec!["A县", "0.30", "0.00"]);
}

#[test]
fn status_pipeline_counts_stations_by_status() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::StatusPipeline));
    let doc = parse(&chart.svg);
    assert_accessible(&chart, &doc);
    // 已并网 (darkest): 2 stations in A → one bar; 在建 (middle): 1 in B → one bar.
    // Each count is the bars plus the legend swatch.
    assert_eq!(rects_filled(&doc, "#6E0F0F"), 1 + 1);
    assert_eq!(rects_filled(&doc, "#D96C5C"), 1 + 1);
    assert!(
        chart
            .summary
            .contains("共有光伏扶贫电站3座，已并网2座，占66.7%"),
        "{}",
        chart.summary
    );
    assert!(
        chart.summary.contains("B县尚未并网的电站最多，为1座"),
        "{}",
        chart.summary
    );
}

#[test]
fn generation_trend_has_a_bar_and_a_point_per_quarter() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::GenerationTrend));
    let doc = parse(&chart.svg);
    assert_accessible(&chart, &doc);
    assert_eq!(
        rects_filled(&doc, "#ECA89B"),
        2 + 1,
        "two bars plus the legend swatch"
    );
    let points = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(points, 2 + 1, "two revenue points plus the legend marker");
    let t = texts(&doc);
    assert!(
        t.iter().any(|x| x == "16Q4") && t.iter().any(|x| x == "17Q1"),
        "{t:?}"
    );
    assert_eq!(
        chart.summary,
        "2017年第1季度R光伏扶贫电站发电5.00万千瓦时，环比+900.0%，同比—；实现光伏收益4.20万元。"
    );
    assert_eq!(chart.table.rows[1], vec!["17Q1", "5.00", "4.20"]);
}

#[test]
fn trend_window_and_county_filter() {
    let mut spec = ChartSpec::of(ChartKind::GenerationTrend);
    spec.quarters = Some(1);
    spec.county = Some("b".into());
    let chart = ctx_chart(spec);
    assert_eq!(chart.table.rows.len(), 1);
    assert_eq!(chart.table.rows[0], vec!["17Q1", "0.00", "0.00"]);
    assert!(chart.title.starts_with("B县"), "{}", chart.title);
}

#[test]
fn target_completion_ranks_counties_with_targets() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::TargetCompletion));
    let doc = parse(&chart.svg);
    assert_accessible(&chart, &doc);
    // Only A has a 2017 target: 300 kW of 300 kW = 100 %.
    assert_eq!(
        chart.table.rows,
        vec![vec!["A县".to_string(), "100.0".to_string()]]
    );
    let t = texts(&doc);
    assert!(t.iter().any(|x| x == "100.0%"), "{t:?}");
    assert!(
        t.iter().any(|x| x == "目标100%"),
        "reference line label: {t:?}"
    );
}

#[test]
fn beneficiaries_trend_draws_two_lines() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::BeneficiariesTrend));
    let doc = parse(&chart.svg);
    assert_accessible(&chart, &doc);
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .count();
    assert!(lines >= 2, "two series lines, found {lines}");
    // 2016Q4: s1 only (10 households); 2017Q1: s1 + s2 (30).
    assert_eq!(
        chart.table.rows,
        vec![
            vec!["16Q4".to_string(), "10".into(), "30".into()],
            vec!["17Q1".to_string(), "30".into(), "90".into()],
        ]
    );
    assert!(
        chart
            .summary
            .contains("比2016年第4季度末分别增加20户、60人"),
        "{}",
        chart.summary
    );
}

#[test]
fn utilisation_hours_per_county_and_per_station() {
    let chart = ctx_chart(ChartSpec::of(ChartKind::UtilisationHours));
    assert_accessible(&chart, &parse(&chart.svg));
    // Only county A has a station that ran the whole quarter (s1: 300 h).
    assert_eq!(
        chart.table.rows,
        vec![vec!["A县".to_string(), "300.0".to_string()]]
    );
    let mut spec = ChartSpec::of(ChartKind::UtilisationHours);
    spec.county = Some("a".into());
    let chart = ctx_chart(spec);
    assert_eq!(chart.table.header[0], "电站");
    assert_eq!(
        chart.table.rows,
        vec![vec!["S1".to_string(), "300.0".to_string()]]
    );
}

#[test]
fn underperformers_are_flagged() {
    let d = data::ChartData {
        kind: ChartKind::UtilisationHours,
        title: "t".into(),
        category_header: "电站".into(),
        categories: vec!["甲".into(), "乙".into(), "丙".into()],
        series: vec![data::Series {
            name: "等效利用小时数".into(),
            unit: "小时",
            values: vec![dec("320"), dec("300"), dec("150")],
            decimals: 1,
        }],
        layout: Layout::RankedBars {
            reference: Some((dec("256.7"), "平均256.7小时".into())),
            flagged: vec![false, false, true],
        },
        summary: "s".into(),
    };
    let svg = svg::svg(&d, "x");
    let doc = parse(&svg);
    assert_eq!(
        rects_filled(&doc, "#B0302A"),
        2 + 1,
        "normal bars plus legend"
    );
    assert_eq!(
        rects_filled(&doc, "#ECA89B"),
        1 + 1,
        "flagged bar plus legend"
    );
    assert!(texts(&doc).iter().any(|t| t == "低于平均水平八成"));
    assert_eq!(Table::of(&d).rows.len(), 3);
}

#[test]
fn same_data_gives_identical_svg() {
    for kind in ChartKind::ALL {
        let a = ctx_chart(ChartSpec::of(kind)).svg;
        let b = ctx_chart(ChartSpec::of(kind)).svg;
        assert_eq!(a, b, "{}", kind.name());
    }
}

#[test]
fn titles_and_summaries_are_escaped_in_svg() {
    let mut spec = ChartSpec::of(ChartKind::GenerationTrend);
    spec.title = Some("<script>x</script>".into());
    let chart = ctx_chart(spec);
    assert!(!chart.svg.contains("<script>"));
    assert!(chart.svg.contains("&lt;script&gt;"));
}

#[test]
fn spec_errors_name_the_problem_and_its_place() {
    let data = dataset();
    let e = ChartSpec::parse("kind: generaton_trend\n", &data).unwrap_err();
    assert!(
        e.message.contains("unknown variant `generaton_trend`"),
        "{e:?}"
    );
    assert!(
        !e.message.contains(" at line "),
        "the position is not repeated"
    );
    assert_eq!(e.hint.as_deref(), Some("did you mean `generation_trend`?"));
    assert_eq!((e.line, e.column), (1, 7));
    let e = ChartSpec::parse("kind: generation_trend\ncounty:   aa\n", &data).unwrap_err();
    assert!(e.message.contains("unknown county `aa`"), "{e:?}");
    assert_eq!((e.line, e.column), (2, 11));
    let e = ChartSpec::parse("kind: generation_trend\ncolour: red\n", &data).unwrap_err();
    assert!(e.message.contains("unknown field `colour`"), "{e:?}");
    assert_eq!((e.line, e.column), (2, 1));
    let e = ChartSpec::parse("kind: pie\n", &data).unwrap_err();
    assert!(e
        .hint
        .unwrap()
        .starts_with("chart kinds: capacity_by_county"));
    let ok = ChartSpec::parse("kind: utilisation_hours\ncounty: a\nquarters: 4\n", &data).unwrap();
    assert_eq!(ok.county.as_deref(), Some("a"));
}

#[test]
fn nice_ceilings() {
    assert_eq!(draw::nice_ceiling(0.0), 1.0);
    assert_eq!(draw::nice_ceiling(92.0), 100.0);
    assert_eq!(draw::nice_ceiling(2664.85), 3000.0);
    assert_eq!(draw::nice_ceiling(100.0), 120.0);
}

/// Hand-worked: "400,000" is 6 digits × 0.55 em + a comma's 0.3 em = 3.6 em of
/// 12.1 px = 43.56, + 8 + 18 (title) = 69.56 → 70; "12,000,000" untitled is
/// 5.0 em = 60.5 + 8 + 4 = 72.5 → 73; "500,000,000" titled is 5.55 em = 67.155
/// + 26 = 93.155 → 94; small labels keep the 70 px floor.
#[test]
fn value_label_areas_grow_with_their_widest_label() {
    assert_eq!(axes::value_label_area(400_000.0, true), 70);
    assert_eq!(axes::value_label_area(12_000_000.0, false), 73);
    assert_eq!(axes::value_label_area(500_000_000.0, true), 94);
    assert_eq!(axes::value_label_area(1.5, false), 70);
}

/// s1 splits 30 000 yuan three ways: 33.3 % each, 99.9 % shown; the sentence
/// says the parts need not add up. Halves (50.0 % each) do not need it.
#[test]
fn distribution_summary_notes_shares_that_do_not_add_up() {
    let summary = |distribution: &str| {
        let mut data = dataset();
        let q1: crate::model::ProgressFile = crate::load::yaml::parse(
            "p.yaml",
            &format!(
                "quarter: 2017Q1\nstations:\n  - {{ station: s1, generation_kwh: 30000, revenue_yuan: 40000, distribution: {{ {distribution} }} }}\n"
            ),
            0,
        )
        .unwrap();
        let mut station_data = (*data.station_data).clone();
        station_data.progress[0] = std::sync::Arc::new(crate::model::Sourced {
            value: q1,
            origin: station_data.progress[0].origin.clone(),
        });
        data.station_data = std::sync::Arc::new(station_data);
        let metrics = Metrics::compute(&data);
        let ctx = ChartContext {
            data: &data,
            metrics: &metrics,
            quarter: "2017Q1".parse().unwrap(),
        };
        render_chart(&ChartSpec::of(ChartKind::DistributionByUse), &ctx, "c1").summary
    };
    let thirds =
        summary("public_jobs_yuan: 10000, public_welfare_yuan: 10000, rewards_yuan: 10000");
    assert!(
        thirds.contains("公益岗位工资占33.3%，小型公益事业占33.3%，奖励补助占33.3%，其他占0.0%"),
        "{thirds}"
    );
    assert!(
        thirds.ends_with("因四舍五入，分项之和与合计可能不等。"),
        "{thirds}"
    );
    let halves = summary("public_jobs_yuan: 15000, rewards_yuan: 15000");
    assert!(!halves.contains("四舍五入"), "{halves}");
}

/// Twenty counties: their names are turned upright, each starting under the axis
/// (the bars' common bottom) at its bar's centre, not centred across the axis.
#[test]
fn upright_category_labels_start_under_the_axis() {
    let names: Vec<String> = (1..=20).map(|i| format!("示例{i}县")).collect();
    let d = data::ChartData {
        kind: ChartKind::CapacityByCounty,
        title: "装机".into(),
        category_header: "县".into(),
        categories: names.clone(),
        series: vec![data::Series {
            name: "村级".into(),
            unit: "兆瓦",
            values: (1..=20).map(|i| dec(&format!("{}", 10 * i))).collect(),
            decimals: 0,
        }],
        layout: Layout::StackedBars,
        summary: "s".into(),
    };
    let chart = draw_chart(&d, "c");
    let doc = parse(&chart.svg);
    let num =
        |n: &roxmltree::Node<'_, '_>, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#6E0F0F"))
        .skip(1) // the legend's swatch
        .collect();
    assert_eq!(bars.len(), 20);
    let axis = num(&bars[0], "y") + num(&bars[0], "height");
    let turned: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.attribute("transform")
                .is_some_and(|t| t.starts_with("rotate(90"))
        })
        .collect();
    let shown: Vec<String> = turned
        .iter()
        .map(|n| n.text().unwrap().trim().to_string())
        .collect();
    assert_eq!(shown, names);
    for (label, bar) in turned.iter().zip(&bars) {
        assert_eq!(label.attribute("text-anchor"), Some("start"));
        let below = num(label, "y") - axis;
        assert!((5.0..=12.0).contains(&below), "{below} px under the axis");
        let centre = num(bar, "x") + num(bar, "width") / 2.0;
        assert!((num(label, "x") - centre).abs() <= 1.0);
        let (x, y) = (num(label, "x"), axis);
        let tick = format!("points=\"{x},{} {x},{} \"", y + 1.0, y + 6.0);
        assert_eq!(chart.svg.matches(&tick).count(), 1, "{tick}");
    }
    // No empty label is written for them.
    assert!(texts(&doc).iter().all(|t| !t.is_empty()));
}
