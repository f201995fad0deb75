//! Photos in articles: `![说明](images/x.jpg)` shows a picture of the issue's
//! `images/` folder, embedded in the page as a `data:` URI (the page stays one
//! self-contained file for email), scaled to at most 1,200 px wide, with the
//! alt text as its caption. Nothing else is ever shown: a remote address, a
//! `data:` URI written by hand or a path leaving the folder is an error at the
//! Markdown line, as is a picture that is missing, not a PNG/JPEG, over 20 MB or
//! over 40 megapixels.
//!
//! The markup made here is put into the article's HTML after the sanitizer has
//! run (see `markdown`), at placeholders an author cannot forge; the sanitizer
//! itself still removes every `<img>` an author writes.

mod embed;

pub use embed::{embed_image, Embedded, ImageLimits, Mime};

use crate::format::escape_html;
use crate::model::images::{EmbeddedImage, ImageFile, ImageProblem, MAX_IMAGE_BYTES};
use crate::model::Bulletin;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// The folder of an issue that pictures are shown from.
pub const FOLDER: &str = "images";

/// The file name in the issue's `images/` folder that `src` points at, or why
/// it does not point at one (a message to follow ``image `src`: ``).
pub fn local_name(src: &str) -> Result<&str, String> {
    let src = src.trim();
    let example =
        "save the picture in the issue's images/ folder and write ![说明](images/photo.jpg)";
    if src.is_empty() {
        return Err(format!("no file given: {example}"));
    }
    if has_scheme(src) || src.starts_with("//") || src.starts_with("\\\\") {
        return Err(format!(
            "not a file of this issue: a bulletin never fetches anything, so remote \
             (and hand-written data:) images are not shown; {example}"
        ));
    }
    let rest = src.strip_prefix("./").unwrap_or(src);
    let name = rest
        .strip_prefix(FOLDER)
        .and_then(|r| r.strip_prefix('/'))
        .filter(|n| {
            !n.is_empty()
                && *n != "."
                && *n != ".."
                && !n.contains(['/', '\\'])
                && !n.chars().any(char::is_control)
        });
    name.ok_or_else(|| {
        format!(
            "not in the issue's {FOLDER}/ folder: pictures are shown only from \
             {FOLDER}/ beside the article (write {FOLDER}/<file name>)"
        )
    })
}

/// Why a picture an article shows cannot be shown: a message and, when a file
/// of a similar name is there, a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unshown {
    pub message: String,
    pub hint: Option<String>,
}

/// The picture of `bulletin`'s `images/` folder that `src` points at, with its
/// header read: what a page can show, or why not.
pub fn find<'b>(bulletin: &'b Bulletin, src: &str) -> Result<&'b Arc<ImageFile>, Unshown> {
    let unshown = |message: String, hint: Option<String>| Unshown { message, hint };
    let name = local_name(src)
        .map_err(|m| unshown(format!("image `{}`: {m}", shorten(src.trim())), None))?;
    let folder = bulletin
        .origin
        .file
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir);
    let Some(file) = bulletin.images.get(name) else {
        // Windows is case-blind: `Photo.JPG` where the file is `photo.jpg`.
        let same_but_case = bulletin
            .images
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name));
        let hint = match same_but_case {
            Some(k) => Some(format!(
                "did you mean `{FOLDER}/{k}`? (file names are case-sensitive)"
            )),
            None => closest(name, bulletin.images.keys())
                .map(|k| format!("did you mean `{FOLDER}/{k}`?")),
        };
        return Err(unshown(
            format!("image `{FOLDER}/{name}` not found: there is no {folder}/{FOLDER}/{name}"),
            hint,
        ));
    };
    match &file.header {
        Ok(_) => Ok(file),
        Err(problem) => Err(unshown(format!("image `{FOLDER}/{name}`: {problem}"), None)),
    }
}

/// The name most like `name`, if it is alike enough (as `diagnostics::suggest`).
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    names
        .map(|n| (strsim::normalized_damerau_levenshtein(name, n), n.as_str()))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// `http:`, `data:`, `file:`, `C:` …: anything before a `:` that could be a scheme.
