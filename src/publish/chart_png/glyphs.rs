//! Chart labels drawn from a cache of rasterised glyphs.
//!
//! resvg fills every glyph's outline anew; on a chart that was half of the drawing
//! time, though the labels of a build use a few hundred glyphs (digits, 县, 示例 …)
//! at one size. Here each glyph is rasterised once per quarter-pixel offset into a
//! coverage sprite, and each label is the sprites blended in place. A sprite is a
//! function of its key alone, so a picture's bytes do not depend on what was drawn
//! before it, nor on which thread drew it.
//!
//! The shapes are filled and stroked with the tiny-skia calls resvg makes, so only
//! the labels' pixels differ from resvg's (a glyph at most 1/8 px away). A chart
//! holding anything else (stroked or decorated text, gradients, images, layers for
//! opacity, clips or filters, colour or variable fonts) is drawn by resvg whole.

use resvg::tiny_skia::{self, FillRule, Mask, PathBuilder, PixmapMut, Transform};
use resvg::usvg::{self, fontdb, Node, Paint, TextRendering};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::prelude::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider, Tag};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Subpixel steps per pixel a glyph is placed at, in each direction: a glyph
/// lands at most 1/8 px from where resvg would put it.
const STEPS: f32 = 4.0;
/// Sprites kept before the cache starts over: the 845 pictures of the 30 k
/// national sample use about 3,600 (2.5 MB), so this bounds it near 15 MB.
const MAX_SPRITES: usize = 20_000;

/// The sprites of one font set, shared by the threads that draw charts.
#[derive(Default)]
pub struct GlyphCache {
    sprites: Mutex<HashMap<Key, Option<Arc<Sprite>>>>,
    /// Whether a font's glyphs are plain outlines (no colour, bitmap or SVG glyphs,
    /// no variation axes), the only ones drawn here.
    plain: Mutex<HashMap<fontdb::ID, bool>>,
}

/// A glyph at a size and a subpixel offset: what its sprite depends on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    font: fontdb::ID,
    glyph: u32,
    /// The device transform's linear part, as bits.
    linear: [u32; 4],
    /// The offset within the pixel, in [`STEPS`].
    offset: (u8, u8),
    even_odd: bool,
}

