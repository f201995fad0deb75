//! Charts into a Word file: each chart's PNG is written beside its page (the
//! 下载图片 link) and the same bytes go into the .docx, with the chart's title as
//! caption, its summary as alt text and as a note under it (the printed page
//! shows the summary too). A chart that cannot be drawn is a warning naming the
//! issue and the chart; the Word file then shows its title and summary as text.

use super::pictures::ChartPictures;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::paths;
use crate::publish::docx::{Block, Inline, Paragraph, Picture, Role};
use crate::render::charts::Chart;
use crate::render::{Emit, OutputFile};
use anyhow::Result;

/// Charts as printed: no taller than the print stylesheet lets them be (85 mm).
const CHART_MAX_HEIGHT_MM: f64 = 85.0;

/// The charts of one page on their way into its Word file.
pub struct Figures<'p, 'e> {
    pub pictures: &'p ChartPictures<'p>,
    pub emit: &'e Emit<'e>,
    /// The page the charts are on (their PNGs sit beside it).
    pub page: String,
    /// What the messages name: the issue (第25期) and its file.
    pub label: String,
    pub file: String,
    pub diagnostics: Diagnostics,
    /// A write that failed (the build fails with it, not with a warning).
    pub failed: Option<anyhow::Error>,
}

impl Figures<'_, '_> {
    /// The chart as blocks: picture, caption, summary; or its text, with a warning.
    pub fn blocks(&mut self, chart: &Chart) -> Vec<Block> {
        let path = paths::chart_png(&self.page, &chart.id);
        match self.pictures.png(chart, &path, true) {
            Ok(png) => {
                if let Err(e) = (self.emit)(OutputFile::new(path, png.as_slice())) {
                    self.failed.get_or_insert(e);
                }
                vec![
                    Block::Picture(Picture {
                        bytes: png,
                        dpi: f64::from(crate::publish::chart_png::DPI),
                        max_height_mm: Some(CHART_MAX_HEIGHT_MM),
                        caption: chart.title.clone(),
                        description: chart.summary.clone(),
                    }),
                    note(&chart.summary),
                ]
                .into_iter()
                .chain((!chart.note.is_empty()).then(|| note(&format!("{}。", chart.note))))
                .collect()
            }
            Err(e) => {
                self.diagnostics.push(Diagnostic::warning(
                    Code::Docx,
                    self.file.clone(),
                    FieldPath::root(),
                    format!(
                        "{}: the chart “{}” ({path}) cannot be drawn as a picture: {e}; \
                         the Word file shows its title and summary instead, and the page's 下载图片 link has no file",
                        self.label, chart.title
                    ),
                ));
                vec![
                    note(&format!("〔图：{}〕", chart.title)),
                    note(&chart.summary),
                ]
            }
        }
    }

    /// Any write that failed, else the warnings found.
    pub fn finish(self) -> Result<Diagnostics> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.diagnostics),
        }
    }
}

fn note(text: &str) -> Block {
    let mut p = Paragraph::with_role(vec![Inline::text(text)], Role::Note);
    p.align = Some(crate::publish::docx::Align::Center);
    Block::Paragraph(p)
}
