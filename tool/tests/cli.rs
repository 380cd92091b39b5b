//! The `contracts` command line as users run it: exit statuses, output streams and what `build` writes.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{copy_tree, files_under, run, stderr, workspace};

/// A copy of the bundled project (contracts and generated outputs) in a temporary folder.
fn copy_of_bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for folder in ["contracts", "generated"] {
        copy_tree(&workspace().join(folder), &dir.path().join(folder));
    }
    dir
}

#[test]
fn check_exits_0_on_the_bundled_registry() {
    let output = run(&workspace(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("no problems found"));
}

#[test]
fn the_committed_generated_folder_is_what_the_contracts_produce() {
    let output = run(&workspace(), &["build", "--check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "run `cargo contracts build` and commit generated/:\n{}",
        stderr(&output)
    );
}

#[test]
fn check_exits_1_with_every_error_on_stderr() {
    let output = run(&workspace().join("tests/fixtures/broken"), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[record-cycle]"));
    assert!(text.contains("--> contracts/contracts/sync.yaml:21:20"));
    assert!(text.trim_end().ends_with("37 errors, 2 warnings"));
    assert!(output.stdout.is_empty());
}

#[test]
fn check_json_goes_to_stdout() {
    let output = run(
        &workspace().join("tests/fixtures/broken"),
        &["check", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["errors"], 37);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(39));
}

#[test]
fn exits_2_without_a_registry_or_with_bad_usage() {
    let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run(empty.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("registry-not-found"));
    assert_eq!(run(&workspace(), &["frobnicate"]).status.code(), Some(2));
    let bad_limit = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(["--root"])
        .arg(workspace())
        .arg("check")
        .env("CONTRACTS_MAX_DEPTH", "deep")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad_limit.status.code(), Some(2));
}

#[test]
fn build_writes_only_what_changed_and_removes_stale_files() {
    let project = copy_of_bundled();
    let generated = project.path().join("generated");
    let output = run(project.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 files written"),
        "{}",
        stderr(&output)
    );

    fs::write(generated.join("schema/contract-format.schema.json"), "{}")
        .unwrap_or_else(|e| panic!("{e}"));
    fs::write(generated.join("schema/old.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
    let check = run(project.path(), &["build", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("stale:       generated/schema/old.json"));
    assert!(
        generated.join("schema/old.json").exists(),
        "--check must write nothing"
    );

    let output = run(project.path(), &["build"]);
    let summary = stderr(&output);
    // After the note that the migration guides are kept (the copy has no git history).
    assert!(
        summary
            .lines()
            .any(|line| line.starts_with("1 file written, ")
                && line.ends_with(" unchanged, 1 removed")),
        "{summary}"
    );
    assert!(!generated.join("schema/old.json").exists());
    assert_eq!(
        run(project.path(), &["build", "--check"]).status.code(),
        Some(0)
    );
}

#[test]
fn build_writes_nothing_when_check_finds_errors() {
    let project = copy_of_bundled();
    let before = fs::read(project.path().join("generated/README.md")).unwrap_or_default();
    fs::write(project.path().join("generated/README.md"), b"edited")
        .unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        project
            .path()
            .join("contracts/owners/vpcp/records/broken.yaml"),
        "record:\n  id: broken\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(project.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nothing was written"));
    assert_eq!(
        fs::read(project.path().join("generated/README.md")).unwrap_or_default(),
        b"edited"
    );
    assert_ne!(before, b"edited");
}

#[test]
fn coverage_exits_1_on_a_gap_and_prints_to_stdout() {
    let output = run(
        &workspace().join("tests/fixtures/coverage"),
        &["coverage", "--uncovered"],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("10.1.c"));
    assert!(
        !text.contains("10.1.a "),
        "--uncovered lists only gaps: {text}"
    );
    let json = run(
        &workspace().join("tests/fixtures/coverage"),
        &["coverage", "--format", "json"],
    );
    let value: serde_json::Value =
        serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["covered"], 2);
}

/// `--batch` reads one payload per line and writes one JSON line each, then a summary; `--record` checks a bare
/// record; over-long lines and payloads beyond the limits get a clear verdict of their own.
#[test]
fn validate_checks_batches_records_and_limits() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opencps =
        fs::read_to_string(workspace().join("tests/fixtures/payloads/dongbohosomc-opencps.json"))
            .unwrap_or_default();
    let one_line: serde_json::Value = serde_json::from_str(&opencps).unwrap_or_default();
    let batch = dir.path().join("batch.ndjson");
    let long = format!("{{\"session\": \"{}\"}}", "x".repeat(3000));
    fs::write(
        &batch,
        format!("{one_line}\n\n{{\"session\": 1}}\nnot json\n{long}\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(
        &workspace(),
        &[
            "validate",
            "dossier-sync",
            "--batch",
            &batch.to_string_lossy(),
            "--max-bytes",
            "2000",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let verdicts: Vec<(u64, bool)> = lines[..4]
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap_or_default(),
                l["valid"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [(1, true), (3, false), (4, false), (5, false)],
        "{lines:#?}"
    );
    assert!(
        lines[2]["violations"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("not valid JSON")
    );
    assert!(
        lines[3]["violations"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("more than the limit of 2000")
    );
    assert_eq!(
        lines[4]["summary"],
        serde_json::json!({"payloads": 4, "valid": 1, "invalid": 3})
    );
    assert!(
        stderr(&output).contains("validated 4 payloads"),
        "{}",
        stderr(&output)
    );

    let record = dir.path().join("fee.json");
    fs::write(&record, r#"{"TenPhiLePhi": "Lệ phí", "Gia": "-5"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run(
        &workspace(),
        &[
            "validate",
            "--record",
            "fee-line",
            &record.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/Gia: -5 is less than the minimum of 0"),
        "{}",
        stderr(&output)
    );
    let output = run(
        &workspace(),
        &["validate", "--record", "fee-lin", &record.to_string_lossy()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `fee-line`?"),
        "{}",
        stderr(&output)
    );

    let output = run(
        &workspace(),
        &[
            "validate",
            "dossier-sync",
            "--max-violations",
            "1",
            &batch.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not valid JSON"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn validate_lists_every_violation_with_label_and_provision() {
    let payloads = workspace().join("tests/fixtures/payloads");
    let valid = run(
        &workspace(),
        &[
            "validate",
            "dossier-sync",
            &payloads.join("dongbohosomc-opencps.json").to_string_lossy(),
        ],
    );
    assert_eq!(valid.status.code(), Some(0), "{}", stderr(&valid));
    let broken = payloads.join("dongbohosomc-broken.json");
    let invalid = run(
        &workspace(),
        &["validate", "dossier-sync@1.0.1", &broken.to_string_lossy()],
    );
    assert_eq!(invalid.status.code(), Some(1));
    let text = stderr(&invalid);
    assert!(
        text.contains(
            "/data/0/NgayTiepNhan: `2026-01-14 09:15:00` is not in the wire format `yyyyMMddHHmmss`"
        ),
        "{text}"
    );
    assert!(
        text.contains("required field `MaHoSo` is missing"),
        "{text}"
    );
    assert!(text.contains("invalid: 7 violations"), "{text}");
    let json = run(
        &workspace(),
        &[
            "validate",
            "dossier-sync",
            &broken.to_string_lossy(),
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value =
        serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["valid"], false);
    assert_eq!(value["violations"][1]["label"]["en"], "Dossier code");
    assert_eq!(
        run(&workspace(), &["validate", "no-such-contract", "x.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(
            &workspace(),
            &["validate", "dossier-sync@9.9.9", &broken.to_string_lossy()]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn limits_are_set_through_the_environment() {
    let output = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .arg("--root")
        .arg(workspace())
        .args(["--color", "never", "check"])
        .env("CONTRACTS_MAX_FILE_BYTES", "2000")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[file-too-large]"), "{text}");
    assert!(text.contains("CONTRACTS_MAX_FILE_BYTES"), "{text}");
}

fn copy_contracts_reversed(to: &Path) {
    let source = workspace().join("contracts");
    let mut files: Vec<String> = files_under(&source).into_keys().collect();
    files.reverse();
    for name in files {
        let target = to.join("contracts").join(&name);
        fs::create_dir_all(target.parent().unwrap_or(to)).unwrap_or_else(|e| panic!("{e}"));
        fs::copy(source.join(&name), target).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Two builds from different folders, file creation orders, locales, time zones and thread counts give
/// byte-identical outputs, identical to the committed ones.
#[test]
fn builds_are_byte_identical_across_folders_locales_and_orders() {
    let first = copy_of_bundled();
    let second = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_contracts_reversed(second.path());
    copy_tree(
        &workspace().join("generated"),
        &second.path().join("generated"),
    );
    fs::remove_dir_all(first.path().join("generated/jsonschema")).unwrap_or_else(|e| panic!("{e}"));
    let settings: [(&Path, &str, &str, &str); 2] = [
        (first.path(), "C", "UTC", "1"),
        (second.path(), "vi_VN.UTF-8", "Asia/Ho_Chi_Minh", "7"),
    ];
    for (root, locale, zone, threads) in settings {
        let output = Command::new(env!("CARGO_BIN_EXE_contracts"))
            .arg("--root")
            .arg(root)
            .arg("build")
            .env("LC_ALL", locale)
            .env("LANG", locale)
            .env("TZ", zone)
            .env("RAYON_NUM_THREADS", threads)
            .env_remove("CONTRACTS_ROOT")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let committed = files_under(&workspace().join("generated"));
    assert!(
        files_under(&first.path().join("contracts")) == files_under(&workspace().join("contracts")),
        "build never writes under contracts/"
    );
    let one = files_under(&first.path().join("generated"));
    let two = files_under(&second.path().join("generated"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &committed {
        assert!(
            one[name] == *bytes && two[name] == *bytes,
            "{name} differs between builds"
        );
    }
}

/// Kills `build` with SIGKILL at many points of the bundled registry's build: after every kill each file
/// of `generated/` is the complete old or the complete new version (or a leftover temporary file, which the
/// next build removes), `contracts/` is untouched, and a final build repairs everything.
#[test]
fn interrupted_builds_leave_whole_files_and_the_next_build_repairs_them() {
    let project = copy_of_bundled();
    let root = project.path();
    fs::remove_dir_all(root.join("generated")).unwrap_or_else(|e| panic!("{e}"));
    let started = std::time::Instant::now();
    assert_eq!(run(root, &["build"]).status.code(), Some(0));
    let full_build = started.elapsed();
    let old = files_under(&root.join("generated"));

    for (name, text) in files_under(&root.join("contracts/owners/vpcp/contracts")) {
        let edited =
            String::from_utf8_lossy(&text).replacen("\n  version: 1.", "\n  version: 2.", 1);
        fs::write(
            root.join("contracts/owners/vpcp/contracts").join(name),
            edited,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let contracts_before = files_under(&root.join("contracts"));
    let (registry, diagnostics) = contracts_core::check_dir(
        &root.join("contracts"),
        &contracts_core::limits::Limits::default(),
    );
    assert!(!diagnostics.has_errors());
    let mut new = contracts_core::generate::outputs(&registry);
    let date = contracts_tool::versions::sheets::creation_date(&registry);
    new.extend(
        contracts_tool::versions::sheets::outputs(&registry, date)
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(
        new.iter()
            .filter(|(name, bytes)| old.get(*name) != Some(*bytes))
            .count()
            > 26
    );

    let kills = 10u32;
    for attempt in 1..=kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contracts"))
            .arg("--root")
            .arg(root)
            .arg("build")
            .env_remove("CONTRACTS_ROOT")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // Spread the kills over the whole build, from its very start to its last writes.
        std::thread::sleep(full_build * attempt / kills);
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in files_under(&root.join("generated")) {
            let file_name = name.rsplit('/').next().unwrap_or(&name);
            if file_name.starts_with(".tmp-") {
                continue;
            }
            let whole = old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes);
            assert!(
                whole,
                "after kill {attempt}: {name} is neither the old nor the new version"
            );
        }
        assert!(
            files_under(&root.join("contracts")) == contracts_before,
            "build wrote under contracts/"
        );
    }

    assert_eq!(run(root, &["build"]).status.code(), Some(0));
    let repaired = files_under(&root.join("generated"));
    assert_eq!(
        repaired.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    assert!(repaired.iter().all(|(name, bytes)| new[name] == *bytes));
    assert_eq!(run(root, &["build", "--check"]).status.code(), Some(0));
}

#[test]
fn reuse_prints_the_replaced_components_by_procedure_and_by_database() {
    let stdout = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let by_procedure = run(&workspace(), &["reuse", "--procedure", "2.000488"]);
    assert_eq!(
        by_procedure.status.code(),
        Some(0),
        "{}",
        stderr(&by_procedure)
    );
    let text = stdout(&by_procedure);
    assert!(
        text.starts_with("2.000488  Cấp Phiếu lý lịch tư pháp"),
        "{text}"
    );
    assert!(text.contains(
        "replaced by national-population: SoDinhDanh, SoCMND, HoVaTen, NgayThangNamSinh"
    ));
    assert!(!text.contains("1.009871"));

    let by_database = run(
        &workspace(),
        &[
            "reuse",
            "--database",
            "national-business-registration",
            "--format",
            "csv",
        ],
    );
    let csv = stdout(&by_database);
    assert_eq!(
        csv.trim_start_matches('\u{feff}').lines().count(),
        2,
        "{csv}"
    );
    assert!(csv.contains("\"1.009871\""));

    let json = run(&workspace(), &["reuse", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    let generated =
        fs::read(workspace().join("generated/reuse/replaced-components.json")).unwrap_or_default();
    assert_eq!(
        json.stdout, generated,
        "the terminal and the download agree"
    );
    assert!(
        value["replaced-components"]
            .as_array()
            .is_some_and(|a| a.len() >= 4)
    );

    let unknown = run(&workspace(), &["reuse", "--database", "national-populaton"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `national-population`?"));
    let nothing = run(&workspace(), &["reuse", "--procedure", "9.999999"]);
    assert_eq!(stdout(&nothing), "no dossier component is replaced\n");
}

/// A copy of `tests/fixtures/small` with `before` replaced by `after` in one of its files.
fn small_with(file: &str, before: &str, after: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = workspace().join("tests/fixtures/small/contracts");
    copy_tree(&fixture, &dir.path().join("contracts"));
    let path = dir.path().join("contracts").join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(before), "{file} has no `{before}`");
    fs::write(&path, text.replacen(before, after, 1)).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn deny_warnings_makes_check_build_and_validate_refuse_a_warning() {
    let dir = small_with(
        "contracts/sync.yaml",
        r#"title: {vi: "Đồng bộ hồ sơ", en: "Dossier sync"}"#,
        r#"title: "Đồng bộ hồ sơ""#,
    );
    let plain = run(dir.path(), &["check"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(stderr(&plain).contains("warning[missing-translation]"));
    let denied = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    let text = stderr(&denied);
    assert!(text.contains("error[missing-translation]"), "{text}");
    assert!(text.contains("denied by --deny-warnings"), "{text}");
    assert!(text.trim_end().ends_with("1 error, 0 warnings"), "{text}");
    let build = common::contracts()
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .env("CONTRACTS_DENY_WARNINGS", "true")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(
        !dir.path().join("generated").exists(),
        "a denied build writes nothing"
    );
}

#[test]
fn a_finding_is_reported_once_at_its_cause_not_again_by_what_depends_on_it() {
    // (file, text, replacement, the one finding expected): a record that cannot be read at all, and a record
    // with a field that does not resolve, nested in a contract whose example holds that field.
    let cases = [
        (
            "owners/vpcp/records/fee-line.yaml",
            "type: decimal",
            "type: decimall",
            "error[invalid-shape]",
        ),
        (
            "owners/vpcp/records/dossier.yaml",
            "record: fee-line",
            "record: fee-lin",
            "error[unknown-reference]: no record has the id `fee-lin`",
        ),
    ];
    for (file, before, after, expected) in cases {
        let dir = copy_of_bundled();
        let path = dir.path().join("contracts").join(file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(text.contains(before), "{file} has no `{before}`");
        fs::write(&path, text.replacen(before, after, 1)).unwrap_or_else(|e| panic!("{e}"));
        let output = run(dir.path(), &["check"]);
        assert_eq!(output.status.code(), Some(1));
        let found = stderr(&output);
        assert!(found.contains(expected), "{file}: {found}");
        assert!(
            found.trim_end().ends_with("1 error, 0 warnings"),
            "{file}: knock-on findings:\n{found}"
        );
    }
}

#[test]
fn validate_strict_legal_requires_the_minimum_data_of_the_circular() {
    let payload = workspace().join("tests/fixtures/payloads/dongbohosomc-opencps.json");
    let payload = payload.to_string_lossy();
    let lenient = run(&workspace(), &["validate", "dossier-sync", &payload]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    let strict = run(
        &workspace(),
        &["validate", "dossier-sync", &payload, "--strict-legal"],
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let text = stderr(&strict);
    assert!(
        text.contains(
            "/data/0: required field `DuocThanhToanTrucTuyen` is missing (required by law: 10.1.p; optional on today's wire)"
        ),
        "{text}"
    );
}
