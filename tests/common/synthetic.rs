//! Photo-like test pictures, deterministic and made in code.
//!
//! A solar-station scene: a sky gradient with soft clouds, ground with fractal
//! texture, rows of dark panels with cell grid lines, and faint sensor noise.
//! The texture is value noise summed over octaves from 768 px down to 3 px with
//! amplitudes falling slowly (0.82 per octave), close to the 1/f amplitude
//! spectrum of natural images, so it keeps detail when scaled down like a photo
//! does. Tuned so the 4000×3000 original at JPEG quality 92 is 3–5 MB, as phone
//! photos are. It is still a proxy: no faces, text, foliage or motion blur.
#![allow(dead_code)]

use image::{Rgb, RgbImage};

fn hash(x: i32, y: i32, seed: u32) -> f32 {
    let mut h = (x as u32).wrapping_mul(0x9E37_79B1)
        ^ (y as u32).wrapping_mul(0x85EB_CA77)
        ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    h = h.wrapping_mul(0x297A_2D39);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

fn value_noise(x: f32, y: f32, cell: f32, seed: u32) -> f32 {
    let (fx, fy) = (x / cell, y / cell);
    let (ix, iy) = (fx.floor() as i32, fy.floor() as i32);
    let (tx, ty) = (fx - ix as f32, fy - iy as f32);
    let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
    let a = hash(ix, iy, seed) + (hash(ix + 1, iy, seed) - hash(ix, iy, seed)) * sx;
    let b = hash(ix, iy + 1, seed) + (hash(ix + 1, iy + 1, seed) - hash(ix, iy + 1, seed)) * sx;
    a + (b - a) * sy
}

/// Fractal texture in about [-1, 1].
fn fractal(x: f32, y: f32, seed: u32, smallest: f32) -> f32 {
    let (mut cell, mut amp, mut sum, mut norm) = (768.0f32, 1.0f32, 0.0f32, 0.0f32);
    let mut k = 0;
    while cell >= smallest {
        sum += amp * (value_noise(x, y, cell, seed.wrapping_add(k)) - 0.5) * 2.0;
        norm += amp;
        amp *= 0.95;
        cell /= 2.0;
        k += 1;
    }
    sum / norm * 2.2
}

fn clamp(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

/// A `w`×`h` scene; `seed` varies clouds, texture and panel layout.
pub fn photo(w: u32, h: u32, seed: u32) -> RgbImage {
    let scale = w as f32 / 4000.0;
    let horizon = h as f32 * (0.30 + 0.05 * hash(1, 2, seed));
    let (panel_w, panel_h) = (330.0 * scale, 190.0 * scale);
    RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32 / scale, y as f32 / scale);
        let grain = (hash(x as i32, y as i32, seed ^ 0xABCD) - 0.5) * 14.0;
        let t = fractal(xf, yf, seed, 3.0);
        let y_px = y as f32;
        if y_px < horizon {
            let g = y_px / horizon;
            let cloud = (fractal(xf, yf * 2.0, seed ^ 77, 12.0) * 0.5 + 0.2).clamp(0.0, 1.0);
            let sky = [110.0 + 80.0 * g, 160.0 + 55.0 * g, 225.0 + 15.0 * g];
            let c = sky.map(|s| s + (245.0 - s) * cloud * 0.8 + grain);
            return Rgb(c.map(clamp));
        }
        let (px, py) = ((x as f32) / panel_w, (y_px - horizon) / panel_h);
        let in_row = py.fract() < 0.72 && py > 0.6 && py < 4.6;
        let in_panel = in_row && px.fract() < 0.94;
        if in_panel {
            let cell_line =
                ((px.fract() * 6.0).fract() < 0.06) || ((py.fract() * 4.0).fract() < 0.07);
            let glare = (t * 0.5 + 0.5).powi(3) * 60.0;
            let base = if cell_line {
                [150.0, 160.0, 175.0]
            } else {
                [28.0, 40.0, 78.0]
            };
            return Rgb(base.map(|b| clamp(b + glare + t * 10.0 + grain)));
        }
        let soil = fractal(xf, yf, seed ^ 999, 24.0);
        let ground = [92.0 + 40.0 * soil, 112.0 + 25.0 * soil, 58.0 + 20.0 * soil];
        Rgb(ground.map(|g| clamp(g + t * 55.0 + grain)))
    })
}

/// JPEG bytes at `quality` (the "camera" original).
pub fn jpeg_of(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}
