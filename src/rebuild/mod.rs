//! Rebuilding only what changed. For `serve`, a [`Session`] keeps the data as
//! last read and what the output holds, reads again only the files that changed,
//! and renders only the pages the edit can change ([`changes`] decides which,
//! from the [`fingerprint`]s of the data before and after); the downloads and
//! search indexes follow ([`Session::catch_up`]). For `build`, the [`cache`]
//! beside the output keeps that fingerprint and the output's file stamps between
//! runs, so a build into an existing site renders only what changed too
//! ([`build`]). Either way the output is byte for byte what a full build writes.

pub mod cache;
mod catch_up;
mod changes;
pub mod fingerprint;
mod open;
mod session;
mod stage;
#[cfg(test)]
mod tests;

pub use changes::Pending;
pub use open::build;
pub use session::{Hints, Session};
