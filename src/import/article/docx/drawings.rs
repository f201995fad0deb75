//! Pictures and text boxes inside `w:drawing` (DrawingML), `w:pict` (VML) and
//! `w:object` (OLE previews). Pictures are registered once per package part, in
//! document order; linked (not embedded) pictures are refused, never fetched.

use super::body::{ParaCtx, Walker};
use super::model::{ImageRef, Inline};
use super::package::shown;
use super::tags::{Attr, Tag};
use super::xml::Element;
use super::{ErrorKind, ReadError};

impl Walker<'_> {
    /// A `w:drawing`, VML `w:pict` or `w:object`: its pictures (in order) and text boxes.
    pub(super) fn graphic(
        &mut self,
        g: &Element,
        ctx: &mut ParaCtx,
        out: &mut Vec<Inline>,
    ) -> Result<(), ReadError> {
        let mut found = Vec::new();
        g.collect(
            &[Tag::Blip, Tag::ImageData, Tag::DocPr],
            Tag::TxbxContent,
            &mut found,
        );
        let alt = found.iter().find(|e| e.tag == Tag::DocPr).and_then(|d| {
            useful_alt(d.attr(Attr::Descr)).or_else(|| useful_alt(d.attr(Attr::Title)))
        });
        let mut pictures = 0;
        for e in found.iter().filter(|e| e.tag != Tag::DocPr) {
            let alt = alt.clone().or_else(|| useful_alt(e.attr(Attr::Title)));
            let rid = if e.tag == Tag::Blip {
                e.attr(Attr::Embed)
            } else {
                e.attr(Attr::RId)
            };
            match (rid, e.attr(Attr::Link)) {
                (Some(rid), _) => {
                    if let Some(i) = self.image_ref(rid, alt, g.tag == Tag::Object)? {
                        out.push(Inline::Image(i));
                        pictures += 1;
                    }
                }
                (None, Some(link)) => return Err(self.linked_image(link)),
                (None, None) => {}
            }
        }
        let mut boxes = Vec::new();
        g.collect(&[Tag::TxbxContent], Tag::TxbxContent, &mut boxes);
        for b in &boxes {
            self.walk_blocks(b, &mut ctx.extra)?;
        }
        if pictures == 0 && boxes.is_empty() {
            self.warn("文档中的图形（形状、图表或 SmartArt）无法导入，已略过；如需保留，请在 Word 中另存为 PNG/JPEG 图片后插入");
        }
        Ok(())
    }

    fn linked_image(&self, rid: &str) -> ReadError {
        let target = self.rels.get(rid).map_or(rid, |r| r.target.as_str());
        ReadError::new(
            ErrorKind::ExternalImage,
            format!(
                "图片 “{}” 是链接到外部文件的图片（linked image），没有嵌入文档，不会去读取它；请在 Word 中用“插入 → 图片”插入（不要选“链接到文件”）",
                target.chars().filter(|c| !c.is_control()).take(120).collect::<String>()
            ),
        )
    }

    /// Registers the picture behind relationship `rid`; the same part twice is one image.
    fn image_ref(
        &mut self,
        rid: &str,
        alt: Option<String>,
        from_object: bool,
    ) -> Result<Option<usize>, ReadError> {
        let Some(rel) = self.rels.get(rid) else {
            self.warn(format!("图片引用 {} 在文件中找不到，已略过", shown(rid)));
            return Ok(None);
        };
        if rel.external {
            return Err(self.linked_image(rid));
        }
        if let Some(&i) = self.image_index.get(&rel.target) {
            return Ok(Some(i));
        }
        if self.images.len() >= self.limits.max_images {
            return Err(ReadError::new(
                ErrorKind::TooLarge,
                format!(
                    "文档中的图片超过 {} 张（too many images），请删减后再导入",
                    self.limits.max_images
                ),
            ));
        }
        self.image_index
            .insert(rel.target.clone(), self.images.len());
        self.images.push(ImageRef {
            part: rel.target.clone(),
            alt,
            from_object,
        });
        Ok(Some(self.images.len() - 1))
    }
}

/// Alt text worth keeping: Word's machine-written descriptions are not captions.
fn useful_alt(s: Option<&str>) -> Option<String> {
    let s = s?.split_whitespace().collect::<Vec<_>>().join(" ");
    let machine = s.contains("自动生成") || s.to_lowercase().contains("automatically generated");
    (!s.is_empty() && !machine).then_some(s)
}
