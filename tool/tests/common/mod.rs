//! Helpers shared by the command-line and website tests: projects in temporary folders, and running the `contracts` binary.
#![allow(dead_code)]

pub mod chromium;
pub mod editions;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub use contracts_tests::{copy_tree, files_under};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A project in a temporary folder: the `contracts/` of `fixture` (a folder holding `contracts/`) and the
/// workspace's website theme (`docs-site/` without `public/` and the build's work folder).
pub fn project_with_site(fixture: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&fixture.join("contracts"), &dir.path().join("contracts"));
    let theme = files_under(&workspace().join("docs-site"));
    for (name, bytes) in theme
        .iter()
        .filter(|(name, _)| !name.starts_with("public/") && !name.starts_with(".public-build/"))
    {
        let target = dir.path().join("docs-site").join(name);
        fs::create_dir_all(target.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&target, bytes).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
    dir
}

pub fn contracts() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_contracts"));
    command
        .args(["--color", "never"])
        .env_remove("CONTRACTS_ROOT")
        .env_remove("CONTRACTS_SIGN_KEY");
    command
}

pub fn run(root: &Path, args: &[&str]) -> Output {
    contracts()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run contracts: {e}"))
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the project and returns its `docs-site/public/`.
pub fn build_site(root: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let output = run(root, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    root.join("docs-site/public")
}

/// Where test artifacts go: `target/site-tests/<name>` of the workspace (or `CARGO_TARGET_DIR`).
pub fn artifacts(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let dir = target.join("site-tests").join(name);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// A running `contracts serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(root: &Path) -> Server {
    let child = contracts()
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Owned by the guard from here on, so that a failure below still stops the process.
    let mut server = Server { child, port: 0 };
    let stderr = server
        .child
        .stderr
        .take()
        .unwrap_or_else(|| panic!("no stderr"));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stderr);
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut reader, &mut line).is_ok_and(|n| n > 0) {
            let _ = sender.send(line.clone());
            line.clear();
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = receiver
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("serve did not start"));
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            server.port = rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            return server;
        }
    }
}

/// One raw HTTP/1.0 request, exactly as written (clients would normalise `../`): status and body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap_or_else(|e| panic!("{e}"));
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// The files of a built site, to check its links.
pub struct SiteLinks {
    pages: std::collections::BTreeMap<String, Vec<u8>>,
}

impl SiteLinks {
    pub fn read(public: &Path) -> SiteLinks {
        SiteLinks {
            pages: files_under(public),
        }
    }

    /// Every `href`/`src` of the site's HTML pages that is not external, with the page it is on.
    pub fn all(&self) -> Vec<(String, String)> {
        let attribute =
            regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        for (page, bytes) in self
            .pages
            .iter()
            .filter(|(name, _)| name.ends_with(".html"))
        {
            let text = String::from_utf8_lossy(bytes);
            for capture in attribute.captures_iter(&text) {
                let link = capture[1].replace("&amp;", "&");
                if !["http://", "https://", "data:"]
                    .iter()
                    .any(|p| link.starts_with(p))
                {
                    out.push((page.clone(), link));
                }
            }
        }
        out
    }

    /// Resolves a relative link of `page` to a file of the site; why it is broken when that file, or the element
    /// with its anchor, does not exist: `page: link → why`.
    pub fn check(&self, page: &str, link: &str) -> Result<(), String> {
        let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
        let mut parts: Vec<&str> = page.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        if path.is_empty() {
            parts.push(file);
        }
        for segment in path.split('?').next().unwrap_or_default().split('/') {
            match segment {
                ".." => {
                    parts
                        .pop()
                        .ok_or_else(|| format!("{page}: {link} → leaves the site"))?;
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        let target = parts.join("/");
        let bytes = self
            .pages
            .get(&target)
            .ok_or_else(|| format!("{page}: {link} → no file {target}"))?;
        if !fragment.is_empty()
            && !String::from_utf8_lossy(bytes).contains(&format!("id=\"{fragment}\""))
        {
            return Err(format!("{page}: {link} → no id `{fragment}` in {target}"));
        }
        Ok(())
    }

    /// Every link `keep` keeps that leads to no file, or to no element with its anchor, one line each.
    pub fn broken(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        self.all()
            .iter()
            .filter(|(page, _)| keep(page))
            .filter_map(|(page, link)| self.check(page, link).err())
            .collect()
    }
}

/// Every relative link (`href`, `src`) of the site's HTML pages that leads to no file, or to no element with
/// its anchor, one line each: `page: link → why`.
pub fn broken_links(public: &Path) -> Vec<String> {
    SiteLinks::read(public).broken(|_| true)
}
