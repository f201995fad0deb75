//! An editable Word file (.docx) in the GB/T 9704 geometry: the issue as offices
//! circulate it, and the village notice.
//!
//! WordprocessingML is written by hand over the `zip` crate, the way pandoc and
//! Quarto fill a reference document: named paragraph styles carry the fonts and
//! sizes, the body carries the content. docx-rs (0.4.22) was read first and left:
//! it cannot mark header rows to repeat (`w:tblHeader`), write a picture's alt text
//! (`wp:docPr descr`) or font fallbacks (`w:altName`), and numbers pictures from a
//! process-wide counter, so two documents written in one build differ in their ids.
//! See docs/word.md.
//!
//! The output is deterministic — fixed part order, ids, zip timestamps (1980-01-01)
//! and document dates — and safe: data only ever becomes escaped `w:t` text, never a
//! field, hyperlink, macro or external relationship. The footers' PAGE is the only
//! field.

mod blocks;
mod body;
mod fonts;
pub mod model;
pub mod page;
mod parts;
mod picture;
mod styles;
mod table;
#[cfg(test)]
mod tests;
mod xml;

pub use model::*;
pub use page::{mm_to_twips, Geometry};
pub use picture::{image_size, ImageKind};

use std::fmt;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// The page setup leaves no room for text.
    Page(String),
    /// A table's columns or cells do not fit together.
    Table(String),
    /// A picture is not a PNG or JPEG, or its size cannot be read.
    Picture(String),
    /// Writing the zip container failed.
    Zip(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Page(m) => write!(f, "page setup: {m}"),
            DocxError::Table(m) => write!(f, "table: {m}"),
            DocxError::Picture(m) => write!(f, "picture: {m}"),
            DocxError::Zip(m) => write!(f, "writing the .docx: {m}"),
        }
    }
}

impl std::error::Error for DocxError {}

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> Self {
        DocxError::Zip(e.to_string())
    }
}

impl From<std::io::Error> for DocxError {
    fn from(e: std::io::Error) -> Self {
        DocxError::Zip(e.to_string())
    }
}

/// Writes `doc` as .docx bytes. The same `Document` always gives the same bytes.
pub fn write_docx(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let g = Geometry::new(&doc.page, &doc.type_sizes);
    if g.text_w < 1000 || g.line < 100 {
        return Err(DocxError::Page(format!(
            "the 版心 is {} × {} twips with {}-twip lines",
            g.text_w, g.text_h, g.line
        )));
    }
    let mut ctx = body::Ctx {
        g: &g,
        pictures: Vec::new(),
        ordered_lists: 0,
    };
    let document = body::document(doc, &mut ctx)?;
    let (s, f) = (&doc.type_sizes, &doc.fonts);
    let kinds: Vec<ImageKind> = ctx.pictures.iter().map(|p| p.0).collect();
    let footers = doc.page.page_numbers;
    let mut parts: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(&kinds, footers),
        ),
        ("_rels/.rels".into(), parts::package_rels()),
        ("docProps/core.xml".into(), parts::core(&doc.props)),
        ("docProps/app.xml".into(), parts::app()),
        ("word/document.xml".into(), document),
        (
            "word/_rels/document.xml.rels".into(),
            parts::document_rels(&kinds, footers),
        ),
        ("word/styles.xml".into(), styles::styles(&g, s, f)),
        ("word/settings.xml".into(), parts::settings(footers)),
        ("word/fontTable.xml".into(), fonts::font_table(f)),
        (
            "word/numbering.xml".into(),
            fonts::numbering(&g, ctx.ordered_lists),
        ),
    ];
    if footers {
        parts.push(("word/footer1.xml".into(), page::footer(true, s, f)));
        parts.push(("word/footer2.xml".into(), page::footer(false, s, f)));
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Explicit time and permissions: the zip crate's defaults depend on its features.
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    for (name, content) in &parts {
        zip.start_file(name.as_str(), deflated)?;
        zip.write_all(content.as_bytes())?;
    }
    // PNG and JPEG are compressed already.
    let stored = base.compression_method(CompressionMethod::Stored);
    for (i, (kind, bytes)) in ctx.pictures.iter().enumerate() {
        zip.start_file(parts::media_name(i + 1, *kind), stored)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
