//! Headless Chromium driven through the `headless_chrome` crate: one browser per test binary, one tab per test,
//! reused from page to page.
//!
//! The browser is Debian's `chromium` (or `CHROMIUM`), started once and shared by the tests of a binary that run
//! at the same time; it stops when the last of them drops its [`Browser`]. Console errors and warnings,
//! uncaught exceptions, failed loads and dialogs are collected as the tab reports them.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Page, Runtime};
use headless_chrome::{LaunchOptions, Tab};
use serde_json::{Value, json};

/// The Chromium to drive: `CHROMIUM`, or the first of the usual names found on the `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// What a page reported while it was open.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    /// Console errors and warnings, uncaught exceptions, failed loads, dialogs (`alert`).
    pub messages: Vec<String>,
}

/// The browser the tests of this binary share while any of them runs.
static SHARED: Mutex<Weak<headless_chrome::Browser>> = Mutex::new(Weak::new());

/// How long one command or wait may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The shared browser, started when no test holds it.
fn shared(chromium: &Path) -> Arc<headless_chrome::Browser> {
    let mut slot = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(browser) = slot.upgrade() {
        return browser;
    }
    let args: Vec<&OsStr> = [
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--mute-audio",
        "--allow-file-access-from-files",
        "--lang=vi",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chromium.to_path_buf()),
        window_size: Some((1280, 900)),
        idle_browser_timeout: Duration::from_secs(600),
        args,
        ..LaunchOptions::default()
    };
    let browser = Arc::new(
        headless_chrome::Browser::new(options)
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display())),
    );
    *slot = Arc::downgrade(&browser);
    browser
}

/// One tab of the shared browser.
pub struct Browser {
    tab: Arc<Tab>,
    problems: Arc<Mutex<Vec<String>>>,
    /// `load` events fired in the tab so far, and how many a wait has already taken.
    loads: Arc<AtomicU64>,
    seen_loads: u64,
    _browser: Arc<headless_chrome::Browser>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}

impl Browser {
    /// Opens a tab of 1280 × 900 pixels in the shared browser (started on first use).
    pub fn start(chromium: &Path) -> Browser {
        let browser = shared(chromium);
        let tab = browser
            .new_tab()
            .unwrap_or_else(|e| panic!("cannot open a tab: {e}"));
        tab.set_default_timeout(TIMEOUT);
        tab.enable_runtime()
            .and_then(|t| t.enable_log())
            .unwrap_or_else(|e| panic!("cannot listen to the tab: {e}"));
        let problems = Arc::new(Mutex::new(Vec::new()));
        let loads = Arc::new(AtomicU64::new(0));
        let listener = {
            let problems = Arc::clone(&problems);
            let loads = Arc::clone(&loads);
            let tab = Arc::downgrade(&tab);
            move |event: &Event| {
                if matches!(event, Event::PageLoadEventFired(_)) {
                    loads.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                if let Some(problem) = problem(event) {
                    problems
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(problem);
                }
                if matches!(event, Event::PageJavascriptDialogOpening(_)) {
                    dismiss(tab.clone());
                }
            }
        };
        tab.add_event_listener(Arc::new(listener))
            .unwrap_or_else(|e| panic!("cannot listen to the tab: {e}"));
        let mut browser = Browser {
            tab,
            problems,
            loads,
            seen_loads: 0,
            _browser: browser,
        };
        browser.viewport(1280, 900, false);
        browser
    }

    /// Everything reported since the last call, emptied.
    pub fn take_problems(&mut self) -> Problems {
        // Let late events (console messages of scripts run at load) arrive.
        std::thread::sleep(Duration::from_millis(20));
        let mut problems = self.problems.lock().unwrap_or_else(PoisonError::into_inner);
        Problems {
            messages: std::mem::take(&mut *problems),
        }
    }

    pub fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .unwrap_or_else(|e| panic!("cannot set the viewport to {width}×{height}: {e}"));
    }

