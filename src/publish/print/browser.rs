//! Finding the browser that prints, and making sure it can print Chinese.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Browsers tried on `PATH`, in order, when none is named.
pub const CANDIDATES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "microsoft-edge",
];

/// What to install where nothing is found.
const INSTALL: &str =
    "install Chromium, Chrome or Edge (Debian: `apt-get install chromium fonts-noto-cjk`), \
                       or name one with --browser PATH or PV_BULLETIN_BROWSER";

/// The browser to print with: `--browser`, else `PV_BULLETIN_BROWSER`, else the first
/// of [`CANDIDATES`] found on `path_var` (the `PATH` value).
pub fn find_browser(
    flag: Option<&Path>,
    env: Option<&str>,
    path_var: Option<&std::ffi::OsStr>,
) -> Result<PathBuf> {
    if let Some(p) = flag {
        return named(p, "--browser");
    }
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        return named(Path::new(p), "PV_BULLETIN_BROWSER");
    }
    let dirs: Vec<PathBuf> = path_var
        .map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default();
    for name in CANDIDATES {
        for dir in &dirs {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "--pdf needs a browser to print with, and none was found on PATH (tried {}): {INSTALL}",
        CANDIDATES.join(", ")
    )
}

fn named(p: &Path, source: &str) -> Result<PathBuf> {
    if is_executable(p) {
        Ok(p.to_path_buf())
    } else {
        bail!(
            "{source} names `{}`, which is not an executable file: {INSTALL}",
            p.display()
        )
    }
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Fails when fontconfig knows no Chinese font, since the browser would then print
/// every character as a box. Where there is no `fc-list` (Windows, macOS: their
/// browsers bring their own CJK fonts), nothing is checked.
pub fn check_cjk_font() -> Result<()> {
    let Ok(out) = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
    else {
        return Ok(());
    };
    if out.status.success() && out.stdout.iter().all(u8::is_ascii_whitespace) {
        bail!(
            "no Chinese (CJK) font is installed, so the PDFs would show boxes instead of \
             characters: install one (Debian: `apt-get install fonts-noto-cjk`) and build again"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn fake_browser(dir: &Path, name: &str) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        p
    }

    #[test]
    fn flag_then_env_then_path_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        let chrome = fake_browser(&a, "google-chrome");
        let chromium = fake_browser(&b, "chromium");
        let path = std::env::join_paths([&a, &b]).unwrap();
        // chromium comes before google-chrome in the list, whatever the PATH order.
        assert_eq!(find_browser(None, None, Some(&path)).unwrap(), chromium);
        assert_eq!(
            find_browser(None, Some(chrome.to_str().unwrap()), Some(&path)).unwrap(),
            chrome
        );
        assert_eq!(
            find_browser(Some(&chromium), Some(chrome.to_str().unwrap()), None).unwrap(),
            chromium
        );
    }

    #[test]
    fn nothing_found_says_what_to_install() {
        let tmp = tempfile::tempdir().unwrap();
        let e = find_browser(None, None, Some(tmp.path().as_os_str())).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("apt-get install chromium fonts-noto-cjk"),
            "{text}"
        );
        assert!(text.contains("chromium, chromium-browser, google-chrome, microsoft-edge"));
        let e = find_browser(Some(Path::new("/no/such/chrome")), None, None).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("--browser names `/no/such/chrome`"));
        fs::write(tmp.path().join("plain"), "").unwrap();
        let e = find_browser(None, Some(tmp.path().join("plain").to_str().unwrap()), None);
        assert!(e.unwrap_err().to_string().contains("PV_BULLETIN_BROWSER"));
    }
}
