//! Decisions taken on the text of the blocks: the title, the source line
//! (→ author), hand-typed heading numbers and heading levels.
//!
//! Heading levels: the article title is `<h3>` on the page and the renderer maps
//! `#` → h4, `##` → h5, `###`+ → h6. So the highest heading level used in the
//! document becomes `#` (normally 一、), and the others keep their distance:
//! 一、 → `#`, （一） → `##`, 1. / 1、 → `###`, （1） → `####`.

use super::inline::is_indent;
use super::model::{Block, Inline, Para, ParaKind};
use super::{Title, TitleSource};

/// A hand-numbered paragraph is a heading only when it is short and does not end
/// like a sentence: "一、基本情况" is a heading, "一、全年完成投资……。" is not.
const MAX_HEADING_CHARS: usize = 40;
const SENTENCE_END: &[char] = &['。', '；', ';', '，', ',', '！', '？', '!', '?', '…'];
/// The title and source line are looked for among this many paragraphs at the top.
const TOP: usize = 3;

/// Text without formatting; breaks as `\n`.
fn plain(inls: &[Inline]) -> String {
    let mut s = String::new();
    for i in inls {
        match i {
            Inline::Text(t, _) => s.push_str(t),
            Inline::Break => s.push('\n'),
            Inline::Link(_, kids) => s.push_str(&plain(kids)),
            Inline::Image(_) | Inline::Note(_) => {}
        }
    }
    s
}

/// Collapses runs of whitespace (full-width included) into one space.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || is_indent(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Indices of the first `n` top-level paragraphs (tables end the search).
fn top_paragraphs(blocks: &[Block], n: usize) -> Vec<usize> {
    blocks
        .iter()
        .take_while(|b| matches!(b, Block::Para(_)))
        .enumerate()
        .map(|(i, _)| i)
        .take(n)
        .collect()
}

fn para(blocks: &[Block], i: usize) -> &Para {
    match &blocks[i] {
        Block::Para(p) => p,
        Block::Table(_) => unreachable!("only paragraph indices are passed"),
    }
}

/// Title style anywhere, else the first top paragraph that is centred or set in
/// the document's largest size. A following centred "——副标题" line is appended.
pub(crate) fn take_title(blocks: &mut Vec<Block>) -> Option<Title> {
    let styled = blocks.iter().position(
        |b| matches!(b, Block::Para(p) if p.title_style && !plain(&p.inlines).trim().is_empty()),
    );
    let (i, source) = match styled {
        Some(i) => (i, TitleSource::TitleStyle),
        None => guess_title(blocks)?,
    };
    let mut text = one_line(&plain(&para(blocks, i).inlines).replace('\n', ""));
    blocks.remove(i);
    if let Some(Block::Para(next)) = blocks.get(i) {
        let sub = one_line(&plain(&next.inlines));
        if next.centred && sub.starts_with('—') && sub.chars().count() <= 60 {
            text.push_str(&sub);
            blocks.remove(i);
        }
    }
    Some(Title { text, source })
}

fn guess_title(blocks: &[Block]) -> Option<(usize, TitleSource)> {
    let largest = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => p.size,
            Block::Table(_) => None,
        })
        .max();
    let body = body_size(blocks);
    for i in top_paragraphs(blocks, TOP) {
        let p = para(blocks, i);
        let text = one_line(&plain(&p.inlines));
        let plausible = !text.is_empty()
            && text.chars().count() <= 80
            && !text.ends_with('。')
            && source_name(&text).is_none()
            && hand_heading(&text).is_none()
            && matches!(p.kind, ParaKind::Normal);
        if !plausible {
            continue;
        }
        if p.centred {
            return Some((i, TitleSource::Centred));
        }
        if p.size.is_some() && p.size == largest && p.size > body {
            return Some((i, TitleSource::LargestFont));
        }
    }
    None
}

/// The size most of the text is set in (weighted by characters).
fn body_size(blocks: &[Block]) -> Option<u32> {
    let mut by_size: std::collections::BTreeMap<u32, usize> = Default::default();
    for b in blocks {
        if let Block::Para(p) = b {
            if let Some(s) = p.size {
                *by_size.entry(s).or_default() += plain(&p.inlines).chars().count();
            }
        }
    }
    by_size.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s)
}

