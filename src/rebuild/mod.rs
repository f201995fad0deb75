//! Rebuilding after an edit, for `serve`: a [`Session`] keeps the data as last read
//! and the site built from it, reads again only the files that changed, and
//! renders only the pages the edit can change ([`changes`] decides which); the
//! downloads and search indexes follow ([`Session::catch_up`]). After both, the
//! output is byte for byte what a full build writes.

mod catch_up;
mod changes;
mod session;
#[cfg(test)]
mod tests;

pub use changes::Pending;
pub use session::{Hints, Session};
