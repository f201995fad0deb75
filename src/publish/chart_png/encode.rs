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

/// The `tEXt` keyword of the stamp (what the picture was drawn from).
pub const STAMP_KEY: &str = "pv-bulletin-source";

/// Level 2 (zlib-rs's `deflate_fast`): on 208 charts of the 30 k sample, 3 % larger
/// files than level 3 (`deflate_medium`) for 12 % less time per chart; level 1
/// (`deflate_quick`) is both larger (+60 %) and slower, and fdeflate's ultra-fast
/// mode suits RGB photos, not palette indices (15 × the bytes).
const COMPRESSION: DeflateCompression = DeflateCompression::Level(2);

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
/// or `None` past 256 colours.
///
/// Most of a chart is runs of one colour (the white around everything), so eight
/// pixels at a time are compared with the last colour first: this pass reads the
/// whole raster, and pixel by pixel it took a fifth of a chart's time. The lookup is
/// a small open-addressing table keyed by the colour as a `u32`: with a `HashMap`
/// (SipHash) this loop took longer than compressing the picture.
fn indexed(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    const RUN: usize = 8;
    let mut palette = Palette::new();
    let mut out = vec![0; rgba.len() / 4];
    // `EMPTY` can never be a pixel's masked colour, so the first pixel looks it up.
    let (mut last, mut index) = (Palette::EMPTY, 0);
    // The last pixel (all four bytes) eight times; no run before the first pixel.
    let mut run: Option<[u8; 4 * RUN]> = None;
    let mut at = 0;
    while at < out.len() {
        if let (Some(run), Some(block)) = (&run, rgba.get(4 * at..4 * (at + RUN))) {
            if block == run {
                out[at..at + RUN].fill(index);
                at += RUN;
                continue;
            }
        }
        let p = &rgba[4 * at..4 * at + 4];
        let rgb = u32::from_le_bytes([p[0], p[1], p[2], p[3]]) & 0x00FF_FFFF;
        if rgb != last {
            index = palette.index_of(rgb)?;
            last = rgb;
            let mut pattern = [0; 4 * RUN];
            for pixel in pattern.chunks_exact_mut(4) {
                pixel.copy_from_slice(p);
            }
            run = Some(pattern);
        }
        out[at] = index;
        at += 1;
    }
    Some((palette.rgb, out))
}

/// Up to 256 colours and their indices, in a table four times that size (so probes
/// stay short), slots empty while `u32::MAX` (no RGB colour has a fourth byte).
struct Palette {
    keys: Box<[u32; Palette::SLOTS]>,
    values: Box<[u8; Palette::SLOTS]>,
    rgb: Vec<u8>,
}

impl Palette {
    const SLOTS: usize = 1024;
    const EMPTY: u32 = u32::MAX;

    fn new() -> Self {
        Palette {
            keys: Box::new([Self::EMPTY; Self::SLOTS]),
            values: Box::new([0; Self::SLOTS]),
            rgb: Vec::with_capacity(3 * 256),
        }
    }

    /// The index of `rgb` (`0x00BBGGRR`), added if new; `None` when a 257th colour
    /// would be needed.
    fn index_of(&mut self, rgb: u32) -> Option<u8> {
        // Fibonacci hashing: the top 10 bits of the product pick the slot.
        let mut slot = (rgb.wrapping_mul(0x9E37_79B1) >> 22) as usize;
        loop {
            match self.keys[slot] {
                key if key == rgb => return Some(self.values[slot]),
                Self::EMPTY => {
                    let index = u8::try_from(self.rgb.len() / 3).ok()?;
                    self.keys[slot] = rgb;
                    self.values[slot] = index;
                    self.rgb.extend_from_slice(&rgb.to_le_bytes()[..3]);
                    return Some(index);
                }
                _ => slot = (slot + 1) % Self::SLOTS,
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::indexed;

    fn rgba(colours: &[[u8; 3]]) -> Vec<u8> {
        colours
            .iter()
            .flat_map(|c| [c[0], c[1], c[2], 255])
            .collect()
    }

    #[test]
    fn palette_in_order_of_first_appearance() {
        let (w, r, b) = ([255, 255, 255], [176, 48, 42], [0, 0, 0]);
        let (palette, indices) = indexed(&rgba(&[w, w, r, b, r, w])).unwrap();
        assert_eq!(palette, [255, 255, 255, 176, 48, 42, 0, 0, 0]);
        assert_eq!(indices, [0, 0, 1, 2, 1, 0]);
    }

    /// Pixel by pixel, first appearance first: what the eight-at-a-time pass must give.
    fn by_pixel(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
        let (mut palette, mut indices) = (Vec::<[u8; 3]>::new(), Vec::new());
        for p in rgba.chunks_exact(4) {
            let rgb = [p[0], p[1], p[2]];
            let index = match palette.iter().position(|c| *c == rgb) {
                Some(i) => i,
                None => {
                    palette.push(rgb);
                    palette.len() - 1
                }
            };
            indices.push(u8::try_from(index).ok()?);
        }
        Some((palette.concat(), indices))
    }

    proptest::proptest! {
        /// Runs of every length, broken at any pixel, colours differing in alpha
        /// only (one palette entry), a tail shorter than eight.
        #[test]
        fn runs_give_what_pixel_by_pixel_gives(
            runs in proptest::collection::vec((0u8..6, 0u8..2, 1usize..40), 0..60)
        ) {
            let colours = [[255, 255, 255], [176, 48, 42], [0, 0, 0], [51, 51, 51], [236, 168, 155], [255, 255, 254]];
            let rgba: Vec<u8> = runs
                .iter()
                .flat_map(|&(c, alpha, n)| {
                    let [r, g, b] = colours[usize::from(c)];
                    std::iter::repeat_n([r, g, b, 255 - alpha], n).flatten()
                })
                .collect();
            proptest::prop_assert_eq!(indexed(&rgba), by_pixel(&rgba));
        }
    }

    /// 256 colours fit (every slot of the table probed through collisions), the
    /// 257th does not.
    #[test]
    fn at_most_256_colours() {
        let colours: Vec<[u8; 3]> = (0..257u32)
            .map(|i| [(i % 7) as u8, (i / 7) as u8, 9])
            .collect();
        let (palette, indices) = indexed(&rgba(&colours[..256])).unwrap();
        assert_eq!(palette.len(), 3 * 256);
        assert_eq!(indices, (0..=255).collect::<Vec<u8>>());
        assert_eq!(&palette[3 * 200..3 * 201], &colours[200]);
        assert!(indexed(&rgba(&colours)).is_none());
        let mut again = colours[..256].to_vec();
        again.extend_from_slice(&colours[..256]);
        let (_, twice) = indexed(&rgba(&again)).unwrap();
        assert_eq!(&twice[256..], &twice[..256]);
    }
}
