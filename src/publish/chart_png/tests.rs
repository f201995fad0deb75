use super::*;
use resvg::usvg::fontdb;
use std::sync::OnceLock;

/// A chart as the project inlines it: plotters' elements, the `<svg>` tag replaced by
/// one with only a viewBox (no `xmlns`, no width/height), `<title>`/`<desc>`.
const CHART: &str = r##"<svg class="chart" viewBox="0 0 720 380" role="img" aria-labelledby="c-title c-desc">
<title id="c-title">各县光伏扶贫电站装机容量（兆瓦）</title>
<desc id="c-desc">北川区最多。</desc>
<rect x="0" y="0" width="720" height="380" opacity="1" fill="#FFFFFF" stroke="none"/>
<line opacity="1" stroke="#E2E2E2" stroke-width="1" x1="70" y1="218" x2="700" y2="218"/>
<rect x="119" y="106" width="58" height="224" opacity="1" fill="#B0302A" stroke="none"/>
<text x="64" y="218" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="12.1" opacity="1" fill="#333333">
6
</text>
<text x="148" y="338" dy="0.76em" text-anchor="middle" font-family="sans-serif" font-size="12.9" opacity="1" fill="#333333">
南溪县
</text>
<text x="18" y="190" dy="0.5ex" text-anchor="middle" font-family="sans-serif" font-size="12.1" opacity="1" fill="#333333" transform="rotate(270, 18, 190)">
装机容量（兆瓦）
</text>
</svg>
"##;

/// System fonts, loaded once for all tests (as the project should do); the glyph
/// sprites' tests use them too.
pub(super) fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::system)
}

/// Width and height from the IHDR chunk.
fn decode_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

fn at(width_px: u32) -> Raster {
    Raster {
        width_px,
        dpi: 96,
        stamp: None,
    }
}

#[test]
fn size_follows_the_width() {
    assert_eq!(raster_size(720.0, 380.0, CHART_WIDTH_PX), (1843, 973));
    assert_eq!(raster_size(720.0, 380.0, 720), (720, 380));
    // 156 mm at 300 dpi.
    assert_eq!(CHART_WIDTH_PX, (156.0_f64 / 25.4 * 300.0).round() as u32);
}

#[test]
fn renders_the_projects_inline_svg_deterministically() {
    let a = svg_to_png(CHART, &Raster::chart(None), fonts()).unwrap();
    let b = svg_to_png(CHART, &Raster::chart(None), fonts()).unwrap();
    assert_eq!(decode_size(&a), (1843, 973));
    assert_eq!(a, b);
}

/// Indexed colour, 300 dpi in pHYs, the stamp readable back; decoded again, the
/// pixels are the colours drawn.
#[test]
fn indexed_with_resolution_and_stamp() {
    let png = svg_to_png(CHART, &Raster::chart(Some("abc 123".into())), fonts()).unwrap();
    assert_eq!(stamp_of(&png), Some("abc 123"));
    assert_eq!(
        stamp_of(&svg_to_png(CHART, &at(72), fonts()).unwrap()),
        None
    );
    let decoder = ::png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!(info.color_type, ::png::ColorType::Indexed);
    let dims = info.pixel_dims.unwrap();
    assert_eq!((dims.xppu, dims.unit), (11811, ::png::Unit::Meter));
    let palette = info.palette.clone().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    // The bar (#B0302A) is drawn: its colour is in the palette and in the middle of it.
    let bar = [0xB0, 0x30, 0x2A];
    let index = palette
        .chunks(3)
        .position(|c| c == bar)
        .expect("bar colour");
    let (x, y) = (148 * 1843 / 720, 200 * 1843 / 720);
    assert_eq!(usize::from(buf[y * 1843 + x]), index);
}

#[test]
fn refuses_huge_rasters_and_bad_svg() {
    let svg = r#"<svg viewBox="0 0 100 3000"><rect width="10" height="10"/></svg>"#;
    assert_eq!(
        svg_to_png(svg, &Raster::chart(None), fonts()),
        Err(PngError::Size {
            width: 1843,
            height: 55290
        })
    );
    assert!(matches!(
        svg_to_png("<svg", &Raster::chart(None), fonts()),
        Err(PngError::Svg(_))
    ));
}

#[test]
fn reports_a_missing_cjk_font() {
    let empty = FontSet::from_database(fontdb::Database::new());
    assert!(!empty.has_cjk());
    assert_ne!(empty.fingerprint(), fonts().fingerprint());
    // Still renders (the text is left out), so a build can go on after one warning.
    assert!(svg_to_png(CHART, &at(96), &empty).is_ok());
}

/// Chinese labels produce ink when a CJK font is installed (fonts-noto-cjk here).
#[test]
fn chinese_labels_are_drawn() {
    let fonts = fonts();
    if !fonts.has_cjk() {
        eprintln!("{}", FontSet::MISSING_CJK);
        return;
    }
    let svg = r#"<svg viewBox="0 0 100 40"><text x="50" y="28" text-anchor="middle" font-family="SimSun" font-size="20">南溪县</text></svg>"#;
    let png = svg_to_png(svg, &at(100), fonts).unwrap();
    let blank = svg_to_png(r#"<svg viewBox="0 0 100 40"></svg>"#, &at(100), fonts).unwrap();
    assert_ne!(png, blank);
}

/// Leaving out plotters' white background rectangle changes no pixel: the same
/// chart with the rectangle written so that it is not recognised (a space before
/// `/>`) and drawn gives the same bytes. Other rectangles stay.
#[test]
fn the_white_background_is_left_out_without_a_changed_pixel() {
    let rect = r##"<rect x="0" y="0" width="720" height="380" opacity="1" fill="#FFFFFF" stroke="none"/>"##;
    assert!(CHART.contains(rect));
    assert!(!without_white_background(CHART).contains(rect));
    let drawn_anyway = CHART.replacen(rect, &rect.replace("/>", " />"), 1);
    assert_eq!(without_white_background(&drawn_anyway), drawn_anyway);
    assert_eq!(
        svg_to_png(CHART, &Raster::chart(None), fonts()).unwrap(),
        svg_to_png(&drawn_anyway, &Raster::chart(None), fonts()).unwrap()
    );
    let tinted = CHART.replacen(rect, &rect.replace("#FFFFFF", "#FFFFF0"), 1);
    assert_eq!(without_white_background(&tinted), tinted);
    let smaller = CHART.replacen(rect, &rect.replace("height=\"380\"", "height=\"300\""), 1);
    assert_eq!(without_white_background(&smaller), smaller);
}
