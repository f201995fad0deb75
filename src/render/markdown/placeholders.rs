//! Where charts and photos go in an article's sanitized HTML: placeholders made
//! of a private-use character (stripped from the article first) around a nonce
//! derived from the article's own text. An author cannot write one — not even
//! through an HTML entity (`&#xE000;`), which the sanitizer would decode — since
//! it would have to contain the SHA-256 of the text it is part of.

use sha2::{Digest, Sha256};

pub const MARK: char = '\u{E000}';

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nonce(String);

impl Nonce {
    pub fn of(body: &str) -> Nonce {
        let hash = Sha256::digest(body.as_bytes());
        Nonce(hash.iter().take(16).map(|b| format!("{b:02x}")).collect())
    }

    /// The placeholder of the `i`-th thing of `kind` (`chart`, `image`).
    pub fn mark(&self, kind: &str, i: usize) -> String {
        format!("{MARK}{}:{kind}:{i}{MARK}", self.0)
    }

    /// Whether `s` is an image placeholder of this nonce.
    pub fn is_mark(&self, s: &str) -> bool {
        s.strip_prefix(MARK)
            .and_then(|r| r.strip_prefix(self.0.as_str()))
            .is_some_and(|r| r.starts_with(":image:"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_differ_with_the_text_and_repeat_with_it() {
        assert_eq!(Nonce::of("正文"), Nonce::of("正文"));
        assert_ne!(Nonce::of("正文"), Nonce::of("正文。"));
        let n = Nonce::of("x");
        assert!(n.is_mark(&n.mark("image", 3)));
        assert!(!n.is_mark(&n.mark("chart", 3)));
        assert!(!Nonce::of("y").is_mark(&n.mark("image", 3)));
    }
}
