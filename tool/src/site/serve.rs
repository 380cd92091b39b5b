//! `cargo contracts serve`: a preview of the site on 127.0.0.1 that rebuilds on every change and reloads the page.
//!
//! Files are served only from `docs-site/public/`: the path is percent-decoded once, any `.`/`..` segment,
//! backslash or NUL is refused, and the file found must still be inside the folder once symbolic links are
//! resolved. While the contracts (or templates) have errors, every page shows them instead of stale content.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use annotate_snippets::Renderer;
use ed25519_dalek::SigningKey;
use tiny_http::{Header, Method, Request, Response, Server};

use contracts_core::limits::Limits;
use contracts_core::{CONTRACTS_DIR, check_dir};

/// The endpoint the open page polls; it answers the number of the latest build.
pub const GENERATION_PATH: &str = "/__contracts/generation";
/// The script `serve` adds to every HTML page it sends.
pub const RELOAD_SCRIPT_PATH: &str = "/__contracts/reload.js";

const RELOAD_SCRIPT: &str = r"// Live reload of `cargo contracts serve`: reloads the page when a new build is ready.
(function () {
  var script = document.currentScript;
  var seen = script ? script.getAttribute('data-generation') : null;
  function poll() {
    fetch('/__contracts/generation', { cache: 'no-store' })
      .then(function (response) { return response.text(); })
      .then(function (generation) {
        if (seen !== null && generation !== seen) { location.reload(); } else { setTimeout(poll, 300); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 300);
})();
";

/// What `serve` needs.
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub limits: Limits,
    pub key: Option<SigningKey>,
}

/// The state pages are served from: the build number, and the errors of the last build if it failed.
#[derive(Default)]
struct State {
    generation: u64,
    errors: Option<String>,
}

/// Builds the site, serves it, and rebuilds on changes until the process is stopped. `listening` is called
/// with the address as soon as the port is taken (before the first build, which can take a while), and `ready`
/// once the first build is done and pages are served.
pub fn run(
    options: Options,
    listening: impl FnOnce(SocketAddr),
    ready: impl FnOnce(SocketAddr, &str),
) -> Result<(), String> {
    let public = options.root.join(super::PUBLIC_DIR);
    let server = Server::http(("127.0.0.1", options.port)).map_err(|e| {
        format!(
            "cannot listen on 127.0.0.1:{}: {e}; choose another port with --port",
            options.port
        )
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "the server has no IP address".to_owned())?;
    let state = Arc::new(Mutex::new(State::default()));
    listening(address);
    let first = rebuild(&options, &state);
    ready(address, &first);

    let (sender, events) = mpsc::channel();
    let watcher = watch(&options.root, sender);
    let watching = match &watcher {
        Ok(_) => None,
        Err(error) => Some(error.clone()),
    };
    if let Some(error) = watching {
        eprintln!("warning: cannot watch for changes ({error}); restart `serve` to see edits");
    }
    {
        let state = Arc::clone(&state);
        let public = public.clone();
        std::thread::spawn(move || {
            while let Ok(first) = events.recv() {
                let mut relevant = is_relevant(&first, &public);
                // Editors save in bursts: wait until the folder is quiet for a moment.
                while let Ok(next) = events.recv_timeout(Duration::from_millis(150)) {
                    relevant |= is_relevant(&next, &public);
                }
                if relevant {
                    let line = rebuild(&options, &state);
                    eprintln!("{line}");
                }
            }
        });
    }
    let server = Arc::new(server);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            let public = public.clone();
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(request, &public, &state);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    drop(watcher);
    Ok(())
}

/// Checks and renders into `docs-site/public/`; records the outcome and a new build number.
fn rebuild(options: &Options, state: &Mutex<State>) -> String {
    let outcome = build_site(&options.root, &options.limits, options.key.as_ref());
    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
    state.generation += 1;
    match outcome {
        Ok(summary) => {
            state.errors = None;
            format!("site rebuilt: {summary}")
        }
        Err(errors) => {
            let line = "the site was not rebuilt: the page shows the errors".to_owned();
            eprint!("{errors}");
            state.errors = Some(errors);
            line
        }
    }
}

/// One build of the site for `serve`: `Err` holds the diagnostics (or template error) to show.
pub fn build_site(
    root: &Path,
    limits: &Limits,
    key: Option<&SigningKey>,
) -> Result<String, String> {
    let (registry, diagnostics) = check_dir(&root.join(CONTRACTS_DIR), limits);
    if diagnostics.has_errors() {
        return Err(diagnostics.render(&registry.sources, &Renderer::plain()));
    }
    let source = super::Source::Preview {
        registry: &registry,
    };
    match super::publish(root, source, key, &super::faults::Faults::none()) {
        Ok(report) => Ok(report.site.line()),
        Err(super::PublishError::Site(error)) => Err(format!("error: {error}\n")),
        Err(error) => Err(format!("error[io]: {error}\n")),
    }
}

fn watch(
    root: &Path,
    sender: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<notify::RecommendedWatcher, String> {
    use notify::{RecursiveMode, Watcher};
    let mut watcher = notify::recommended_watcher(sender).map_err(|e| e.to_string())?;
    let site = root.join(super::SITE_DIR);
    for (path, mode) in [
        (root.join(CONTRACTS_DIR), RecursiveMode::Recursive),
        (site.join("templates"), RecursiveMode::Recursive),
        (site.join("assets"), RecursiveMode::Recursive),
        (site.clone(), RecursiveMode::NonRecursive),
    ] {
        if path.exists() {
            watcher
                .watch(&path, mode)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(watcher)
}

/// A change to the sources of the site (not a read, and not the site's own output or staging folder).
fn is_relevant(event: &notify::Result<notify::Event>, public: &Path) -> bool {
    let work = public.with_file_name(
        Path::new(super::publish::WORK_DIR)
            .file_name()
            .unwrap_or_default(),
    );
    match event {
        Ok(event) => {
            !matches!(event.kind, notify::EventKind::Access(_))
                && event
                    .paths
                    .iter()
                    .any(|p| !p.starts_with(public) && !p.starts_with(&work))
        }
        Err(_) => true,
    }
}

/// Adds a header (every name and value here is plain ASCII, so none is ever dropped).
trait AndHeader: Sized {
    fn and_header(self, name: &str, value: &str) -> Self;
}

impl<R: std::io::Read> AndHeader for Response<R> {
    fn and_header(self, name: &str, value: &str) -> Self {
        match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            Ok(header) => self.with_header(header),
            Err(()) => self,
        }
    }
}

fn handle(request: Request, public: &Path, state: &Mutex<State>) {
    let (generation, errors) = {
        let state = state.lock().unwrap_or_else(PoisonError::into_inner);
        (state.generation, state.errors.clone())
    };
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let is_head = *request.method() == Method::Head;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text_response(405, "only GET and HEAD are served\n"));
        return;
    }
    if path == GENERATION_PATH {
        let response =
            text_response(200, &generation.to_string()).and_header("Cache-Control", "no-store");
        let _ = request.respond(response);
        return;
    }
    if path == RELOAD_SCRIPT_PATH {
        let response = Response::from_data(RELOAD_SCRIPT.as_bytes().to_vec())
            .and_header("Content-Type", "text/javascript; charset=utf-8")
            .and_header("Cache-Control", "no-store");
        let _ = request.respond(response);
        return;
    }
    if let Some(errors) = errors {
        let page = errors_page(&errors, generation);
        let response = Response::from_data(page.into_bytes())
            .with_status_code(500)
            .and_header("Content-Type", "text/html; charset=utf-8")
            .and_header("Cache-Control", "no-store");
        let _ = request.respond(response);
        return;
    }
    let file = match resolve(public, path) {
        Resolved::File(file) => file,
        Resolved::Redirect(location) => {
            let response = Response::empty(301).and_header("Location", &location);
            let _ = request.respond(response);
            return;
        }
        Resolved::Refused => {
            let _ = request.respond(text_response(400, "bad request path\n"));
            return;
        }
        Resolved::NotFound => {
            let _ = request.respond(text_response(404, "not found\n"));
            return;
        }
    };
    let Ok(mut bytes) = std::fs::read(&file) else {
        let _ = request.respond(text_response(404, "not found\n"));
        return;
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        bytes = inject_reload(&bytes, generation);
    }
    let mut response = Response::from_data(if is_head { Vec::new() } else { bytes })
        .and_header("Content-Type", content_type)
        .and_header("Cache-Control", "no-store")
        .and_header("X-Content-Type-Options", "nosniff");
    if is_head {
        response = response.with_status_code(200);
    }
    let _ = request.respond(response);
}

fn text_response(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .and_header("Content-Type", "text/plain; charset=utf-8")
}

/// Where a request path leads inside the site folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked without its trailing `/`: relative links need it.
    Redirect(String),
    /// A path that tries to leave the folder, or is malformed.
    Refused,
    NotFound,
}

/// Maps a request path (as sent, percent-encoded) to a file inside `public`.
pub fn resolve(public: &Path, raw: &str) -> Resolved {
    if !raw.starts_with('/') {
        return Resolved::Refused;
    }
    let Some(decoded) = percent_decode(raw) else {
        return Resolved::Refused;
    };
    if decoded.contains(['\\', '\0']) {
        return Resolved::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Resolved::Refused;
    }
    let mut file = public.to_path_buf();
    for segment in &segments {
        file.push(segment);
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{raw}/"));
        }
        file.push("index.html");
    }
    let (Ok(base), Ok(found)) = (public.canonicalize(), file.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !found.starts_with(&base) || !found.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(found)
}

/// `%XX` decoded once; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let well_formed = raw.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "yaml" | "yml" => "application/yaml",
        "md" | "txt" | "pem" | "rs" | "toml" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gz" => "application/gzip",
        _ if path.file_name().is_some_and(|n| n == super::bundle::SUMS) => {
            "text/plain; charset=utf-8"
        }
        _ => "application/octet-stream",
    }
}

