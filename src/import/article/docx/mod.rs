//! A township's Word submission (.docx) → a Markdown article plus its pictures.
//!
//! Read with `zip` + `quick-xml` over WordprocessingML rather than docx-rs's
//! reader, which trusts declared sizes (`Vec::with_capacity` of the zip header's
//! size, an unbounded `read_to_end(..).unwrap()`), has about 190 `unwrap`s on
//! input, reads no footnotes, drops the pictures' descriptions (`wp:docPr descr`)
//! and skips `mc:Fallback`. Here every part is inflated through a bounded reader, the XML is parsed
//! into a small filtered tree (only the elements an article needs), and nothing
//! outside the package is ever fetched. Everything a user can fix is reported in
//! Chinese with the English term, e.g. "图片 image3.emf 是 EMF 格式…".

mod article;
mod body;
mod detect;
mod drawings;
mod images;
mod inline;
mod model;
mod package;
mod styles;
mod tables;
mod tags;
mod xml;

use crate::model::images::{ImageFormat, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS};
use std::fmt;

/// Bounds on what one submission may make us read; defaults suit phone photos
/// and long reports while keeping a hostile file to a few hundred MB at worst.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The .docx file itself.
    pub max_file_bytes: u64,
    /// word/document.xml (and each other XML part) once inflated.
    pub max_xml_part: u64,
    /// Everything inflated from the package, all parts together.
    pub max_package: u64,
    /// Entries in the zip's central directory (checked before it is parsed).
    pub max_zip_entries: usize,
    pub max_images: usize,
    pub max_image_bytes: u64,
    pub max_images_total: u64,
    /// Width × height, read from the image header without decoding.
    pub max_image_pixels: u64,
    /// Element nesting in any XML part.
    pub max_xml_depth: usize,
    /// Elements and text nodes kept from one XML part (bounds the tree's memory).
    pub max_xml_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        const MB: u64 = 1024 * 1024;
        Limits {
            max_file_bytes: 256 * MB,
            max_xml_part: 64 * MB,
            max_package: 256 * MB,
            max_zip_entries: 20_000,
            max_images: 200,
            max_image_bytes: MAX_IMAGE_BYTES,
            max_images_total: 100 * MB,
            max_image_pixels: MAX_IMAGE_PIXELS,
            max_xml_depth: 256,
            max_xml_nodes: 2_000_000,
        }
    }
}

/// How the title was found (the caller falls back to the file name on `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleSource {
    /// A paragraph in the Title / 标题 style.
    TitleStyle,
    /// The first centred paragraph at the top.
    Centred,
    /// The first paragraph at the top, set larger than anything else.
    LargestFont,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    pub text: String,
    pub source: TitleSource,
}

/// A picture to write to `bulletins/<n>/images/<file_name>`; the Markdown refers to
/// it as `images/<file_name>`. The name never comes from the package. `alt` is
/// the picture's description in Word (the caption on the page), empty when it
/// has none.
#[derive(Clone, Debug)]
pub struct Image {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub kind: ImageFormat,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub paragraphs: usize,
    pub headings: usize,
    pub tables: usize,
    pub images: usize,
    pub footnotes: usize,
}

#[derive(Clone, Debug)]
pub struct Article {
    pub title: Option<Title>,
    pub author: Option<String>,
    pub markdown: String,
    pub images: Vec<Image>,
    pub warnings: Vec<String>,
    pub stats: Stats,
}

/// What kind of refusal, for callers and tests; the message says it to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// .doc, .wps, RTF, ODT, not a zip, no word/document.xml.
    NotDocx,
    /// Password-protected (an OLE file with EncryptedPackage).
    Encrypted,
    /// A size, count or pixel limit.
    TooLarge,
    /// Corrupt zip, bad XML, DOCTYPE, too deep, a missing part.
    Malformed,
    /// A relationship target that leaves the package.
    UnsafeTarget,
    /// A linked (not embedded) picture.
    ExternalImage,
    /// EMF, WMF, TIFF, GIF, BMP, SVG, …
    UnsupportedImage,
    /// Nothing left once title and source line are taken out.
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ReadError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ReadError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

/// Reads one submission. `file_name` is only used for messages and for telling
/// .doc/.wps/.docm apart; `image_prefix` starts every picture's file name
/// (`{image_prefix}{n}.png|jpg`, path separators in it are replaced by `-`).
pub fn read_docx(
    bytes: &[u8],
    file_name: &str,
    image_prefix: &str,
    limits: &Limits,
) -> Result<Article, ReadError> {
    let mut warnings = Vec::new();
    let mut pkg = package::Package::open(bytes, file_name, limits, &mut warnings)?;
    let doc_part = pkg.document_part()?;
    let rels = pkg.rels(&doc_part)?;
    let xml_limits = xml::XmlLimits::from(limits);
    let parse = |pkg: &mut package::Package, part: Option<String>| -> Result<_, ReadError> {
        match part {
            Some(p) => match pkg.read_part(&p, limits.max_xml_part)? {
                Some(bytes) => xml::parse(&bytes, &p, xml_limits).map(Some),
                None => Ok(None),
            },
            None => Ok(None),
        }
    };
    let doc = parse(&mut pkg, Some(doc_part.clone()))?.ok_or_else(|| {
        ReadError::new(
            ErrorKind::NotDocx,
            format!("文件中找不到正文部件 {doc_part}"),
        )
    })?;
    let styles = parse(&mut pkg, rels.part_of(package::RelKind::Styles))?;
    let numbering = parse(&mut pkg, rels.part_of(package::RelKind::Numbering))?;
    let footnotes = parse(&mut pkg, rels.part_of(package::RelKind::Footnotes))?;
    let endnotes = parse(&mut pkg, rels.part_of(package::RelKind::Endnotes))?;
    let styles = styles::Styles::from_xml(styles.as_ref().map(|p| &p.root));
    let numbering = styles::Numbering::from_xml(numbering.as_ref().map(|p| &p.root));

    let mut walker = body::Walker::new(&styles, &numbering, &rels, limits);
    let mut blocks = Vec::new();
    walker.walk_blocks(&doc.root, &mut blocks)?;
    let notes = walker.walk_notes(
        footnotes.as_ref().map(|p| &p.root),
        endnotes.as_ref().map(|p| &p.root),
    )?;
    let mut flags = doc.flags;
    for p in [&footnotes, &endnotes].into_iter().flatten() {
        flags.extend(p.flags.iter().copied());
    }
    warnings.extend(tags::flag_warnings(&flags));
    warnings.append(&mut walker.warnings);

    let images = images::load(&mut pkg, &walker.images, image_prefix, limits)?;
    let out = article::assemble(blocks, notes, &images, &mut warnings)?;
    Ok(Article {
        title: out.title,
        author: out.author,
        markdown: out.markdown,
        stats: out.stats,
        images,
        warnings,
    })
}
