//! A village 收益分配公示 as a Word file (`build --docx`), for villages that edit
//! it before posting: one A4 page in large type, as the HTML notice prints — the
//! title, the station's facts, the year's figures by quarter, the 公示期, the
//! 监督电话 and the office's signature. Made from the notice page's context.

use super::issue::docx_date;
use crate::model::Date;
use crate::publish::docx::{
    Align, Block, Cell, Document, Inline, PageSetup, Paragraph, Properties, Row, Table,
    TableColumn, TypeSizes,
};
use crate::render::pages::notice::NoticePage;

/// The notice's page: A4 with the print stylesheet's margins (20 mm top, 18 mm
/// elsewhere), 4号 (14 pt) body on 32 lines, no page number (it is one page).
fn page() -> PageSetup {
    PageSetup {
        margin_top_mm: 20.0,
        margin_bottom_mm: 18.0,
        margin_left_mm: 18.0,
        margin_right_mm: 18.0,
        lines_per_page: 32,
        chars_per_line: 35,
        page_numbers: false,
        ..PageSetup::default()
    }
}

fn type_sizes() -> TypeSizes {
    TypeSizes {
        body: 14.0,
        article_title: 20.0,
        table: 12.0,
        caption: 10.5,
        ..TypeSizes::default()
    }
}

/// The Word document of the notice whose page is `n`, dated `date`.
pub fn document(n: &NoticePage, date: Date) -> Document {
    let text = |s: String| Paragraph::body(vec![Inline::text(s)]);
    let right = |s: String| Paragraph {
        align: Some(Align::Right),
        ..text(s)
    };
    let issuer = &n.site.issuer;
    let mut body = vec![
        Block::Title(n.title.clone()),
        Block::Paragraph(text(format!(
            "根据村级光伏扶贫电站收益分配管理有关规定，现将本电站{}发电、收益及分配情况公示如下：",
            n.period
        ))),
        Block::Table(facts(n)),
        Block::Table(figures(n)),
        Block::Paragraph(text(format!(
            "公示期：{}至{}（{}天）。公示期内如有异议，请向村委会或{issuer}反映。",
            n.date, n.until, n.days
        ))),
    ];
    if let Some(phone) = &n.phone {
        body.push(Block::Paragraph(text(format!("监督电话：{phone}"))));
    }
    body.push(Block::Paragraph(right(issuer.clone())));
    body.push(Block::Paragraph(right(n.date.clone())));
    Document {
        props: Properties {
            title: n.title.clone(),
            author: issuer.clone(),
            date: docx_date(date),
            description: None,
        },
        page: page(),
        type_sizes: type_sizes(),
        masthead: None,
        guide: None,
        appendix: body,
        ..Document::default()
    }
}

/// The station's facts, label and value.
fn facts(n: &NoticePage) -> Table {
    Table {
        title: None,
        columns: vec![
            TableColumn::new(1.0, Align::Left),
            TableColumn::new(3.0, Align::Left),
        ],
        header: Vec::new(),
        rows: n
            .facts
            .iter()
            .map(|f| Row::of([f.label.to_string(), f.value.clone()]))
            .collect(),
        note: None,
        keep_together: true,
    }
}

/// The year's figures: a row per item, a column per quarter and the year.
fn figures(n: &NoticePage) -> Table {
    let mut columns = vec![TableColumn::new(3.2, Align::Left)];
    columns.extend(
        n.columns
            .iter()
            .map(|_| TableColumn::new(1.3, Align::Right)),
    );
    let mut header = vec!["项目".to_string()];
    header.extend(n.columns.iter().cloned());
    Table {
        title: None,
        columns,
        header: vec![Row::of(header)],
        rows: n
            .rows
            .iter()
            .map(|r| {
                let label = format!("{}{}", if r.part { "其中：" } else { "" }, r.label);
                let mut cells = vec![Cell {
                    indent: if r.part { 2 } else { 0 },
                    ..Cell::new(label)
                }];
                cells.extend(r.cells.iter().map(|c| Cell::new(c.as_str())));
                Row { cells }
            })
            .collect(),
        note: Some("单位：元（另注明者除外）；“—”表示未填报。".into()),
        keep_together: true,
    }
}
