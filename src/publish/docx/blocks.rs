//! Body content, as article Markdown and the generated 本期数据 section render to:
//! paragraphs of styled runs, headings, lists, tables and pictures.

/// One block of body content.
#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    /// Levels 1–3: 一、黑体 / （一）楷体 / 1. 仿宋 bold. The text carries its own
    /// ordinal (一、…) as authors write it.
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    /// A section title in the article-title style (本期数据).
    Title(String),
    List(List),
    Table(Table),
    Picture(Picture),
    PageBreak,
}

/// What a paragraph is, which picks its named style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// 正文: justified, 2-character first-line indent.
    #[default]
    Body,
    /// A block quotation: indented two characters, 楷体.
    Quote,
    /// A footnote or a note under the text, smaller, no indent.
    Note,
    /// Preformatted text (a code block), line by line, no indent.
    Code,
}

/// A paragraph; `align: None` keeps its role's alignment.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub inlines: Vec<Inline>,
    pub align: Option<Align>,
    pub role: Role,
}

impl Paragraph {
    pub fn body(inlines: Vec<Inline>) -> Self {
        Paragraph {
            inlines,
            ..Paragraph::default()
        }
    }

    pub fn with_role(inlines: Vec<Inline>, role: Role) -> Self {
        Paragraph {
            inlines,
            align: None,
            role,
        }
    }
}

/// Emphasis a run carries on top of its paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Emphasis {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    /// Raised and smaller, for footnote marks.
    pub superscript: bool,
}

/// Inline content. Links become plain text; `\n` inside text is a line break.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Run {
        text: String,
        style: Emphasis,
    },
    LineBreak,
    /// Written as `text（url）` (just `text` for in-page anchors): never a hyperlink.
    Link {
        text: String,
        url: String,
    },
}

impl Inline {
    pub fn styled(s: impl Into<String>, style: Emphasis) -> Self {
        Inline::Run {
            text: s.into(),
            style,
        }
    }

    pub fn text(s: impl Into<String>) -> Self {
        Inline::styled(s, Emphasis::default())
    }

    pub fn bold(s: impl Into<String>) -> Self {
        let bold = Emphasis {
            bold: true,
            ..Emphasis::default()
        };
        Inline::styled(s, bold)
    }

    pub fn italic(s: impl Into<String>) -> Self {
        let italic = Emphasis {
            italic: true,
            ..Emphasis::default()
        };
        Inline::styled(s, italic)
    }
}

#[derive(Debug, Clone, Default)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<Vec<Inline>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

/// A table that fits the 版心 width; column widths are relative weights.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// 表题, above the table.
    pub title: Option<String>,
    pub columns: Vec<TableColumn>,
    /// Repeated at the top of every page the table runs onto.
    pub header: Vec<Row>,
    pub rows: Vec<Row>,
    /// A note or legend line under the table.
    pub note: Option<String>,
    /// Keep the whole table on one page (for short tables).
    pub keep_together: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableColumn {
    /// Relative width; the columns are scaled to the 版心 width.
    pub weight: f64,
    /// Default alignment of the column's body cells (numbers: `Right`).
    pub align: Align,
}

impl TableColumn {
    pub fn new(weight: f64, align: Align) -> Self {
        TableColumn { weight, align }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of plain cells, one per grid column.
    pub fn of<S: Into<String>>(texts: impl IntoIterator<Item = S>) -> Self {
        Row {
            cells: texts.into_iter().map(Cell::new).collect(),
        }
    }
}

/// A table cell; `span` > 1 merges grid columns (gridSpan), `merge` rows (vMerge).
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub span: u16,
    pub merge: VMerge,
    /// Overrides the column's alignment.
    pub align: Option<Align>,
    pub bold: bool,
    /// Left indent in characters (其中： rows under their total).
    pub indent: u8,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            text: String::new(),
            span: 1,
            merge: VMerge::None,
            align: None,
            bold: false,
            indent: 0,
        }
    }
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
}

/// Vertical merging: the first cell `Restart`s, the ones below `Continue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// A PNG or JPEG picture, scaled to fit the 版心; the caption goes under it.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    /// The file's bytes: PNG or JPEG (told apart by their signatures).
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Pixels per inch the picture was made at (300 for charts; 0 means 96, a
    /// screen picture): its natural size, scaled down to the 版心.
    pub dpi: f64,
    /// Scale down to at most this height (charts: 85 mm, as the print stylesheet).
    pub max_height_mm: Option<f64>,
    /// 图题, e.g. the chart title.
    pub caption: String,
    /// Alt text (`wp:docPr descr`), e.g. the chart's text summary.
    pub description: String,
}
