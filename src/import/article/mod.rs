//! `import article`: township submissions in Word (.docx) into an issue, one
//! Markdown article each (`bulletins/<n>/<nn>-<slug>.md`, front matter `column`,
//! `title`, `author`) with its pictures under `bulletins/<n>/images/`.
//!
//! [`docx`] reads a submission (bounded, nothing outside the package is ever
//! fetched); [`naming`] names the files; `crate::canonical::article` writes the
//! article. The new files are checked with `check` in a copy of the data
//! directory, as spreadsheet imports are, and written only when every file read
//! and the result passes: any error writes nothing.

pub mod docx;
mod naming;

use super::apply;
use crate::diagnostics::suggest;
use crate::load;
use crate::model::{Bulletin, Dataset};
use anyhow::{Context, Result};
use docx::{Limits, Stats, TitleSource};
use std::path::{Path, PathBuf};

/// What to import, and where.
#[derive(Clone, Debug)]
pub struct Request {
    /// The submissions, imported in this order.
    pub files: Vec<PathBuf>,
    /// The issue's number [default: the newest issue].
    pub issue: Option<u32>,
    /// One of the issue's columns [default: its first].
    pub column: Option<String>,
    /// Replaces the title found in the document (one file only).
    pub title: Option<String>,
    /// Replaces the source line found in the document.
    pub author: Option<String>,
    pub data: PathBuf,
    pub dry_run: bool,
}

/// Why nothing was written, in the user's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The submission it is about, as the user named it (none: the arguments).
    pub file: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

/// One submission as it will be (or was) written.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The submission's file name.
    pub file: String,
    /// The article, relative to the data directory.
    pub article: String,
    pub title: String,
    /// Where the title came from (`None`: `--title`).
    pub title_from: Option<TitleFrom>,
    pub author: Option<String>,
    pub stats: Stats,
    /// The pictures, relative to the data directory.
    pub images: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleFrom {
    Document(TitleSource),
    FileName,
}

/// What an import did, for the command to tell the user.
pub struct Outcome {
    /// The issue's number and the column the articles went to, once chosen.
    pub issue: Option<u32>,
    pub column: Option<String>,
    /// Choices made for the user (e.g. the column when none was given).
    pub notes: Vec<String>,
    pub imported: Vec<Imported>,
    pub ending: Ending,
}

pub enum Ending {
    /// A submission or an argument cannot be used: nothing was written.
    Refused(Vec<Refusal>),
    /// The articles do not pass `check` (its diagnostics quote files in `copy`):
    /// nothing was written.
    FailsCheck {
        copy: tempfile::TempDir,
        report: crate::pipeline::Report,
    },
    /// These files were written (or, with `dry_run`, would be); `check` passes.
    Written {
        files: Vec<String>,
        dry_run: bool,
        report: crate::pipeline::Report,
    },
}

/// A file to write: path relative to the data directory, and its bytes.
type NewFile = (String, Vec<u8>);

/// Reads every submission and, when all of them read and the result checks,
/// writes the articles and their pictures.
pub fn run(request: &Request) -> Result<Outcome> {
    let mut outcome = Outcome {
        issue: None,
        column: None,
        notes: Vec::new(),
        imported: Vec::new(),
        ending: Ending::Refused(Vec::new()),
    };
    let loaded = load::load(&request.data)?;
    let (bulletin, column) = match target(&loaded.dataset, request, &mut outcome.notes) {
        Ok(chosen) => chosen,
        Err(refusal) => {
            outcome.ending = Ending::Refused(vec![refusal]);
            return Ok(outcome);
        }
    };
    outcome.issue = Some(bulletin.meta.number);
    outcome.column = Some(column.clone());
    let folder = issue_folder(bulletin);
    let mut number = naming::next_number(
        existing_names(&request.data.join(&folder))?
            .iter()
            .map(String::as_str),
    );
    let mut files: Vec<NewFile> = Vec::new();
    let mut articles: Vec<NewFile> = Vec::new();
    let mut refusals = Vec::new();
    for path in &request.files {
        let name = display_name(path);
        let prefix = naming::prefix(number, &naming::slug(path));
        number = number.saturating_add(1);
        match read_submission(path, &prefix) {
            Ok(article) => {
                let (mut imported, text, pictures) =
                    compose(request, &folder, &column, &name, &prefix, article);
                if let Some(twin) = same_title(bulletin, &outcome.imported, &imported.title) {
                    imported.warnings.push(format!(
                        "本期已有同题文章 {twin}（an article with this title is already in the issue）：是否重复导入？"
                    ));
                }
                files.extend(pictures);
                articles.push((imported.article.clone(), text.into_bytes()));
                outcome.imported.push(imported);
            }
            Err(message) => refusals.push(Refusal {
                file: Some(name),
                message,
                hint: None,
            }),
        }
    }
    if !refusals.is_empty() {
        outcome.ending = Ending::Refused(refusals);
        return Ok(outcome);
    }
    // Pictures first: an article is never on disk before the pictures it shows.
    files.extend(articles);
    let (copy, report) = apply::check_in_copy(&request.data, &files)?;
    if report.diagnostics.has_errors() {
        outcome.ending = Ending::FailsCheck { copy, report };
        return Ok(outcome);
    }
    if !request.dry_run {
        write_all(&request.data, &files)?;
    }
    outcome.ending = Ending::Written {
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        dry_run: request.dry_run,
        report,
    };
    Ok(outcome)
}

