//! The YAML data loader with its diagnostics: any bytes as any kind of data file
//! (the first byte chooses) decode, parse and have each diagnostic placed at a
//! line, without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pv_bulletin::load::{encoding, file, positions::PositionIndex};

fuzz_target!(|input: &[u8]| {
    let Some((&selector, bytes)) = input.split_first() else {
        return;
    };
    let (kind, name) = match selector % 6 {
        0 => (file::FileKind::Site, "site.yaml"),
        1 => (file::FileKind::Counties, "counties.yaml"),
        2 => (file::FileKind::Stations, "stations/alpha.yaml"),
        3 => (file::FileKind::Progress, "progress/2017Q1.yaml"),
        4 => (file::FileKind::BulletinMeta("7".into()), "bulletins/7/bulletin.yaml"),
        _ => (file::FileKind::Article("7".into()), "bulletins/7/01-news.md"),
    };
    let Ok(text) = encoding::decode(bytes.to_vec()) else {
        return;
    };
    let parsed = file::parse_file(kind, name, text.clone());
    let index = PositionIndex::build(&text, 0);
    for d in &parsed.diagnostics {
        let _ = index.locate(&d.field);
        let _ = d.to_string();
    }
});