/// A glyph's coverage, placed relative to the pixel its origin falls in.
struct Sprite {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

/// Draws `tree` as `resvg::render` does, its plain labels from the cache. A tree
/// with anything else than groups, solid-colour paths and plain text (gradients,
/// images, opacity layers, clips …) is left to resvg whole.
pub fn render(tree: &usvg::Tree, transform: Transform, pixmap: &mut PixmapMut, cache: &GlyphCache) {
    if is_simple(tree.root(), tree.fontdb(), cache) {
        draw_children(tree.root(), tree.fontdb(), transform, pixmap, cache);
    } else {
        resvg::render(tree, transform, pixmap);
    }
}

fn is_simple(group: &usvg::Group, db: &fontdb::Database, cache: &GlyphCache) -> bool {
    group.children().iter().all(|node| match node {
        Node::Group(inner) => !inner.should_isolate() && is_simple(inner, db, cache),
        Node::Path(path) => {
            path.fill()
                .is_none_or(|f| matches!(f.paint(), Paint::Color(_)))
                && path
                    .stroke()
                    .is_none_or(|s| matches!(s.paint(), Paint::Color(_)))
        }
        Node::Text(text) => is_plain(text, db, cache),
        Node::Image(_) => false,
    })
}

/// The walk of `resvg::render` over groups that need no layer of their own.
fn draw_children(
    group: &usvg::Group,
    db: &fontdb::Database,
    transform: Transform,
    pixmap: &mut PixmapMut,
    cache: &GlyphCache,
) {
    for node in group.children() {
        match node {
            Node::Group(inner) => draw_children(
                inner,
                db,
                transform.pre_concat(inner.transform()),
                pixmap,
                cache,
            ),
            Node::Path(path) => draw_path(path, transform, pixmap),
            Node::Text(text) => draw_text(text, db, transform, pixmap, cache),
            Node::Image(_) => {}
        }
    }
}

/// A solid-colour path, with the same tiny-skia calls as resvg's `path::render`
/// (so the same pixels).
fn draw_path(path: &usvg::Path, transform: Transform, pixmap: &mut PixmapMut) {
    if !path.is_visible() {
        return;
    }
    let paint = |paint: &Paint, opacity: usvg::Opacity| {
        let mut out = tiny_skia::Paint::default();
        if let Paint::Color(c) = paint {
            out.set_color_rgba8(c.red, c.green, c.blue, opacity.to_u8());
        }
        out.anti_alias = path.rendering_mode().use_shape_antialiasing();
        out
    };
    let fill = |pixmap: &mut PixmapMut| {
        let bounds = path.data().bounds();
        // As resvg: horizontal and vertical lines cannot be filled.
        if let (Some(fill), false) = (path.fill(), bounds.width() == 0.0 || bounds.height() == 0.0)
        {
            let rule = fill_rule(fill.rule() == usvg::FillRule::EvenOdd);
            let paint = paint(fill.paint(), fill.opacity());
            pixmap.fill_path(path.data(), &paint, rule, transform, None);
        }
    };
    let stroke = |pixmap: &mut PixmapMut| {
        if let Some(stroke) = path.stroke() {
            let paint = paint(stroke.paint(), stroke.opacity());
            pixmap.stroke_path(path.data(), &paint, &stroke.to_tiny_skia(), transform, None);
        }
    };
    if path.paint_order() == usvg::PaintOrder::FillAndStroke {
        fill(pixmap);
        stroke(pixmap);
    } else {
        stroke(pixmap);
        fill(pixmap);
    }
}

/// Filled, unstroked, undecorated, anti-aliased text in plain outline fonts.
fn is_plain(text: &usvg::Text, db: &fontdb::Database, cache: &GlyphCache) -> bool {
    text.rendering_mode() != TextRendering::OptimizeSpeed
        && text.layouted().iter().all(|span| {
            span.visible
                && span.stroke.is_none()
                && span.underline.is_none()
                && span.overline.is_none()
                && span.line_through.is_none()
                && span
                    .fill
                    .as_ref()
                    .is_some_and(|f| matches!(f.paint(), Paint::Color(_)))
                && span
                    .positioned_glyphs
                    .iter()
                    .all(|g| cache.is_plain_font(db, g.font))
        })
}

fn draw_text(
    text: &usvg::Text,
    db: &fontdb::Database,
    transform: Transform,
    pixmap: &mut PixmapMut,
    cache: &GlyphCache,
) {
    for span in text.layouted() {
        let Some(fill) = &span.fill else { continue };
        let Paint::Color(c) = fill.paint() else {
            continue;
        };
        let alpha = u32::from(fill.opacity().to_u8());
        let premultiplied = [c.red, c.green, c.blue].map(|v| div255(u32::from(v) * alpha));
        let colour = [premultiplied[0], premultiplied[1], premultiplied[2], alpha];
        let even_odd = fill.rule() == usvg::FillRule::EvenOdd;
        for glyph in &span.positioned_glyphs {
            let device = transform.pre_concat(glyph.outline_transform());
            let (x, qx) = split(device.tx);
            let (y, qy) = split(device.ty);
            let key = Key {
                font: glyph.font,
                glyph: glyph.id.0,
                linear: [device.sx, device.ky, device.kx, device.sy].map(f32::to_bits),
                offset: (qx, qy),
                even_odd,
            };
            if let Some(sprite) = cache.sprite(db, key) {
                blend(pixmap, &sprite, x + sprite.left, y + sprite.top, colour);
            }
        }
    }
}

/// A coordinate as its pixel and its quarter within it (rounded to the nearest).
fn split(v: f32) -> (i32, u8) {
    let steps = (v * STEPS).round();
    let pixel = (steps / STEPS).floor();
    (pixel as i32, (steps - pixel * STEPS) as u8)
}

impl GlyphCache {
    fn is_plain_font(&self, db: &fontdb::Database, id: fontdb::ID) -> bool {
        let mut plain = self.plain.lock().unwrap_or_else(|e| e.into_inner());
        *plain.entry(id).or_insert_with(|| {
            db.with_face_data(id, |data, index| {
                let font = FontRef::from_index(data, index).ok()?;
                let special = [*b"COLR", *b"SVG ", *b"sbix", *b"CBDT", *b"EBDT"];
                Some(
                    font.axes().is_empty()
                        && special
                            .iter()
                            .all(|t| font.table_data(Tag::new(t)).is_none()),
                )
            })
            .flatten()
            .unwrap_or(false)
        })
    }

