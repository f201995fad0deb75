//! The generated 本期数据 section as Word blocks, in the page's order: the KPI
//! table, the construction status, the county ranking, 收益分配 and 运维预警, each
//! with its charts. Every figure is the page context's own string.
//!
//! The headings, table headers and notes are the words `templates/issue.html`,
//! `money_table.html` and `alerts_table.html` print (a test compares them with
//! the built page, so a change of wording there shows up here).

use super::figures::Figures;
use crate::publish::docx::{Align, Block, Cell, Inline, Paragraph, Role, Row, Table, TableColumn};
use crate::render::charts::Figure;
use crate::render::pages::issue::DataSection;
use crate::render::pages::SiteContext;

/// The section's title, after 【本期数据】 in the guide and as its heading, in
/// the site's words (`terms.programme`: 光伏扶贫 or 光伏帮扶).
pub fn title(d: &DataSection, site: &SiteContext) -> String {
    format!("{}{}电站建设运行情况", d.quarter, site.terms.programme)
}

/// The 本期数据 section of an issue, in the site's words: `site.subdivision` is
/// what the units are called (县（区）, 乡镇 …).
pub fn blocks(d: &DataSection, site: &SiteContext, figures: &mut Figures<'_, '_>) -> Vec<Block> {
    let subdivision = site.subdivision.as_str();
    let mut out = vec![Block::Title(format!("本期数据：{}", title(d, site)))];
    out.push(Block::Paragraph(Paragraph::body(vec![Inline::text(
        d.overview.clone(),
    )])));
    let mut section = |out: &mut Vec<Block>, heading: String, table: Table, charts: &[Figure]| {
        out.push(heading1(heading));
        out.push(Block::Table(table));
        for f in charts {
            out.extend(figures.blocks(&f.chart));
        }
    };
    section(&mut out, "主要指标".into(), kpi_table(d), &d.trend_charts);
    section(
        &mut out,
        format!("电站建设进度（截至{}）", d.quarter_end),
        status_table(d),
        &d.build_charts,
    );
    section(
        &mut out,
        format!("各{subdivision}目标完成情况排名"),
        ranking_table(d, subdivision),
        &d.ranking_charts,
    );
    if !d.money.is_empty() {
        section(&mut out, "收益分配".into(), money_table(d), &d.money_charts);
    }
    if !d.alerts.is_empty() {
        let heading = format!("运维预警（{}座）", d.alerts_total);
        section(&mut out, heading, alerts_table(d, subdivision), &[]);
        if let Some(more) = &d.alerts_more {
            // The page links the whole list; the Word file names it, as a
            // printed 简报 names its 附件.
            let file = more.xlsx.rsplit('/').next().unwrap_or(&more.xlsx);
            out.push(note(format!(
                "表中列出最需关注的{}座；共{}座，完整名单见附件（{file}）。",
                more.shown, more.total
            )));
        }
    }
    out
}

/// A note under a table, as the page's `<p class="note">`.
fn note(text: String) -> Block {
    Block::Paragraph(Paragraph::with_role(vec![Inline::text(text)], Role::Note))
}

/// A table caption: the fixed explanation, then the legend the figures need.
fn caption(fixed: &str, legend: &str) -> Option<String> {
    Some(format!("{fixed}{legend}"))
}

fn heading1(text: String) -> Block {
    Block::Heading {
        level: 1,
        text: vec![crate::publish::docx::Inline::text(text)],
    }
}

/// Columns from (weight, alignment) pairs.
fn columns(spec: &[(f64, Align)]) -> Vec<TableColumn> {
    spec.iter().map(|(w, a)| TableColumn::new(*w, *a)).collect()
}

use Align::{Left, Right};

fn kpi_table(d: &DataSection) -> Table {
    Table {
        title: None,
        columns: columns(&[
            (4.0, Left),
            (1.6, Right),
            (1.2, Left),
            (1.1, Right),
            (1.1, Right),
        ]),
        header: vec![Row::of(["指标", "本期", "单位", "环比", "同比"])],
        rows: d
            .kpis
            .iter()
            .map(|k| {
                Row::of([
                    format!("{}{}", k.label, k.coverage),
                    k.value.clone(),
                    k.unit.clone(),
                    k.qoq.clone(),
                    k.yoy.clone(),
                ])
            })
            .collect(),
        note: caption("环比：与上季度相比；同比：与上年同季度相比。", &d.kpi_note),
        keep_together: true,
    }
}

