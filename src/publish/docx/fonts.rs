//! fontTable.xml and numbering.xml. Word has no per-run font fallback list, so each
//! office font name gets its substitute in `w:altName` (and a chain through the
//! substitutes' own entries), with panose/charset/family for Word's own matcher.

use super::model::Fonts;
use super::page::Geometry;
use super::parts::{W_NS, XML_DECL};
use super::xml;

/// Word's substitute for a missing font, plus the metadata its matcher uses:
/// (name, altName, panose, family, pitch). See FONTS.md.
const KNOWN_FONTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "仿宋_GB2312",
        "仿宋",
        "02010609030101010101",
        "modern",
        "fixed",
    ),
    (
        "仿宋",
        "FangSong",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        "方正小标宋简体",
        "华文中宋",
        "02000000000000000000",
        "auto",
        "variable",
    ),
    (
        "华文中宋",
        "宋体",
        "02010600040101010101",
        "auto",
        "variable",
    ),
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    (
        "楷体_GB2312",
        "楷体",
        "02010609030101010101",
        "modern",
        "fixed",
    ),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
];

/// fontTable.xml: the configured fonts and the fallback chain of each known one.
pub(crate) fn font_table(f: &Fonts) -> String {
    let mut names: Vec<&str> = Vec::new();
    for name in [&f.body, &f.title, &f.heading1, &f.heading2, &f.page_number] {
        let mut cur = name.as_str();
        while !names.contains(&cur) {
            names.push(cur);
            match KNOWN_FONTS.iter().find(|k| k.0 == cur) {
                Some(k) if KNOWN_FONTS.iter().any(|n| n.0 == k.1) => cur = k.1,
                _ => break,
            }
        }
    }
    let mut o = format!("{XML_DECL}<w:fonts {W_NS}>");
    for name in names {
        let (alt, panose, family, pitch) = match KNOWN_FONTS.iter().find(|k| k.0 == name) {
            Some(k) => (Some(k.1), k.2, k.3, k.4),
            None => (None, "02010600030101010101", "auto", "variable"),
        };
        o.push_str(&format!("<w:font w:name=\"{}\">", xml::attr(name)));
        if let Some(alt) = alt {
            o.push_str(&format!("<w:altName w:val=\"{alt}\"/>"));
        }
        o.push_str(&format!(
            "<w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        ));
    }
    if !o.contains(&format!("w:name=\"{}\"", xml::attr(&f.latin))) {
        o.push_str(&format!(
            "<w:font w:name=\"{}\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>",
            xml::attr(&f.latin)
        ));
    }
    o.push_str("</w:fonts>");
    o
}

/// numbering.xml: numId 1 is the bullet list; every ordered list gets its own numId
/// (2, 3, …) restarting at 1.
pub(crate) fn numbering(g: &Geometry, ordered_lists: u32) -> String {
    let lvl = |fmt: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/>\
             <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{}\"/></w:pPr></w:lvl>",
            2 * g.indent2,
            g.indent2
        )
    };
    let mut o = format!("{XML_DECL}<w:numbering {W_NS}>");
    o.push_str(&format!(
        "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>{}</w:abstractNum>",
        lvl("bullet", "•")
    ));
    o.push_str(&format!(
        "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>{}</w:abstractNum>",
        lvl("decimal", "%1.")
    ));
    o.push_str("<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    for n in 0..ordered_lists {
        o.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>",
            n + 2
        ));
    }
    o.push_str("</w:numbering>");
    o
}
