//! Charts end to end: the sample issue pages carry well-formed inline SVG charts, and
//! article chart blocks render or fail with the article's file and line.

mod common;

use common::{build_sample, stderr, Project};
use std::fs;

/// The inline `<svg …>…</svg>` elements of a page.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg")
        .map(|(i, _)| &page[i..i + page[i..].find("</svg>").unwrap() + "</svg>".len()])
        .collect()
}

#[test]
fn sample_issue_pages_carry_parseable_charts() {
    let (_tmp, out) = build_sample();
    for n in 22..=25 {
        let page = fs::read_to_string(out.join(format!("issues/{n}.html"))).unwrap();
        let charts = svgs(&page);
        assert!(charts.len() >= 6, "issue {n}: {} charts", charts.len());
        for svg in &charts {
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("issue {n}: {e}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("class"), Some("chart"));
            assert!(root.first_element_child().unwrap().has_tag_name("title"));
        }
        // Each chart has a summary and its data table.
        assert_eq!(
            page.matches("class=\"chart-summary\"").count(),
            charts.len()
        );
        assert_eq!(
            page.matches("<summary>查看数据表</summary>").count(),
            charts.len()
        );
        // Chart ids are unique on the page.
        let mut ids: Vec<&str> = page
            .match_indices("<figure class=\"chart-figure\" id=\"")
            .map(|(i, m)| &page[i + m.len()..i + m.len() + page[i + m.len()..].find('"').unwrap()])
            .collect();
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "duplicate chart ids in issue {n}");
    }
    let issue23 = fs::read_to_string(out.join("issues/23.html")).unwrap();
    assert!(issue23.contains("南溪县光伏扶贫电站等效利用小时数（2017年第2季度）"));
    let issue25 = fs::read_to_string(out.join("issues/25.html")).unwrap();
    assert!(
        issue25.contains("<figcaption>2016—2017年全市光伏扶贫电站季度发电量与收益</figcaption>")
    );
}

const ARTICLE_WITH_CHART: &str =
    "---\ncolumn: 工作动态\ntitle: 测试文章\n---\n正文。\n\n```chart\nkind: KIND\n```\n\n结尾。\n";

#[test]
fn article_chart_block_is_rendered_in_place() {
    let p = Project::valid();
    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE_WITH_CHART.replace("KIND", "utilisation_hours\ncounty: alpha"),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    let article = &page[page.find("id=\"art-2\"").unwrap()..page.find("结尾。").unwrap()];
    assert!(
        article.contains("<svg class=\"chart\""),
        "chart sits inside the article"
    );
    assert!(article.contains("甲县光伏扶贫电站等效利用小时数"));
    assert!(
        article.contains("一号村级光伏电站"),
        "per-station chart names the station"
    );
}

#[test]
fn bad_chart_kind_is_reported_at_its_line() {
    let p = Project::valid();
    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE_WITH_CHART.replace("KIND", "generaton_trend"),
    );
    let o = p.run("check");
    assert!(!o.status.success());
    let report = stderr(&o);
    assert!(
        report.contains("error[chart-block]: bulletins/7/01-news.md:8:7: invalid chart block: kind: unknown variant `generaton_trend`"),
        "{report}"
    );
    assert!(
        report.contains("did you mean `generation_trend`?"),
        "{report}"
    );
    assert!(!p.run("build").status.success());
    assert!(!p.out().exists());
}

#[test]
fn chart_block_errors_point_inside_the_block() {
    // (block text after `kind:` line, expected line:col, words)
    let cases = [
        (
            "generation_trend\ncountyy: alpha",
            "9:1",
            "unknown field `countyy`",
        ),
        (
            "generation_trend\nquarters: 0",
            "9:11",
            "`quarters` must be 1 or more",
        ),
        ("generation_trend\nquarters: many", "9:11", "invalid type"),
    ];
    for (text, at, words) in cases {
        let p = Project::valid();
        p.write(
            "bulletins/7/01-news.md",
            &ARTICLE_WITH_CHART.replace("KIND", text),
        );
        let report = stderr(&p.run("check"));
        let header = format!("error[chart-block]: bulletins/7/01-news.md:{at}: ");
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&header) && l.contains(words)),
            "{text}: expected `{header}…{words}` in\n{report}"
        );
    }
}

