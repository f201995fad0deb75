//! The fixed package parts around document.xml: content types, relationships,
//! settings and document properties. Relationship ids are fixed names, pictures
//! are numbered in document order: no GUIDs, no clock, nothing external.

use super::model::Properties;
use super::page::{FOOTER_EVEN_RID, FOOTER_ODD_RID};
use super::picture::ImageKind;
use super::xml;

pub(crate) const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
pub(crate) const W_NS: &str =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
/// Namespaces of document.xml: WordprocessingML plus inline DrawingML pictures.
pub(crate) const DOC_NS: &str =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
     xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
     xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
     xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The relationship id of the `n`th picture (1-based).
pub(crate) fn image_rid(n: usize) -> String {
    format!("rIdImage{n}")
}

/// The part name of the `n`th picture (1-based).
pub(crate) fn media_name(n: usize, kind: ImageKind) -> String {
    format!("word/media/image{n}.{}", kind.extension())
}

/// `[Content_Types].xml`: a default per picture format used, an override per part.
pub(crate) fn content_types(pictures: &[ImageKind], footers: bool) -> String {
    let mut defaults = String::new();
    for kind in [ImageKind::Png, ImageKind::Jpeg] {
        if pictures.contains(&kind) {
            defaults.push_str(&format!(
                "<Default Extension=\"{}\" ContentType=\"{}\"/>",
                kind.extension(),
                kind.mime()
            ));
        }
    }
    let over =
        |part: &str, ct: &str| format!("<Override PartName=\"{part}\" ContentType=\"{ct}\"/>");
    let mut overrides = String::new();
    for (part, kind) in [
        ("/word/document.xml", "document.main+xml"),
        ("/word/styles.xml", "styles+xml"),
        ("/word/settings.xml", "settings+xml"),
        ("/word/fontTable.xml", "fontTable+xml"),
        ("/word/numbering.xml", "numbering+xml"),
    ] {
        overrides.push_str(&over(part, &format!("{MAIN_CT}.{kind}")));
    }
    if footers {
        for part in ["/word/footer1.xml", "/word/footer2.xml"] {
            overrides.push_str(&over(part, &format!("{MAIN_CT}.footer+xml")));
        }
    }
    overrides.push_str(&over(
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    ));
    overrides.push_str(&over(
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    ));
    format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>{defaults}{overrides}</Types>"
    )
}

pub(crate) fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{OFFICE_REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{OFFICE_REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

/// document.xml.rels: every target is inside the package (no TargetMode="External").
pub(crate) fn document_rels(pictures: &[ImageKind], footers: bool) -> String {
    let rel = |id: &str, kind: &str, target: &str| {
        format!("<Relationship Id=\"{id}\" Type=\"{OFFICE_REL}/{kind}\" Target=\"{target}\"/>")
    };
    let mut out = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    out.push_str(&rel("rIdStyles", "styles", "styles.xml"));
    out.push_str(&rel("rIdSettings", "settings", "settings.xml"));
    out.push_str(&rel("rIdFontTable", "fontTable", "fontTable.xml"));
    out.push_str(&rel("rIdNumbering", "numbering", "numbering.xml"));
    if footers {
        out.push_str(&rel(FOOTER_ODD_RID, "footer", "footer1.xml"));
        out.push_str(&rel(FOOTER_EVEN_RID, "footer", "footer2.xml"));
    }
    for (i, kind) in pictures.iter().enumerate() {
        let target = media_name(i + 1, *kind);
        let target = target.trim_start_matches("word/");
        out.push_str(&rel(&image_rid(i + 1), "image", target));
    }
    out.push_str("</Relationships>");
    out
}

/// settings.xml: `w:evenAndOddHeaders` turns on the separate even-page footer.
/// Children are in the schema's order (Word rejects misordered settings).
pub(crate) fn settings(footers: bool) -> String {
    let even_odd = if footers {
        "<w:evenAndOddHeaders/>"
    } else {
        ""
    };
    format!(
        "{XML_DECL}<w:settings {W_NS}><w:zoom w:percent=\"100\"/>\
         <w:defaultTabStop w:val=\"420\"/>{even_odd}\
         <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
         <w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>"
    )
}

/// core.xml with the date as created and modified: reproducible output.
pub(crate) fn core(props: &Properties) -> String {
    let date = props.date.w3cdtf();
    let description = props.description.as_deref().map_or(String::new(), |d| {
        format!("<dc:description>{}</dc:description>", xml::text(d))
    });
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>{description}\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        xml::text(&props.title),
        xml::text(&props.author),
        xml::text(&props.author),
    )
}

pub(crate) fn app() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>pv-bulletin</Application></Properties>"
    )
}
