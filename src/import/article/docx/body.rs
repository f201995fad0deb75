//! The filtered tree → blocks (paragraphs, tables) and inlines (formatted text,
//! breaks, pictures, footnote references, links); pictures are in drawings.rs.
//! Styles are resolved here; the article-level decisions (title, source line,
//! hand-typed numbering) come later, in detect.rs.

use super::model::{push_text, Block, Fmt, ImageRef, Inline, Para, ParaKind};
use super::package::{RelKind, Rels};
use super::styles::{self, Numbering, RunProps, Styles};
use super::tags::{Attr, Tag};
use super::xml::Element;
use super::{Limits, ReadError};
use std::collections::HashMap;

pub(crate) struct Walker<'a> {
    pub styles: &'a Styles,
    numbering: &'a Numbering,
    pub(super) rels: &'a Rels,
    pub(super) limits: &'a Limits,
    pub images: Vec<ImageRef>,
    pub(super) image_index: HashMap<String, usize>,
    notes: Vec<(bool, String)>,
    note_index: HashMap<(bool, String), usize>,
    in_note: bool,
    /// Open complex fields: true while still in the instruction part.
    fields: Vec<bool>,
    in_instruction: usize,
    counters: HashMap<u32, [u32; 9]>,
    pub warnings: Vec<String>,
}

/// Per-paragraph state threaded through runs.
pub(super) struct ParaCtx {
    base: RunProps,
    size: Option<u32>,
    /// Text boxes met in the paragraph: their paragraphs follow it.
    pub(super) extra: Vec<Block>,
}

