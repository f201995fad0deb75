//! Turning a data file's bytes into text: UTF-8 only, with a clear message for the
//! GBK/GB18030 files that Chinese Windows tools (Excel, Notepad) often save.
//!
//! Decision: GBK is detected and rejected, not decoded. Guessing an encoding can
//! silently garble names; the message says how to convert the file once.

/// Files larger than this are refused before parsing, so memory stays bounded.
/// 30 000 stations take about 13 MB of YAML; split larger lists across files.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file's bytes are not usable text.
#[derive(Debug, PartialEq, Eq)]
pub enum TextError {
    LooksLikeGbk,
    NotUtf8 { offset: usize },
}

impl TextError {
    pub fn message(&self) -> String {
        match self {
            TextError::LooksLikeGbk => {
                "the file is not UTF-8; it looks like GBK/GB18030 (as saved by Excel \
                or Notepad on Chinese Windows). Save it as \"UTF-8\", or convert it: \
                `iconv -f GB18030 -t UTF-8 old.yaml > new.yaml`"
                    .into()
            }
            TextError::NotUtf8 { offset } => {
                format!("the file is not UTF-8 (invalid byte at offset {offset}); save it as UTF-8")
            }
        }
    }
}

/// Decodes UTF-8, dropping a byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, TextError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            if gb18030_text(e.as_bytes()).is_some() {
                Err(TextError::LooksLikeGbk)
            } else {
                Err(TextError::NotUtf8 { offset })
            }
        }
    }
}

/// The text of `bytes` read as GB18030 (the superset of GBK that Chinese Windows
/// tools write), when they decode without a single error and hold Chinese text
/// (some non-ASCII): the one test of "this is GBK", shared by the data loader
/// (which refuses such files) and the CSV import (which decodes them).
pub fn gb18030_text(bytes: &[u8]) -> Option<String> {
    if bytes.is_ascii() {
        return None;
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_and_strips_bom() {
        assert_eq!(decode("\u{feff}a: 1".as_bytes().to_vec()).unwrap(), "a: 1");
        assert_eq!(decode("名称".as_bytes().to_vec()).unwrap(), "名称");
    }

    #[test]
    fn recognises_gbk() {
        // "光伏" in GBK.
        let gbk = vec![b'a', b':', b' ', 0xB9, 0xE2, 0xB7, 0xFC];
        assert_eq!(decode(gbk), Err(TextError::LooksLikeGbk));
        assert!(matches!(
            decode(vec![b'a', 0xFF]),
            Err(TextError::NotUtf8 { offset: 1 })
        ));
    }
}
