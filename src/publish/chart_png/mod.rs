//! Chart SVGs (as the project draws them with plotters) rasterised to PNG with
//! resvg, for the .docx and the pages' 下载图片 links.
//!
//! A chart is drawn as wide as the 版心 (156 mm) at 300 dpi, 1843 px, and says so
//! in its `pHYs` chunk, so Word, WPS and slide programs place it at 156 mm. White
//! background, deterministic bytes, bounded size. Charts are flat colours with
//! anti-aliased edges — a few hundred colours at most — so they are written as
//! indexed-colour PNGs when they fit a 256-colour palette (lossless, a third of
//! the bytes to compress), else as RGB.

mod encode;
mod fonts;
mod glyphs;
pub mod store;

pub use encode::{stamp_of, STAMP_KEY};
pub use fonts::FontSet;
pub use store::ChartStore;

use resvg::tiny_skia::{IntSize, Pixmap, Transform};
use resvg::usvg;
use std::fmt;

/// Print resolution of charts.
pub const DPI: u32 = 300;
/// The 版心 width, 156 mm, at [`DPI`]: the width every chart PNG is drawn at.
pub const CHART_WIDTH_PX: u32 = 1843;
/// Largest raster side accepted; 8000 px is 677 mm at 300 dpi, far beyond a page.
pub const MAX_SIDE_PX: u32 = 8000;

/// How to rasterise: the width in pixels (the height follows the SVG's aspect),
/// the resolution written into the file, and an optional stamp — a text chunk
/// saying what the picture was made from, so a later build can reuse it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raster {
    pub width_px: u32,
    pub dpi: u32,
    pub stamp: Option<String>,
}

impl Raster {
    /// A chart for print: [`CHART_WIDTH_PX`] wide at [`DPI`].
    pub fn chart(stamp: Option<String>) -> Raster {
        Raster {
            width_px: CHART_WIDTH_PX,
            dpi: DPI,
            stamp,
        }
    }
}

/// Why an SVG could not be turned into a PNG.
#[derive(Debug, Clone, PartialEq)]
pub enum PngError {
    /// The SVG could not be parsed.
    Svg(String),
    /// The raster would be empty or exceed [`MAX_SIDE_PX`] on a side.
    Size { width: u64, height: u64 },
    /// Encoding the PNG failed.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Svg(m) => write!(f, "the chart's SVG could not be read: {m}"),
            PngError::Size { width, height } => write!(
                f,
                "the picture would be {width} × {height} px; pictures are drawn from 1 to {MAX_SIDE_PX} px a side"
            ),
            PngError::Encode(m) => write!(f, "PNG encoding failed: {m}"),
        }
    }
}

impl std::error::Error for PngError {}

/// Pixel size of an SVG of `width × height` user units drawn `width_px` wide.
pub fn raster_size(width: f32, height: f32, width_px: u32) -> (u64, u64) {
    let scale = f64::from(width_px) / f64::from(width.max(f32::MIN_POSITIVE));
    let h = (f64::from(height) * scale).round().max(0.0) as u64;
    (u64::from(width_px), h)
}

/// Rasterises `svg` as `raster` asks, with `fonts`; the same input gives the same
/// bytes. Accepts the project's inline SVGs as they are (no `xmlns`, a `viewBox`).
pub fn svg_to_png(svg: &str, raster: &Raster, fonts: &FontSet) -> Result<Vec<u8>, PngError> {
    let svg = without_white_background(svg);
    let tree =
        usvg::Tree::from_str(&svg, &fonts.options()).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let (width, height) = raster_size(size.width(), size.height(), raster.width_px);
    let max = u64::from(MAX_SIDE_PX);
    if width == 0 || height == 0 || width > max || height > max {
        return Err(PngError::Size { width, height });
    }
    // Opaque white in one pass (`Pixmap::new` zeroes, then `fill` paints: two).
    let white = vec![u8::MAX; width as usize * height as usize * 4];
    let mut pixmap = IntSize::from_wh(width as u32, height as u32)
        .and_then(|size| Pixmap::from_vec(white, size))
        .ok_or_else(|| PngError::Encode("no memory for the raster".into()))?;
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    glyphs::render(&tree, transform, &mut pixmap.as_mut(), fonts.glyphs());
    encode::encode(&pixmap, raster).map_err(|e| PngError::Encode(e.to_string()))
}

/// The SVG without plotters' opening white rectangle over the whole `viewBox`: the
/// raster is filled white before drawing, so the rectangle changes no pixel, and
/// blending it over two million pixels was a tenth of a chart's drawing time.
fn without_white_background(svg: &str) -> std::borrow::Cow<'_, str> {
    let Some(view_box) = svg
        .split_once("viewBox=\"0 0 ")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(dims, _)| dims)
    else {
        return svg.into();
    };
    let Some((width, height)) = view_box.split_once(' ') else {
        return svg.into();
    };
    let background = format!(
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>"
    );
    match svg.find(&background) {
        Some(at) => format!("{}{}", &svg[..at], &svg[at + background.len()..]).into(),
        None => svg.into(),
    }
}

#[cfg(test)]
mod tests;
