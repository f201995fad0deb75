//! The zip/OPC layer: recognising what the file really is, reading parts through
//! bounded readers (declared sizes are never trusted), and relationships whose
//! targets are resolved inside the package or refused.

use super::{ErrorKind, Limits, ReadError};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::ZipArchive;

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → index in the zip (OPC part names ignore case).
    names: HashMap<String, usize>,
    /// Bytes we may still inflate from the whole package, and the whole allowance.
    budget: u64,
    total: u64,
}

fn err(kind: ErrorKind, msg: impl Into<String>) -> ReadError {
    ReadError::new(kind, msg)
}

/// A name from the package, safe to show: last path segment, no control characters.
pub(crate) fn shown(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.chars().filter(|c| !c.is_control()).take(80).collect()
}

impl<'a> Package<'a> {
    pub fn open(
        bytes: &'a [u8],
        file_name: &str,
        limits: &Limits,
        warnings: &mut Vec<String>,
    ) -> Result<Self, ReadError> {
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(err(
                ErrorKind::TooLarge,
                format!(
                    "文件超过 {} MB（file too large）",
                    limits.max_file_bytes / 1024 / 1024
                ),
            ));
        }
        refuse_non_zip(bytes, file_name)?;
        check_entry_count(bytes, limits.max_zip_entries)?;
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            err(
                ErrorKind::NotDocx,
                format!(
                    "文件已损坏或不是 .docx（corrupt zip: {e}），请在 Word/WPS 中重新另存为 .docx"
                ),
            )
        })?;
        if zip.len() > limits.max_zip_entries {
            return Err(too_many_entries(limits.max_zip_entries));
        }
        let names = zip
            .file_names_raw()
            .enumerate()
            .map(|(i, raw)| {
                let n = String::from_utf8_lossy(raw);
                (n.trim_start_matches('/').to_lowercase(), i)
            })
            .collect();
        let mut pkg = Package {
            zip,
            names,
            budget: limits.max_package,
            total: limits.max_package,
        };
        pkg.refuse_odt()?;
        let lower = file_name.to_lowercase();
        if lower.ends_with(".docm") || pkg.has("word/vbaproject.bin") {
            warnings.push("文档含有宏（macro，.docm），宏已忽略，只导入文字和图片".into());
        }
        Ok(pkg)
    }

    fn has(&self, lower: &str) -> bool {
        self.names.contains_key(lower)
    }

    fn refuse_odt(&mut self) -> Result<(), ReadError> {
        if self.has("content.xml") && !self.has("word/document.xml") {
            return Err(err(
                ErrorKind::NotDocx,
                "这是 ODT（OpenDocument）文件，请在 WPS/LibreOffice/Word 中另存为 .docx 后再导入",
            ));
        }
        Ok(())
    }

    /// Inflates one part through `take(limit + 1)`: a bomb stops at the bound,
    /// whatever its headers claim. `Ok(None)` when the part is absent.
    pub fn read_part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(&index) = self.names.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let cap = limit.min(self.budget);
        let corrupt = |e: &dyn std::fmt::Display| {
            err(
                ErrorKind::Malformed,
                format!("文件已损坏：无法读取 {}（{e}）", shown(name)),
            )
        };
        // by_index inflates; (by_name_raw would hand out the compressed bytes).
        let file = self.zip.by_index(index).map_err(|e| corrupt(&e))?;
        let mut data = Vec::new();
        file.take(cap + 1)
            .read_to_end(&mut data)
            .map_err(|e| corrupt(&e))?;
        if data.len() as u64 > cap {
            return Err(if cap < limit {
                err(
                    ErrorKind::TooLarge,
                    format!(
                        "文件解压后超过 {} MB（zip bomb?），拒绝读取",
                        self.total / 1024 / 1024
                    ),
                )
            } else {
                err(
                    ErrorKind::TooLarge,
                    format!(
                        "{} 解压后超过 {} MB（part too large, zip bomb?），拒绝读取",
                        shown(name),
                        limit / 1024 / 1024
                    ),
                )
            });
        }
        self.budget -= data.len() as u64;
        Ok(Some(data))
    }

    /// Bytes the package may still inflate.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// The main document part, from `_rels/.rels`, else the usual name.
    pub fn document_part(&mut self) -> Result<String, ReadError> {
        let rels = self.rels_at("_rels/.rels", "")?;
        if let Some(p) = rels.part_of(RelKind::OfficeDocument) {
            if self.has(&p.to_lowercase()) {
                return Ok(p);
            }
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".into());
        }
        Err(err(
            ErrorKind::NotDocx,
            "不是 Word 文档（找不到 word/document.xml），请在 Word/WPS 中另存为 .docx",
        ))
    }

    /// Relationships of `part`, from `<dir>/_rels/<file>.rels`.
    pub fn rels(&mut self, part: &str) -> Result<Rels, ReadError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        self.rels_at(&rels_name, dir)
    }

    fn rels_at(&mut self, rels_name: &str, base_dir: &str) -> Result<Rels, ReadError> {
        let Some(bytes) = self.read_part(rels_name, 16 * 1024 * 1024)? else {
            return Ok(Rels::default());
        };
        parse_rels(&bytes, rels_name, base_dir)
    }
}

fn too_many_entries(max: usize) -> ReadError {
    err(
        ErrorKind::TooLarge,
        format!("文件包含超过 {max} 个部件（too many zip entries），拒绝读取"),
    )
}