    fn sprite(&self, db: &fontdb::Database, key: Key) -> Option<Arc<Sprite>> {
        let found = self
            .sprites
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(sprite) = found {
            return sprite;
        }
        let sprite = rasterise(db, key).map(Arc::new);
        let mut sprites = self.sprites.lock().unwrap_or_else(|e| e.into_inner());
        if sprites.len() >= MAX_SPRITES {
            sprites.clear();
        }
        sprites.insert(key, sprite.clone());
        sprite
    }
}

/// The glyph's outline filled with anti-aliasing, as tiny-skia fills a path.
fn rasterise(db: &fontdb::Database, key: Key) -> Option<Sprite> {
    let outline = db.with_face_data(key.font, |data, index| {
        let font = FontRef::from_index(data, index).ok()?;
        let glyph = font.outline_glyphs().get(skrifa::GlyphId::new(key.glyph))?;
        let mut pen = Pen(PathBuilder::new());
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        glyph.draw(settings, &mut pen).ok()?;
        pen.0.finish()
    })??;
    let [sx, ky, kx, sy] = key.linear.map(f32::from_bits);
    let at = Transform::from_row(
        sx,
        ky,
        kx,
        sy,
        f32::from(key.offset.0) / STEPS,
        f32::from(key.offset.1) / STEPS,
    );
    let bounds = outline.clone().transform(at)?.bounds();
    let (left, top) = (
        bounds.left().floor() as i32 - 1,
        bounds.top().floor() as i32 - 1,
    );
    let width = (bounds.right().ceil() as i32 - left + 1).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 - top + 1).max(1) as u32;
    let mut mask = Mask::new(width, height)?;
    mask.fill_path(
        &outline,
        fill_rule(key.even_odd),
        true,
        at.post_translate(-left as f32, -top as f32),
    );
    Some(Sprite {
        left,
        top,
        width: width as usize,
        coverage: mask.data().to_vec(),
    })
}

/// tiny-skia's fill rule for SVG's `evenodd` (else `nonzero`), for shapes and
/// sprites alike.
fn fill_rule(even_odd: bool) -> FillRule {
    if even_odd {
        FillRule::EvenOdd
    } else {
        FillRule::Winding
    }
}

/// Source-over of `colour` (premultiplied RGBA) through the sprite's coverage, at
/// (`x`, `y`), clipped to the pixmap.
fn blend(pixmap: &mut PixmapMut, sprite: &Sprite, x: i32, y: i32, colour: [u32; 4]) {
    let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
    // The sprite's columns inside the pixmap.
    let first = (-x).clamp(0, sprite.width as i32) as usize;
    let end = (width - x).clamp(0, sprite.width as i32) as usize;
    if first >= end {
        return;
    }
    let pixels = pixmap.data_mut();
    for (row, line) in sprite.coverage.chunks_exact(sprite.width).enumerate() {
        let py = y + row as i32;
        if py < 0 || py >= height {
            continue;
        }
        let start = 4 * (py as usize * width as usize + (x + first as i32) as usize);
        let dst = &mut pixels[start..start + 4 * (end - first)];
        for (pixel, &m) in dst.chunks_exact_mut(4).zip(&line[first..end]) {
            if m == 0 {
                continue;
            }
            let m = u32::from(m);
            let keep = 255 - div255(colour[3] * m);
            for (d, s) in pixel.iter_mut().zip(colour) {
                *d = (div255(s * m) + div255(u32::from(*d) * keep)) as u8;
            }
        }
    }
}

/// `v / 255`, rounded, for `v` up to 255 × 255.
fn div255(v: u32) -> u32 {
    (v + 128 + ((v + 128) >> 8)) >> 8
}

/// Builds a tiny-skia path from skrifa's outline commands.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests;
