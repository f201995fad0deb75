//! `import article` from any bytes read as a .docx: never a panic, never past
//! the memory limit (run with `-rss_limit_mb=1024`), and what it gives is safe:
//! every picture is a plain file name under the prefix it was given, and the
//! article's Markdown renders to sanitized HTML (checked as `markdown` checks it).
#![no_main]

mod sanitized;

use libfuzzer_sys::fuzz_target;
use pv_bulletin::import::article::docx::{read_docx, Limits};
use pv_bulletin::render::markdown;

fuzz_target!(|input: &[u8]| {
    let Ok(article) = read_docx(input, "投稿.docx", "03-", &Limits::default()) else {
        return;
    };
    for image in &article.images {
        let name = &image.file_name;
        assert!(name.starts_with("03-"), "{name}");
        assert!(!name.contains(['/', '\\']) && !name.contains(".."), "{name}");
    }
    let html = markdown::render(&article.markdown, 5, "a1-").html;
    sanitized::check(&html);
});
