//! Where a site may be written: never over the data, the file-system root, or a
//! directory that pv-bulletin did not create; and never outside the output directory.

use super::MARKER;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Refuses output directories whose replacement would destroy something that is not
/// ours: a non-empty directory without our marker, or one holding the data.
pub fn check_target(out_dir: &Path, data_dir: &Path) -> Result<()> {
    let out_abs = absolute(out_dir)?;
    let data_abs = absolute(data_dir)?;
    if out_abs.parent().is_none() {
        bail!(
            "refusing to write the site to `{}`: choose a dedicated output directory",
            out_dir.display()
        );
    }
    if data_abs.starts_with(&out_abs) || out_abs.starts_with(&data_abs) {
        bail!(
            "refusing to write the site to `{}`: it overlaps the data directory `{}`",
            out_dir.display(),
            data_dir.display()
        );
    }
    if out_dir.exists() {
        if !out_dir.is_dir() {
            bail!("`{}` exists and is not a directory", out_dir.display());
        }
        let empty = fs::read_dir(out_dir)
            .with_context(|| format!("cannot read `{}`", out_dir.display()))?
            .next()
            .is_none();
        if !empty && !out_dir.join(MARKER).is_file() {
            bail!(
                "refusing to replace `{}`: it is not empty and was not created by pv-bulletin \
                 (no `{MARKER}` file). Choose another --out directory, or empty it first.",
                out_dir.display()
            );
        }
    }
    Ok(())
}

/// An absolute, symlink-free path where it exists (so `a/../b` and links compare right).
fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("invalid path `{}`", p.display()))?;
    // Canonicalize the longest existing ancestor, then re-append the rest.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    // dunce: the same form `std::path::absolute` gives on Windows (no `\\?\`).
    let mut out = dunce::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// Output paths are built from validated ids, but check anyway: nothing may escape.
pub fn safe_relative(path: &str) -> Result<&Path> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        bail!("internal error: output path `{path}` would leave the output directory");
    }
    Ok(p)
}
