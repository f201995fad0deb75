//! The building blocks of styles.xml: paragraph and run properties written in the
//! schema's order (Word rejects a misordered `w:pPr` or `w:rPr`), and the sheet
//! that collects the styles.

use super::super::model::{Fonts, TypeSizes};
use super::super::page::{half_points, Geometry};
use super::super::xml;

/// Paragraph properties, written in schema order (Word rejects misordered pPr).
#[derive(Default)]
pub(super) struct P {
    pub(super) keep_next: bool,
    pub(super) border: String,
    pub(super) tabs: String,
    /// `w:overflowPunct="0"`: no hanging punctuation past the 版心's right edge.
    pub(super) no_overflow: bool,
    pub(super) no_snap: bool,
    pub(super) spacing: String,
    pub(super) ind: String,
    pub(super) jc: &'static str,
    pub(super) outline: Option<u8>,
}

impl P {
    /// A paragraph with its spacing, indent and alignment.
    pub(super) fn new(spacing: String, ind: &str, jc: &'static str) -> Self {
        P {
            spacing,
            ind: ind.into(),
            jc,
            ..P::default()
        }
    }

    /// Not snapped to the document grid (titles, tables, captions).
    pub(super) fn free(self) -> Self {
        P {
            no_snap: true,
            ..self
        }
    }

    pub(super) fn keep(self) -> Self {
        P {
            keep_next: true,
            ..self
        }
    }

    pub(super) fn xml(&self) -> String {
        let mut s = String::from("<w:pPr>");
        if self.keep_next {
            s.push_str("<w:keepNext/>");
        }
        s.push_str(&self.border);
        s.push_str(&self.tabs);
        if self.no_overflow {
            s.push_str("<w:overflowPunct w:val=\"0\"/>");
        }
        if self.no_snap {
            s.push_str("<w:snapToGrid w:val=\"0\"/>");
        }
        s.push_str(&self.spacing);
        s.push_str(&self.ind);
        if !self.jc.is_empty() {
            s.push_str(&format!("<w:jc w:val=\"{}\"/>", self.jc));
        }
        if let Some(level) = self.outline {
            s.push_str(&format!("<w:outlineLvl w:val=\"{level}\"/>"));
        }
        s.push_str("</w:pPr>");
        s
    }
}

/// Run properties in schema order: fonts, bold, colour, spacing, size.
#[derive(Default, Clone, Copy)]
pub(super) struct R<'a> {
    pub(super) east_asia: Option<&'a str>,
    pub(super) latin: Option<&'a str>,
    pub(super) bold: bool,
    pub(super) color: Option<&'a str>,
    /// Character spacing in 1/20 pt.
    pub(super) spacing: Option<i64>,
    pub(super) size: Option<f64>,
}

impl<'a> R<'a> {
    pub(super) fn size(self, pt: f64) -> Self {
        R {
            size: Some(pt),
            ..self
        }
    }

    pub(super) fn xml(&self) -> String {
        let mut s = String::from("<w:rPr>");
        if let Some(ea) = self.east_asia {
            let ea = xml::attr(ea);
            let latin = self.latin.map_or(ea.clone(), xml::attr);
            s.push_str(&format!(
                "<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{ea}\" w:cs=\"{latin}\" w:hint=\"eastAsia\"/>"
            ));
        }
        if self.bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = self.color {
            s.push_str(&format!("<w:color w:val=\"{c}\"/>"));
        }
        if let Some(sp) = self.spacing {
            s.push_str(&format!("<w:spacing w:val=\"{sp}\"/>"));
        }
        if let Some(pt) = self.size {
            let hp = half_points(pt);
            s.push_str(&format!("<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>"));
        }
        s.push_str("</w:rPr>");
        s
    }
}

pub(super) fn exact(before: i64, after: i64, line: i64) -> String {
    format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"exact\"/>")
}

/// Single spacing that grows with its content (pictures, table text).
pub(super) fn auto(before: i64) -> String {
    format!("<w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>")
}

pub(super) const NO_INDENT: &str = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>";

pub(super) fn right_tab(pos: i64) -> String {
    format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{pos}\"/></w:tabs>")
}

/// The style sheet being written, with what every style needs.
pub(super) struct Sheet<'a> {
    pub(super) out: String,
    pub(super) g: &'a Geometry,
    pub(super) s: &'a TypeSizes,
    pub(super) f: &'a Fonts,
}

impl<'a> Sheet<'a> {
    /// A paragraph style based on Normal (or on `base`).
    pub(super) fn add(&mut self, id: &str, name: &str, base: Option<&str>, p: P, r: R) {
        let default = if id == "Normal" {
            " w:default=\"1\""
        } else {
            ""
        };
        self.out.push_str(&format!(
            "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>"
        ));
        if id != "Normal" {
            let base = base.unwrap_or("Normal");
            self.out.push_str(&format!("<w:basedOn w:val=\"{base}\"/>"));
        }
        self.out.push_str("<w:qFormat/>");
        self.out.push_str(&p.xml());
        self.out.push_str(&r.xml());
        self.out.push_str("</w:style>");
    }

    /// Run properties with `name` on the East Asian slot and the Latin font.
    pub(super) fn font(&self, name: &'a str) -> R<'a> {
        R {
            east_asia: Some(name),
            latin: Some(&self.f.latin),
            ..R::default()
        }
    }
}
