//! Embedding article pictures in the issue page.

mod common;

use base64::Engine;
use common::synthetic;
use image::{GenericImageView, Rgba, RgbaImage};
use pv_bulletin::model::ImageProblem as ImageError;
use pv_bulletin::render::photos::{embed_image, ImageLimits, Mime};
use std::io::Cursor;

fn decode_uri(uri: &str) -> (Vec<u8>, image::DynamicImage) {
    let b64 = uri.split_once(";base64,").unwrap().1;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    (bytes, img)
}

fn png_bytes(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn a_phone_photo_is_scaled_to_1200_wide_and_becomes_a_jpeg_data_uri() {
    let original = synthetic::jpeg_of(&synthetic::photo(1600, 1200, 7), 92);
    let e = embed_image(&original, &ImageLimits::default()).unwrap();
    assert_eq!((e.width, e.height, e.mime), (1200, 900, Mime::Jpeg));
    assert!(
        e.data_uri.starts_with("data:image/jpeg;base64,/9j/"),
        "{}",
        &e.data_uri[..40]
    );
    let (bytes, img) = decode_uri(&e.data_uri);
    assert_eq!(img.dimensions(), (1200, 900));
    assert_eq!(bytes.len(), e.encoded_bytes);
    assert!(e.encoded_bytes <= 170 * 1024, "{}", e.encoded_bytes);
}

#[test]
fn small_pictures_are_never_scaled_up() {
    let original = synthetic::jpeg_of(&synthetic::photo(640, 480, 3), 90);
    let e = embed_image(&original, &ImageLimits::default()).unwrap();
    assert_eq!((e.width, e.height), (640, 480));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let original = synthetic::jpeg_of(&synthetic::photo(1300, 975, 11), 92);
    let a = embed_image(&original, &ImageLimits::default()).unwrap();
    let b = embed_image(&original, &ImageLimits::default()).unwrap();
    assert_eq!(a.data_uri, b.data_uri);
}

/// A JPEG with an EXIF block: orientation `orientation`, and a GPS-like string.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]);
    tiff.extend(b"GPS 33.1N 116.2E SN:PHONE-123");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn metadata_is_stripped_and_exif_orientation_applied() {
    let original = with_exif(&synthetic::jpeg_of(&synthetic::photo(400, 200, 5), 90), 6);
    assert!(image::load_from_memory(&original).is_ok());
    let e = embed_image(&original, &ImageLimits::default()).unwrap();
    assert_eq!(
        (e.width, e.height),
        (200, 400),
        "rotated 90° as the camera asked"
    );
    let (bytes, _) = decode_uri(&e.data_uri);
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!has(b"Exif") && !has(b"GPS") && !has(b"PHONE-123"));
}

#[test]
fn transparent_png_stays_png() {
    let img = RgbaImage::from_fn(300, 200, |x, _| {
        Rgba([200, 30, 30, if x < 150 { 0 } else { 255 }])
    });
    let e = embed_image(&png_bytes(&img.into()), &ImageLimits::default()).unwrap();
    assert_eq!(e.mime, Mime::Png);
    assert!(e.data_uri.starts_with("data:image/png;base64,"));
    let (_, back) = decode_uri(&e.data_uri);
    assert_eq!(back.get_pixel(10, 10)[3], 0);
}

#[test]
fn a_flat_chart_png_stays_png_and_a_photo_png_becomes_jpeg() {
    let chart = image::RgbImage::from_fn(1000, 600, |x, y| {
        if (x / 100) % 2 == 0 && y > 600 - (x % 500) {
            image::Rgb([40, 90, 200])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let e = embed_image(&png_bytes(&chart.into()), &ImageLimits::default()).unwrap();
    assert_eq!(e.mime, Mime::Png);
    let photo = synthetic::photo(1000, 750, 2);
    let e = embed_image(&png_bytes(&photo.into()), &ImageLimits::default()).unwrap();
    assert_eq!(e.mime, Mime::Jpeg);
}

#[test]
fn errors_say_what_is_wrong() {
    let mut huge = b"\xFF\xD8\xFF".to_vec();
    huge.resize(21 * 1024 * 1024, 0);
    let e = embed_image(&huge, &ImageLimits::default()).unwrap_err();
    assert!(matches!(e, ImageError::TooLarge { .. }));
    assert!(
        e.to_string().contains("21.0 MB") && e.to_string().contains("over 20 MB"),
        "{e}"
    );

    let e = embed_image(b"GIF89a\x01\x00\x01\x00", &ImageLimits::default()).unwrap_err();
    assert_eq!(e, ImageError::NotAnImage(Some("GIF")));
    assert!(
        e.to_string().contains("not a PNG or JPEG picture but GIF"),
        "{e}"
    );
    let e = embed_image(b"hello", &ImageLimits::default()).unwrap_err();
    assert_eq!(e, ImageError::NotAnImage(None));

    let mut truncated = synthetic::jpeg_of(&synthetic::photo(64, 64, 1), 90);
    truncated.truncate(300);
    let e = embed_image(&truncated, &ImageLimits::default()).unwrap_err();
    assert!(matches!(e, ImageError::Corrupt(_)), "{e:?}");
    assert!(e.to_string().contains("damaged"), "{e}");
}

/// A small real JPEG whose frame header (SOF0) claims `w`×`h` pixels.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut bytes = synthetic::jpeg_of(&synthetic::photo(64, 48, 1), 90);
    let sof = bytes.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    bytes
}

#[test]
fn too_many_pixels_is_refused_from_the_header_before_decoding() {
    let e = embed_image(&jpeg_claiming(60_000, 60_000), &ImageLimits::default()).unwrap_err();
    assert_eq!(
        e,
        ImageError::TooManyPixels {
            width: 60_000,
            height: 60_000,
            limit: 40_000_000
        }
    );
    assert!(
        e.to_string().contains("60000 × 60000") && e.to_string().contains("over 40 megapixels"),
        "{e}"
    );
}

#[test]
fn six_phone_photos_fit_a_mailable_page() {
    // Full-size measurement: `cargo run --release --example measure_photos`.
    // Two stand for six here (debug builds are slow); each must take under a sixth.
    for seed in 1..=2 {
        let original = synthetic::jpeg_of(&synthetic::photo(1400, 1050, seed), 92);
        let uri = embed_image(&original, &ImageLimits::default())
            .unwrap()
            .data_uri;
        assert!(uri.len() * 6 < 1_400_000, "{}", uri.len());
    }
}
