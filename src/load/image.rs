//! Pictures in an issue's `images/` folder: what a file is, from its first bytes
//! (an extension may lie), and its size in pixels, from its header alone.
//! Nothing is decoded here; the renderer does that when a page shows the picture.

use crate::model::images::{ImageFormat, ImageHeader, ImageProblem, MAX_IMAGE_PIXELS};
use std::io::Cursor;

/// PNG or JPEG by their magic bytes; otherwise the name of what it is, when it is
/// a format people paste into Word or save from phones.
pub fn sniff(b: &[u8]) -> Result<ImageFormat, Option<&'static str>> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if b.starts_with(b"\xFF\xD8\xFF") {
        return Ok(ImageFormat::Jpeg);
    }
    let other = if b.len() >= 44 && b.starts_with(b"\x01\x00\x00\x00") && &b[40..44] == b" EMF" {
        "EMF"
    } else if b.starts_with(b"\xD7\xCD\xC6\x9A")
        || b.starts_with(b"\x01\x00\x09\x00")
        || b.starts_with(b"\x02\x00\x09\x00")
    {
        "WMF"
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        "TIFF"
    } else if b.starts_with(b"GIF8") {
        "GIF"
    } else if b.starts_with(b"BM") {
        "BMP"
    } else if b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP" {
        "WebP"
    } else if b.len() >= 12 && &b[4..8] == b"ftyp" {
        "HEIC/AVIF"
    } else if looks_like_svg(b) {
        "SVG"
    } else {
        return Err(None);
    };
    Err(Some(other))
}

fn looks_like_svg(b: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&b[..b.len().min(512)]).to_lowercase();
    head.contains("<svg") || head.trim_start().starts_with("<?xml")
}

/// Format and size from the header; more than [`MAX_IMAGE_PIXELS`] is refused.
pub fn inspect(bytes: &[u8]) -> Result<ImageHeader, ImageProblem> {
    let format = sniff(bytes).map_err(ImageProblem::NotAnImage)?;
    let as_image = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
    };
    let (width, height) = image::ImageReader::with_format(Cursor::new(bytes), as_image)
        .into_dimensions()
        .map_err(|e| ImageProblem::Corrupt(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(ImageProblem::TooManyPixels {
            width,
            height,
            limit: MAX_IMAGE_PIXELS,
        });
    }
    Ok(ImageHeader {
        format,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 10, 10]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn png_and_jpeg_are_told_by_their_bytes_not_their_names() {
        let h = inspect(&png(30, 20)).unwrap();
        assert_eq!((h.format, h.width, h.height), (ImageFormat::Png, 30, 20));
        assert_eq!(sniff(b"GIF89a......"), Err(Some("GIF")));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic...."), Err(Some("HEIC/AVIF")));
        assert_eq!(sniff(b"hello"), Err(None));
        assert_eq!(
            inspect(b"hello"),
            Err(ImageProblem::NotAnImage(None)),
            "a text file named .jpg"
        );
    }

    #[test]
    fn a_huge_claimed_size_is_refused_from_the_header() {
        // A real small JPEG whose frame header (SOF0) claims 60,000 × 60,000 pixels.
        let img = image::RgbImage::from_pixel(16, 16, image::Rgb([20, 120, 200]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        let mut bytes = out.into_inner();
        let sof = bytes.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
        bytes[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
        assert_eq!(
            inspect(&bytes),
            Err(ImageProblem::TooManyPixels {
                width: 60_000,
                height: 60_000,
                limit: MAX_IMAGE_PIXELS
            })
        );
    }
}
