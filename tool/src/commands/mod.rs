//! One file per command of `cargo contracts`: each loads what it needs, does its work, reports on the standard
//! streams and returns the process exit status. This file dispatches and holds what they share.

mod bench;
mod build;
mod check;
mod coverage;
mod diff;
mod import;
mod keygen;
mod probe;
mod release;
mod reuse;
mod sandbox;
mod serve;
mod validate;
mod verify;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use annotate_snippets::Renderer;

use contracts_core::diagnostic::{Code, Diagnostics};
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::{CONTRACTS_DIR, check_dir, find_project_root};

use crate::cli::{Cli, Color, Command, Format};

/// Exit status: contracts are clean.
pub const OK: u8 = 0;
/// Exit status: the contracts have errors, or `build --check` found stale outputs.
pub const CONTRACT_ERRORS: u8 = 1;
/// Exit status: bad usage, or a file could not be read or written.
pub const USAGE_OR_IO: u8 = 2;

/// Runs the command `cli` names and returns the exit status.
pub fn run(cli: &Cli) -> u8 {
    match &cli.command {
        Command::Keygen { out_dir, name } => return keygen::run(out_dir, name),
        Command::Verify { bundle, public_key } => return verify::run(bundle, public_key),
        _ => {}
    }
    let Some(root) = project_root(cli) else {
        eprintln!(
            "error[registry-not-found]: no `{CONTRACTS_DIR}/registry.yaml` here or in any parent folder\n  = help: run the command inside the project, or pass --root <DIR>"
        );
        return USAGE_OR_IO;
    };
    let limits = match Limits::from_env() {
        Ok(limits) => limits,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE_OR_IO;
        }
    };
    match &cli.command {
        Command::Bench {
            validation: true,
            payloads,
            ..
        } => return bench::validation(&root, *payloads as usize, &limits),
        Command::Bench {
            sizes,
            keep,
            runs,
            measure,
            step,
            ..
        } => {
            return bench::run(
                &root,
                sizes,
                keep.as_deref(),
                *runs,
                measure.as_deref(),
                step.as_deref(),
                &limits,
            );
        }
        Command::Serve { port, sign_key } => {
            return serve::run(&root, *port, limits.clone(), sign_key.as_deref());
        }
        Command::Release {
            level,
            dry_run,
            effective,
        } => {
            let options = release::Options {
                dry_run: *dry_run,
                effective: effective.as_deref(),
            };
            return release::run(&root, *level, &options, cli.color, &limits);
        }
        Command::Import { source } => return import::run(&root, source, &limits),
        _ => {}
    }
    let (registry, mut diagnostics) = {
        let _step = crate::progress::Step::start("checking the registry");
        check_dir(&root.join(CONTRACTS_DIR), &limits)
    };
    if cli.deny_warnings {
        diagnostics.deny_warnings();
    }
    match &cli.command {
        Command::Check { format } => {
            check::run(&root, &registry, diagnostics, *format, cli.color, &limits)
        }
        Command::Diff { from, to, format } => {
            let _step = crate::progress::Step::start("comparing the two versions of the registry");
            diff::run(
                &root,
                registry,
                diagnostics,
                diff::Sides {
                    from: from.as_deref(),
                    to,
                },
                *format,
                cli.color,
                &limits,
            )
        }
        Command::Sandbox {
            action,
            port,
            bind,
            data,
            site_url,
            conformant_after,
            read_timeout,
        } => {
            if refuse_on_errors(&registry, &diagnostics, cli.color) {
                return status_of(&diagnostics);
            }
            let serve = sandbox::Serve {
                port: *port,
                bind: *bind,
                data: data.as_deref(),
                site_url,
                conformant_after: *conformant_after,
                read_timeout: *read_timeout,
            };
            sandbox::run(&root, registry, action.as_ref(), &serve)
        }
        Command::Build { check, sign_key } => {
            // The same findings as `check`, version checks included: a failing check writes nothing.
            let diagnostics = check::with_version_checks(&root, &registry, diagnostics, &limits);
            if refuse_on_errors(&registry, &diagnostics, cli.color) {
                eprintln!("nothing was written: fix the errors above first");
                return status_of(&diagnostics);
            }
            let _step = crate::progress::Step::start(if *check {
                "comparing generated/ with what the contracts produce"
            } else {
                "writing generated/ and the website"
            });
            build::run(&root, registry, &limits, *check, sign_key.as_deref())
        }
        command => {
            if diagnostics.has_errors() {
                report(&registry, &diagnostics, Format::Text, cli.color);
                return status_of(&diagnostics);
            }
            match command {
                Command::Validate {
                    target,
                    payload,
                    response,
                    record,
                    batch,
                    max_bytes,
                    max_violations,
                    format,
                    strict_legal,
                } => validate::run(
                    &registry,
                    &validate::Request {
                        target: target.as_deref(),
                        payload: payload.as_deref(),
                        response: *response,
                        record: record.as_deref(),
                        batch: batch.as_deref(),
                        limits: contracts_core::payload::Limits {
                            max_bytes: *max_bytes,
                            max_violations: *max_violations,
                        },
                        format: *format,
                        strict_legal: *strict_legal,
                    },
                ),
                Command::Coverage { format, uncovered } => {
                    coverage::run(&registry, *format, *uncovered)
                }
                Command::Reuse {
                    procedure,
                    database,
                    format,
                } => reuse::run(
                    &registry,
                    procedure.as_deref(),
                    database.as_deref(),
                    *format,
                ),
                Command::Probe {
                    base_url,
                    contracts,
                    headers,
                    timeout,
                    format,
                } => probe::run(&registry, base_url, contracts, headers, *timeout, *format),
                _ => unreachable!("every other command returned above"),
            }
        }
    }
}

/// Reports the findings of `check` before a command that writes, and says whether it must stop: errors stop it,
/// warnings are shown and let it go on.
fn refuse_on_errors(registry: &Registry, diagnostics: &Diagnostics, color: Color) -> bool {
    if !diagnostics.is_empty() {
        report(registry, diagnostics, Format::Text, color);
    }
    diagnostics.has_errors()
}

fn project_root(cli: &Cli) -> Option<PathBuf> {
    match &cli.root {
        Some(root) => root
            .join(CONTRACTS_DIR)
            .join("registry.yaml")
            .is_file()
            .then(|| root.clone()),
        None => find_project_root(&std::env::current_dir().ok()?),
    }
}

/// The exit status of a set of findings: I/O problems first, then errors.
fn status_of(diagnostics: &Diagnostics) -> u8 {
    if diagnostics.iter().any(|d| d.code == Code::Io) {
        USAGE_OR_IO
    } else if diagnostics.has_errors() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}

/// Prints findings rustc-style on stderr, or as JSON on stdout.
fn report(registry: &Registry, diagnostics: &Diagnostics, format: Format, color: Color) {
    match format {
        Format::Json => {
            let json = diagnostics.to_json(&registry.sources);
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            let _ = writeln!(std::io::stdout(), "{text}");
        }
        Format::Text => {
            let _ = write!(
                std::io::stderr(),
                "{}",
                diagnostics.render(&registry.sources, &renderer(color))
            );
        }
    }
}

/// The diagnostics renderer for stderr: styled when it is a terminal and `NO_COLOR` is not set, or as asked.
fn renderer(color: Color) -> Renderer {
    let styled = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}
