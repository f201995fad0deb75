//! Finding the browser that prints, and making sure it can print Chinese.

use anyhow::{bail, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where one kind of system keeps the browsers that can print (Chromium, Chrome,
/// Edge), and what to tell someone who has none.
pub struct Platform {
    /// Names tried in each `PATH` directory, in this order.
    pub names: &'static [&'static str],
    /// Install locations tried after `PATH`, in this order.
    pub places: Vec<PathBuf>,
    /// What to do when none is found.
    pub install: &'static str,
}

const UNIX_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "microsoft-edge",
];

const UNIX_INSTALL: &str = "install Chromium, Chrome or Edge (Debian: `apt-get install chromium \
     fonts-noto-cjk`; 银河麒麟/统信 UOS: Chromium from the software store), or name a \
     Chromium-based browser (奇安信可信浏览器, UOS 浏览器 …) with --browser PATH or \
     PV_BULLETIN_BROWSER";

const WINDOWS_NAMES: &[&str] = &["chrome.exe", "msedge.exe", "chromium.exe"];

const WINDOWS_INSTALL: &str = "Microsoft Edge comes with Windows 10 and 11: install it again \
     from https://www.microsoft.com/edge, or install Google Chrome, or name a browser with \
     --browser \"C:\\…\\msedge.exe\" or PV_BULLETIN_BROWSER";

/// Where Chrome, Edge and Chromium install themselves on Windows, under the
/// folders these variables name: machine-wide (64- and 32-bit Program Files) and
/// per user (LOCALAPPDATA).
const WINDOWS_PLACES: &[(&str, &[&str])] = &[
    (
        "ProgramFiles",
        &["Google", "Chrome", "Application", "chrome.exe"],
    ),
    (
        "ProgramFiles(x86)",
        &["Google", "Chrome", "Application", "chrome.exe"],
    ),
    (
        "LOCALAPPDATA",
        &["Google", "Chrome", "Application", "chrome.exe"],
    ),
    (
        "ProgramFiles(x86)",
        &["Microsoft", "Edge", "Application", "msedge.exe"],
    ),
    (
        "ProgramFiles",
        &["Microsoft", "Edge", "Application", "msedge.exe"],
    ),
    (
        "LOCALAPPDATA",
        &["Microsoft", "Edge", "Application", "msedge.exe"],
    ),
    ("LOCALAPPDATA", &["Chromium", "Application", "chrome.exe"]),
];

impl Platform {
    /// Linux and other Unix systems: the browsers are on `PATH`.
    pub fn unix() -> Platform {
        Platform {
            names: UNIX_NAMES,
            places: Vec::new(),
            install: UNIX_INSTALL,
        }
    }

    /// Windows, whose installers do not put browsers on `PATH`: `var` looks up
    /// ProgramFiles, ProgramFiles(x86) and LOCALAPPDATA.
    pub fn windows(var: &dyn Fn(&str) -> Option<OsString>) -> Platform {
        let places = WINDOWS_PLACES
            .iter()
            .filter_map(|(root, rel)| {
                let mut path = PathBuf::from(var(root).filter(|v| !v.is_empty())?);
                path.extend(rel.iter());
                Some(path)
            })
            .collect();
        Platform {
            names: WINDOWS_NAMES,
            places,
            install: WINDOWS_INSTALL,
        }
    }

    /// The system this program runs on.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::windows(&|name| std::env::var_os(name))
        } else {
            Platform::unix()
        }
    }
}

