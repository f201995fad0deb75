//! A site built once and kept in memory, so that an edit is rebuilt from what it
//! changed: `serve` reads again only the changed files, computes the figures again
//! only when the station data changed, renders the pages the edit can change
//! (`changes::plan`) and writes the ones whose bytes differ. The downloads and the
//! search indexes follow in a second step ([`Session::catch_up`]), so the edited
//! page is served first. After both, the output is byte for byte what a full build
//! of the same data writes (`tests/serve.rs` checks it).

use super::changes::{self, Pending, Plan};
use crate::load::{DataFiles, Loaded};
use crate::model::Dataset;
use crate::pipeline::output::Output;
use crate::pipeline::{self, finish, full, Built, Computed, Options, Report};
use crate::progress::Progress;
use crate::render::Selection;
use crate::validate::StationChecks;
use crate::write::{Disk, Staging, MARKER};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The data after an edit, checked, with its figures when they were computed
/// again (else they are those of the site built before).
struct Next {
    data: Dataset,
    computed: Option<Computed>,
    checks: StationChecks,
}

/// The data, as last read, and the site built from it.
pub struct Session {
    pub(super) options: Options,
    pub(super) out: PathBuf,
    files: DataFiles,
    templates: Vec<(PathBuf, Option<SystemTime>, u64)>,
    pub(super) built: Option<Built>,
    pub(super) pending: Pending,
}

/// Files a watcher reported since the last rebuild.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// Paths relative to the data directory (`/`-separated).
    pub data: BTreeSet<String>,
}

impl Session {
    /// Reads the data and builds the whole site into `out`; the report says what
    /// was found (a failed build writes nothing and keeps no site).
    pub fn open(options: &Options, out: &Path, progress: &Progress) -> Result<(Report, Session)> {
        let templates = templates_stamp(options.templates_dir.as_deref());
        let (report, files, built) = pipeline::build_kept(options, out, progress)?;
        let session = Session {
            options: options.clone(),
            out: out.to_path_buf(),
            files,
            templates,
            built,
            pending: Pending::default(),
        };
        Ok((report, session))
    }

    /// Builds the whole site from `loaded` (see [`full::build_all`]) and keeps it.
    fn build_all(
        &mut self,
        report: &mut Report,
        loaded: Loaded,
        checked: Option<(StationChecks, Option<Computed>)>,
        progress: &Progress,
    ) -> Result<()> {
        self.pending = Pending::default();
        self.built = full::build_all(&self.options, &self.out, report, loaded, checked, progress)?;
        Ok(())
    }

    /// Whether the downloads or search indexes still wait for [`Session::catch_up`].
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Rebuilds after an edit: `None` when no file changed. On an error in the data
    /// the output and the kept site stay as they were.
    pub fn rebuild(&mut self, hints: &Hints, progress: &Progress) -> Result<Option<Report>> {
        let mut report = Report::default();
        let changed = report.time(progress, "read changes", || self.files.refresh(&hints.data))?;
        let templates = templates_stamp(self.options.templates_dir.as_deref());
        let templates_changed = changed_templates(
            &self.templates,
            &templates,
            self.options.templates_dir.as_deref(),
        );
        self.templates = templates;
        if changed.is_empty() && templates_changed.is_empty() {
            return Ok(None);
        }
        let bulletins_only = changed.iter().all(|f| f.starts_with("bulletins/"));
        let reuse = self
            .built
            .as_ref()
            .filter(|_| bulletins_only)
            .map(|b| b.data.station_data.clone());
        let loaded = report.time(progress, "load", || self.files.assemble(reuse.clone()));
        let Some(built) = self.built.take() else {
            // No site yet (the last builds failed): build it all.
            self.build_all(&mut report, loaded, None, progress)?;
            return Ok(Some(report));
        };
        let result = self.update(
            &mut report,
            built,
            loaded,
            reuse.is_some(),
            templates_changed,
            progress,
        );
        result.map(|()| Some(report))
    }

