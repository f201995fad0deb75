//! A filtered element tree over quick-xml. Only the elements [`tags::classify`]
//! keeps are built, so a 64 MB document.xml becomes a small tree; depth and node
//! count are bounded, a DOCTYPE is refused outright (no entity expansion, ever),
//! and `mc:AlternateContent` is resolved here, once, to one of its branches.

use super::tags::{self, Action, Attr, Flag, Ns, Tag};
use super::{ErrorKind, Limits, ReadError};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use std::collections::BTreeSet;

#[derive(Clone, Copy)]
pub(crate) struct XmlLimits {
    pub depth: usize,
    pub nodes: usize,
}

impl From<&Limits> for XmlLimits {
    fn from(l: &Limits) -> Self {
        XmlLimits {
            depth: l.max_xml_depth,
            nodes: l.max_xml_nodes,
        }
    }
}

#[derive(Debug)]
pub(crate) enum Node {
    El(Element),
    Text(String),
}

#[derive(Debug)]
pub(crate) struct Element {
    pub tag: Tag,
    pub attrs: Vec<(Attr, Box<str>)>,
    pub kids: Vec<Node>,
}

impl Element {
    fn new(tag: Tag) -> Self {
        Element {
            tag,
            attrs: Vec::new(),
            kids: Vec::new(),
        }
    }

    pub fn attr(&self, a: Attr) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == a).map(|(_, v)| &**v)
    }

    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.kids.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, tag: Tag) -> Option<&Element> {
        self.children().find(|e| e.tag == tag)
    }

    /// `w:val` of the child `tag`.
    pub fn val(&self, tag: Tag) -> Option<&str> {
        self.child(tag).and_then(|e| e.attr(Attr::Val))
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.kids {
            if let Node::Text(t) = n {
                s.push_str(t);
            }
        }
        s
    }

    /// Descendants matching `want`, in document order, not looking inside `stop`
    /// elements (text boxes are walked on their own). Depth is bounded by parsing.
    pub fn collect<'a>(&'a self, want: &[Tag], stop: Tag, out: &mut Vec<&'a Element>) {
        for e in self.children() {
            if want.contains(&e.tag) {
                out.push(e);
            }
            if e.tag != stop {
                e.collect(want, stop, out);
            }
        }
    }
}

pub(crate) struct Parsed {
    pub root: Element,
    pub flags: BTreeSet<Flag>,
}

fn malformed(part: &str, what: impl std::fmt::Display) -> ReadError {
    ReadError::new(
        ErrorKind::Malformed,
        format!("文件已损坏：{part} 不是有效的 XML（{what}）"),
    )
}

/// Parses one part. Iterative (an explicit stack), so nesting cannot overflow ours.
pub(crate) fn parse(bytes: &[u8], part: &str, lim: XmlLimits) -> Result<Parsed, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(malformed(part, "UTF-16 编码的 XML 不受支持"));
    }
    let mut reader = NsReader::from_reader(bytes);
    let mut b = Builder::new(part, lim);
    loop {
        let (res, event) = reader
            .read_resolved_event()
            .map_err(|e| malformed(part, e))?;
        let ns = match res {
            ResolveResult::Bound(n) => tags::ns_of(n.as_ref().as_bytes()),
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(_) => Ns::Other,
        };
        match event {
            Event::Start(_) if b.skip > 0 => b.enter_skipped()?,
            Event::Empty(_) if b.skip > 0 => {}
            Event::Start(e) => {
                let attrs = read_attrs(&reader, &e, part)?;
                b.start(ns, e.local_name().as_ref().as_bytes(), attrs, true)?;
            }
            Event::Empty(e) => {
                let attrs = read_attrs(&reader, &e, part)?;
                b.start(ns, e.local_name().as_ref().as_bytes(), attrs, false)?;
            }
            Event::End(_) => b.end(),
            Event::Text(t) if b.wants_text() => {
                b.text(&t.xml10_content())?;
            }
            Event::CData(t) if b.wants_text() => {
                b.text(&t.into_inner())?;
            }
            Event::GeneralRef(r) if b.wants_text() => {
                let ch = match r.resolve_char_ref().map_err(|e| malformed(part, e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.into_inner();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| malformed(part, format!("未定义的实体 &{name};")))?
                            .to_string()
                    }
                };
                b.text(&ch)?;
            }
            Event::DocType(_) => {
                return Err(malformed(part, "含有 DOCTYPE 声明，出于安全考虑拒绝读取"))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    b.finish()
}

type Attrs = Vec<(Attr, Box<str>)>;

fn read_attrs(
    reader: &NsReader<&[u8]>,
    e: &quick_xml::events::BytesStart<'_>,
    part: &str,
) -> Result<Attrs, ReadError> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| malformed(part, err))?;
        let (res, local) = reader.resolver().resolve_attribute(a.key);
        let ns = match res {
            ResolveResult::Bound(n) => tags::ns_of(n.as_ref().as_bytes()),
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(_) => Ns::Other,
        };
        if let Some(kind) = tags::attr_of(ns, local.as_ref().as_bytes()) {
            let v = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| malformed(part, err))?;
            out.push((kind, v.into()));
        }
    }
    Ok(out)
}