fn has_scheme(src: &str) -> bool {
    match src.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A long address (a pasted data: URI) cut for a message.
fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The picture as it goes into the page: embedded the first time a page asks for
/// this version of the file, then kept beside it (see `model::images`).
pub fn embedded(file: &ImageFile) -> Result<Arc<EmbeddedImage>, ImageProblem> {
    if let Err(problem) = &file.header {
        return Err(problem.clone());
    }
    file.embedded_with(|path| {
        let bytes = read_bounded(path)?;
        let picture = embed_image(&bytes, &ImageLimits::default())?;
        Ok(Arc::new(picture.into()))
    })
}

/// The file's bytes, refusing (without reading them all) more than the limit:
/// the file may have grown since it was loaded.
fn read_bounded(path: &Path) -> Result<Vec<u8>, ImageProblem> {
    let unreadable = |e: std::io::Error| ImageProblem::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        let bytes = std::fs::metadata(path).map_or(MAX_IMAGE_BYTES + 1, |m| m.len());
        return Err(ImageProblem::TooLarge {
            bytes,
            limit: MAX_IMAGE_BYTES,
        });
    }
    Ok(bytes)
}

fn img_tag(picture: &EmbeddedImage, alt: &str, class: &str) -> String {
    // The data URI is base64 (A–Z a–z 0–9 + / =) after a fixed prefix: nothing
    // in it needs escaping, and nothing of it comes from the author.
    format!(
        "<img class=\"{class}\" src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\">",
        picture.data_uri,
        picture.width,
        picture.height,
        escape_html(alt)
    )
}

/// A photo that stands alone in its paragraph: a figure, captioned by its alt text.
pub fn figure(picture: &EmbeddedImage, alt: &str) -> String {
    let alt = alt.trim();
    let caption = match alt {
        "" => String::new(),
        _ => format!("<figcaption>{}</figcaption>", escape_html(alt)),
    };
    format!(
        "<figure class=\"photo\">{}{caption}</figure>",
        img_tag(picture, alt, "photo")
    )
}

/// A photo inside a line of text, a table cell or a link: the picture alone.
pub fn inline(picture: &EmbeddedImage, alt: &str) -> String {
    img_tag(picture, alt.trim(), "photo-inline")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_the_images_folder_are_shown() {
        assert_eq!(local_name("images/现场.jpg"), Ok("现场.jpg"));
        assert_eq!(local_name("./images/a b.png"), Ok("a b.png"));
        assert_eq!(local_name(" images/x.JPG "), Ok("x.JPG"));
        for remote in [
            "http://example.com/a.jpg",
            "HTTPS://example.com/a.jpg",
            "//example.com/a.jpg",
            "data:image/png;base64,iVBORw0KGgo=",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "C:/Users/a/x.jpg",
            "\\\\server\\share\\x.jpg",
        ] {
            let e = local_name(remote).unwrap_err();
            assert!(e.contains("never fetches"), "{remote}: {e}");
        }
        for outside in [
            "x.jpg",
            "images/",
            "images/../bulletin.yaml",
            "images/../../../etc/passwd",
            "images/..",
            "images/sub/x.jpg",
            "images\\x.jpg",
            "/images/x.jpg",
            "../25/images/x.jpg",
            "images/a\u{0}.jpg",
        ] {
            let e = local_name(outside).unwrap_err();
            assert!(e.contains("images/ folder"), "{outside}: {e}");
        }
        assert!(local_name("").unwrap_err().contains("no file given"));
    }

    #[test]
    fn captions_and_alt_text_are_escaped() {
        let picture = EmbeddedImage {
            data_uri: "data:image/jpeg;base64,AAAA".into(),
            width: 1200,
            height: 900,
        };
        let html = figure(&picture, "<script>\"x\"</script>");
        assert_eq!(
            html,
            "<figure class=\"photo\"><img class=\"photo\" src=\"data:image/jpeg;base64,AAAA\" \
             width=\"1200\" height=\"900\" alt=\"&lt;script&gt;&quot;x&quot;&lt;/script&gt;\">\
             <figcaption>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</figcaption></figure>"
        );
        assert!(
            !figure(&picture, " ").contains("figcaption"),
            "no empty caption"
        );
        assert!(inline(&picture, "a").starts_with("<img class=\"photo-inline\""));
    }
}