/// The issue (`--issue`, else the newest) and the column (`--column`, else the
/// issue's first, with a note), or why they cannot be used.
fn target<'d>(
    data: &'d Dataset,
    request: &Request,
    notes: &mut Vec<String>,
) -> Result<(&'d Bulletin, String), Refusal> {
    let refuse = |message: String, hint: Option<String>| Refusal {
        file: None,
        message,
        hint,
    };
    if request.title.is_some() && request.files.len() > 1 {
        return Err(refuse(
            "--title names one article, but several files are imported".into(),
            Some("import them one at a time, or leave out --title (each keeps its own)".into()),
        ));
    }
    let numbers: Vec<String> = data
        .bulletins
        .iter()
        .map(|b| b.meta.number.to_string())
        .collect();
    let bulletin = match request.issue {
        Some(n) => data
            .bulletins
            .iter()
            .find(|b| b.meta.number == n)
            .ok_or_else(|| {
                // The nearest number, not the nearest spelling (26 → 25, not 22).
                let nearest = data
                    .bulletins
                    .iter()
                    .map(|b| b.meta.number)
                    .min_by_key(|m| (m.abs_diff(n), std::cmp::Reverse(*m)));
                refuse(
                    format!("there is no issue {n} (issues: {})", numbers.join(", ")),
                    nearest.map(|m| format!("did you mean `{m}`?")),
                )
            })?,
        None => data
            .bulletins
            .iter()
            .max_by_key(|b| b.meta.number)
            .ok_or_else(|| {
                refuse(
                    "there is no issue to import into".into(),
                    Some("start one with `pv-bulletin new-issue`".into()),
                )
            })?,
    };
    let columns = &bulletin.meta.columns;
    let column = match &request.column {
        Some(c) if columns.contains(c) => c.clone(),
        Some(c) => {
            return Err(refuse(
                format!(
                    "column `{c}` is not one of issue {}'s columns ({})",
                    bulletin.meta.number,
                    columns.join("、")
                ),
                suggest(c, columns.iter().map(String::as_str)),
            ))
        }
        None => {
            let first = columns.first().ok_or_else(|| {
                refuse(
                    format!("issue {} has no columns", bulletin.meta.number),
                    Some(format!(
                        "list them in {}: columns: [工作动态]",
                        bulletin.origin.file
                    )),
                )
            })?;
            notes.push(format!(
                "no --column given: the articles go to the issue's first column, {first} \
                 (columns: {})",
                columns.join("、")
            ));
            first.clone()
        }
    };
    Ok((bulletin, column))
}

/// The file of an article with this title, already in the issue or imported just
/// before: a submission imported twice is the likeliest mistake, and it still checks.
fn same_title(bulletin: &Bulletin, before: &[Imported], title: &str) -> Option<String> {
    let existing = bulletin
        .articles
        .iter()
        .find(|a| a.meta.title.trim() == title)
        .map(|a| a.origin.file.clone());
    existing.or_else(|| {
        before
            .iter()
            .find(|i| i.title == title)
            .map(|i| i.article.clone())
    })
}

