//! Panics inside readers of hostile bytes, contained. A parser that panics on a
//! malformed file (calamine on a truncated `.xls` formula, say) must not end the
//! program with exit 101 and a backtrace: [`reading`] runs the reader under
//! `catch_unwind` and turns a panic into an ordinary error naming the file and
//! the reader, so the command fails like any other bad input (exit 1, nothing
//! written). [`install_hook`] keeps contained panics quiet: no "thread panicked"
//! and no backtrace unless `RUST_BACKTRACE` is set.
//!
//! Beside the pipeline with the other shared modules (it depends on nothing but
//! std), so every reader — load, render, import, publish — can use it without an
//! upward import.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

/// What was being read, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// .xlsx/.xls/.xlsb/.ods/.csv (calamine, zip, XML, csv).
    Spreadsheet,
    /// A .docx (zip and XML).
    Word,
    /// A PNG or JPEG.
    Image,
    /// A YAML data file.
    Yaml,
    /// An article's Markdown.
    Markdown,
}

impl Reader {
    /// The name `PV_BULLETIN_TEST_PANIC` takes for this reader.
    pub fn key(self) -> &'static str {
        match self {
            Reader::Spreadsheet => "spreadsheet",
            Reader::Word => "word",
            Reader::Image => "image",
            Reader::Yaml => "yaml",
            Reader::Markdown => "markdown",
        }
    }

    /// The reader's name in the message: 读取 台账.xls 时**表格**解析出错.
    pub fn label(self) -> &'static str {
        match self {
            Reader::Spreadsheet => "表格",
            Reader::Word => "Word 文档",
            Reader::Image => "图片",
            Reader::Yaml => "YAML 数据",
            Reader::Markdown => "Markdown 正文",
        }
    }
}

/// A reader that panicked: the file, the reader and what the panic said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panicked {
    pub file: String,
    pub reader: Reader,
    /// The panic's message and where it was raised.
    pub detail: String,
}

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "读取 {} 时{}解析出错（文件可能已损坏）：{}",
            self.file,
            self.reader.label(),
            self.detail
        )
    }
}

impl std::error::Error for Panicked {}

thread_local! {
    /// How many [`reading`] calls this thread is inside.
    static CONTAINING: Cell<usize> = const { Cell::new(0) };
    /// The last contained panic's location, recorded by the hook.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `read` on the bytes of `file`; a panic inside becomes [`Panicked`].
/// Whatever `read` was building is dropped with it.
pub fn reading<T>(file: &str, reader: Reader, read: impl FnOnce() -> T) -> Result<T, Panicked> {
    CONTAINING.with(|c| c.set(c.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        test_panic(reader);
        read()
    }));
    CONTAINING.with(|c| c.set(c.get() - 1));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let location = LOCATION.with(|l| l.borrow_mut().take());
        Panicked {
            file: file.to_string(),
            reader,
            detail: match location {
                Some(at) => format!("{message} ({at})"),
                None => message,
            },
        }
    })
}

/// In debug builds only (the test suite's binary), `PV_BULLETIN_TEST_PANIC=<key>`
/// (`spreadsheet`, `yaml`, `markdown`, `word`, `image`) makes that reader panic
/// the way a parser does on a bad index, so the tests prove the containment end
/// to end. Release builds have no such switch.
fn test_panic(reader: Reader) {
    #[cfg(debug_assertions)]
    if std::env::var("PV_BULLETIN_TEST_PANIC").as_deref() == Ok(reader.key()) {
        let cells: Vec<u32> = vec![0; 3];
        let at = cells.len();
        let _ = cells[at];
    }
    #[cfg(not(debug_assertions))]
    let _ = reader;
}

/// Replaces the panic hook: a panic inside [`reading`] prints nothing (its
/// message goes into the error) unless `RUST_BACKTRACE` is set, when the
/// default hook prints it with the backtrace; any other panic is printed as
/// usual.
pub fn install_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let contained = CONTAINING.with(|c| c.get() > 0);
        if contained {
            let at = info.location().map(|l| {
                // `…/registry/src/index…/calamine-0.38.0/src/xls.rs` → the crate's part.
                let parts: Vec<&str> = l.file().split(['/', '\\']).collect();
                let short = parts[parts.len().saturating_sub(3)..].join("/");
                format!("{short}:{}", l.line())
            });
            LOCATION.with(|l| *l.borrow_mut() = at);
            if std::env::var_os("RUST_BACKTRACE").is_none_or(|v| v == "0") {
                return;
            }
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_file_and_reader() {
        let err = reading("台账.xls", Reader::Spreadsheet, || -> u32 {
            let v: Vec<u32> = vec![1, 2, 3];
            let i = v.len();
            v[i]
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("读取 台账.xls 时表格解析出错（文件可能已损坏）："),
            "{text}"
        );
        assert!(text.contains("index out of bounds"), "{text}");
        assert_eq!(reading("a.md", Reader::Markdown, || 7), Ok(7));
        assert_eq!(CONTAINING.with(|c| c.get()), 0);
    }
}
