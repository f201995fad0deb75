//! The fonts charts are drawn with. The project's SVGs ask for `sans-serif` (and the
//! print CSS names Windows fonts such as SimSun); here every generic or Chinese family
//! is mapped to an installed CJK font, so labels never come out as empty boxes.
//!
//! The file of the CJK sans face the charts use is read into memory once: fontdb
//! would otherwise map and unmap the 20 MB collection for every text element, which
//! took three quarters of the time spent parsing a chart.

use super::glyphs::GlyphCache;
use resvg::usvg::{self, fontdb, FontFamily, FontResolver, FontStretch, FontStyle};
use std::sync::Arc;

/// CJK sans fonts to look for, best first (Debian, Windows, macOS, other Linux).
const SANS: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "微软雅黑",
    "SimHei",
    "黑体",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "Droid Sans Fallback",
];

/// CJK serif (宋体-like) fonts to look for, best first.
const SERIF: &[&str] = &[
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "SimSun",
    "宋体",
    "NSimSun",
    "Songti SC",
    "STSong",
    "AR PL UMing CN",
    "Noto Serif SC",
];

/// Family names that mean "a Chinese serif" when they are not installed.
const SERIF_ALIASES: &[&str] = &[
    "SimSun",
    "宋体",
    "NSimSun",
    "新宋体",
    "Songti SC",
    "STSong",
    "华文中宋",
    "STZhongsong",
    "方正小标宋简体",
    "仿宋",
    "仿宋_GB2312",
    "FangSong",
    "楷体",
    "楷体_GB2312",
    "KaiTi",
];

/// A font database loaded once, with the CJK families found in it.
#[derive(Clone)]
pub struct FontSet {
    db: Arc<fontdb::Database>,
    /// The glyphs drawn with these fonts, for every chart drawn with the set.
    glyphs: Arc<GlyphCache>,
    sans: Option<String>,
    serif: Option<String>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("faces", &self.db.len())
            .field("sans", &self.sans)
            .field("serif", &self.serif)
            .finish()
    }
}

impl FontSet {
    /// Loads the system's fonts: slow (tens of ms), so build one per process and share it.
    pub fn system() -> Self {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Self::from_database(db)
    }