/// `bulletins/<n>`: the folder of the issue's `bulletin.yaml`.
fn issue_folder(b: &Bulletin) -> String {
    b.origin
        .file
        .rsplit_once('/')
        .map_or_else(|| b.origin.file.clone(), |(dir, _)| dir.to_string())
}

/// The names in the issue's folder and in its `images/`.
fn existing_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for d in [dir.to_path_buf(), dir.join("images")] {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read `{}`", d.display()))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads one submission; the message says what is wrong (in Chinese, for the
/// township editor who will fix the file).
fn read_submission(path: &Path, prefix: &str) -> Result<docx::Article, String> {
    let limits = Limits::default();
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取文件（{e}）"))?;
    if !meta.is_file() {
        return Err("不是文件（not a file）".into());
    }
    if meta.len() > limits.max_file_bytes {
        return Err(format!(
            "文件超过 {} MB（file too large），请压缩图片后另存为 .docx",
            limits.max_file_bytes / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取文件（{e}）"))?;
    if bytes.is_empty() {
        return Err("文件是空的（empty file）".into());
    }
    docx::read_docx(&bytes, &display_name(path), &format!("{prefix}-"), &limits)
        .map_err(|e| e.message)
}

/// The article's text and pictures, and what to tell the user about it.
fn compose(
    request: &Request,
    folder: &str,
    column: &str,
    name: &str,
    prefix: &str,
    article: docx::Article,
) -> (Imported, String, Vec<NewFile>) {
    let mut warnings = article.warnings;
    let (title, title_from) = match (&request.title, article.title) {
        (Some(t), _) => (t.clone(), None),
        (None, Some(t)) => (t.text, Some(TitleFrom::Document(t.source))),
        (None, None) => {
            warnings.push(
                "文档中没有找到标题（Title 样式、居中或字号最大的首段），以文件名作标题，请在 .md 中修改"
                    .into(),
            );
            let stem = Path::new(name)
                .file_stem()
                .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
            (stem, Some(TitleFrom::FileName))
        }
    };
    let untitled = article.images.iter().filter(|i| i.alt.is_empty()).count();
    if untitled > 0 {
        warnings.push(format!(
            "{untitled} 张图片在 Word 中没有说明（可选文字），页面上不显示图注；可在 .md 的 ![](images/…) 方括号中补写"
        ));
    }
    let author = request.author.clone().or(article.author);
    let text =
        crate::canonical::article::article(column, &title, author.as_deref(), &article.markdown);
    let pictures: Vec<NewFile> = article
        .images
        .into_iter()
        .map(|i| (format!("{folder}/images/{}", i.file_name), i.bytes))
        .collect();
    let imported = Imported {
        file: name.to_string(),
        article: format!("{folder}/{prefix}.md"),
        title: crate::canonical::article::one_line(&title),
        title_from,
        author,
        stats: article.stats,
        images: pictures.iter().map(|(rel, _)| rel.clone()).collect(),
        warnings,
    };
    (imported, text, pictures)
}

/// Writes each file atomically; if one fails, removes those written before it
/// (all of them new), so the data is left as it was.
fn write_all(data: &Path, files: &[NewFile]) -> Result<()> {
    for (i, (rel, bytes)) in files.iter().enumerate() {
        if let Err(e) = apply::write_atomically(&data.join(rel), bytes) {
            for (written, _) in &files[..i] {
                let _ = std::fs::remove_file(data.join(written));
            }
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::canonical::article::{article, one_line};
    use crate::load::front_matter;
    use crate::model::ArticleMeta;

    #[test]
    fn front_matter_reads_back_as_written_whatever_it_holds() {
        for title in [
            "迅速掀起光伏扶贫电站建设高潮",
            "标题: 带冒号 # 和井号",
            "\"引号\" 'single' [括号] {花括号}",
            "2017",
            "---",
            "两行\n---\n标题",
            "yes",
        ] {
            let text = article("工作动态", title, Some("××镇人民政府"), "正文。\n");
            let split = front_matter::split(&text).unwrap();
            assert_eq!(split.body, "正文。\n", "{text}");
            let meta: ArticleMeta = serde_yaml::from_str(split.front_matter).unwrap();
            assert_eq!(meta.title, one_line(title), "{text}");
            assert_eq!(meta.author.as_deref(), Some("××镇人民政府"));
            assert_eq!(meta.column, "工作动态");
        }
    }
}