#[test]
fn chart_block_with_unknown_county_is_reported() {
    let p = Project::valid();
    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE_WITH_CHART.replace("KIND", "generation_trend\ncounty: alpa"),
    );
    let o = p.run("check");
    assert!(!o.status.success());
    let report = stderr(&o);
    assert!(
        report.contains("bulletins/7/01-news.md:9:9: chart block names unknown county `alpa`")
            && report.contains("= help: did you mean `alpha`?"),
        "{report}"
    );
}

/// 4 px at 300 dpi: a third of a millimetre of white each side must stay white.
const EDGE: usize = 4;

/// Where a picture has ink within [`EDGE`] of its left or right side ("left edge,
/// row 443"), and whether it has ink in the 40 px inside its left edge (where a
/// value axis's turned title stands).
fn edge_ink(png: &[u8]) -> (Vec<String>, bool) {
    let picture = image::load_from_memory(png).unwrap().to_rgb8();
    let width = picture.width() as usize;
    let inked = |columns: std::ops::Range<usize>| {
        picture.rows().position(|row| {
            !row.skip(columns.start)
                .take(columns.len())
                .all(|p| p.0 == [255; 3])
        })
    };
    let touching = [("left", 0..EDGE), ("right", width - EDGE..width)]
        .into_iter()
        .filter_map(|(side, columns)| inked(columns).map(|row| format!("{side} edge, row {row}")))
        .collect();
    (touching, inked(EDGE..EDGE + 40).is_some())
}

/// Every chart picture of the sample site keeps its ink off the picture's edges:
/// the value axes' turned titles (万千瓦时 on the left, 万元 on the right) were
/// drawn half across the edge and cut off, on the page and in the .docx alike.
#[test]
fn chart_pictures_keep_their_labels_inside() {
    let (_tmp, out) = build_sample();
    let mut pictures: Vec<_> = ["issues", "counties"]
        .iter()
        .flat_map(|dir| fs::read_dir(out.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pictures.sort();
    assert!(pictures.len() >= 20, "{} pictures", pictures.len());
    let (mut titled, mut touching) = (0, Vec::new());
    for path in &pictures {
        let (sides, title) = edge_ink(&fs::read(path).unwrap());
        let name = path.strip_prefix(&out).unwrap().display();
        touching.extend(sides.into_iter().map(|s| format!("{name}: {s}")));
        titled += usize::from(title);
    }
    assert!(
        touching.is_empty(),
        "ink at the edge:\n{}",
        touching.join("\n")
    );
    // The titles are there, just inside the edge (not merely lost).
    assert!(
        titled >= 8,
        "{titled} pictures with ink beside the left edge"
    );
}

/// National totals have wider value labels (10,000,000 人, 400,000,000 万千瓦时):
/// the label area grows with them instead of pushing them over the edge.
#[test]
fn national_sized_values_keep_their_labels_inside() {
    use pv_bulletin::model::number::dec;
    use pv_bulletin::publish::chart_png::{svg_to_png, FontSet, Raster};
    use pv_bulletin::render::charts::data::{ChartData, Layout, Series};
    use pv_bulletin::render::charts::{draw_chart, ChartKind};

    let series = |name: &str, unit: &'static str, top: &str| Series {
        name: name.into(),
        unit,
        values: ["1", "2", "3", "4"]
            .iter()
            .map(|k| dec(top) * dec(k) / dec("4"))
            .collect(),
        decimals: 0,
    };
    let chart = |layout: Layout, series: Vec<Series>| ChartData {
        kind: ChartKind::BeneficiariesTrend,
        title: "全国".into(),
        category_header: "季度".into(),
        categories: ["17Q1", "17Q2", "17Q3", "17Q4"].map(String::from).to_vec(),
        series,
        layout,
        summary: String::new(),
    };
    let fonts = FontSet::system();
    let charts = [
        chart(
            Layout::Lines,
            vec![
                series("脱贫户", "户", "3876543"),
                series("脱贫人口", "人", "10654321"),
            ],
        ),
        chart(
            Layout::BarsAndLine,
            vec![
                series("发电量", "万千瓦时", "412345678"),
                series("光伏收益", "万元", "298765432"),
            ],
        ),
        chart(Layout::StackedBars, vec![series("已并网", "座", "9876543")]),
    ];
    for (k, data) in charts.iter().enumerate() {
        let svg = draw_chart(data, "c").svg;
        let png = svg_to_png(&svg, &Raster::chart(None), &fonts).unwrap();
        let (touching, _) = edge_ink(&png);
        assert!(touching.is_empty(), "chart {k}: {touching:?}");
    }
}
