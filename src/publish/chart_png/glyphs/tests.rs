use super::*;
use crate::publish::chart_png::tests::fonts;
use crate::publish::chart_png::FontSet;
use resvg::tiny_skia::Pixmap;

/// Labels as plotters writes them: CJK and digits, anchored start, end and middle,
/// one turned upright, glyphs repeated (县, 0) at other subpixel offsets.
const LABELS: &str = r##"<svg viewBox="0 0 360 200">
<rect x="40" y="20" width="50" height="140" fill="#B0302A"/>
<line stroke="#E2E2E2" stroke-width="1" x1="36" y1="100.3" x2="350" y2="100.3"/>
<text x="34" y="100.3" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="12.1" fill="#333333">1,000</text>
<text x="34" y="160" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="12.1" fill="#333333">0</text>
<text x="65.37" y="168" dy="0.76em" text-anchor="middle" font-family="sans-serif" font-size="12.9" fill="#333333">示例132县</text>
<text x="180.71" y="168" dy="0.76em" text-anchor="middle" font-family="SimSun" font-size="12.9" fill="#333333" fill-opacity="0.8">南溪县</text>
<text x="200.3" y="40.6" font-family="sans-serif" font-size="12.1" fill="#333333">县0</text>
<text x="12" y="90" dy="0.5ex" text-anchor="middle" font-family="sans-serif" font-size="12.1" fill="#333333" transform="rotate(270, 12, 90)">装机容量（兆瓦）</text>
</svg>"##;

/// The SVG drawn 1843 px wide on white, through the glyph cache or by resvg alone.
fn draw(svg: &str, cache: Option<&GlyphCache>) -> Pixmap {
    let tree = usvg::Tree::from_str(svg, &fonts().options()).unwrap();
    let size = tree.size();
    let width = 1843;
    let height = (size.height() * width as f32 / size.width()).round() as u32;
    let mut pixmap = Pixmap::new(width, height).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    match cache {
        Some(cache) => render(&tree, transform, &mut pixmap.as_mut(), cache),
        None => resvg::render(&tree, transform, &mut pixmap.as_mut()),
    }
    pixmap
}

/// Ink (255 − grey level, summed over the channels) of every `block` × `block` square.
fn ink(pixmap: &Pixmap, block: u32) -> Vec<u32> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let (bw, bh) = (w.div_ceil(block), h.div_ceil(block));
    let mut out = vec![0; (bw * bh) as usize];
    for (i, p) in pixmap.data().chunks_exact(4).enumerate() {
        let (x, y) = (i as u32 % w, i as u32 / w);
        let dark: u32 = p[..3].iter().map(|c| 255 - u32::from(*c)).sum();
        out[((y / block) * bw + x / block) as usize] += dark;
    }
    out
}

#[test]
fn div255_rounds_as_division_does() {
    for v in 0..=255 * 255 {
        assert_eq!(div255(v), (f64::from(v) / 255.0).round() as u32, "{v}");
    }
}

#[test]
fn a_coordinate_is_placed_at_the_nearest_quarter_pixel() {
    assert_eq!(split(10.0), (10, 0));
    assert_eq!(split(10.13), (10, 1)); // 40.52 quarters → 41
    assert_eq!(split(10.6), (10, 2));
    assert_eq!(split(10.9), (11, 0)); // 43.6 → 44: the next pixel
    assert_eq!(split(-0.3), (-1, 3)); // −1.2 → −1 quarter: −1 + 3/4
}

