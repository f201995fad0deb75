//! One picture → a scaled, re-encoded `data:` URI for the self-contained issue page.
//!
//! The page must stay small enough to mail: a phone photo (4000×3000, 3–5 MB) is
//! scaled to at most 1,200 px wide (Lanczos3, never up) and re-encoded as JPEG
//! (quality 85, lowered in steps of 5 down to 70 while above `target_bytes`).
//! Re-encoding also strips every piece of metadata (EXIF with GPS position,
//! camera serials, XMP, ICC); the EXIF orientation is applied first so portrait
//! photos stay upright. Output bytes depend only on the input bytes and limits.
//!
//! PNG stays PNG when it has transparency, or when it is a flat graphic (a chart,
//! a screenshot) whose PNG is no bigger than the JPEG would be — text stays crisp.

use crate::load::image::sniff;
use crate::model::images::{
    ImageFormat as Format, ImageProblem, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS,
};
use base64::Engine;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::fmt;
use std::io::Cursor;

#[derive(Clone, Debug)]
pub struct ImageLimits {
    pub max_bytes: u64,
    /// Width × height, checked from the header before anything is decoded.
    pub max_pixels: u64,
    /// Wider pictures are scaled down to this width.
    pub max_width: u32,
    pub jpeg_quality: u8,
    /// The quality is lowered (to no less than `min_jpeg_quality`) while the JPEG
    /// is larger than this; `None` keeps `jpeg_quality` whatever the size.
    pub target_bytes: Option<usize>,
    pub min_jpeg_quality: u8,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_bytes: MAX_IMAGE_BYTES,
            max_pixels: MAX_IMAGE_PIXELS,
            max_width: 1200,
            jpeg_quality: 85,
            // Six photos of this size make about 1.3 MB of base64 in a page.
            target_bytes: Some(170 * 1024),
            min_jpeg_quality: 70,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mime {
    Jpeg,
    Png,
}

impl Mime {
    pub fn as_str(self) -> &'static str {
        match self {
            Mime::Jpeg => "image/jpeg",
            Mime::Png => "image/png",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Embedded {
    pub data_uri: String,
    pub width: u32,
    pub height: u32,
    pub mime: Mime,
    /// Size of the encoded picture before base64.
    pub encoded_bytes: usize,
    /// The JPEG quality used (`None` for PNG).
    pub jpeg_quality: Option<u8>,
}

fn corrupt(e: impl fmt::Display) -> ImageProblem {
    ImageProblem::Corrupt(e.to_string())
}

/// What an [`Embedded`] picture is for a page.
impl From<Embedded> for crate::model::images::EmbeddedImage {
    fn from(e: Embedded) -> Self {
        crate::model::images::EmbeddedImage {
            data_uri: e.data_uri,
            width: e.width,
            height: e.height,
        }
    }
}

/// Checks, scales and re-encodes one picture for embedding.
pub fn embed_image(bytes: &[u8], limits: &ImageLimits) -> Result<Embedded, ImageProblem> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ImageProblem::TooLarge {
            bytes: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let format = match sniff(bytes).map_err(ImageProblem::NotAnImage)? {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
    };
    let img = decode(bytes, format, limits)?;
    let img = scale(img, limits.max_width);
    let (data, mime, jpeg_quality) = encode(&img, format, limits)?;
    let mut data_uri = format!("data:{};base64,", mime.as_str());
    base64::engine::general_purpose::STANDARD.encode_string(&data, &mut data_uri);
    Ok(Embedded {
        data_uri,
        width: img.width(),
        height: img.height(),
        mime,
        encoded_bytes: data.len(),
        jpeg_quality,
    })
}

/// Reads the header, refuses too many pixels, then decodes and applies EXIF orientation.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &ImageLimits,
) -> Result<DynamicImage, ImageProblem> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = image::Limits::default();
    // RGBA16 of the largest allowed picture, plus room for the decoder's own buffers.
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageProblem::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Scales down to `max_width`, keeping the aspect ratio; never scales up.
fn scale(img: DynamicImage, max_width: u32) -> DynamicImage {
    if img.width() <= max_width {
        return img;
    }
    let height = (u64::from(img.height()) * u64::from(max_width) + u64::from(img.width()) / 2)
        / u64::from(img.width());
    img.resize_exact(max_width, (height as u32).max(1), FilterType::Lanczos3)
}

fn has_transparency(img: &DynamicImage) -> bool {
    img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p[3] < 255)
}

type Encoded = (Vec<u8>, Mime, Option<u8>);

fn encode(
    img: &DynamicImage,
    input: ImageFormat,
    limits: &ImageLimits,
) -> Result<Encoded, ImageProblem> {
    if input == ImageFormat::Png && has_transparency(img) {
        return Ok((png(img)?, Mime::Png, None));
    }
    let (jpeg, quality) = jpeg(img, limits)?;
    if input == ImageFormat::Png {
        let png = png(img)?;
        if png.len() <= jpeg.len() {
            return Ok((png, Mime::Png, None));
        }
    }
    Ok((jpeg, Mime::Jpeg, Some(quality)))
}

fn png(img: &DynamicImage) -> Result<Vec<u8>, ImageProblem> {
    let img = match img {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => img.clone(),
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive);
    img.write_with_encoder(encoder).map_err(corrupt)?;
    Ok(out)
}

/// JPEG at the configured quality, stepping down while above the target size.
fn jpeg(img: &DynamicImage, limits: &ImageLimits) -> Result<(Vec<u8>, u8), ImageProblem> {
    let flat = if img.color().has_color() {
        DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        DynamicImage::ImageLuma8(img.to_luma8())
    };
    let mut quality = limits.jpeg_quality.clamp(1, 100);
    loop {
        let out = jpeg_at(&flat, quality)?;
        let small_enough = limits.target_bytes.is_none_or(|t| out.len() <= t);
        if small_enough || quality <= limits.min_jpeg_quality {
            return Ok((out, quality));
        }
        quality = quality.saturating_sub(5).max(limits.min_jpeg_quality);
    }
}

/// `jpeg-encoder` with 4:2:0 chroma (box-averaged) and optimised Huffman tables:
/// about a third smaller than `image`'s encoder, which writes 4:4:4 with the
/// standard tables. Sides above 65,535 px (its limit) fall back to `image`.
fn jpeg_at(flat: &DynamicImage, quality: u8) -> Result<Vec<u8>, ImageProblem> {
    let mut out = Vec::new();
    let (Ok(w), Ok(h)) = (u16::try_from(flat.width()), u16::try_from(flat.height())) else {
        flat.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
            .map_err(corrupt)?;
        return Ok(out);
    };
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    enc.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    enc.set_optimized_huffman_tables(true);
    let color = if flat.color().has_color() {
        jpeg_encoder::ColorType::Rgb
    } else {
        jpeg_encoder::ColorType::Luma
    };
    enc.encode(flat.as_bytes(), w, h, color).map_err(corrupt)?;
    Ok(out)
}
