//! A realistic issue (第22期) shared by the tests and the demo example.

use super::super::*;

fn p(text: &str) -> Block {
    Block::Paragraph(Paragraph::body(vec![Inline::text(text)]))
}

fn h(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: vec![Inline::text(text)],
    }
}

fn leadership() -> Article {
    Article {
        title: "市领导调研光伏扶贫电站建设工作".into(),
        byline: Some("市扶贫办综合科".into()),
        body: vec![
            p("3月21日，副市长王某某带领市扶贫办、市发展改革委、国网示例供电公司负责同志，深入南溪县、东坪县调研村级光伏扶贫电站建设和运行管理工作，实地察看了南溪县石桥村、东坪县柳林村电站，听取了两县工作汇报。"),
            h(1, "一、建设进度总体较快"),
            h(2, "（一）村级电站基本建成"),
            Block::Paragraph(Paragraph::body(vec![
                Inline::text("截至3月底，全市累计建成村级光伏扶贫电站"),
                Inline::bold("186座"),
                Inline::text("，装机容量"),
                Inline::bold("2.6万千瓦"),
                Inline::text("，已全部并网发电，覆盖建档立卡贫困村186个。"),
            ])),
            h(3, "1.并网验收同步推进"),
            p("各县（区）按照“建成一座、验收一座、并网一座”的要求，组织供电、质监等部门联合验收，确保电站质量。"),
            h(2, "（二）存在的主要问题"),
            Block::List(List {
                ordered: false,
                items: vec![
                    vec![Inline::text("部分电站运维责任不落实，组件清洗不及时；")],
                    vec![Inline::text("个别县收益分配方案公示不规范；")],
                    vec![Inline::text("补贴资金到位滞后，影响收益按时发放。")],
                ],
            }),
            h(1, "二、下一步工作要求"),
            Block::List(List {
                ordered: true,
                items: vec![
                    vec![Inline::text("3月底前完成全部村级电站的运维合同签订。")],
                    vec![Inline::text("每季度公示一次收益分配情况，接受群众监督。")],
                ],
            }),
            Block::Paragraph(Paragraph::body(vec![
                Inline::text("有关政策见国家能源局网站"),
                Inline::Link { text: "光伏扶贫专栏".into(), url: "https://www.nea.gov.cn/".into() },
                Inline::text("。"),
            ])),
        ],
    }
}

/// Two header rows: 并网容量 spans two columns, the others merge vertically.
fn ranking_header() -> Vec<Row> {
    let head = |t: &str| Cell::new(t);
    let restart = |t: &str| Cell {
        merge: VMerge::Restart,
        ..Cell::new(t)
    };
    let cont = || Cell {
        merge: VMerge::Continue,
        ..Cell::default()
    };
    vec![
        Row {
            cells: vec![
                restart("排名"),
                restart("县（区）"),
                Cell {
                    span: 2,
                    ..head("并网容量（千瓦）")
                },
                restart("完成率"),
                restart("受益户数"),
                restart("等效利用小时数"),
            ],
        },
        Row {
            cells: vec![
                cont(),
                cont(),
                head("本季度末"),
                head("年度目标"),
                cont(),
                cont(),
                cont(),
            ],
        },
    ]
}

