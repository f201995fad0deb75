//! Which PDFs of the previous output can be reused: a manifest in the output root
//! lists, for every PDF, the SHA-256 of the page it was printed from and of the
//! browser that printed it.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name in the output root.
pub const CACHE: &str = ".pv-bulletin-pdf-cache";

/// PDF path → key of what it was printed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cache {
    entries: BTreeMap<String, String>,
}

impl Cache {
    /// The manifest of a previous output; empty when there is none or it is unreadable.
    pub fn read(out_dir: &Path) -> Cache {
        let text = std::fs::read_to_string(out_dir.join(CACHE)).unwrap_or_default();
        let entries = text
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(key, pdf)| (pdf.to_string(), key.to_string()))
            .collect();
        Cache { entries }
    }

    /// The key of a page: its HTML bytes and the browser's version.
    pub fn key(html: &[u8], browser: &str) -> String {
        let mut h = Sha256::new();
        h.update(browser.as_bytes());
        h.update([0]);
        h.update(html);
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `pdf` was printed from a page with this key.
    pub fn matches(&self, pdf: &str, key: &str) -> bool {
        self.entries.get(pdf).is_some_and(|k| k == key)
    }

    pub fn insert(&mut self, pdf: &str, key: String) {
        self.entries.insert(pdf.to_string(), key);
    }

    /// The manifest text, one `KEY PATH` line per PDF, sorted by path.
    pub fn to_text(&self) -> String {
        self.entries
            .iter()
            .map(|(pdf, key)| format!("{key} {pdf}\n"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_keys() {
        let tmp = tempfile::tempdir().unwrap();
        let mut c = Cache::default();
        let k = Cache::key(b"<html>1</html>", "Chrome/156");
        c.insert("issues/1.pdf", k.clone());
        std::fs::write(tmp.path().join(CACHE), c.to_text()).unwrap();
        let back = Cache::read(tmp.path());
        assert_eq!(back, c);
        assert!(back.matches("issues/1.pdf", &k));
        assert!(!back.matches("issues/1.pdf", &Cache::key(b"<html>2</html>", "Chrome/156")));
        assert!(!back.matches("issues/1.pdf", &Cache::key(b"<html>1</html>", "Chrome/157")));
        assert!(!back.matches("issues/2.pdf", &k));
        assert_eq!(k.len(), 64);
        assert_eq!(Cache::read(&tmp.path().join("none")), Cache::default());
    }
}