/// The source line at the top (or, bracketed, as the last paragraph) → author.
pub(crate) fn take_author(blocks: &mut Vec<Block>) -> Option<String> {
    for i in top_paragraphs(blocks, TOP) {
        if let Some(name) = source_name(&one_line(&plain(&para(blocks, i).inlines))) {
            blocks.remove(i);
            return Some(name);
        }
    }
    let last = blocks.len().checked_sub(1)?;
    let Block::Para(p) = &blocks[last] else {
        return None;
    };
    let text = one_line(&plain(&p.inlines));
    if text.starts_with(['（', '(']) {
        let name = source_name(&text)?;
        blocks.remove(last);
        return Some(name);
    }
    None
}

/// （××镇人民政府供稿）, (××供稿), 供稿：…, 来源：…, 作者：…, 撰稿：… → the name.
pub(crate) fn source_name(text: &str) -> Option<String> {
    const LABELS: &[&str] = &["供稿单位", "供稿", "来源", "作者", "撰稿"];
    let t = text.trim();
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|s| s.strip_suffix(['）', ')']))
        .map(str::trim);
    let name = match inner {
        Some(inner) => match inner.strip_suffix("供稿") {
            Some(n) => n,
            None => LABELS.iter().find_map(|l| after_label(inner, l))?,
        },
        None => LABELS.iter().find_map(|l| after_label(t, l))?,
    };
    let name = one_line(name.trim_end_matches(['。', '.', '，', ',', '；', ';']));
    let name = name
        .strip_suffix("供稿")
        .map(str::trim)
        .unwrap_or(&name)
        .to_string();
    // A name, not a sentence that happens to start with 来源：.
    let sentence = name.contains(['。', '，', ',', '；']);
    (!name.is_empty() && !sentence && name.chars().count() <= 60).then_some(name)
}

fn after_label<'t>(t: &'t str, label: &str) -> Option<&'t str> {
    let rest = t.strip_prefix(label)?.trim_start();
    rest.strip_prefix(['：', ':']).map(str::trim)
}

/// 一、 → 1, （一） → 2, 1. / 1、 / 1． → 3, （1） → 4, for short, unpunctuated lines.
pub(crate) fn hand_heading(text: &str) -> Option<u8> {
    let t = text.trim_start_matches(is_indent).trim_end();
    if t.contains('\n') || t.chars().count() > MAX_HEADING_CHARS || t.ends_with(SENTENCE_END) {
        return None;
    }
    const CN: &str = "一二三四五六七八九十百零〇";
    let cn = |s: &str| s.len() - s.trim_start_matches(|c| CN.contains(c)).len();
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (level, rest) = if let Some(r) = t.strip_prefix(['（', '(']) {
        let (n, lvl) = if cn(r) > 0 {
            (cn(r), 2)
        } else {
            (digits(r), 4)
        };
        (lvl, r[n..].strip_prefix(['）', ')']).filter(|_| n > 0)?)
    } else if cn(t) > 0 {
        (1, t[cn(t)..].strip_prefix('、')?)
    } else if (1..=3).contains(&digits(t)) {
        let r = t[digits(t)..].strip_prefix(['.', '．', '、'])?;
        if r.starts_with(|c: char| c.is_ascii_digit()) {
            return None; // 1.5万千瓦
        }
        (3, r)
    } else {
        return None;
    };
    (!rest.trim_matches(is_indent).is_empty()).then_some(level)
}

pub(crate) fn mark_hand_headings(blocks: &mut [Block]) {
    for b in blocks.iter_mut() {
        if let Block::Para(p) = b {
            if p.kind == ParaKind::Normal {
                if let Some(level) = hand_heading(&plain(&p.inlines)) {
                    p.kind = ParaKind::Heading(level);
                }
            }
        }
    }
}

/// Shifts heading levels so the highest one used becomes level 1 (`#`).
pub(crate) fn normalise_heading_levels(blocks: &mut [Block]) {
    let top = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(Para {
                kind: ParaKind::Heading(l),
                ..
            }) => Some(*l),
            _ => None,
        })
        .min();
    let Some(shift) = top.map(|t| t - 1) else {
        return;
    };
    for b in blocks.iter_mut() {
        if let Block::Para(Para {
            kind: ParaKind::Heading(l),
            ..
        }) = b
        {
            *l -= shift;
        }
    }
}
