//! Inline pictures (PNG charts, PNG or JPEG photos): natural size from pixels and
//! dpi, scaled down to the 版心 (width, and height less room for the caption, or a
//! smaller maximum), alt text in `wp:docPr descr`, the caption under the picture.

use super::body::Ctx;
use super::model::Picture;
use super::page::{mm_to_twips, EMU_PER_TWIP};
use super::parts::image_rid;
use super::xml;
use super::DocxError;

const EMU_PER_INCH: f64 = 914_400.0;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The picture formats Word and WPS embed as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpeg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
        }
    }
}

/// Format, width and height from the file's header (PNG IHDR, JPEG SOFn); an
/// error for anything else, or a size of zero.
pub fn image_size(bytes: &[u8]) -> Result<(ImageKind, u32, u32), DocxError> {
    let (kind, w, h) = if bytes.starts_with(PNG_SIGNATURE) {
        if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
            return Err(DocxError::Picture("a PNG without its header".into()));
        }
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (ImageKind::Png, be(&bytes[16..20]), be(&bytes[20..24]))
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        let (w, h) = jpeg_size(bytes)
            .ok_or_else(|| DocxError::Picture("a JPEG without a frame header".into()))?;
        (ImageKind::Jpeg, w, h)
    } else {
        return Err(DocxError::Picture("not a PNG or JPEG file".into()));
    };
    if w == 0 || h == 0 {
        return Err(DocxError::Picture("the picture has a zero size".into()));
    }
    Ok((kind, w, h))
}

/// Walks the JPEG markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG
/// and DAC) and reads its height and width.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_sof {
            let s = b.get(i + 5..i + 9)?;
            let h = u32::from(u16::from_be_bytes([s[0], s[1]]));
            let w = u32::from(u16::from_be_bytes([s[2], s[3]]));
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Displayed size in EMU: the natural size, scaled down (never up) to fit `max`.
pub(crate) fn extent(px: (u32, u32), dpi: f64, max: (i64, i64)) -> (i64, i64) {
    let dpi = if dpi.is_finite() && dpi > 0.0 {
        dpi
    } else {
        96.0
    };
    let w = f64::from(px.0) / dpi * EMU_PER_INCH;
    let h = f64::from(px.1) / dpi * EMU_PER_INCH;
    let scale = (max.0 as f64 / w).min(max.1 as f64 / h).min(1.0);
    ((w * scale).round() as i64, (h * scale).round() as i64)
}

pub(crate) fn picture<'a>(
    out: &mut String,
    p: &'a Picture,
    ctx: &mut Ctx<'a>,
) -> Result<(), DocxError> {
    let (kind, w, h) = image_size(&p.bytes)?;
    let g = ctx.g;
    // Leave three body lines of the 版心 for the caption and the space around it.
    let mut max_h = g.text_h - 3 * g.line;
    if let Some(mm) = p.max_height_mm {
        max_h = max_h.min(mm_to_twips(mm));
    }
    let (cx, cy) = extent(
        (w, h),
        p.dpi,
        (g.table_w * EMU_PER_TWIP, max_h * EMU_PER_TWIP),
    );
    ctx.pictures.push((kind, p.bytes.as_slice()));
    let n = ctx.pictures.len();
    let descr = xml::attr(&p.description);
    let title = xml::attr(&p.caption);
    out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing>\
         <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
         <wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{n}\" name=\"图{n}\" descr=\"{descr}\" title=\"{title}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"image{n}.{}\" descr=\"{descr}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        kind.extension(),
        image_rid(n)
    ));
    if !p.caption.is_empty() {
        xml::para_text(out, "FigureCaption", "", &p.caption);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_down_to_the_text_width_only() {
        let max = (8844 * EMU_PER_TWIP, 11000 * EMU_PER_TWIP);
        // 720 px at 96 dpi rendered at 300 dpi: 2250 px = 7.5 in, wider than 156 mm.
        let (cx, cy) = extent((2250, 1188), 300.0, max);
        assert_eq!(cx, 8844 * EMU_PER_TWIP);
        assert!((cy as f64 / cx as f64 - 1188.0 / 2250.0).abs() < 1e-6);
        // Small pictures keep their natural size.
        assert_eq!(extent((300, 300), 300.0, max), (914_400, 914_400));
        // A tall one is bounded by the height.
        let (_, cy) = extent((1000, 9000), 300.0, max);
        assert_eq!(cy, 11000 * EMU_PER_TWIP);
    }

    #[test]
    fn reads_png_and_jpeg_sizes() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend_from_slice(&[0, 0, 0, 13]);
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&[0, 0, 7, 0x33, 0, 0, 4, 0xA2]);
        assert_eq!(image_size(&png), Ok((ImageKind::Png, 1843, 1186)));
        // SOI, an APP0 segment of 4 bytes, then SOF0: precision 8, height 600, width 800.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 2, 0x58, 3, 0x20, 3,
        ];
        assert_eq!(image_size(&jpeg), Ok((ImageKind::Jpeg, 800, 600)));
        assert!(image_size(b"GIF89a....................").is_err());
        assert!(image_size(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
        assert!(image_size(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 1]).is_err());
    }
}