fn status_table(d: &DataSection) -> Table {
    Table {
        title: None,
        columns: columns(&[(2.0, Left), (1.5, Right), (1.5, Right)]),
        header: vec![Row::of(["建设状态", "电站（座）", "容量（千瓦）"])],
        rows: d
            .statuses
            .iter()
            .map(|s| {
                Row::of([
                    s.label.to_string(),
                    s.stations.clone(),
                    s.capacity_kw.clone(),
                ])
            })
            .collect(),
        note: None,
        keep_together: true,
    }
}

fn ranking_table(d: &DataSection, subdivision: &str) -> Table {
    let head = [
        "排名",
        subdivision,
        "并网容量（千瓦）",
        "年度目标（千瓦）",
        "完成率",
        "并网电站（座）",
        "受益户数",
        "本季发电量（万千瓦时）",
        "等效利用小时数",
        "本季收益（万元）",
    ];
    let weights = [0.8, 1.6, 1.3, 1.3, 1.1, 1.3, 1.3, 1.4, 1.2, 1.2];
    let mut spec: Vec<(f64, Align)> = weights.iter().map(|w| (*w, Right)).collect();
    spec[1].1 = Left;
    Table {
        title: None,
        columns: columns(&spec),
        header: vec![Row::of(head)],
        rows: d
            .ranking
            .iter()
            .map(|r| {
                Row::of([
                    r.rank.to_string(),
                    r.name.clone(),
                    r.grid_kw.clone(),
                    r.target_kw.clone(),
                    r.completion.clone(),
                    r.stations.clone(),
                    r.households.clone(),
                    r.generation.clone(),
                    r.hours.clone(),
                    r.revenue.clone(),
                ])
            })
            .collect(),
        note: caption(
            &format!(
                "完成率＝截至本季度末并网容量÷{}年度容量目标；等效利用小时数＝全季运行电站发电量÷其装机容量。",
                d.year
            ),
            &d.ranking_note,
        ),
        keep_together: false,
    }
}

fn money_table(d: &DataSection) -> Table {
    Table {
        title: None,
        columns: columns(&[
            (3.6, Left),
            (1.6, Right),
            (1.0, Left),
            (1.1, Right),
            (1.2, Right),
            (1.2, Right),
        ]),
        header: vec![Row::of(["项目", "本期", "单位", "占比", "环比", "同比"])],
        rows: d
            .money
            .iter()
            .map(|m| {
                let mut row = Row::of([
                    format!("{}{}", if m.part { "其中：" } else { "" }, m.label),
                    m.value.clone(),
                    m.unit.clone(),
                    m.share.clone(),
                    m.qoq.clone(),
                    m.yoy.clone(),
                ]);
                row.cells[0].indent = if m.part { 2 } else { 0 };
                row
            })
            .collect(),
        note: caption(
            "分配率＝收益分配合计÷本季光伏收益；占比：电费、补贴占本季收益，各用途占按用途填报的分配额；户均收益＝到户分配额÷收益到户户数；补贴拖欠为季末尚未到账的国家补贴。",
            &d.money_note,
        ),
        keep_together: true,
    }
}

fn alerts_table(d: &DataSection, subdivision: &str) -> Table {
    Table {
        title: None,
        columns: columns(&[
            (2.6, Left),
            (1.4, Left),
            (1.3, Right),
            (1.3, Right),
            (1.0, Right),
            (2.6, Left),
        ]),
        header: vec![Row::of([
            "电站".to_string(),
            subdivision.to_string(),
            "等效利用小时数".into(),
            format!("{subdivision}平均"),
            "停运天数".into(),
            "预警原因".into(),
        ])],
        rows: d
            .alerts
            .iter()
            .map(|a| {
                Row {
                    cells: [&a.name, &a.county, &a.hours, &a.average, &a.downtime, &a.reason]
                        .into_iter()
                        .map(|t| Cell::new(t.as_str()))
                        .collect(),
                }
            })
            .collect(),
        note: caption(
            &format!("全季并网运行、停运超过15天或等效利用小时数低于本{subdivision}平均水平80%的电站，请运维单位重点排查。"),
            &d.alerts_note,
        ),
        keep_together: false,
    }
}
