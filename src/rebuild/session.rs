//! A site built once and kept in memory, so that an edit is rebuilt from what it
//! changed: `serve` reads again only the changed files, computes the figures again
//! only when the station data changed, renders the pages the edit can change
//! (`changes::plan`, from the fingerprints of the data before and after) and
//! writes the ones whose bytes differ. The downloads and the search indexes follow
//! in a second step ([`Session::catch_up`]), so the edited page is served first.
//! After both, the output is byte for byte what a full build of the same data
//! writes (`tests/serve.rs` checks it), and the build cache beside it says so.

use super::cache;
use super::changes::{self, Pending, Plan};
use super::fingerprint::{Fingerprint, Inputs};
use super::stage::{self, OnDisk};
use crate::load::{DataFiles, Loaded, SourceFiles};
use crate::model::Dataset;
use crate::pipeline::output::Output;
use crate::pipeline::{finish, full, Built, Computed, Options, Report};
use crate::progress::Progress;
use crate::render::Selection;
use crate::validate::StationChecks;
use crate::write::{self, Disk, Staging, MARKER};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Data that passed the checks, with its figures: what a rebuild after an edit
/// of articles only starts from.
pub(super) struct Kept {
    pub data: Dataset,
    pub computed: Computed,
    pub checks: StationChecks,
}

/// The data, as last read, and the site in the output directory.
pub struct Session {
    pub(super) options: Options,
    pub(super) out: PathBuf,
    files: DataFiles,
    /// Data files changed since `kept` was assembled from them.
    unsettled: BTreeSet<String>,
    pub(super) kept: Option<Kept>,
    /// What the output holds; `None` when unknown (no build succeeded yet, or one
    /// failed half-way): the next rebuild builds everything.
    pub(super) disk: Option<OnDisk>,
    pub(super) pending: Pending,
}

/// Files a watcher reported since the last rebuild.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// Paths relative to the data directory (`/`-separated).
    pub data: BTreeSet<String>,
}

/// What goes into the fingerprint of `loaded` besides its data.
pub(super) fn inputs<'a>(options: &Options, sources: &'a SourceFiles) -> Inputs<'a> {
    let templates = crate::render::templates::override_digests(options.templates_dir.as_deref());
    Inputs {
        files: sources.digests(),
        templates,
        // Pages link to their PDFs with `--pdf`; `--docx` adds the notices' Word
        // files. Either changed means a whole build.
        settings: options.pdf_browser.is_some() as u64 | (options.docx_notices as u64) << 1,
    }
}

impl Session {
    /// Reads the data and brings `out` up to date with it (from the build cache
    /// when it can, see [`super::open`]); the report says what was found (a
    /// failed build writes nothing and keeps no site).
    pub fn open(options: &Options, out: &Path, progress: &Progress) -> Result<(Report, Session)> {
        super::open::open(options, out, progress)
    }

    /// A session over `files`, with no site yet.
    pub(super) fn new(options: &Options, out: &Path, files: DataFiles) -> Session {
        Session {
            options: options.clone(),
            out: out.to_path_buf(),
            files,
            unsettled: BTreeSet::new(),
            kept: None,
            disk: None,
            pending: Pending::default(),
        }
    }

    /// Builds the whole site from `loaded` (see [`full::build_all`]), keeps it
    /// and records it in the build cache. Call holding the output's lock.
    pub(super) fn build_all(
        &mut self,
        report: &mut Report,
        loaded: Loaded,
        checked: Option<(StationChecks, Option<Computed>)>,
        print: Fingerprint,
        progress: &Progress,
    ) -> Result<()> {
        self.pending = Pending::default();
        self.disk = None;
        cache::remove(&self.out)?;
        let built = full::build_all(&self.options, &self.out, report, loaded, checked, progress)?;
        if let Some(built) = built {
            self.settle(built, print)?;
        }
        Ok(())
    }

    /// Keeps a site just built whole.
    fn settle(&mut self, built: Built, print: Fingerprint) -> Result<()> {
        let Built {
            data,
            computed,
            checks,
            pages,
            files,
        } = built;
        cache::write(&self.out, &print, &files, &pages)?;
        self.unsettled.clear();
        self.kept = Some(Kept {
            data,
            computed,
            checks,
        });
        self.disk = Some(OnDisk {
            print,
            pages,
            files,
        });
        Ok(())
    }