/// The browser to print with: `--browser`, else `PV_BULLETIN_BROWSER`, else the first
/// of the platform's names found on `path_var` (the `PATH` value), else the first
/// of its install locations that holds one.
pub fn find_browser(
    flag: Option<&Path>,
    env: Option<&str>,
    path_var: Option<&std::ffi::OsStr>,
    platform: &Platform,
) -> Result<PathBuf> {
    if let Some(p) = flag {
        return named(p, "--browser", platform);
    }
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        return named(Path::new(p), "PV_BULLETIN_BROWSER", platform);
    }
    let dirs: Vec<PathBuf> = path_var
        .map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default();
    let on_path = platform
        .names
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)));
    if let Some(found) = on_path
        .chain(platform.places.iter().cloned())
        .find(|p| is_executable(p))
    {
        return Ok(found);
    }
    let places = if platform.places.is_empty() {
        String::new()
    } else {
        format!(
            ", nor in {}",
            platform
                .places
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    bail!(
        "--pdf needs a browser to print with, and none was found on PATH (tried {}){places}: {}",
        platform.names.join(", "),
        platform.install
    )
}

fn named(p: &Path, source: &str, platform: &Platform) -> Result<PathBuf> {
    if is_executable(p) {
        return Ok(p.to_path_buf());
    }
    // `--browser C:\…\msedge` for `msedge.exe`, as Windows' own shell accepts.
    let exe = p.with_extension("exe");
    if platform.names.iter().any(|n| n.ends_with(".exe"))
        && p.extension().is_none()
        && is_executable(&exe)
    {
        return Ok(exe);
    }
    bail!(
        "{source} names `{}`, which is not an executable file: {}",
        p.display(),
        platform.install
    )
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
        let unix = Platform::unix();
        // chromium comes before google-chrome in the list, whatever the PATH order.
        assert_eq!(
            find_browser(None, None, Some(&path), &unix).unwrap(),
            chromium
        );
        assert_eq!(
            find_browser(None, Some(chrome.to_str().unwrap()), Some(&path), &unix).unwrap(),
            chrome
        );
        assert_eq!(
            find_browser(Some(&chromium), Some(chrome.to_str().unwrap()), None, &unix).unwrap(),
            chromium
        );
    }

    #[test]
    fn nothing_found_says_what_to_install() {
        let tmp = tempfile::tempdir().unwrap();
        let unix = Platform::unix();
        let e = find_browser(None, None, Some(tmp.path().as_os_str()), &unix).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("apt-get install chromium fonts-noto-cjk"),
            "{text}"
        );
        assert!(text.contains("--browser PATH"), "{text}");
        assert!(text.contains("chromium, chromium-browser, google-chrome, microsoft-edge"));
        let e = find_browser(Some(Path::new("/no/such/chrome")), None, None, &unix).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("--browser names `/no/such/chrome`"));
        fs::write(tmp.path().join("plain"), "").unwrap();
        let e = find_browser(
            None,
            Some(tmp.path().join("plain").to_str().unwrap()),
            None,
            &unix,
        );
        assert!(e.unwrap_err().to_string().contains("PV_BULLETIN_BROWSER"));
    }

    /// A Windows machine's folders, under `root`: Program Files, Program Files
    /// (x86) and a user's AppData\Local.
    fn windows_in(root: &Path) -> Platform {
        let root = root.to_path_buf();
        Platform::windows(&move |name| {
            let dir = match name {
                "ProgramFiles" => "Program Files",
                "ProgramFiles(x86)" => "Program Files (x86)",
                "LOCALAPPDATA" => "AppData/Local",
                _ => return None,
            };
            Some(root.join(dir).into_os_string())
        })
    }

    #[test]
    fn windows_finds_edge_and_chrome_where_they_install() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let windows = windows_in(root);
        let edge_dir = root.join("Program Files (x86)/Microsoft/Edge/Application");
        fs::create_dir_all(&edge_dir).unwrap();
        let edge = fake_browser(&edge_dir, "msedge.exe");
        let empty_path = std::env::join_paths([root.join("bin")]).unwrap();
        assert_eq!(
            find_browser(None, None, Some(&empty_path), &windows).unwrap(),
            edge,
            "Edge, as every Windows 10/11 has it"
        );
        let chrome_dir = root.join("AppData/Local/Google/Chrome/Application");
        fs::create_dir_all(&chrome_dir).unwrap();
        let chrome = fake_browser(&chrome_dir, "chrome.exe");
        assert_eq!(
            find_browser(None, None, Some(&empty_path), &windows).unwrap(),
            chrome,
            "Chrome (installed for one user) before Edge"
        );
        let bin = root.join("bin");
        fs::create_dir_all(&bin).unwrap();
        let on_path = fake_browser(&bin, "msedge.exe");
        assert_eq!(
            find_browser(None, None, Some(&empty_path), &windows).unwrap(),
            on_path,
            "PATH first, by its .exe name"
        );
        // `--browser …\msedge` means msedge.exe.
        assert_eq!(
            find_browser(Some(&edge_dir.join("msedge")), None, None, &windows).unwrap(),
            edge
        );
    }

    #[test]
    fn windows_without_a_browser_says_what_to_do_there() {
        let tmp = tempfile::tempdir().unwrap();
        let windows = windows_in(tmp.path());
        let e = find_browser(None, None, None, &windows)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("tried chrome.exe, msedge.exe, chromium.exe"),
            "{e}"
        );
        assert!(e.contains("Microsoft/Edge/Application/msedge.exe"), "{e}");
        assert!(e.contains("https://www.microsoft.com/edge"), "{e}");
        assert!(!e.contains("apt-get"), "{e}");
        let missing = Platform::windows(&|_| None);
        assert!(missing.places.is_empty(), "no variables, no places");
    }
}
