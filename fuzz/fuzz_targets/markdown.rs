//! Article Markdown as rendered on the issue page: any text renders without a
//! panic, and the sanitized HTML never carries a live script, event handler,
//! `javascript:` URL, style, form or frame (a `data:` URL only as an embedded
//! PNG/JPEG photo's `src`).
#![no_main]

mod sanitized;

use libfuzzer_sys::fuzz_target;
use pv_bulletin::render::markdown;

fuzz_target!(|input: &[u8]| {
    let Ok(body) = std::str::from_utf8(input) else {
        return;
    };
    let html = markdown::render(body, 5, "a1-").html;
    sanitized::check(&html);
});
