//! Measures how article photos are embedded in an issue page, on six synthetic
//! 4000×3000 phone photos (tests/common/synthetic.rs):
//! `cargo run --release --example measure_photos [-- --save DIR]`.
//! With `--save DIR`, the six originals are also written there as JPEG files,
//! to put in a Word file or an issue's `images/` folder by hand.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use pv_bulletin::render::photos::{embed_image, ImageLimits};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let save = args
        .iter()
        .position(|a| a == "--save")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let limits = ImageLimits::default();
    let (mut total_uri, mut total_ms) = (0usize, 0u128);
    for seed in 1..=6 {
        let original = synthetic::jpeg_of(&synthetic::photo(4000, 3000, seed), 92);
        if let Some(dir) = &save {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("photo-{seed}.jpg")), &original).unwrap();
        }
        let started = Instant::now();
        let e = embed_image(&original, &limits).unwrap();
        let ms = started.elapsed().as_millis();
        total_uri += e.data_uri.len();
        total_ms += ms;
        println!(
            "photo {seed}: {:.2} MB → {}×{} JPEG q{}, {} KB, data URI {} KB, {ms} ms",
            original.len() as f64 / 1048576.0,
            e.width,
            e.height,
            e.jpeg_quality.unwrap_or(0),
            e.encoded_bytes / 1024,
            e.data_uri.len() / 1024,
        );
    }
    println!(
        "six photos: {:.2} MB of data URIs, {total_ms} ms",
        total_uri as f64 / 1048576.0
    );
}
