//! Pictures: read from the package (bounded), recognised by their magic bytes,
//! measured from the header only, and renamed `{prefix}{n}.png|jpg`.
//!
//! Any picture we cannot keep (EMF, WMF, TIFF, …) fails the whole import with a
//! note on what to do: a skipped photo would silently vanish from the bulletin.

use super::model::ImageRef;
use super::package::{shown, Package};
use super::{ErrorKind, Image, Limits, ReadError};
use crate::load::image::sniff;
use std::io::Cursor;

/// Reads every referenced picture, in order, under the count, size and pixel limits.
pub(crate) fn load(
    pkg: &mut Package,
    refs: &[ImageRef],
    prefix: &str,
    limits: &Limits,
) -> Result<Vec<Image>, ReadError> {
    let prefix = safe_prefix(prefix);
    let mut total = 0u64;
    let mut out = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let n = i + 1;
        let name = shown(&r.part);
        let image_bound = pkg.budget() >= limits.max_image_bytes;
        let bytes = pkg
            .read_part(&r.part, limits.max_image_bytes)
            .map_err(|e| match e.kind {
                ErrorKind::TooLarge if image_bound => too_large(&name, limits),
                _ => e,
            })?
            .ok_or_else(|| {
                ReadError::new(
                    ErrorKind::Malformed,
                    format!("文件已损坏：图片 {name} 在文件中找不到（missing part）"),
                )
            })?;
        total += bytes.len() as u64;
        if total > limits.max_images_total {
            return Err(ReadError::new(
                ErrorKind::TooLarge,
                format!(
                    "图片合计超过 {} MB（images too large in total），请压缩图片后再导入",
                    limits.max_images_total / 1024 / 1024
                ),
            ));
        }
        let kind = sniff(&bytes).map_err(|format| {
            unsupported(&name, format.unwrap_or("未知（unknown）"), r.from_object)
        })?;
        let (width, height) = dimensions(&bytes, &name, limits)?;
        out.push(Image {
            file_name: format!("{prefix}{n}.{}", kind.extension()),
            alt: r.alt.clone().unwrap_or_default(),
            bytes,
            kind,
            width,
            height,
        });
    }
    Ok(out)
}

/// The caller's prefix as one file-name component: no separators, no leading dot.
fn safe_prefix(p: &str) -> String {
    let s: String = p
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '\0') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    match s.strip_prefix('.') {
        Some(rest) => format!("-{rest}"),
        None => s,
    }
}

fn too_large(name: &str, limits: &Limits) -> ReadError {
    ReadError::new(
        ErrorKind::TooLarge,
        format!(
            "图片 {name} 超过 {} MB（image too large），请压缩后再插入",
            limits.max_image_bytes / 1024 / 1024
        ),
    )
}

fn unsupported(name: &str, format: &str, from_object: bool) -> ReadError {
    let message = if from_object {
        format!(
            "文档中有嵌入对象（OLE object，如 Excel 表格、公式），其预览图 {name} 是 {format} 格式，无法导入；请在 Word 中把它粘贴为表格，或另存为 PNG/JPEG 图片后插入"
        )
    } else {
        format!("图片 {name} 是 {format} 格式，请在 Word 中插入 PNG 或 JPEG 图片")
    };
    ReadError::new(ErrorKind::UnsupportedImage, message)
}

/// Width and height from the header alone (no pixel is decoded).
fn dimensions(bytes: &[u8], name: &str, limits: &Limits) -> Result<(u32, u32), ReadError> {
    let corrupt = |e: &dyn std::fmt::Display| {
        ReadError::new(
            ErrorKind::Malformed,
            format!("图片 {name} 已损坏，无法读取（{e}）"),
        )
    };
    let (w, h) = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| corrupt(&e))?
        .into_dimensions()
        .map_err(|e| corrupt(&e))?;
    if u64::from(w) * u64::from(h) > limits.max_image_pixels {
        return Err(ReadError::new(
            ErrorKind::TooLarge,
            format!(
                "图片 {name} 为 {w}×{h} 像素，超过 {} 万像素（too many pixels），请缩小后再插入",
                limits.max_image_pixels / 10_000
            ),
        ));
    }
    Ok((w, h))
}