    /// Emulates a CSS media type (`print`), or none (`""`).
    pub fn media(&mut self, media: &str) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.to_owned()),
                features: None,
            })
            .unwrap_or_else(|e| panic!("cannot emulate the media `{media}`: {e}"));
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        self.seen_loads = self.loads.load(Ordering::SeqCst);
        let navigated = self
            .tab
            .call_method(Page::Navigate {
                url: url.to_owned(),
                referrer: None,
                transition_Type: None,
                frame_id: None,
                referrer_policy: None,
            })
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        if let Some(error) = navigated.error_text {
            panic!("{url}: {error}");
        }
        self.wait_for_load(url);
    }

    /// Waits for the next `load` event (after a navigation the page started itself, too).
    pub fn wait_for_load(&mut self, what: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.loads.load(Ordering::SeqCst) <= self.seen_loads {
            assert!(
                Instant::now() < deadline,
                "{what}: the page did not load within 30 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        self.seen_loads = self.loads.load(Ordering::SeqCst);
    }

    /// Evaluates a JavaScript expression in the page and returns its value (promises awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .tab
            .call_method(evaluate(expression))
            .unwrap_or_else(|e| panic!("`{expression}`: {e}"));
        if let Some(exception) = result.exception_details {
            panic!(
                "`{expression}` threw {}",
                exception
                    .exception
                    .and_then(|e| e.description)
                    .unwrap_or(exception.text)
            );
        }
        result.result.value.unwrap_or(Value::Null)
    }

    /// Polls `expression` until it is `true`, for up to `seconds`.
    pub fn wait_until(&mut self, expression: &str, seconds: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            let value = self
                .tab
                .call_method(evaluate(expression))
                .ok()
                .and_then(|r| r.result.value);
            if value == Some(Value::Bool(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// A PNG of the whole page, at the current width.
    pub fn screenshot(&mut self, file: &Path) {
        let height = self
            .eval("Math.ceil(document.documentElement.scrollHeight)")
            .as_u64()
            .unwrap_or(900)
            .clamp(200, 8000);
        let width = self.eval("window.innerWidth").as_u64().unwrap_or(1280);
        self.capture(file, (0.0, 0.0, width as f64, height as f64));
    }

    /// A PNG of the first element that `selector` finds (at most 2000 pixels of it).
    pub fn screenshot_of(&mut self, selector: &str, file: &Path) {
        let rect = self.eval(&format!(
            "(() => {{ const r = document.querySelector({}).getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }})()",
            serde_json::to_string(selector).unwrap_or_default()
        ));
        let at = |i: usize| rect[i].as_f64().unwrap_or(0.0);
        self.capture(
            file,
            (at(0), at(1), at(2).max(1.0), at(3).clamp(1.0, 2000.0)),
        );
    }

    fn capture(&mut self, file: &Path, (x, y, width, height): (f64, f64, f64, f64)) {
        let shot = self
            .tab
            .call_method(Page::CaptureScreenshot {
                format: Some(Page::CaptureScreenshotFormatOption::Png),
                quality: None,
                clip: Some(Page::Viewport {
                    x,
                    y,
                    width,
                    height,
                    scale: 1.0,
                }),
                from_surface: Some(true),
                capture_beyond_viewport: Some(true),
                optimize_for_speed: None,
            })
            .unwrap_or_else(|e| panic!("cannot take a screenshot: {e}"));
        let bytes =
            base64_decode(&shot.data).unwrap_or_else(|| panic!("the screenshot is not base64"));
        assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(file, bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// `Runtime.evaluate` of `expression`, its value returned as JSON, promises awaited.
fn evaluate(expression: &str) -> Runtime::Evaluate {
    Runtime::Evaluate {
        expression: expression.to_owned(),
        object_group: None,
        include_command_line_api: None,
        silent: None,
        context_id: None,
        return_by_value: Some(true),
        generate_preview: None,
        user_gesture: Some(true),
        await_promise: Some(true),
        throw_on_side_effect: None,
        timeout: None,
        disable_breaks: None,
        repl_mode: None,
        allow_unsafe_eval_blocked_by_csp: None,
        unique_context_id: None,
        serialization_options: None,
    }
}

/// Accepts the dialog a page opened, from another thread (the listener must not wait for the browser).
fn dismiss(tab: Weak<Tab>) {
    std::thread::spawn(move || {
        if let Some(tab) = tab.upgrade() {
            let _ = tab.call_method(Page::HandleJavaScriptDialog {
                accept: true,
                prompt_text: None,
            });
        }
    });
}

/// The problem an event reports, if any.
fn problem(event: &Event) -> Option<String> {
    match event {
        Event::RuntimeConsoleAPICalled(called) => {
            let params = serde_json::to_value(&called.params).ok()?;
            if !matches!(
                params["type"].as_str(),
                Some("error" | "warning" | "assert")
            ) {
                return None;
            }
            let text: Vec<String> = params["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| {
                    a["value"]
                        .as_str()
                        .map_or_else(|| a["description"].to_string(), str::to_owned)
                })
                .collect();
            Some(format!("console {}: {}", params["type"], text.join(" ")))
        }
        Event::RuntimeExceptionThrown(thrown) => Some(format!(
            "exception: {}",
            serde_json::to_value(&thrown.params.exception_details).unwrap_or_default()
        )),
        Event::LogEntryAdded(added) => {
            let entry = serde_json::to_value(&added.params.entry).ok()?;
            matches!(entry["level"].as_str(), Some("error" | "warning"))
                .then(|| format!("log {}: {} {}", entry["level"], entry["text"], entry["url"]))
        }
        Event::PageJavascriptDialogOpening(opening) => {
            Some(format!("dialog opened: {}", json!(opening.params.message)))
        }
        _ => None,
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64, ignoring whitespace; `None` when it is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    let mut padding = 0;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None;
        }
        let value = ALPHABET.iter().position(|a| *a == c)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    (padding <= 2).then_some(out)
}
