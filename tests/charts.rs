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