impl<'a> Walker<'a> {
    pub fn new(
        styles: &'a Styles,
        numbering: &'a Numbering,
        rels: &'a Rels,
        limits: &'a Limits,
    ) -> Self {
        Walker {
            styles,
            numbering,
            rels,
            limits,
            images: Vec::new(),
            image_index: HashMap::new(),
            notes: Vec::new(),
            note_index: HashMap::new(),
            in_note: false,
            fields: Vec::new(),
            in_instruction: 0,
            counters: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    pub fn warn(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        if !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }

    pub fn walk_blocks(&mut self, el: &Element, out: &mut Vec<Block>) -> Result<(), ReadError> {
        for k in el.children() {
            match k.tag {
                Tag::P => self.paragraph(k, out)?,
                Tag::Tbl => {
                    let t = self.table(k)?;
                    out.push(Block::Table(t));
                }
                Tag::Note | Tag::TxbxContent => self.walk_blocks(k, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: &Element, out: &mut Vec<Block>) -> Result<(), ReadError> {
        let ppr = p.child(Tag::PPr);
        let direct_style = ppr.and_then(|x| x.val(Tag::PStyle));
        let style = self.styles.paragraph_style(direct_style);
        let centred = match ppr.and_then(|x| x.val(Tag::Jc)) {
            Some(jc) => styles::is_centre(jc),
            None => self.styles.centred(style),
        };
        let mut ctx = ParaCtx {
            base: self.styles.paragraph_run(style),
            size: None,
            extra: Vec::new(),
        };
        let mut inlines = Vec::new();
        self.inlines(p, &mut ctx, &mut inlines)?;
        let kind = self.para_kind(ppr, style);
        out.push(Block::Para(Para {
            inlines,
            kind,
            centred,
            title_style: self.styles.is_title(style),
            size: ctx.size,
        }));
        out.append(&mut ctx.extra);
        Ok(())
    }

    fn para_kind(&mut self, ppr: Option<&Element>, style: Option<&str>) -> ParaKind {
        let outline = ppr
            .and_then(|x| x.val(Tag::OutlineLvl))
            .and_then(|v| v.parse::<u8>().ok());
        let heading = match outline {
            Some(l) if l < 9 => Some(l + 1),
            Some(_) => None,
            None => self.styles.heading_level(style),
        };
        if let Some(level) = heading {
            return ParaKind::Heading(level.min(6));
        }
        let num = match ppr.and_then(|x| x.child(Tag::NumPr)) {
            Some(np) => styles::num_pr(np),
            None => self.styles.numbering(style),
        };
        let Some((num_id, ilvl)) = num.filter(|(id, _)| *id != 0) else {
            return ParaKind::Normal;
        };
        let level = self.numbering.level(num_id, ilvl);
        if level.is_some_and(|l| l.none) {
            return ParaKind::Normal;
        }
        let ordered = level.is_some_and(|l| !l.bullet);
        let counters = self.counters.entry(num_id).or_insert([0; 9]);
        let i = ilvl as usize;
        counters[i] = match counters[i] {
            0 => level.map_or(1, |l| l.start),
            n => n.saturating_add(1),
        };
        counters[i + 1..].iter_mut().for_each(|c| *c = 0);
        ParaKind::Item {
            ordered,
            level: ilvl,
            number: counters[i],
        }
    }

    fn inlines(
        &mut self,
        el: &Element,
        ctx: &mut ParaCtx,
        out: &mut Vec<Inline>,
    ) -> Result<(), ReadError> {
        for k in el.children() {
            match k.tag {
                Tag::R => self.run(k, ctx, out)?,
                Tag::Hyperlink => self.hyperlink(k, ctx, out)?,
                Tag::Drawing | Tag::Pict | Tag::Object => self.graphic(k, ctx, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn run(
        &mut self,
        r: &Element,
        ctx: &mut ParaCtx,
        out: &mut Vec<Inline>,
    ) -> Result<(), ReadError> {
        let rpr = r.child(Tag::RPr);
        let char_style = self
            .styles
            .character_run(rpr.and_then(|x| x.val(Tag::RStyle)));
        let props = RunProps::from_rpr(rpr).or(char_style).or(ctx.base);
        let fmt = Fmt {
            bold: props.bold.unwrap_or(false),
            italic: props.italic.unwrap_or(false),
        };
        let hidden = props.hidden.unwrap_or(false);
        for k in r.children() {
            if k.tag == Tag::FldChar {
                self.field_char(k);
                continue;
            }
            if self.in_instruction > 0 || hidden {
                continue;
            }
            match k.tag {
                Tag::T => {
                    let text = k.text();
                    if !text.trim().is_empty() {
                        ctx.size = ctx.size.max(props.size);
                    }
                    push_text(out, &text, fmt);
                }
                Tag::Tab => push_text(out, " ", fmt),
                Tag::NoBreakHyphen => push_text(out, "-", fmt),
                Tag::Br if matches!(k.attr(Attr::Type), None | Some("textWrapping")) => {
                    out.push(Inline::Break)
                }
                Tag::Cr => out.push(Inline::Break),
                Tag::FootnoteRef => self.note_ref(k, false, out),
                Tag::EndnoteRef => self.note_ref(k, true, out),
                Tag::Drawing | Tag::Pict | Tag::Object => self.graphic(k, ctx, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Complex fields: the instruction (between begin and separate) is dropped,
    /// the result (between separate and end) is kept. Nesting is tracked.
    fn field_char(&mut self, k: &Element) {
        match k.attr(Attr::FldCharType) {
            Some("begin") => {
                self.fields.push(true);
                self.in_instruction += 1;
            }
            Some("separate") => {
                if let Some(top @ true) = self.fields.last_mut() {
                    *top = false;
                    self.in_instruction -= 1;
                }
            }
            Some("end") => {
                let was_instruction = self.fields.pop() == Some(true);
                self.in_instruction -= usize::from(was_instruction);
            }
            _ => {}
        }
    }

    fn hyperlink(
        &mut self,
        h: &Element,
        ctx: &mut ParaCtx,
        out: &mut Vec<Inline>,
    ) -> Result<(), ReadError> {
        let url = h
            .attr(Attr::RId)
            .and_then(|id| self.rels.get(id))
            .filter(|r| r.external && r.kind == RelKind::Hyperlink)
            .map(|r| r.target.trim().to_string())
            .filter(|u| is_safe_url(u));
        let mut kids = Vec::new();
        self.inlines(h, ctx, &mut kids)?;
        match url {
            Some(url) if !kids.is_empty() => out.push(Inline::Link(url, kids)),
            _ => {
                for k in kids {
                    match k {
                        Inline::Text(t, f) => push_text(out, &t, f),
                        other => out.push(other),
                    }
                }
            }
        }
        Ok(())
    }

    fn note_ref(&mut self, k: &Element, endnote: bool, out: &mut Vec<Inline>) {
        if self.in_note {
            return;
        }
        let Some(id) = k.attr(Attr::Id) else { return };
        let key = (endnote, id.to_string());
        let next = self.notes.len() + 1;
        let n = *self.note_index.entry(key.clone()).or_insert(next);
        if n == next {
            self.notes.push(key);
        }
        out.push(Inline::Note(n));
    }

    /// Footnote and endnote bodies, in order of first reference, numbered alike.
    pub fn walk_notes(
        &mut self,
        footnotes: Option<&Element>,
        endnotes: Option<&Element>,
    ) -> Result<Vec<Vec<Block>>, ReadError> {
        let (foot, end) = (index_of(footnotes), index_of(endnotes));
        self.in_note = true;
        let mut out = Vec::new();
        for (endnote, id) in self.notes.clone() {
            let el = if endnote {
                end.get(id.as_str())
            } else {
                foot.get(id.as_str())
            };
            let mut blocks = Vec::new();
            match el {
                Some(el) => self.walk_blocks(el, &mut blocks)?,
                None => self.warn(format!("脚注 {id} 的内容在文件中找不到")),
            }
            out.push(blocks);
        }
        self.in_note = false;
        Ok(out)
    }
}

fn index_of(root: Option<&Element>) -> HashMap<&str, &Element> {
    root.into_iter()
        .flat_map(|r| r.children())
        .filter(|e| e.tag == Tag::Note)
        .filter_map(|e| Some((e.attr(Attr::Id)?, e)))
        .collect()
}

/// Links we write as links; anything else (file:, javascript:, relative) stays text.
pub(crate) fn is_safe_url(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        && !u
            .chars()
            .any(|c| c.is_control() || (c.is_whitespace() && c != ' '))
}