    /// Uses a prepared database (e.g. fonts shipped with the project, or none in tests).
    pub fn from_database(mut db: fontdb::Database) -> Self {
        let has = |name: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n == name))
        };
        let sans = SANS.iter().find(|n| has(n)).map(|n| n.to_string());
        let serif = SERIF.iter().find(|n| has(n)).map(|n| n.to_string());
        let (sans, serif) = match (sans, serif) {
            (Some(a), None) => (Some(a.clone()), Some(a)),
            (None, Some(b)) => (Some(b.clone()), Some(b)),
            pair => pair,
        };
        if let Some(family) = &sans {
            keep_in_memory(&mut db, family);
        }
        if let Some(s) = &sans {
            db.set_sans_serif_family(s.clone());
        }
        if let Some(s) = &serif {
            db.set_serif_family(s.clone());
        }
        FontSet {
            db: Arc::new(db),
            glyphs: Arc::default(),
            sans,
            serif,
        }
    }

    /// Whether a Chinese font was found; if not, labels will be boxes or missing.
    pub fn has_cjk(&self) -> bool {
        self.sans.is_some()
    }

    /// The CJK sans family used for `sans-serif` (and for everything, as a fallback).
    pub fn cjk_family(&self) -> Option<&str> {
        self.sans.as_deref()
    }

    /// What to tell the user, once, when [`has_cjk`](Self::has_cjk) is false.
    pub const MISSING_CJK: &'static str = "no Chinese font found: the chart pictures are drawn \
         without their Chinese labels; install fonts-noto-cjk (Debian/Ubuntu) or a Chinese font \
         such as Microsoft YaHei or SimSun";

    /// What the pictures drawn with this set depend on: the CJK families chosen and
    /// the number of faces (installing or removing a font changes it).
    pub fn fingerprint(&self) -> String {
        format!(
            "{} faces; sans {}; serif {}",
            self.db.len(),
            self.sans.as_deref().unwrap_or("-"),
            self.serif.as_deref().unwrap_or("-")
        )
    }

    /// Number of font faces loaded.
    pub fn len(&self) -> usize {
        self.db.len()
    }

    /// True when no font at all was loaded.
    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }

    /// The sprites of the glyphs drawn with this set.
    pub(super) fn glyphs(&self) -> &GlyphCache {
        &self.glyphs
    }

    /// usvg options that resolve families through the CJK mapping.
    pub(super) fn options(&self) -> usvg::Options<'static> {
        let mut opt = usvg::Options {
            fontdb: self.db.clone(),
            languages: vec!["zh-CN".into(), "en".into()],
            ..usvg::Options::default()
        };
        if let Some(sans) = &self.sans {
            opt.font_family = sans.clone();
        }
        opt.font_resolver = FontResolver {
            select_font: self.selector(),
            select_fallback: FontResolver::default_fallback_selector(),
        };
        opt
    }

    /// Installed families as asked, missing Chinese ones mapped to the CJK serif or sans,
    /// generics to the CJK fonts, and the CJK sans last of all.
    fn selector(&self) -> usvg::FontSelectionFn<'static> {
        let (sans, serif) = (self.sans.clone(), self.serif.clone());
        Box::new(move |font, db| {
            let mut names: Vec<fontdb::Family> = Vec::new();
            for family in font.families() {
                match family {
                    FontFamily::Named(s) => {
                        names.push(fontdb::Family::Name(s));
                        let cjk = if SERIF_ALIASES.contains(&s.as_str()) {
                            &serif
                        } else {
                            &sans
                        };
                        if let Some(c) = cjk {
                            names.push(fontdb::Family::Name(c));
                        }
                    }
                    FontFamily::Serif => names.push(fontdb::Family::Serif),
                    FontFamily::Monospace => names.push(fontdb::Family::Monospace),
                    _ => names.push(fontdb::Family::SansSerif),
                }
            }
            names.push(fontdb::Family::SansSerif);
            names.push(fontdb::Family::Serif);
            let query = fontdb::Query {
                families: &names,
                weight: fontdb::Weight(font.weight()),
                stretch: stretch(font.stretch()),
                style: match font.style() {
                    FontStyle::Normal => fontdb::Style::Normal,
                    FontStyle::Italic => fontdb::Style::Italic,
                    FontStyle::Oblique => fontdb::Style::Oblique,
                },
            };
            db.query(&query)
        })
    }
}

fn stretch(s: FontStretch) -> fontdb::Stretch {
    match s {
        FontStretch::UltraCondensed => fontdb::Stretch::UltraCondensed,
        FontStretch::ExtraCondensed => fontdb::Stretch::ExtraCondensed,
        FontStretch::Condensed => fontdb::Stretch::Condensed,
        FontStretch::SemiCondensed => fontdb::Stretch::SemiCondensed,
        FontStretch::Normal => fontdb::Stretch::Normal,
        FontStretch::SemiExpanded => fontdb::Stretch::SemiExpanded,
        FontStretch::Expanded => fontdb::Stretch::Expanded,
        FontStretch::ExtraExpanded => fontdb::Stretch::ExtraExpanded,
        FontStretch::UltraExpanded => fontdb::Stretch::UltraExpanded,
    }
}

/// Replaces the faces of the file that holds `family`'s regular face by the same
/// faces loaded from memory (the whole collection: a .ttc is one file).
fn keep_in_memory(db: &mut fontdb::Database, family: &str) {
    let query = fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        ..fontdb::Query::default()
    };
    let Some(id) = db.query(&query) else { return };
    let Some((fontdb::Source::File(path), _)) = db.face_source(id) else {
        return;
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return; // stays mapped from the file: slower, still right
    };
    let same_file: Vec<fontdb::ID> = db
        .faces()
        .filter(|f| matches!(&f.source, fontdb::Source::File(p) if *p == path))
        .map(|f| f.id)
        .collect();
    for id in same_file {
        db.remove_face(id);
    }
    db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
}
