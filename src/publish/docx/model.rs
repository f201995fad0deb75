//! The document as the Word writer sees it: plain data, filled by the project from
//! its page contexts, with no Word concepts leaking in except what the layout needs
//! (column widths, merged cells, alignment). Text is written as given: dates and
//! figures arrive formatted, as the HTML pages show them.

pub use super::blocks::*;

/// One issue, top to bottom: 版头, 本期导读, the columns, extra blocks (本期数据), 版记.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// docProps/core.xml: title, author and a fixed date, so output is reproducible.
    pub props: Properties,
    pub page: PageSetup,
    pub type_sizes: TypeSizes,
    pub fonts: Fonts,
    /// 版头; `None` for documents without one (a village notice).
    pub masthead: Option<Masthead>,
    pub guide: Option<Guide>,
    pub columns: Vec<Column>,
    /// Blocks after the articles, e.g. the generated 本期数据 section.
    pub appendix: Vec<Block>,
    pub closing: Option<Closing>,
}

/// Document properties; the date is an input, never "now".
#[derive(Debug, Clone, Default)]
pub struct Properties {
    pub title: String,
    pub author: String,
    pub date: Date,
    /// `dc:description`, e.g. that the content is sample data.
    pub description: Option<String>,
}

/// A calendar date, for the document properties (core.xml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Default for Date {
    fn default() -> Self {
        Date::new(1980, 1, 1)
    }
}

impl Date {
    pub const fn new(year: u16, month: u8, day: u8) -> Self {
        Date { year, month, day }
    }

    /// `2017-03-28T00:00:00Z` for dcterms:created/modified.
    pub fn w3cdtf(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year, self.month, self.day
        )
    }
}

/// Page geometry in millimetres and the body grid; defaults are GB/T 9704-2012.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    /// Body lines per page; the exact line spacing is the 版心 height divided by it.
    pub lines_per_page: u32,
    /// Body characters per line, for the document grid.
    pub chars_per_line: u32,
    /// Fit `chars_per_line` with a character grid (`w:docGrid w:type="linesAndChars"`,
    /// as Word/WPS 公文 templates do) instead of a small negative character spacing on
    /// the body. Off by default: LibreOffice spreads the characters of a negative
    /// `w:charSpace` grid to about 18 a line (see NOTES.md).
    pub char_grid: bool,
    /// Distance from the bottom of the 版心 to the top of the page number.
    pub page_number_gap_mm: f64,
    /// `— N —` in the footers; off for one-page documents (a notice).
    pub page_numbers: bool,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 37.0,
            margin_bottom_mm: 35.0,
            margin_left_mm: 28.0,
            margin_right_mm: 26.0,
            lines_per_page: 22,
            chars_per_line: 28,
            char_grid: false,
            page_number_gap_mm: 7.0,
            page_numbers: true,
        }
    }
}

/// Type sizes in points (2号 = 22, 3号 = 16, 4号 = 14, 5号 = 10.5).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSizes {
    pub body: f64,
    pub masthead_title: f64,
    pub article_title: f64,
    pub guide: f64,
    pub table: f64,
    pub caption: f64,
    pub closing: f64,
    pub page_number: f64,
}

impl Default for TypeSizes {
    fn default() -> Self {
        TypeSizes {
            body: 16.0,
            masthead_title: 22.0,
            article_title: 22.0,
            guide: 14.0,
            table: 10.5,
            caption: 14.0,
            closing: 14.0,
            page_number: 14.0,
        }
    }
}

/// Font names as offices have them installed; fallbacks go to fontTable.xml (see FONTS.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Fonts {
    pub body: String,
    pub title: String,
    pub heading1: String,
    pub heading2: String,
    /// Latin letters and digits (`w:ascii`/`w:hAnsi`).
    pub latin: String,
    pub page_number: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            body: "仿宋_GB2312".into(),
            title: "方正小标宋简体".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            latin: "Times New Roman".into(),
            page_number: "宋体".into(),
        }
    }
}

/// 版头: red title, 期号, issuer and date, the red rule, an optional motto.
#[derive(Debug, Clone, Default)]
pub struct Masthead {
    pub title: String,
    /// e.g. `第22期` (or `第22期（总第100期）`), written as given.
    pub issue_no: String,
    pub issuer: String,
    /// As the page shows it, e.g. `2017年3月28日`.
    pub date: String,
    /// A ★ centred on the red rule.
    pub star: bool,
    pub motto: Option<String>,
}

/// 本期导读: a bordered box with, per column tag, the article titles.
#[derive(Debug, Clone, Default)]
pub struct Guide {
    pub groups: Vec<GuideGroup>,
    /// Lines after the groups, e.g. `【本期数据】2017年第4季度…`.
    pub extra: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct GuideGroup {
    /// The column name without brackets; written as 【name】.
    pub tag: String,
    pub titles: Vec<String>,
}

/// A column (栏目) and its articles.
#[derive(Debug, Clone, Default)]
pub struct Column {
    pub name: String,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub byline: Option<String>,
    pub body: Vec<Block>,
}

/// 版记: 主送, 抄送, issuer and 印发 date, copies, between thin rules.
#[derive(Debug, Clone, Default)]
pub struct Closing {
    pub main_to: Option<String>,
    pub copy_to: Option<String>,
    pub issuer: String,
    /// As the page shows it; the line reads `{issuer} … {date}印发`.
    pub date: String,
    pub copies: Option<u32>,
}
