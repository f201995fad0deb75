//! The canonical layout of the data files: how pv-bulletin writes station,
//! progress and article files (`import`, `gen-sample`) — the layout people write by hand —
//! and how it reads progress files in that layout back fast. Writer and reader sit
//! side by side, so the layout has one home.

pub mod article;
pub mod progress;
pub mod stations;

/// The comment block at the top of an existing file (kept on rewrite).
pub fn leading_comments(old: &str) -> String {
    old.lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_at_the_top_are_kept() {
        assert_eq!(leading_comments("# a\n# b\n- id: x\n# c\n"), "# a\n# b\n");
    }
}
