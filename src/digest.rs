//! Digests that tell whether something changed between two builds: of bytes, of a
//! record's value, of a whole program. XXH3 (64 bits): fast enough to hash a
//! national data set's 720,000 quarterly entries in a blink, with a fixed
//! specification, so a digest written by one run means the same to the next.
//! These are not secure hashes; nothing here defends against a crafted collision
//! (the data's author could simply write different data).

use serde::Serialize;
use std::cell::RefCell;
use std::fmt::Write as _;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The digest of `bytes`.
pub fn bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The digest of a record's value, through its serde form (every field, in
/// declaration order). Used for the records there are many of (stations,
/// quarterly entries), where it is ten times faster than [`debug`].
pub fn value<T: Serialize + ?Sized>(value: &T) -> u64 {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        match postcard::to_io(value, &mut *buffer) {
            Ok(_) => xxh3_64(&buffer),
            // A value serde cannot write (none of the model's types): its
            // debug form still tells versions apart.
            Err(_) => u64::MAX ^ xxh3_64(&buffer),
        }
    })
}

/// The digest of a value's `Debug` form, which shows every field of any type:
/// for the few values without a serde form (articles, issues).
pub fn debug<T: std::fmt::Debug + ?Sized>(value: &T) -> u64 {
    let mut hasher = Hasher::default();
    let _ = write!(hasher, "{value:?}");
    hasher.finish()
}

/// Digests several parts in order: `Hasher::default().part(a).part(b).finish()`.
#[derive(Default)]
pub struct Hasher(Xxh3);

impl Hasher {
    /// Adds one part; parts are length-prefixed, so `("ab", "c")` and `("a", "bc")`
    /// differ.
    pub fn part(mut self, bytes: &[u8]) -> Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn number(mut self, n: u64) -> Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl std::fmt::Write for Hasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The digest of the running program's executable: a build made by another
/// version of pv-bulletin (or the same version compiled again from other
/// sources) may write other bytes, so nothing it left is reused. `None` when the
/// executable cannot be read.
pub fn program() -> Option<u64> {
    static PROGRAM: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        std::fs::read(exe).ok().map(|b| xxh3_64(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_tell_values_apart_and_stay_the_same() {
        assert_eq!(bytes(b"abc"), bytes(b"abc"));
        assert_ne!(bytes(b"abc"), bytes(b"abd"));
        // Fixed by XXH3's specification: the same in every run and build.
        assert_eq!(bytes(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(value(&(1u32, "a")), value(&(1u32, "a")));
        assert_ne!(value(&(1.0f64, "a")), value(&(1.5f64, "a")));
        assert_ne!(value(&Some(0u32)), value(&None::<u32>));
        assert_ne!(debug(&vec!["ab", "c"]), debug(&vec!["a", "bc"]));
        let two = |a: &str, b: &str| Hasher::default().part(a.as_bytes()).part(b.as_bytes());
        assert_ne!(two("ab", "c").finish(), two("a", "bc").finish());
        assert_ne!(
            Hasher::default().number(1).finish(),
            Hasher::default().number(2).finish()
        );
        assert!(program().is_some(), "the test binary can be read");
    }
}
