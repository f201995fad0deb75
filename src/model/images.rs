//! Pictures in an issue's `images/` folder, as the loader found them, and what
//! embedding one in a page gives.
//!
//! The loader reads each picture once to know its digest and its header (format
//! and size in pixels, no pixel decoded), so `check` can say that a picture is
//! missing, too large or not a PNG/JPEG without decoding it. The renderer embeds
//! a picture the first time a page shows it and keeps the result here, beside the
//! version of the file it was made from: once per build, and in `serve` once per
//! version of the file (an edited article does not embed its photos again).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A picture file larger than this is refused before it is read.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Width × height above this is refused from the header, before decoding: a
/// 100,000 × 100,000 picture would need 40 GB once decoded.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The extension pv-bulletin names such a file with.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
        }
    }
}

/// What a picture's header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageHeader {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Why a picture cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not a PNG or JPEG; the format when it can be told (EMF, HEIC, …).
    NotAnImage(Option<&'static str>),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    TooManyPixels {
        width: u32,
        height: u32,
        limit: u64,
    },
    /// The header or the pixels cannot be decoded.
    Corrupt(String),
    /// The file cannot be read.
    Unreadable(String),
}

impl fmt::Display for ImageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MB: f64 = 1024.0 * 1024.0;
        match self {
            ImageProblem::NotAnImage(Some(kind)) => write!(
                f,
                "not a PNG or JPEG picture but {kind}: save it as JPEG (photos) or PNG (graphics)"
            ),
            ImageProblem::NotAnImage(None) => write!(
                f,
                "not a PNG or JPEG picture: save it as JPEG (photos) or PNG (graphics)"
            ),
            ImageProblem::TooLarge { bytes, limit } => write!(
                f,
                "the picture is {:.1} MB; pictures over {:.0} MB are refused (save it smaller)",
                *bytes as f64 / MB,
                *limit as f64 / MB
            ),
            ImageProblem::TooManyPixels {
                width,
                height,
                limit,
            } => write!(
                f,
                "the picture is {width} × {height} pixels; pictures over {} megapixels are \
                 refused (scale it down)",
                limit / 1_000_000
            ),
            ImageProblem::Corrupt(why) => {
                write!(f, "the picture is damaged and cannot be decoded ({why})")
            }
            ImageProblem::Unreadable(why) => write!(f, "the picture cannot be read ({why})"),
        }
    }
}

/// A picture as embedded in a page: a `data:` URI and its size in pixels.
#[derive(Clone, PartialEq, Eq)]
pub struct EmbeddedImage {
    pub data_uri: String,
    pub width: u32,
    pub height: u32,
}

impl EmbeddedImage {
    /// The encoded picture (JPEG or PNG) the data URI carries, for outputs that
    /// embed the file itself (the Word file).
    pub fn file_bytes(&self) -> Option<Vec<u8>> {
        use base64::Engine;
        let (_, data) = self.data_uri.split_once(";base64,")?;
        base64::engine::general_purpose::STANDARD.decode(data).ok()
    }
}

impl fmt::Debug for EmbeddedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EmbeddedImage({}×{}, {} bytes)",
            self.width,
            self.height,
            self.data_uri.len()
        )
    }
}

type Embedding = Result<Arc<EmbeddedImage>, ImageProblem>;

/// One file of `bulletins/<n>/images/`, as read by the loader.
pub struct ImageFile {
    /// Where to read it again when it is embedded.
    pub path: PathBuf,
    /// A hash of its bytes (its length when it was too large to read).
    pub digest: u64,
    pub header: Result<ImageHeader, ImageProblem>,
    embedded: OnceLock<Embedding>,
}

impl ImageFile {
    pub fn new(path: PathBuf, digest: u64, header: Result<ImageHeader, ImageProblem>) -> Self {
        ImageFile {
            path,
            digest,
            header,
            embedded: OnceLock::new(),
        }
    }

    /// The picture as embedded: made by `embed` from the file the first time it is
    /// asked for, then kept (other threads asking meanwhile wait for it).
    pub fn embedded_with(&self, embed: impl FnOnce(&Path) -> Embedding) -> Embedding {
        self.embedded.get_or_init(|| embed(&self.path)).clone()
    }

    /// Whether it has been embedded already (for tests of "once per build").
    pub fn is_embedded(&self) -> bool {
        self.embedded.get().is_some()
    }
}

/// Two reads of a picture are the same when its path and bytes are.
impl PartialEq for ImageFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.digest == other.digest && self.header == other.header
    }
}

impl fmt::Debug for ImageFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageFile")
            .field("path", &self.path)
            .field("digest", &self.digest)
            .field("header", &self.header)
            .field("embedded", &self.is_embedded())
            .finish()
    }
}