/// The county ranking: two header rows (merged cells), 15 body rows.
pub fn ranking_table() -> Table {
    use Align::*;
    let header = ranking_header();
    let names = [
        "南溪县",
        "东坪县",
        "西岭县",
        "北川区",
        "青石县",
        "白河县",
        "龙泉镇片区",
        "松林县",
        "桃源县",
        "石门县",
        "安平县",
        "清河区",
        "临江县",
        "长宁县",
        "合计",
    ];
    let rows = names.iter().enumerate().map(|(i, name)| {
        let grid = 52_000 - i as i64 * 2_900;
        let target = 60_000 - i as i64 * 2_000;
        let rank = if i + 1 == names.len() {
            String::new()
        } else {
            (i + 1).to_string()
        };
        Row::of([
            rank,
            name.to_string(),
            format!("{},{:03}", grid / 1000, grid % 1000),
            format!("{},{:03}", target / 1000, target % 1000),
            format!("{:.1}%", grid as f64 / target as f64 * 100.0),
            (3_100 - i * 97).to_string(),
            format!("{:.0}", 298.0 - i as f64 * 6.5),
        ])
    });
    Table {
        title: Some("表1  各县（区）目标完成情况排名（2017年第一季度）".into()),
        columns: vec![
            TableColumn::new(0.7, Center),
            TableColumn::new(1.6, Left),
            TableColumn::new(1.3, Right),
            TableColumn::new(1.3, Right),
            TableColumn::new(1.0, Right),
            TableColumn::new(1.0, Right),
            TableColumn::new(1.3, Right),
        ],
        header,
        rows: rows.collect(),
        note: Some("注：完成率＝截至本季度末并网容量÷年度容量目标；等效利用小时数＝全季运行电站发电量÷装机容量。".into()),
        keep_together: false,
    }
}

fn ranking_article() -> Article {
    Article {
        title: "一季度全市光伏扶贫电站运行情况通报".into(),
        byline: Some("市扶贫办项目科".into()),
        body: vec![
            p("一季度，全市光伏扶贫电站累计发电1,286万千瓦时，实现收益1,042万元，同比分别增长18.6%和15.2%。各县（区）完成情况如下表。"),
            Block::Table(ranking_table()),
            p("从排名看，南溪县、东坪县完成率较高，长宁县、临江县进度偏慢，请相关县（区）分析原因，加快并网。"),
        ],
    }
}

fn chart_article(chart: Option<Picture>) -> Article {
    let mut body = vec![p(
        "各县装机容量结构见下图。集中式电站主要分布在北川区和南溪县，户用电站占比较小。",
    )];
    if let Some(pic) = chart {
        body.push(Block::Picture(pic));
    }
    body.push(p("下一步，市扶贫办将会同供电公司按月通报发电和收益情况，对等效利用小时数偏低的电站开展专项排查。"));
    Article {
        title: "各县光伏扶贫电站装机结构分析".into(),
        byline: None,
        body,
    }
}

/// 第22期 with an optional chart picture.
pub fn issue(chart: Option<Picture>) -> Document {
    let date = Date::new(2017, 3, 28);
    let date_zh = "2017年3月28日".to_string();
    let issuer = "示例市扶贫开发领导小组办公室";
    let columns = vec![
        Column {
            name: "领导重视".into(),
            articles: vec![leadership()],
        },
        Column {
            name: "工作动态".into(),
            articles: vec![ranking_article(), chart_article(chart)],
        },
    ];
    let guide = Guide {
        extra: vec!["【本期数据】2017年第1季度光伏扶贫电站建设运行情况".into()],
        groups: columns
            .iter()
            .map(|c| GuideGroup {
                tag: c.name.clone(),
                titles: c.articles.iter().map(|a| a.title.clone()).collect(),
            })
            .collect(),
    };
    Document {
        props: Properties {
            title: "光伏扶贫工作简报 第22期".into(),
            author: issuer.into(),
            date,
            description: None,
        },
        masthead: Some(Masthead {
            title: "光伏扶贫工作简报".into(),
            issue_no: "第22期".into(),
            issuer: issuer.into(),
            date: date_zh.clone(),
            star: true,
            motto: None,
        }),
        guide: Some(guide),
        columns,
        closing: Some(Closing {
            main_to: Some("市扶贫开发领导小组成员单位".into()),
            copy_to: Some("省扶贫办，市委办公室，市政府办公室，各县（区）扶贫办".into()),
            issuer: issuer.into(),
            date: date_zh,
            copies: Some(120),
        }),
        ..Document::default()
    }
}