    /// The rebuild of [`Session::rebuild`] from the site `built`, which it puts back
    /// (as it was, or updated).
    fn update(
        &mut self,
        report: &mut Report,
        built: Built,
        loaded: Loaded,
        bulletins_only: bool,
        templates_changed: BTreeSet<String>,
        progress: &Progress,
    ) -> Result<()> {
        report.diagnostics = loaded.diagnostics;
        let dataset = loaded.dataset;
        let kept = bulletins_only.then_some(&built.checks);
        let checks = full::check_data(report, &dataset, kept, progress);
        if report.diagnostics.fails(self.options.deny_warnings) {
            finish(report, &loaded.sources);
            self.built = Some(built);
            return Ok(());
        }
        let computed = (!bulletins_only).then(|| {
            report.time(progress, "compute", || {
                Computed::of(dataset.station_data.clone())
            })
        });
        let by_templates = match templates_changed.is_empty() {
            true => Some(Selection::default()),
            false => full::templates(&self.options)
                .ok()
                .and_then(|t| changes::for_templates(&templates_changed, &t)),
        };
        let plan = report.time(progress, "plan", || match by_templates {
            None => Plan {
                full: true,
                ..Plan::default()
            },
            Some(pages) => changes::with_templates(
                changes::plan(
                    &built.data,
                    built.computed.borrow_dependent(),
                    &dataset,
                    computed
                        .as_ref()
                        .unwrap_or(&built.computed)
                        .borrow_dependent(),
                ),
                pages,
            ),
        });
        if plan.full || !self.out.join(MARKER).is_file() {
            let loaded = Loaded {
                dataset,
                sources: loaded.sources,
                diagnostics: std::mem::take(&mut report.diagnostics),
            };
            return self.build_all(report, loaded, Some((checks, computed)), progress);
        }
        let next = Next {
            data: dataset,
            computed,
            checks,
        };
        self.render_pages(report, built, next, &loaded.sources, plan, progress)
    }

    /// Renders the pages `plan` names from `next` and puts them in place. On
    /// anything short of success the site stays `built`.
    fn render_pages(
        &mut self,
        report: &mut Report,
        built: Built,
        next: Next,
        sources: &crate::load::SourceFiles,
        plan: Plan,
        progress: &Progress,
    ) -> Result<()> {
        let ready = full::templates(&self.options).and_then(|t| {
            Ok((
                t,
                Staging::update(&Disk, &self.out, &self.options.data_dir)?,
            ))
        });
        let (templates, staging) = match ready {
            Ok(ready) => ready,
            Err(e) => {
                self.built = Some(built);
                return Err(e);
            }
        };
        let output = Output::new(&staging, progress);
        let computed = next.computed.as_ref().unwrap_or(&built.computed);
        let summary = report.time(progress, "render + write", || {
            let metrics = computed.borrow_dependent();
            let word = full::word_setup(&self.options, &self.out);
            full::render_files(&next.data, metrics, &templates, &plan.pages, word, &|f| {
                output.emit(f)
            })
        });
        let summary = match summary {
            Ok(s) => s,
            Err(e) => {
                self.built = Some(built);
                return Err(e);
            }
        };
        report.diagnostics.extend(summary.diagnostics);
        report.charts = summary.charts;
        finish(report, sources);
        if report.diagnostics.fails(self.options.deny_warnings) {
            self.built = Some(built);
            return Ok(()); // dropping the staging directory removes it
        }
        let (files_written, bytes) = output.counts();
        let (kept, written) = output.finish();
        let gone: BTreeSet<String> = built
            .files
            .iter()
            .filter(|p| plan.pages.covers(p) && !written.contains(*p))
            .cloned()
            .collect();
        for path in &gone {
            staging.remove(path)?;
        }
        // A commit that fails half-way leaves the output unknown: with no site kept,
        // the next rebuild builds everything (comparing every file).
        report.changes = report.time(progress, "commit", || staging.commit())?;
        report.files_written = files_written;
        report.bytes_written = bytes;
        let Built {
            computed,
            mut pages,
            mut files,
            ..
        } = built;
        pages.retain(|p, _| !gone.contains(p));
        pages.extend(kept);
        files.retain(|p| !gone.contains(p));
        files.extend(written);
        self.pending.merge(plan.later);
        self.built = Some(Built {
            data: next.data,
            computed: next.computed.unwrap_or(computed),
            checks: next.checks,
            pages,
            files,
        });
        Ok(())
    }
}

/// The templates (names in the templates folder) added, removed or changed
/// between two stamps.
fn changed_templates(
    old: &[(PathBuf, Option<SystemTime>, u64)],
    new: &[(PathBuf, Option<SystemTime>, u64)],
    dir: Option<&Path>,
) -> BTreeSet<String> {
    let name = |p: &PathBuf| {
        let rel = dir.and_then(|d| p.strip_prefix(d).ok()).unwrap_or(p);
        rel.to_string_lossy().replace('\\', "/")
    };
    let old: BTreeSet<_> = old.iter().collect();
    let new: BTreeSet<_> = new.iter().collect();
    old.symmetric_difference(&new)
        .map(|(p, _, _)| name(p))
        .collect()
}

/// Path, modification time and size of every template override.
fn templates_stamp(dir: Option<&Path>) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let Some(dir) = dir else { return Vec::new() };
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((e.path().to_path_buf(), m.modified().ok(), m.len()))
        })
        .collect()
}
