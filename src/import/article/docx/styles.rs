//! styles.xml and numbering.xml, reduced to what an article needs: which styles
//! are headings or the title (by id, by name in English or Chinese, or by outline
//! level, following `basedOn`), alignment, bold/italic/size, and list formats.

use super::tags::{Attr, Tag};
use super::xml::Element;
use std::collections::HashMap;

/// `basedOn` chains longer than this are treated as cut (cycles end here too).
const MAX_CHAIN: usize = 16;

/// Run formatting where `None` means "not said here, ask the next level".
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RunProps {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    /// Half-points, as in `w:sz`.
    pub size: Option<u32>,
    pub hidden: Option<bool>,
}

impl RunProps {
    pub fn or(self, other: RunProps) -> RunProps {
        RunProps {
            bold: self.bold.or(other.bold),
            italic: self.italic.or(other.italic),
            size: self.size.or(other.size),
            hidden: self.hidden.or(other.hidden),
        }
    }

    /// Reads a `w:rPr`.
    pub fn from_rpr(rpr: Option<&Element>) -> RunProps {
        let Some(rpr) = rpr else {
            return RunProps::default();
        };
        RunProps {
            bold: rpr.child(Tag::B).map(on_off),
            italic: rpr.child(Tag::I).map(on_off),
            size: rpr.val(Tag::Sz).and_then(|v| v.parse().ok()),
            hidden: rpr.child(Tag::Vanish).map(on_off),
        }
    }
}

/// `<w:b/>` is on; `w:val` of 0/false/off turns it off.
fn on_off(e: &Element) -> bool {
    !matches!(e.attr(Attr::Val), Some("0" | "false" | "off"))
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    centred: Option<bool>,
    run: RunProps,
    num: Option<(u32, u8)>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    by_id: HashMap<String, Style>,
    default_para: Option<String>,
    defaults: RunProps,
}

impl Styles {
    pub fn from_xml(root: Option<&Element>) -> Styles {
        let mut s = Styles::default();
        let Some(root) = root else { return s };
        for e in root.children() {
            match e.tag {
                Tag::DocDefaults => {
                    let rpr = e.child(Tag::RPrDefault).and_then(|d| d.child(Tag::RPr));
                    s.defaults = RunProps::from_rpr(rpr);
                }
                Tag::Style => {
                    let Some(id) = e.attr(Attr::StyleId) else {
                        continue;
                    };
                    let para = e.attr(Attr::Type).is_none_or(|t| t == "paragraph");
                    if para && matches!(e.attr(Attr::Default), Some("1" | "true" | "on")) {
                        s.default_para = Some(id.to_string());
                    }
                    s.by_id.insert(id.to_string(), read_style(e));
                }
                _ => {}
            }
        }
        s
    }

    /// The style itself, then what it is based on, up to [`MAX_CHAIN`].
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = (&'a str, &'a Style)> {
        let mut next = id;
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.by_id.get(id)?;
            next = style.based_on.as_deref();
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    pub fn paragraph_style<'a>(&'a self, direct: Option<&'a str>) -> Option<&'a str> {
        direct.or(self.default_para.as_deref())
    }

    /// 1-based heading level: "heading N" / "标题 N" by name or id, else outline level.
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        self.chain(id).find_map(|(id, s)| {
            heading_by_name(&s.name)
                .or_else(|| heading_by_name(id))
                .or(s.outline.filter(|l| *l < 9).map(|l| l + 1))
        })
    }

    pub fn is_title(&self, id: Option<&str>) -> bool {
        self.chain(id).any(|(id, s)| {
            id.eq_ignore_ascii_case("title")
                || s.name.eq_ignore_ascii_case("title")
                || s.name == "标题"
        })
    }

    pub fn centred(&self, id: Option<&str>) -> bool {
        self.chain(id).find_map(|(_, s)| s.centred).unwrap_or(false)
    }

    pub fn numbering(&self, id: Option<&str>) -> Option<(u32, u8)> {
        self.chain(id).find_map(|(_, s)| s.num)
    }