/// Bars, lines, an outlined circle and a dashed path: not a pixel differs from resvg.
#[test]
fn shapes_are_drawn_exactly_as_resvg_draws_them() {
    let svg = r##"<svg viewBox="0 0 360 200">
<rect x="40.4" y="20.7" width="50.3" height="140" opacity="1" fill="#B0302A" stroke="none"/>
<line opacity="1" stroke="#E2E2E2" stroke-width="1" x1="36" y1="100.3" x2="350" y2="100.3"/>
<polyline fill="none" opacity="1" stroke="#000000" stroke-width="1" points="35,20 35,160 350,160 "/>
<circle cx="200" cy="80" r="6" fill="#7A1712" stroke="#FFFFFF" stroke-width="2" fill-opacity="0.7"/>
<path d="M100,150 C150,20 250,20 300,150" fill="none" stroke="#ECA89B" stroke-width="3" stroke-dasharray="8 4"/>
</svg>"##;
    let cached = draw(svg, Some(&GlyphCache::default()));
    assert!(
        cached.data() == draw(svg, None).data(),
        "a pixel differs from resvg's"
    );
    assert!(
        ink(&cached, 1843).iter().sum::<u32>() > 0,
        "nothing was drawn"
    );
}

/// The labels drawn from sprites are where resvg puts them and as dark: every 8 × 8
/// square holds within 1/16 of the ink resvg gives it, and the whole within 1 %.
#[test]
fn labels_look_as_resvg_draws_them() {
    if !fonts().has_cjk() {
        eprintln!("{}", FontSet::MISSING_CJK);
        return;
    }
    let cache = GlyphCache::default();
    let (ours, theirs) = (
        ink(&draw(LABELS, Some(&cache)), 8),
        ink(&draw(LABELS, None), 8),
    );
    assert!(
        cache.sprites.lock().unwrap().len() > 10,
        "the labels were not drawn from sprites"
    );
    let full = 8 * 8 * 3 * 255;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(a.abs_diff(*b) <= full / 16, "square {i}: {a} against {b}");
    }
    let (a, b): (u64, u64) = (
        ours.iter().map(|&v| u64::from(v)).sum(),
        theirs.iter().map(|&v| u64::from(v)).sum(),
    );
    assert!(a.abs_diff(b) * 100 <= b, "ink {a} against {b}");
}

/// A picture is the same whether its glyphs were cached by an earlier chart (at
/// other offsets and sizes) or not, and whichever thread drew them.
#[test]
fn a_picture_does_not_depend_on_what_was_drawn_before() {
    let alone = draw(LABELS, Some(&GlyphCache::default()));
    let shared = GlyphCache::default();
    // Moved, and one label larger at the same place: its first glyph falls on
    // the same subpixel offset at another size.
    let other = LABELS
        .replace("x=\"65.37\"", "x=\"66.9\"")
        .replace("12.1\" fill=\"#333333\">县0", "14\" fill=\"#333333\">县0");
    assert_ne!(other, LABELS);
    draw(&other, Some(&shared));
    std::thread::scope(|s| {
        s.spawn(|| draw(&other, Some(&shared)));
        s.spawn(|| draw(LABELS, Some(&shared)));
    });
    let again = draw(LABELS, Some(&shared));
    assert!(
        again.data() == alone.data(),
        "the picture changed with the cache"
    );
}

/// Stroked text, a gradient or a translucent group: the whole chart is left to
/// resvg, pixel for pixel.
#[test]
fn what_sprites_cannot_draw_is_left_to_resvg() {
    let stroked = LABELS.replace(
        "fill=\"#333333\">0<",
        "fill=\"#333333\" stroke=\"#B0302A\">0<",
    );
    let gradient = LABELS.replace(
        "<rect x=\"40\"",
        "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#B0302A\"/><stop offset=\"1\" stop-color=\"#FFFFFF\"/></linearGradient><rect x=\"40\"",
    )
    .replace("fill=\"#B0302A\"/>", "fill=\"url(#g)\"/>");
    let layer = LABELS
        .replace("<rect x=\"40\"", "<g opacity=\"0.5\"><rect x=\"40\"")
        .replace("fill=\"#B0302A\"/>", "fill=\"#B0302A\"/></g>");
    for svg in [stroked, gradient, layer] {
        assert_ne!(svg, LABELS);
        let cache = GlyphCache::default();
        let (ours, theirs) = (draw(&svg, Some(&cache)), draw(&svg, None));
        assert!(ours.data() == theirs.data(), "a pixel differs from resvg's");
        assert!(cache.sprites.lock().unwrap().is_empty());
    }
}
