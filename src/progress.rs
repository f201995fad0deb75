//! What a long run is doing, for a progress display: each stage as it starts and,
//! where it has countable units (data files, output files, search pages), how many
//! are done. Its own module so that `load` and `render` can report without
//! depending on `pipeline`.

/// One thing that happened, in order per stage; `Done` may come from any thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A stage begins: `load`, `validate`, `compute`, `render + write` (with the
    /// station search shards indexed beside it in a whole build),
    /// `search index`, `print PDFs`, `commit` (the names of [`crate::pipeline::Report::timings`]).
    Stage(&'static str),
    /// The current stage has this many units to do.
    Total(usize),
    /// This many units of the current stage are done.
    Done(usize),
}

/// A progress listener. Must be cheap: it is called once per file.
pub type Progress<'a> = dyn Fn(Step) + Sync + 'a;

/// Listens to nothing.
pub fn quiet(_: Step) {}
