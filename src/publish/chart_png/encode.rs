//! PNG encoding of a rendered chart: indexed colour when the chart has at most 256
//! colours (it nearly always has: flat fills and their anti-aliased edges), else
//! RGB; the resolution in `pHYs`; an optional stamp in a `tEXt` chunk.
//!
//! The raster is drawn on an opaque white background, so its premultiplied pixels
//! are its colours: no alpha channel is written. The palette lists colours in the
//! order they first appear, row by row, so the same pixels give the same bytes.

use super::Raster;
use png::{BitDepth, ColorType, DeflateCompression, Encoder, Filter, PixelDimensions, Unit};
use resvg::tiny_skia::Pixmap;
use std::collections::HashMap;

/// The `tEXt` keyword of the stamp (what the picture was drawn from).
pub const STAMP_KEY: &str = "pv-bulletin-source";

/// Level 3: measured on the sample's charts, about as small as level 6 at half the
/// time; higher levels gain a few percent for many times the time.
const COMPRESSION: DeflateCompression = DeflateCompression::Level(3);

pub(super) fn encode(pixmap: &Pixmap, raster: &Raster) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::new();
    let mut enc = Encoder::new(&mut out, w, h);
    enc.set_depth(BitDepth::Eight);
    enc.set_deflate_compression(COMPRESSION);
    enc.set_filter(Filter::NoFilter);
    let per_metre = (f64::from(raster.dpi) / 0.0254).round() as u32;
    enc.set_pixel_dims(Some(PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: Unit::Meter,
    }));
    if let Some(stamp) = &raster.stamp {
        enc.add_text_chunk(STAMP_KEY.to_string(), stamp.clone())?;
    }
    let data = match indexed(pixmap.data()) {
        Some((palette, indices)) => {
            enc.set_color(ColorType::Indexed);
            enc.set_palette(palette);
            indices
        }
        None => {
            enc.set_color(ColorType::Rgb);
            enc.set_filter(Filter::Adaptive);
            pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
    };
    let mut writer = enc.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// The palette (RGB triples in order of first appearance) and one index per pixel,
/// or `None` past 256 colours. Runs of one colour skip the map.
fn indexed(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut map: HashMap<[u8; 3], u8> = HashMap::new();
    let mut palette = Vec::new();
    let mut out = Vec::with_capacity(rgba.len() / 4);
    let mut last: Option<([u8; 3], u8)> = None;
    for p in rgba.chunks_exact(4) {
        let rgb = [p[0], p[1], p[2]];
        let index = match last {
            Some((c, i)) if c == rgb => i,
            _ => {
                let i = match map.get(&rgb) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(map.len()).ok()?;
                        map.insert(rgb, i);
                        palette.extend_from_slice(&rgb);
                        i
                    }
                };
                last = Some((rgb, i));
                i
            }
        };
        out.push(index);
    }
    Some((palette, out))
}

/// The stamp a PNG carries (see [`STAMP_KEY`]), read from its chunks up to the
/// image data; `None` for anything else.
pub fn stamp_of(png: &[u8]) -> Option<&str> {
    let mut at = 8;
    if png.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    while let Some(head) = png.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        if kind == b"IDAT" {
            return None;
        }
        let body = png.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"tEXt" {
            let split = body.iter().position(|b| *b == 0)?;
            if &body[..split] == STAMP_KEY.as_bytes() {
                return std::str::from_utf8(&body[split + 1..]).ok();
            }
        }
        at += 12 + len;
    }
    None
}
