//! Builds .docx files from hand-written XML parts, in the test itself (no binary
//! fixtures), and renders Markdown the way pv-bulletin does.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#
);

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

pub struct Docx {
    pub document: String,
    pub parts: Vec<(String, Vec<u8>)>,
    pub rels: Vec<(String, String, String, bool)>,
    pub stored: bool,
}

impl Docx {
    /// A package whose body is `body` (the content of `w:body`).
    pub fn new(body: &str) -> Docx {
        Docx {
            document: format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
            parts: Vec::new(),
            rels: Vec::new(),
            stored: false,
        }
    }

    pub fn raw_document(mut self, xml: &str) -> Docx {
        self.document = xml.to_string();
        self
    }

    pub fn part(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Docx {
        self.parts.push((name.to_string(), bytes.into()));
        self
    }

    pub fn rel(mut self, id: &str, kind: &str, target: &str, external: bool) -> Docx {
        self.rels
            .push((id.into(), format!("{REL}{kind}"), target.into(), external));
        self
    }

    pub fn styles(self, styles: &str) -> Docx {
        let xml = format!(r#"<?xml version="1.0"?><w:styles {NS}>{styles}</w:styles>"#);
        self.part("word/styles.xml", xml)
            .rel("rIdS", "styles", "styles.xml", false)
    }

    pub fn numbering(self, numbering: &str) -> Docx {
        let xml = format!(r#"<?xml version="1.0"?><w:numbering {NS}>{numbering}</w:numbering>"#);
        self.part("word/numbering.xml", xml)
            .rel("rIdN", "numbering", "numbering.xml", false)
    }

    pub fn footnotes(self, notes: &str) -> Docx {
        let xml = format!(
            r#"<?xml version="1.0"?><w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
        );
        self.part("word/footnotes.xml", xml)
            .rel("rIdF", "footnotes", "footnotes.xml", false)
    }

    /// An image part plus its relationship `rid`.
    pub fn image(self, rid: &str, name: &str, bytes: Vec<u8>) -> Docx {
        self.part(&format!("word/media/{name}"), bytes).rel(
            rid,
            "image",
            &format!("media/{name}"),
            false,
        )
    }

    pub fn stored(mut self) -> Docx {
        self.stored = true;
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let mut rels = String::from(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target, external) in &self.rels {
            let mode = if *external {
                r#" TargetMode="External""#
            } else {
                ""
            };
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"{mode}/>"#
            ));
        }
        rels.push_str("</Relationships>");
        let mut files: Vec<(String, Vec<u8>)> = vec![
            ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
            ("_rels/.rels".into(), ROOT_RELS.into()),
            (
                "word/document.xml".into(),
                self.document.clone().into_bytes(),
            ),
            ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
        ];
        files.extend(self.parts.iter().cloned());
        zip_files(&files, self.stored)
    }
}

pub fn zip_files(files: &[(String, Vec<u8>)], stored: bool) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let method = if stored {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub const ROOT_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run with optional `w:rPr` content.
pub fn run(rpr: &str, text: &str) -> String {
    format!(
        r#"<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// A paragraph of one plain run.
pub fn p(text: &str) -> String {
    format!("<w:p>{}</w:p>", run("", text))
}

/// A paragraph with `w:pPr` content and raw inner runs.
pub fn p_with(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

/// An inline DrawingML picture.
pub fn drawing(rid: &str, descr: &str, title: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="图片 1" descr="{descr}" title="{title}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 2) as u8, 200]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// The HTML pv-bulletin makes of an article body (before its photos go in).
pub fn render(md: &str) -> String {
    pv_bulletin::render::markdown::render(md, 1, "a1-").html
}

/// Sets the uncompressed size that the local header and central directory declare for `name`.
pub fn lie_about_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    for i in 0..zip.len().saturating_sub(46) {
        if zip[i..].starts_with(b"PK\x03\x04") && zip[i + 30..].starts_with(n) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        }
        if zip[i..].starts_with(b"PK\x01\x02") && zip[i + 46..].starts_with(n) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG header claiming `w × h` pixels, with (almost) no pixel data.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    // A token IDAT (an empty zlib stream): the header reader stops where pixels begin.
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    out.extend(8u32.to_be_bytes());
    out.extend(idat);
    out.extend(crc32(idat).to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND");
    out.extend(crc32(b"IEND").to_be_bytes());
    out
}