    /// Formatting a paragraph style (and the document defaults) gives its runs.
    pub fn paragraph_run(&self, id: Option<&str>) -> RunProps {
        self.chain(id)
            .fold(RunProps::default(), |acc, (_, s)| acc.or(s.run))
            .or(self.defaults)
    }

    /// Formatting of a character style (`w:rStyle`).
    pub fn character_run(&self, id: Option<&str>) -> RunProps {
        self.chain(id)
            .fold(RunProps::default(), |acc, (_, s)| acc.or(s.run))
    }
}

fn read_style(e: &Element) -> Style {
    let ppr = e.child(Tag::PPr);
    Style {
        name: e.val(Tag::Name).unwrap_or_default().to_string(),
        based_on: e.val(Tag::BasedOn).map(str::to_string),
        outline: ppr
            .and_then(|p| p.val(Tag::OutlineLvl))
            .and_then(|v| v.parse().ok()),
        centred: ppr.and_then(|p| p.val(Tag::Jc)).map(is_centre),
        run: RunProps::from_rpr(e.child(Tag::RPr)),
        num: ppr.and_then(|p| num_pr(p.child(Tag::NumPr)?)),
    }
}

pub(crate) fn is_centre(jc: &str) -> bool {
    jc == "center" || jc == "centre"
}

/// `w:numPr` → (numId, ilvl); ilvl defaults to 0.
pub(crate) fn num_pr(e: &Element) -> Option<(u32, u8)> {
    let id = e.val(Tag::NumId)?.parse().ok()?;
    let lvl = e
        .val(Tag::Ilvl)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        .min(8);
    Some((id, lvl))
}

/// "heading 2", "Heading2", "标题 2", "标题2" → 2.
fn heading_by_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim_start();
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// One list level as numbering.xml defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Level {
    pub bullet: bool,
    /// `numFmt none`: the paragraph shows no number at all.
    pub none: bool,
    pub start: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<u32, HashMap<u8, Level>>,
    /// numId → (abstractNumId, per-level overrides).
    nums: HashMap<u32, (u32, HashMap<u8, Level>)>,
}

impl Numbering {
    pub fn from_xml(root: Option<&Element>) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else { return n };
        for e in root.children() {
            let id = |a| e.attr(a).and_then(|v| v.parse::<u32>().ok());
            match e.tag {
                Tag::AbstractNum => {
                    if let Some(aid) = id(Attr::AbstractNumId) {
                        n.abstracts.insert(aid, levels(e.children()));
                    }
                }
                Tag::Num => {
                    let aid = e.val(Tag::AbstractNumId).and_then(|v| v.parse().ok());
                    if let (Some(nid), Some(aid)) = (id(Attr::NumId), aid) {
                        let overrides = e
                            .children()
                            .filter(|c| c.tag == Tag::LvlOverride)
                            .filter_map(|c| c.child(Tag::Lvl))
                            .collect::<Vec<_>>();
                        n.nums.insert(nid, (aid, levels(overrides.into_iter())));
                    }
                }
                _ => {}
            }
        }
        n
    }

    pub fn level(&self, num_id: u32, ilvl: u8) -> Option<Level> {
        let (aid, overrides) = self.nums.get(&num_id)?;
        overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(aid)?.get(&ilvl))
            .copied()
    }
}

fn levels<'a>(lvls: impl Iterator<Item = &'a Element>) -> HashMap<u8, Level> {
    lvls.filter(|l| l.tag == Tag::Lvl)
        .filter_map(|l| {
            let ilvl: u8 = l.attr(Attr::Ilvl)?.parse().ok()?;
            let fmt = l.val(Tag::NumFmt).unwrap_or("decimal");
            let start = l.val(Tag::Start).and_then(|v| v.parse().ok()).unwrap_or(1);
            Some((
                ilvl,
                Level {
                    bullet: fmt == "bullet",
                    none: fmt == "none",
                    start,
                },
            ))
        })
        .collect()
}
