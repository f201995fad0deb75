//! Id rules and lookup tables: every id is unique, URL-safe, and references resolve.

use super::Report;
use crate::diagnostics::suggest;
use crate::diagnostics::Code;
use crate::model::Origin;
use rustc_hash::FxHashMap;
use std::cell::OnceCell;

/// Ids become file names in the output, so they are restricted to `[a-z0-9-]+`.
/// That also keeps them from ever escaping the output directory (`..`, `/`).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Ids seen so far of one kind (counties, stations), with where each was defined.
pub struct Registry<'a, T> {
    what: &'static str,
    /// False when a file that may define more ids could not be read: unknown
    /// references are then not reported (the id may be in that file).
    complete: bool,
    /// Looked up once per quarterly entry (1.3 million at 100,000 stations): hashed.
    entries: FxHashMap<&'a str, (&'a Origin, T)>,
    /// The ids in order, for hints: made on the first unknown id.
    sorted: OnceCell<Vec<&'a str>>,
}

impl<'a, T> Registry<'a, T> {
    pub fn new(what: &'static str, complete: bool) -> Self {
        Registry {
            what,
            complete,
            entries: FxHashMap::default(),
            sorted: OnceCell::new(),
        }
    }

    /// Adds an id, reporting a malformed or duplicate one. Returns whether it was added.
    pub fn define(&mut self, id: &'a str, origin: &'a Origin, value: T, out: &mut Report) -> bool {
        let at = || origin.field("id");
        if !is_valid_id(id) {
            out.error(
                Code::InvalidId,
                &at(),
                format!(
                    "invalid {} id `{id}`: use lowercase ASCII letters, digits and `-` only \
                     (it becomes part of a file name)",
                    self.what
                ),
            );
            return false;
        }
        if let Some((first, _)) = self.entries.get(id) {
            let first = format!("{}: {}", first.file, first.path);
            out.error(
                Code::Duplicate,
                &at(),
                format!(
                    "duplicate {} id `{id}`, first defined at {first}",
                    self.what
                ),
            );
            return false;
        }
        self.entries.insert(id, (origin, value));
        self.sorted.take();
        true
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.entries.get(id).map(|(_, v)| v)
    }

    /// Looks an id up, reporting an unknown one with the nearest known id.
    pub fn resolve(&self, id: &str, at: impl FnOnce() -> Origin, out: &mut Report) -> Option<&T> {
        let found = self.get(id);
        if found.is_none() && self.complete {
            let sorted = self.sorted.get_or_init(|| {
                let mut ids: Vec<&str> = self.entries.keys().copied().collect();
                ids.sort_unstable();
                ids
            });
            let hint = suggest(id, sorted.iter().copied());
            out.error(
                Code::UnknownReference,
                &at(),
                format!("unknown {} `{id}`", self.what),
            )
            .hint = hint;
        }
        found
    }
}
