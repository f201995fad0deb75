//! Names of what an import writes: `<nn>-<slug>.md` and `images/<nn>-<slug>-<k>.jpg`.
//!
//! Nothing of a name comes from inside the .docx, and only ASCII letters, digits
//! and `-` come from the file's name: Chinese file names would need pinyin (no
//! offline table is at hand), and a name made of `a-z0-9-` after a number is valid
//! and the same on every file system (no separators, no `..`, no `CON`, no case
//! clash between `A.md` and `a.md`, nothing Windows or a zip tool would mangle).

use std::path::Path;

/// Longest slug kept from a file name.
const MAX_SLUG: usize = 32;

/// `Lixin County report (v2).docx` → `lixin-county-report-v2`; a name without
/// ASCII letters (`关于光伏扶贫的报告.docx`, `2017.docx`) → `article`.
pub fn slug(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            if out.len() >= MAX_SLUG {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.chars().any(|c| c.is_ascii_lowercase()) {
        out.to_string()
    } else {
        "article".to_string()
    }
}

/// The number before the first `-` of a name (`03-news.md` → 3).
fn leading_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty() && name[digits.len()..].starts_with('-'))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The first number after every numbered name in `names` (articles and pictures
/// of the issue), so that no new file can meet an old one.
pub fn next_number<'a>(names: impl IntoIterator<Item = &'a str>) -> u32 {
    names
        .into_iter()
        .filter_map(leading_number)
        .max()
        .map_or(1, |n| n.saturating_add(1))
}

/// `4` → `04`: two digits keep the files in order in any file list.
pub fn prefix(number: u32, slug: &str) -> String {
    format!("{number:02}-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_ascii_and_never_a_path() {
        let s = |n: &str| slug(Path::new(n));
        assert_eq!(s("Lixin County report (v2).docx"), "lixin-county-report-v2");
        assert_eq!(s("关于光伏扶贫的报告.docx"), "article");
        assert_eq!(s("2017.docx"), "article");
        assert_eq!(s("西潘楼镇xinxi-2017年.docx"), "xinxi-2017");
        assert_eq!(s("../../etc/passwd.docx"), "passwd");
        assert_eq!(s("C:\\Users\\a\\CON.docx"), "c-users-a-con");
        assert_eq!(s("—.docx"), "article");
        assert_eq!(s(&"a".repeat(100)).len(), MAX_SLUG);
        for name in ["a/b.docx", "..\\x.docx", "a:b.docx", "x\u{0}y.docx"] {
            let got = s(name);
            assert!(
                got.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{name} → {got}"
            );
        }
    }

    #[test]
    fn numbers_follow_every_numbered_file() {
        assert_eq!(next_number([]), 1);
        assert_eq!(next_number(["bulletin.yaml", "readme.md"]), 1);
        assert_eq!(
            next_number(["01-leaders.md", "03-grassroots.md", "02-news.md"]),
            4
        );
        assert_eq!(next_number(["01-a.md", "07-b-1.jpg"]), 8, "pictures count");
        assert_eq!(next_number(["2017-report.md"]), 2018);
        assert_eq!(next_number(["12.md", "x-01.md"]), 1, "a number then `-`");
        assert_eq!(prefix(4, "article"), "04-article");
        assert_eq!(prefix(123, "a"), "123-a");
    }
}
