//! Live reload for `serve`: a build counter the browser long-polls, the small
//! script that does it (added to pages as they are served, never to files on
//! disk), and the page that shows the diagnostics while the data is broken.

use crate::format::escape_html as escape;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Where the injected script asks whether a newer build exists.
pub const RELOAD_PATH: &str = "/__pv-bulletin/reload";

/// How long one long poll waits before answering "nothing new".
pub const POLL: Duration = Duration::from_secs(25);

/// The outcome of the latest build, shared by the rebuild thread and the server.
#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Clone, Default)]
struct State {
    /// Counts finished builds; a page served at build n reloads once it is past n.
    generation: u64,
    /// The diagnostics of the latest build, as plain text, when it failed.
    failure: Option<String>,
}

impl Live {
    /// Records a finished build and wakes every waiting browser.
    pub fn finished(&self, failure: Option<String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        state.failure = failure;
        self.changed.notify_all();
    }

    /// The current build counter and failure, read together.
    pub fn now(&self) -> (u64, Option<String>) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (state.generation, state.failure.clone())
    }

    /// Waits until a build after `since` has finished, or `timeout`; returns the
    /// counter then.
    pub fn wait_past(&self, since: u64, timeout: Duration) -> u64 {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation <= since)
            .unwrap_or_else(|e| e.into_inner());
        state.generation
    }
}

/// The `since` of a reload poll URL (`/__pv-bulletin/reload?since=3`).
pub fn since(url: &str) -> u64 {
    url.split_once("since=")
        .and_then(|(_, n)| n.split('&').next()?.parse().ok())
        .unwrap_or(0)
}

/// The script that reloads the tab after the next build. It polls again after a
/// timeout, and waits a second after a network error (the server restarting).
fn script(generation: u64) -> String {
    format!(
        "<script data-pv-bulletin-live-reload>(function(){{\
var g={generation};\
function poll(){{fetch('{RELOAD_PATH}?since='+g,{{cache:'no-store'}})\
.then(function(r){{return r.text();}})\
.then(function(t){{if(t.trim()!==String(g)){{location.reload();}}else{{poll();}}}})\
.catch(function(){{setTimeout(poll,1000);}});}}\
poll();}})();</script>"
    )
}

/// `html` with the reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = script(generation);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// What every page shows while the latest build failed: the diagnostics as the
/// terminal shows them (class, file:line:col, message, source line), escaped.
pub fn failure_page(diagnostics: &str, generation: u64) -> Vec<u8> {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>构建失败 — pv-bulletin serve</title>\n<style>\
body{{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2rem;color:#222}}\
h1{{color:#c00;font-size:1.4rem}}\
pre{{background:#fff5f5;border:1px solid #e6b3b3;padding:1rem;overflow:auto;\
font-family:'Noto Sans Mono CJK SC',monospace;line-height:1.5;white-space:pre-wrap}}\
</style>\n</head>\n<body>\n<h1>数据有误，网站没有更新</h1>\n\
<p>最近一次构建发现以下问题。改正数据并保存后，本页会自动刷新；硬盘上的网站仍是上一次成功构建的版本。</p>\n\
<pre>{}</pre>\n</body>\n</html>\n",
        escape(diagnostics)
    );
    inject(page.as_bytes(), generation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let page = inject(b"<html><body><p>x</p></body></html>", 4);
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<html><body><p>x</p><script data-pv-bulletin-live-reload>"));
        assert!(page.ends_with("</script></body></html>"));
        assert!(page.contains("var g=4;"));
        let bare = String::from_utf8(inject(b"<p>no body tag</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>no body tag</p><script"));
    }

    #[test]
    fn diagnostics_are_escaped() {
        let page = failure_page("error: <script>alert(1)</script> & more", 2);
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert_eq!(page.matches("<script").count(), 1, "only the reload script");
    }

    #[test]
    fn a_poll_returns_when_a_build_finishes() {
        let live = std::sync::Arc::new(Live::default());
        assert_eq!(live.wait_past(0, Duration::from_millis(10)), 0, "times out");
        let waiter = {
            let live = live.clone();
            std::thread::spawn(move || live.wait_past(0, Duration::from_secs(30)))
        };
        live.finished(Some("error".into()));
        assert_eq!(waiter.join().unwrap(), 1);
        assert_eq!(live.now(), (1, Some("error".into())));
        assert_eq!(since("/__pv-bulletin/reload?since=17"), 17);
        assert_eq!(since("/__pv-bulletin/reload"), 0);
    }
}