/// Old Word, WPS, RTF and web pages get a hint instead of a zip error.
fn refuse_non_zip(bytes: &[u8], file_name: &str) -> Result<(), ReadError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(());
    }
    let lower = file_name.to_lowercase();
    let msg = if bytes.starts_with(OLE_MAGIC) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(err(
                ErrorKind::Encrypted,
                "文件有密码保护（encrypted），请在 Word 中取消密码（文件 → 信息 → 保护文档）后另存为 .docx 再导入",
            ));
        }
        "这是旧版 Word 97-2003（.doc）或 WPS（.wps）文件，请在 Word/WPS 中另存为 .docx 后再导入"
    } else if bytes.starts_with(b"{\\rtf") {
        "这是 RTF 文件，请在 Word/WPS 中另存为 .docx 后再导入"
    } else if lower.ends_with(".doc") || lower.ends_with(".wps") {
        "不是 .docx 文件，请在 Word/WPS 中另存为 .docx 后再导入"
    } else {
        "不是 .docx 文件（not a zip package），请在 Word/WPS 中另存为 .docx 后再导入"
    };
    Err(err(ErrorKind::NotDocx, msg))
}

/// OLE directory entries store stream names in UTF-16LE; a byte search is enough
/// to tell an encrypted package from a .doc (both are refused anyway).
fn contains_utf16(hay: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    hay.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// Reads the entry count from the end-of-central-directory record before the zip
/// crate builds its index, so a million-entry file is refused before it allocates.
fn check_entry_count(bytes: &[u8], max: usize) -> Result<(), ReadError> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    let Some(pos) = tail.windows(4).rposition(|w| w == b"PK\x05\x06") else {
        return Ok(()); // the zip crate reports the damage
    };
    let Some(rec) = tail.get(pos..pos + 22) else {
        return Ok(());
    };
    let entries = u16::from_le_bytes([rec[10], rec[11]]) as usize;
    if entries != 0xFFFF && entries > max {
        return Err(too_many_entries(max));
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RelKind {
    OfficeDocument,
    Styles,
    Numbering,
    Footnotes,
    Endnotes,
    Image,
    Hyperlink,
    Other,
}

#[derive(Clone, Debug)]
pub(crate) struct Rel {
    pub kind: RelKind,
    /// A part name inside the package, or the raw URL when `external`.
    pub target: String,
    pub external: bool,
}

#[derive(Default, Debug)]
pub(crate) struct Rels {
    by_id: HashMap<String, Rel>,
}

impl Rels {
    pub fn get(&self, id: &str) -> Option<&Rel> {
        self.by_id.get(id)
    }

    pub fn part_of(&self, kind: RelKind) -> Option<String> {
        let mut found: Vec<&Rel> = self
            .by_id
            .values()
            .filter(|r| r.kind == kind && !r.external)
            .collect();
        found.sort_by(|a, b| a.target.cmp(&b.target));
        found.first().map(|r| r.target.clone())
    }
}

fn rel_kind(ty: &str) -> RelKind {
    match ty.rsplit('/').next().unwrap_or("") {
        "officeDocument" => RelKind::OfficeDocument,
        "styles" => RelKind::Styles,
        "numbering" => RelKind::Numbering,
        "footnotes" => RelKind::Footnotes,
        "endnotes" => RelKind::Endnotes,
        "image" => RelKind::Image,
        "hyperlink" => RelKind::Hyperlink,
        _ => RelKind::Other,
    }
}

fn parse_rels(bytes: &[u8], name: &str, base_dir: &str) -> Result<Rels, ReadError> {
    let bad = |e: &dyn std::fmt::Display| {
        err(
            ErrorKind::Malformed,
            format!("文件已损坏：{name} 不是有效的 XML（{e}）"),
        )
    };
    let mut reader = Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let mut rels = Rels::default();
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let mut get = HashMap::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(&e))?;
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(&e))?;
                    get.insert(
                        a.key.local_name().as_ref().as_bytes().to_vec(),
                        v.into_owned(),
                    );
                }
                let field = |k: &[u8]| get.get(k).cloned().unwrap_or_default();
                let external = field(b"TargetMode").eq_ignore_ascii_case("External");
                let raw = field(b"Target");
                let target = if external {
                    raw
                } else {
                    resolve_target(base_dir, &raw)?
                };
                let rel = Rel {
                    kind: rel_kind(&field(b"Type")),
                    target,
                    external,
                };
                rels.by_id.insert(field(b"Id"), rel);
            }
            Event::DocType(_) => return Err(bad(&"DOCTYPE")),
            Event::Eof => return Ok(rels),
            _ => {}
        }
    }
}

/// Resolves an internal target against the source part's folder. Refused: `..`
/// above the package root, backslashes, drive letters or schemes (`C:`, `file:`),
/// network paths (`//host`). A leading `/` is OPC's package root, not the disk.
pub(crate) fn resolve_target(base_dir: &str, target: &str) -> Result<String, ReadError> {
    let unsafe_target = || {
        err(
            ErrorKind::UnsafeTarget,
            format!(
                "文件已损坏或不安全：关系目标 “{}” 指向文档包之外（relationship target outside the package）",
                target.chars().filter(|c| !c.is_control()).take(120).collect::<String>()
            ),
        )
    };
    if target.is_empty()
        || target.contains(['\\', ':', '\0'])
        || target.starts_with("//")
        || target.chars().any(char::is_control)
    {
        return Err(unsafe_target());
    }
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let path = if let Some(abs) = target.strip_prefix('/') {
        abs
    } else {
        joined = format!("{base_dir}/{target}");
        &joined
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(unsafe_target)?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Err(unsafe_target());
    }
    Ok(parts.join("/"))
}
