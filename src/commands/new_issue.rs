//! `new-issue`: start the next issue from the previous one.

use super::new::{today, write_new};
use crate::load;
use crate::model::{Bulletin, Quarter};
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Data directory
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = new_issue(&args.data)?;
    eprintln!(
        "created `{}`: fill in bulletin.yaml and the articles, then build",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Creates the next issue in `data_dir`: number one above the highest, today's date
/// and quarter, columns and 主送/抄送 copied from the previous issue, and one article
/// to fill in. Returns the new folder.
pub fn new_issue(data_dir: &Path) -> Result<PathBuf> {
    let loaded = load::load(data_dir)?;
    let previous: Option<&Bulletin> = loaded
        .dataset
        .bulletins
        .iter()
        .max_by_key(|b| b.meta.number);
    let number = previous.map_or(1, |b| b.meta.number + 1);
    let dir = data_dir.join("bulletins").join(number.to_string());
    if dir.exists() {
        bail!("`{}` already exists", dir.display());
    }
    let today = today()?;
    let quarter: Quarter = today.quarter();
    let list = |items: &[String]| {
        let quoted: Vec<String> = items
            .iter()
            .map(|i| format!("\"{}\"", i.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        format!("[{}]", quoted.join(", "))
    };
    let (columns, main_to, copy_to, copies, title) = match previous {
        Some(b) => (
            b.meta.columns.clone(),
            list(&b.meta.main_to),
            list(&b.meta.copy_to),
            b.meta.copies,
            b.meta.title.clone(),
        ),
        None => (
            vec!["领导重视".to_string(), "工作动态".to_string()],
            "[]".to_string(),
            "[]".to_string(),
            None,
            None,
        ),
    };
    let mut meta = format!(
        "number: {number}\ndate: {today}\nquarter: {quarter}\ncolumns: {}\nmain_to: {main_to}\ncopy_to: {copy_to}\n",
        list(&columns)
    );
    if let Some(c) = copies {
        meta.push_str(&format!("copies: {c}\n"));
    }
    if let Some(t) = title {
        meta.push_str(&format!("title: {}\n", list(&[t]).trim_matches(['[', ']'])));
    }
    write_new(&dir.join("bulletin.yaml"), &meta)?;
    write_new(
        &dir.join("01-article.md"),
        &format!(
            "---\ncolumn: {}\ntitle: （请填写标题）\n---\n（正文）\n",
            columns.first().map_or("工作动态", String::as_str)
        ),
    )?;
    Ok(dir)
}