/// The stack machine behind [`parse`]: `frames` says per open element whether it
/// was kept (and so sits on `open`), `skip` counts open elements inside a skipped one.
struct Builder<'p> {
    part: &'p str,
    lim: XmlLimits,
    open: Vec<Element>,
    frames: Vec<bool>,
    skip: usize,
    depth: usize,
    nodes: usize,
    flags: BTreeSet<Flag>,
    /// The last `w:sdtPr` said its control only shows placeholder text
    /// ("单击或点击此处输入文字。"): Word's prompt, not the author's words.
    placeholder: bool,
}

impl<'p> Builder<'p> {
    fn new(part: &'p str, lim: XmlLimits) -> Self {
        Builder {
            part,
            lim,
            open: vec![Element::new(Tag::Root)],
            frames: Vec::new(),
            skip: 0,
            depth: 0,
            nodes: 0,
            flags: BTreeSet::new(),
            placeholder: false,
        }
    }

    fn deeper(&mut self) -> Result<(), ReadError> {
        self.depth += 1;
        if self.depth > self.lim.depth {
            return Err(ReadError::new(
                ErrorKind::Malformed,
                format!(
                    "{} 的 XML 嵌套超过 {} 层（nesting too deep），拒绝读取",
                    self.part, self.lim.depth
                ),
            ));
        }
        Ok(())
    }

    fn count(&mut self) -> Result<(), ReadError> {
        self.nodes += 1;
        if self.nodes > self.lim.nodes {
            return Err(ReadError::new(
                ErrorKind::TooLarge,
                format!(
                    "{} 过于庞大：超过 {} 个 XML 元素（too many elements）",
                    self.part, self.lim.nodes
                ),
            ));
        }
        Ok(())
    }

    fn enter_skipped(&mut self) -> Result<(), ReadError> {
        self.deeper()?;
        self.skip += 1;
        Ok(())
    }

    fn wants_text(&self) -> bool {
        self.skip == 0 && self.open.last().is_some_and(|e| e.tag == Tag::T)
    }

    fn start(
        &mut self,
        ns: Ns,
        local: &[u8],
        attrs: Attrs,
        has_end: bool,
    ) -> Result<(), ReadError> {
        let parent = self.open.last().map_or(Tag::Root, |e| e.tag);
        let (mut action, flag) = tags::classify(ns, local, parent);
        if ns == Ns::W && local == b"sdtContent" && std::mem::take(&mut self.placeholder) {
            action = Action::Skip;
        }
        if let Some(f) = flag {
            self.flags.insert(f);
        }
        if has_end {
            self.deeper()?;
        }
        match action {
            Action::Keep(tag) | Action::Leaf(tag) => {
                self.count()?;
                let mut el = Element::new(tag);
                el.attrs = attrs;
                if has_end && matches!(action, Action::Keep(_)) {
                    self.open.push(el);
                    self.frames.push(true);
                } else {
                    self.attach(el);
                    if has_end {
                        self.skip = 1;
                    }
                }
            }
            Action::Through if has_end => self.frames.push(false),
            Action::Skip if has_end => self.skip = 1,
            Action::Through | Action::Skip => {}
        }
        Ok(())
    }

    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        if self.frames.pop() == Some(true) && self.open.len() > 1 {
            let el = self.open.pop().expect("a kept element is open");
            match el.tag {
                Tag::Alt => {
                    let chosen = choose_alternative(el);
                    let parent = self.open.last_mut().expect("root stays open");
                    parent.kids.extend(chosen);
                }
                // Read now, used by the `w:sdtContent` that follows.
                Tag::SdtPr => self.placeholder = el.child(Tag::PlaceholderShown).is_some(),
                _ => self.attach(el),
            }
        }
    }

    fn attach(&mut self, el: Element) {
        let parent = self.open.last_mut().expect("root stays open");
        parent.kids.push(Node::El(el));
    }

    fn text(&mut self, s: &str) -> Result<(), ReadError> {
        let parent = self.open.last_mut().expect("root stays open");
        if let Some(Node::Text(t)) = parent.kids.last_mut() {
            t.push_str(s);
            return Ok(());
        }
        parent.kids.push(Node::Text(s.to_string()));
        self.count()
    }

    fn finish(mut self) -> Result<Parsed, ReadError> {
        if !self.frames.is_empty() || self.skip > 0 || self.open.len() != 1 {
            return Err(malformed(self.part, "文件不完整（unexpected end）"));
        }
        Ok(Parsed {
            root: self.open.pop().expect("root"),
            flags: self.flags,
        })
    }
}

/// Prefixes whose `mc:Choice` content we can read: Word 2010+ shapes, groups,
/// canvases and their extensions. Anything else (ink, new chart kinds) → Fallback.
const UNDERSTOOD: &[&str] = &[
    "wps", "wpg", "wpc", "wpi", "wp14", "w14", "w15", "w16se", "a14", "v", "o", "w10", "pic",
];

/// Takes the first `mc:Choice` we understand, else `mc:Fallback`: never both,
/// so a text box or picture is not read twice.
fn choose_alternative(alt: Element) -> Vec<Node> {
    let mut fallback = Vec::new();
    for kid in alt.kids {
        if let Node::El(e) = kid {
            match e.tag {
                Tag::Choice => {
                    let ok = e
                        .attr(Attr::Requires)
                        .is_some_and(|r| r.split_whitespace().all(|p| UNDERSTOOD.contains(&p)));
                    if ok {
                        return e.kids;
                    }
                }
                Tag::Fallback => fallback = e.kids,
                _ => {}
            }
        }
    }
    fallback
}