    /// Whether the downloads or search indexes still wait for [`Session::catch_up`].
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Rebuilds after an edit: `None` when no file changed. On an error in the data
    /// the output and the kept site stay as they were.
    pub fn rebuild(&mut self, hints: &Hints, progress: &Progress) -> Result<Option<Report>> {
        let _lock = write::lock_output(&self.out)?;
        let mut report = Report::default();
        let changed = report.time(progress, "read changes", || self.files.refresh(&hints.data))?;
        let templates =
            crate::render::templates::override_digests(self.options.templates_dir.as_deref());
        let templates_changed = self
            .disk
            .as_ref()
            .is_none_or(|d| d.print.templates != templates);
        if changed.is_empty() && !templates_changed {
            return Ok(None);
        }
        self.unsettled.extend(changed);
        let kept = self.kept.take();
        let bulletins_only = self.unsettled.iter().all(|f| f.starts_with("bulletins/"));
        let reuse = kept.as_ref().filter(|_| bulletins_only);
        let loaded = report.time(progress, "load", || {
            self.files
                .assemble(reuse.map(|k| k.data.station_data.clone()))
        });
        report.diagnostics = loaded.diagnostics.clone();
        let checks = full::check_data(
            &mut report,
            &loaded.dataset,
            reuse.map(|k| &k.checks),
            progress,
        );
        if report.diagnostics.fails(self.options.deny_warnings) {
            finish(&mut report, &loaded.sources);
            self.kept = kept;
            return Ok(Some(report));
        }
        let print = Fingerprint::of(
            &loaded.dataset,
            inputs(&self.options, &loaded.sources),
            self.disk.as_ref().map(|d| &d.print),
        );
        let computed = match kept.filter(|_| bulletins_only) {
            Some(k) => k.computed,
            None => report.time(progress, "compute", || {
                Computed::of(loaded.dataset.station_data.clone())
            }),
        };
        let plan = match &self.disk {
            Some(disk) => report.time(progress, "plan", || {
                changes::plan_for(&disk.print, &print, || full::templates(&self.options))
            }),
            None => Plan::full(),
        };
        if plan.full || !self.out.join(MARKER).is_file() {
            let diagnostics = std::mem::take(&mut report.diagnostics);
            let loaded = Loaded {
                diagnostics,
                ..loaded
            };
            let checked = Some((checks, Some(computed)));
            self.build_all(&mut report, loaded, checked, print, progress)?;
            return Ok(Some(report));
        }
        let next = Kept {
            data: loaded.dataset,
            computed,
            checks,
        };
        self.apply(
            &mut report,
            next,
            print,
            &loaded.sources,
            plan,
            Later::Follow,
            progress,
        )?;
        Ok(Some(report))
    }

    /// Renders the pages `plan` names from `next` and, unless `later` says they
    /// follow, the downloads and search indexes, into one staging directory, and
    /// puts them in place. On an error in the data nothing changes; on a failure
    /// after that the output is unknown (the next rebuild builds everything).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn apply(
        &mut self,
        report: &mut Report,
        next: Kept,
        print: Fingerprint,
        sources: &SourceFiles,
        plan: Plan,
        later: Later,
        progress: &Progress,
    ) -> Result<()> {
        let templates = full::templates(&self.options)?;
        let Some(mut disk) = self.disk.take() else {
            anyhow::bail!("no site to update");
        };
        let staging = Staging::update(&Disk, &self.out, &self.options.data_dir)?;
        let output = Output::new(&staging, progress);
        let (data, metrics) = (&next.data, next.computed.borrow_dependent());
        let now = match later {
            Later::Now => Selection {
                downloads: plan.later.downloads,
                ..plan.pages.clone()
            },
            Later::Follow => plan.pages.clone(),
        };
        let summary = report.time(progress, "render + write", || {
            let downloads = match now.downloads {
                true => crate::publish::downloads::file_count(data, metrics),
                false => 0,
            };
            let notices = self.options.docx_notices;
            let total = crate::render::selected_count(data, metrics, &now)
                + downloads
                + crate::publish::word::selected_count(data, metrics, &now, notices);
            progress(crate::progress::Step::Total(total));
            let word = full::word_setup(&self.options, &self.out);
            full::render_files(data, metrics, &templates, &now, word, &|f| output.emit(f))
        })?;
        report.diagnostics.extend(summary.diagnostics);
        report.charts = summary.charts;
        report.pictures = summary.pictures;
        finish(report, sources);
        if report.diagnostics.fails(self.options.deny_warnings) {
            self.disk = Some(disk);
            return Ok(()); // dropping the staging directory removes it
        }
        (report.files_written, report.bytes_written) = output.counts();
        report.issues = data.bulletins.len();
        report.counties = data.counties.len();
        report.stations = data.stations.len();
        let pages_gone = stage::gone(&disk.files, &output.paths(), |p| now.covers(p));
        disk.pages.extend(output.take_pages());
        let mut gone = pages_gone.clone();
        if later == Later::Now {
            let site = stage::site_files(&disk.files, &pages_gone, &output.paths());
            let mut work = plan.later.clone();
            work.downloads = false; // rendered with the pages
            stage::stage_later(
                &work,
                data,
                metrics,
                &site,
                &mut disk.pages,
                &output,
                &staging,
                report,
                progress,
            )?;
            gone.extend(stage::gone(&disk.files, &output.paths(), |p| {
                plan.later.covers(p)
            }));
            if let Some(browser) = &self.options.pdf_browser {
                // Every page is printed again, or its PDF reused, as in a full build.
                let jobs = crate::publish::print::jobs(data, metrics);
                report.pdfs = report.time(progress, "print PDFs", || {
                    crate::publish::print::print_site(&jobs, &staging, &self.out, browser)
                })?;
                let printed = |p: &str| p.ends_with(".pdf") || p == crate::publish::print::CACHE;
                gone.extend(stage::gone(&disk.files, &staging.produced(), printed));
            }
        } else {
            self.pending.merge(plan.later);
        }
        drop(output);
        for path in &gone {
            staging.remove(path)?;
        }
        cache::remove(&self.out)?;
        let (changes, stamps) = report.time(progress, "commit", || staging.commit_stamped())?;
        report.changes = changes;
        disk.files.retain(|p, _| !gone.contains(p));
        disk.files.extend(stamps);
        disk.pages.retain(|p, _| !gone.contains(p));
        disk.print = print;
        if self.pending.is_empty() {
            cache::write(&self.out, &disk.print, &disk.files, &disk.pages)?;
        }
        self.disk = Some(disk);
        self.unsettled.clear();
        self.kept = Some(next);
        Ok(())
    }
}

/// When the downloads and search indexes of a rebuild are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Later {
    /// With the pages, in one commit (`build`).
    Now,
    /// After the pages are served ([`Session::catch_up`]).
    Follow,
}