fn reload_tag(generation: u64) -> String {
    format!("<script src=\"{RELOAD_SCRIPT_PATH}\" data-generation=\"{generation}\"></script>")
}

/// The page with the live-reload script before `</body>` (or at the end).
fn inject_reload(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = reload_tag(generation);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The page shown while the contracts or templates have errors.
fn errors_page(errors: &str, generation: u64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Errors in the contracts</title><link rel=\"icon\" href=\"data:,\">\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}}pre{{background:#fff4f4;border:1px solid #d33;padding:1rem;overflow:auto;white-space:pre-wrap}}</style>\
         </head><body><main><h1>The site was not rebuilt</h1>\
         <p>Fix these errors (the same as <code>cargo contracts check</code> reports); the page reloads when they are fixed.</p>\
         <pre id=\"diagnostics\">{}</pre></main>{}</body></html>\n",
        handlebars::html_escape(errors),
        reload_tag(generation)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site_folder() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("en")).unwrap();
        std::fs::write(public.join("index.html"), "home").unwrap();
        std::fs::write(public.join("en/index.html"), "en").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let index = public.join("index.html").canonicalize().unwrap();
        assert_eq!(resolve(&public, "/"), Resolved::File(index.clone()));
        assert_eq!(resolve(&public, "/index.html"), Resolved::File(index));
        assert_eq!(
            resolve(&public, "/en"),
            Resolved::Redirect("/en/".to_owned())
        );
        for attack in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/en/..%2f..%2fsecret.txt",
            "/.%2e/secret.txt",
            "/..%5csecret.txt",
            "/%5c..%5csecret.txt",
            "/en/%00",
            "/%zz",
            "/%c0%ae%c0%ae/secret.txt",
            "secret.txt",
        ] {
            assert_eq!(resolve(&public, attack), Resolved::Refused, "{attack}");
        }
        // Decoded once only: `%252e` is a file literally named `%2e`, which does not exist.
        assert_eq!(
            resolve(&public, "/%252e%252e/secret.txt"),
            Resolved::NotFound
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), public.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&public, "/link.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_body_ends() {
        let page = inject_reload(b"<html><body><p>x</p></body></html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.ends_with("data-generation=\"7\"></script></body></html>"),
            "{page}"
        );
    }

    #[test]
    fn the_errors_page_escapes_the_diagnostics() {
        let page = errors_page("error: <script>alert(1)</script> & \"x\"", 1);
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    }
}
