//! Which WordprocessingML elements we keep. Everything not listed is skipped with
//! its whole subtree (sectPr, bookmarks, comments, rsids, shapes' geometry…);
//! wrappers that only group content (sdt, smartTag, customXml, w:ins…) are read
//! through, so their runs land in the enclosing paragraph.

use std::collections::BTreeSet;

/// Namespaces by meaning; transitional and strict (ISO 29500) URIs map alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ns {
    W,
    R,
    Wp,
    A,
    Pic,
    Wps,
    Wpg,
    Wpc,
    V,
    O,
    Mc,
    M,
    None,
    Other,
}

pub(crate) fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | b"http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::R,
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        | b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns::Wp,
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
        | b"http://purl.oclc.org/ooxml/drawingml/main" => Ns::A,
        b"http://schemas.openxmlformats.org/drawingml/2006/picture"
        | b"http://purl.oclc.org/ooxml/drawingml/picture" => Ns::Pic,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingShape" => Ns::Wps,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" => Ns::Wpg,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" => Ns::Wpc,
        b"urn:schemas-microsoft-com:vml" => Ns::V,
        b"urn:schemas-microsoft-com:office:office" => Ns::O,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"http://schemas.openxmlformats.org/officeDocument/2006/math"
        | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
        _ => Ns::Other,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Root,
    Note,
    P,
    PPr,
    PStyle,
    Jc,
    NumPr,
    Ilvl,
    NumId,
    OutlineLvl,
    R,
    RPr,
    RStyle,
    B,
    I,
    Sz,
    Vanish,
    T,
    Tab,
    Br,
    Cr,
    NoBreakHyphen,
    Tbl,
    Tr,
    TrPr,
    GridBefore,
    RowDel,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    Hyperlink,
    FootnoteRef,
    EndnoteRef,
    FldChar,
    Drawing,
    Pict,
    Object,
    TxbxContent,
    DocPr,
    Blip,
    ImageData,
    Alt,
    Choice,
    Fallback,
    SdtPr,
    PlaceholderShown,
    Style,
    Name,
    BasedOn,
    DocDefaults,
    RPrDefault,
    PPrDefault,
    AbstractNum,
    Lvl,
    NumFmt,
    Start,
    Num,
    AbstractNumId,
    LvlOverride,
    StartOverride,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attr {
    Val,
    Id,
    RId,
    Embed,
    Link,
    Descr,
    Title,
    FldCharType,
    Type,
    StyleId,
    Default,
    AbstractNumId,
    NumId,
    Ilvl,
    Requires,
    Anchor,
}

pub(crate) fn attr_of(ns: Ns, local: &[u8]) -> Option<Attr> {
    Some(match (ns, local) {
        (Ns::R, b"id") => Attr::RId,
        (Ns::R, b"embed") => Attr::Embed,
        (Ns::R, b"link" | b"href") => Attr::Link,
        (Ns::W, b"id") => Attr::Id,
        (Ns::W, b"val") => Attr::Val,
        (Ns::W, b"fldCharType") => Attr::FldCharType,
        (Ns::W, b"type") => Attr::Type,
        (Ns::W, b"styleId") => Attr::StyleId,
        (Ns::W, b"default") => Attr::Default,
        (Ns::W, b"abstractNumId") => Attr::AbstractNumId,
        (Ns::W, b"numId") => Attr::NumId,
        (Ns::W, b"ilvl") => Attr::Ilvl,
        (Ns::W, b"anchor") => Attr::Anchor,
        (Ns::None, b"descr") => Attr::Descr,
        (Ns::None | Ns::O, b"title") => Attr::Title,
        (Ns::None, b"Requires") => Attr::Requires,
        _ => return None,
    })
}

pub(crate) enum Action {
    /// Keep the element and look at its children.
    Keep(Tag),
    /// Keep the element (for its attributes) but not its children.
    Leaf(Tag),
    /// Drop the element, keep its children (attached to the parent).
    Through,
    /// Drop the element and everything inside it.
    Skip,
}

/// Things dropped on purpose that the user should hear about once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Flag {
    Revisions,
    Comments,
    Math,
    Symbols,
}

pub(crate) fn flag_warnings(flags: &BTreeSet<Flag>) -> Vec<String> {
    flags
        .iter()
        .map(|f| match f {
            Flag::Revisions => "文档含有修订（tracked changes），已按“接受所有修订”导入，请核对",
            Flag::Comments => "文档中的批注（comments）未导入",
            Flag::Math => "文档中的公式（equations）无法导入，已略过",
            Flag::Symbols => "文档中用符号字体插入的特殊符号（w:sym）已略过",
        })
        .map(String::from)
        .collect()
}

