//! The canonical layout of the data files: how pv-bulletin writes station,
//! progress and article files (`import`, `gen-sample`) — the layout people write by hand —
//! and how it reads progress files in that layout back fast. Writer and reader sit
//! side by side, so the layout has one home.

pub mod article;
pub mod progress;
pub mod stations;

/// The comment block at the top of an existing file (kept on rewrite), after the
/// byte-order mark Notepad may have put there.
pub fn leading_comments(old: &str) -> String {
    old.trim_start_matches('\u{feff}')
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `text`, with the byte-order mark `old` started with (Notepad writes one): a file
/// rewritten with the same records stays byte for byte the same.
pub fn with_bom_of(old: &str, text: String) -> String {
    if old.starts_with('\u{feff}') {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_at_the_top_are_kept() {
        assert_eq!(leading_comments("# a\n# b\n- id: x\n# c\n"), "# a\n# b\n");
        assert_eq!(leading_comments("\u{feff}# a\n- id: x\n"), "# a\n");
        assert_eq!(
            with_bom_of("\u{feff}# a\n", "# a\n".into()),
            "\u{feff}# a\n"
        );
        assert_eq!(with_bom_of("# a\n", "# a\n".into()), "# a\n");
    }
}