/// Decides per element; `parent` is the nearest kept ancestor.
pub(crate) fn classify(ns: Ns, local: &[u8], parent: Tag) -> (Action, Option<Flag>) {
    use Action::*;
    let action = match ns {
        Ns::W => return classify_w(local, parent),
        Ns::Wp => match local {
            b"inline" | b"anchor" => Through,
            b"docPr" => Leaf(Tag::DocPr),
            _ => Skip,
        },
        Ns::A => match local {
            b"graphic" | b"graphicData" | b"blipFill" => Through,
            b"blip" => Leaf(Tag::Blip),
            _ => Skip,
        },
        Ns::Pic => match local {
            b"pic" | b"blipFill" => Through,
            _ => Skip,
        },
        Ns::Wps => match local {
            b"wsp" | b"txbx" | b"spPr" => Through,
            _ => Skip,
        },
        Ns::Wpg => match local {
            b"wgp" | b"grpSp" => Through,
            _ => Skip,
        },
        Ns::Wpc => match local {
            b"wpc" => Through,
            _ => Skip,
        },
        Ns::V => match local {
            b"shape" | b"group" | b"rect" | b"roundrect" | b"oval" | b"textbox" => Through,
            b"imagedata" => Leaf(Tag::ImageData),
            _ => Skip,
        },
        Ns::Mc => match local {
            b"AlternateContent" => Keep(Tag::Alt),
            b"Choice" => Keep(Tag::Choice),
            b"Fallback" => Keep(Tag::Fallback),
            _ => Skip,
        },
        Ns::M => return (Skip, Some(Flag::Math)),
        _ => Skip,
    };
    (action, None)
}

fn classify_w(local: &[u8], parent: Tag) -> (Action, Option<Flag>) {
    use Action::*;
    let revision = Some(Flag::Revisions);
    let action = match local {
        b"ins" | b"moveTo" if matches!(parent, Tag::TrPr | Tag::RPr) => return (Skip, revision),
        b"ins" | b"moveTo" => return (Through, revision),
        b"del" if parent == Tag::TrPr => return (Leaf(Tag::RowDel), revision),
        b"del" | b"moveFrom" | b"rPrChange" | b"pPrChange" | b"tblPrChange" | b"trPrChange"
        | b"tcPrChange" | b"sectPrChange" | b"cellIns" | b"cellDel" | b"cellMerge" => {
            return (Skip, revision)
        }
        b"commentReference" | b"commentRangeStart" => return (Skip, Some(Flag::Comments)),
        b"sym" => return (Skip, Some(Flag::Symbols)),
        b"document" | b"body" | b"footnotes" | b"endnotes" | b"styles" | b"numbering"
        | b"smartTag" | b"customXml" | b"sdt" | b"sdtContent" | b"fldSimple" | b"dir" | b"bdo"
        | b"ruby" | b"rubyBase" => Through,
        b"sdtPr" => Keep(Tag::SdtPr),
        b"footnote" | b"endnote" => Keep(Tag::Note),
        b"p" => Keep(Tag::P),
        b"pPr" => Keep(Tag::PPr),
        b"numPr" => Keep(Tag::NumPr),
        b"r" => Keep(Tag::R),
        b"rPr" => Keep(Tag::RPr),
        b"t" => Keep(Tag::T),
        b"tbl" => Keep(Tag::Tbl),
        b"tr" => Keep(Tag::Tr),
        b"trPr" => Keep(Tag::TrPr),
        b"tc" => Keep(Tag::Tc),
        b"tcPr" => Keep(Tag::TcPr),
        b"hyperlink" => Keep(Tag::Hyperlink),
        b"drawing" => Keep(Tag::Drawing),
        b"pict" => Keep(Tag::Pict),
        b"object" => Keep(Tag::Object),
        b"txbxContent" => Keep(Tag::TxbxContent),
        b"style" => Keep(Tag::Style),
        b"docDefaults" => Keep(Tag::DocDefaults),
        b"rPrDefault" => Keep(Tag::RPrDefault),
        b"pPrDefault" => Keep(Tag::PPrDefault),
        b"abstractNum" => Keep(Tag::AbstractNum),
        b"lvl" => Keep(Tag::Lvl),
        b"num" => Keep(Tag::Num),
        b"lvlOverride" => Keep(Tag::LvlOverride),
        other => match leaf_w(other) {
            Some(tag) => Leaf(tag),
            None => Skip,
        },
    };
    (action, None)
}

fn leaf_w(local: &[u8]) -> Option<Tag> {
    Some(match local {
        b"pStyle" => Tag::PStyle,
        b"jc" => Tag::Jc,
        b"ilvl" => Tag::Ilvl,
        b"numId" => Tag::NumId,
        b"outlineLvl" => Tag::OutlineLvl,
        b"rStyle" => Tag::RStyle,
        b"b" => Tag::B,
        b"i" => Tag::I,
        b"sz" => Tag::Sz,
        b"vanish" => Tag::Vanish,
        b"tab" => Tag::Tab,
        b"br" => Tag::Br,
        b"cr" => Tag::Cr,
        b"noBreakHyphen" => Tag::NoBreakHyphen,
        b"gridBefore" => Tag::GridBefore,
        b"gridSpan" => Tag::GridSpan,
        b"vMerge" => Tag::VMerge,
        b"footnoteReference" => Tag::FootnoteRef,
        b"endnoteReference" => Tag::EndnoteRef,
        b"fldChar" => Tag::FldChar,
        b"name" => Tag::Name,
        b"basedOn" => Tag::BasedOn,
        b"numFmt" => Tag::NumFmt,
        b"start" => Tag::Start,
        b"abstractNumId" => Tag::AbstractNumId,
        b"startOverride" => Tag::StartOverride,
        b"showingPlcHdr" => Tag::PlaceholderShown,
        _ => return None,
    })
}
