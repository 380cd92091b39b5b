#!/usr/bin/env bash
# Checks the generated OpenAPI documents and JSON Schemas with independent, pinned tools.
set -euo pipefail

CHECKS_ALL=(redocly spectral openapi-spec-validator ajv
    openapi-generator-typescript-fetch openapi-generator-python openapi-generator-rust
    roundtrip-typescript roundtrip-python datamodel-codegen newman cargo-check)

usage() {
    cat <<'EOF'
Usage: tests/external/validate-openapi.sh [--only CHECKS] [--skip CHECKS] [--jsonschema DIR] [OPENAPI_DIR]

Checks every *.openapi.yaml and *.openapi.json under OPENAPI_DIR (default: generated/openapi,
relative to the repository root) and every *.schema.json under the --jsonschema DIR (default: the
folder `jsonschema` beside OPENAPI_DIR) with tools that share no code with this repository:

  redocly                            redocly lint, `recommended-strict` (redocly.yaml): 0 errors, 0 warnings
  spectral                           spectral lint, spectral.yaml (extends spectral:oas): 0 errors, 0 warnings
  openapi-spec-validator             every document is valid OpenAPI 3.1
  ajv                                ajv 2020-12, default strict mode, compiles every JSON Schema
  openapi-generator-typescript-fetch a typescript-fetch client of the whole-registry JSON compiles with tsc --strict
  openapi-generator-python           a python client of it installs (pip --no-deps) and imports
  openapi-generator-rust             a rust client of it generates (cargo-check compiles it)
  roundtrip-typescript               every example payload survives XFromJSON + XToJSON unchanged
  roundtrip-python                   every example payload survives Model.from_dict + to_dict unchanged
  datamodel-codegen                  pydantic v2 models of every JSON Schema import with only pydantic installed
  newman                             the Postman collection (postman/ beside OPENAPI_DIR) runs against the sandbox
  cargo-check                        the rust client passes cargo check (crates fetched from crates.io)

CHECKS is a comma-separated list of those names; --only also runs the checks a chosen one needs
(a round trip needs its client). The whole-registry JSON is the JSON document with the most paths,
or $OPENAPI_CLIENT_SPEC. Each check prints its log and then verdict lines:
  PASSED <check>[: ...]      FAILED <check>: <file>: <reason>      WARNING <check>: <file>: <note>
and the run ends with a summary in which every distinct failure and warning appears once.

The tools are installed at the versions pinned in tests/external/package-lock.json,
requirements.txt and requirements-pydantic.txt into $EXTERNAL_TOOLS_DIR (default:
target/external-tools) and reused there while those files are unchanged. Needs node >= 20.19 with
npm, python3 with venv, java >= 11, and cargo (for cargo-check) on PATH.

Exit status: 0 every check passed; 1 a check failed; 2 usage error, a folder missing or holding
no document, or a required program missing.
EOF
}

ONLY=""
SKIP=""
JSONSCHEMA_DIR=""
OPENAPI_DIR=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --only) [ "$#" -ge 2 ] || { usage >&2; exit 2; }; ONLY=$2; shift 2 ;;
        --skip) [ "$#" -ge 2 ] || { usage >&2; exit 2; }; SKIP=$2; shift 2 ;;
        --jsonschema) [ "$#" -ge 2 ] || { usage >&2; exit 2; }; JSONSCHEMA_DIR=$2; shift 2 ;;
        --) shift; break ;;
        -*) echo "validate-openapi: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *)
            [ -z "$OPENAPI_DIR" ] || { echo "validate-openapi: expected at most one OPENAPI_DIR" >&2; usage >&2; exit 2; }
            OPENAPI_DIR=$1; shift ;;
    esac
done
if [ "$#" -gt 0 ]; then
    if [ -n "$OPENAPI_DIR" ] || [ "$#" -gt 1 ]; then
        echo "validate-openapi: expected at most one OPENAPI_DIR" >&2
        exit 2
    fi
    OPENAPI_DIR=$1
fi

# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$EXT_ROOT"
START=$SECONDS
fail_usage() { printf 'validate-openapi: %s\n' "$*" >&2; exit 2; }

# --- which checks --------------------------------------------------------------------------------
declare -A RUN=()
known() { local c; for c in "${CHECKS_ALL[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }
split_checks() { tr ',' '\n' <<<"$1" | sed '/^$/d'; }
if [ -n "$ONLY" ]; then
    while IFS= read -r c; do known "$c" || fail_usage "unknown check '$c' in --only"; RUN[$c]=1; done < <(split_checks "$ONLY")
    [ -n "${RUN[roundtrip-typescript]:-}" ] && RUN[openapi-generator-typescript-fetch]=1
    [ -n "${RUN[roundtrip-python]:-}" ] && RUN[openapi-generator-python]=1
    [ -n "${RUN[cargo-check]:-}" ] && RUN[openapi-generator-rust]=1
else
    for c in "${CHECKS_ALL[@]}"; do RUN[$c]=1; done
fi
while IFS= read -r c; do known "$c" || fail_usage "unknown check '$c' in --skip"; unset "RUN[$c]"; done < <(split_checks "$SKIP")
for pair in roundtrip-typescript:openapi-generator-typescript-fetch roundtrip-python:openapi-generator-python \
    cargo-check:openapi-generator-rust; do
    if [ -n "${RUN[${pair%%:*}]:-}" ] && [ -z "${RUN[${pair#*:}]:-}" ]; then
        fail_usage "check ${pair%%:*} needs ${pair#*:}, which --skip removes"
    fi
done
[ "${#RUN[@]}" -gt 0 ] || fail_usage "no check left to run"
wants() { [ -n "${RUN[$1]:-}" ]; }
wants_any() { local c; for c in "$@"; do wants "$c" && return 0; done; return 1; }

# --- the inputs ----------------------------------------------------------------------------------
OPENAPI_DIR=${OPENAPI_DIR:-generated/openapi}
OPENAPI_DIR=${OPENAPI_DIR%/}
JSONSCHEMA_DIR=${JSONSCHEMA_DIR:-$(dirname "$OPENAPI_DIR")/jsonschema}
JSONSCHEMA_DIR=${JSONSCHEMA_DIR%/}
[ -d "$OPENAPI_DIR" ] || fail_usage "no folder '$OPENAPI_DIR' (run 'cargo contracts build' to generate it)"
OPENAPI_FILES=()
while IFS= read -r -d '' f; do OPENAPI_FILES+=("$f"); done \
    < <(find "$OPENAPI_DIR" -type f \( -name '*.openapi.yaml' -o -name '*.openapi.json' \) -print0 | sort -z)
[ "${#OPENAPI_FILES[@]}" -gt 0 ] || fail_usage "no *.openapi.yaml or *.openapi.json file in '$OPENAPI_DIR'"
if wants_any ajv datamodel-codegen; then
    [ -d "$JSONSCHEMA_DIR" ] || fail_usage "no folder '$JSONSCHEMA_DIR' (run 'cargo contracts build', or give --jsonschema DIR)"
    n=$(find "$JSONSCHEMA_DIR" -type f -name '*.schema.json' | wc -l)
    [ "$n" -gt 0 ] || fail_usage "no *.schema.json file in '$JSONSCHEMA_DIR'"
fi
echo "validate-openapi: ${#OPENAPI_FILES[@]} OpenAPI documents in $OPENAPI_DIR; JSON Schemas in $JSONSCHEMA_DIR"

# --- programs the tools need ---------------------------------------------------------------------
missing=()
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=("node >= 20.19 and npm (Redocly CLI, Spectral, ajv and tsc run on Node.js; Debian: apt-get install -y nodejs npm)")
elif ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    missing+=("node >= 20.19 (found $(node --version); @redocly/cli 2.x requires it)")
fi
if ! command -v python3 >/dev/null 2>&1; then
    missing+=("python3 with the venv module (openapi-spec-validator, datamodel-code-generator; Debian: apt-get install -y python3 python3-venv)")
elif ! python3 -c 'import venv' >/dev/null 2>&1 ||
    ! { python3 -m pip --version || python3 -c 'import ensurepip'; } >/dev/null 2>&1; then
    missing+=("the python3 venv module, and pip or ensurepip (Debian: apt-get install -y python3-venv python3-pip)")
fi
if wants_any openapi-generator-typescript-fetch openapi-generator-python openapi-generator-rust; then
    if ! command -v java >/dev/null 2>&1; then
        missing+=("java >= 11: openapi-generator is a Java program (its jar ships inside the PyPI package openapi-generator-cli) and no 'java' is on PATH (Debian: apt-get install -y openjdk-17-jre-headless)")
    else
        java_major=$(java -XX:-UsePerfData -version 2>&1 | sed -n '1s/^[^"]*"\([0-9][0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p')
        case "$java_major" in 1\ *) java_major=${java_major#1 } ;; esac
        java_major=${java_major%% *}
        if [ -z "$java_major" ] || [ "$java_major" -lt 11 ]; then
            missing+=("java >= 11 for openapi-generator (found: $(java -XX:-UsePerfData -version 2>&1 | head -n 1); Debian: apt-get install -y openjdk-17-jre-headless)")
        fi
    fi
fi
if wants cargo-check && ! command -v cargo >/dev/null 2>&1; then
    missing+=("cargo, to check the Rust client (https://rustup.rs), or run with --skip cargo-check")
fi
if wants newman && ! command -v cargo >/dev/null 2>&1; then
    missing+=("cargo, to run the sandbox the Postman collection is run against, or run with --skip newman")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    for m in "${missing[@]}"; do printf 'validate-openapi: missing %s\n' "$m" >&2; done
    exit 2
fi

# --- install the pinned tools (once per lock-file change) ----------------------------------------
TOOLS=${EXTERNAL_TOOLS_DIR:-target/external-tools}
mkdir -p "$TOOLS"
TOOLS=$(cd "$TOOLS" && pwd)
t=$SECONDS
ext_install_tools "$TOOLS" || exit 1
INSTALL_TIME=$((SECONDS - t))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/validate-openapi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
printf '%s\0' "${OPENAPI_FILES[@]}" >"$WORK/openapi-files"

# The whole-registry document holds every operation, so it is the JSON with the most paths.
CLIENT_SPEC=${OPENAPI_CLIENT_SPEC:-}
if [ -z "$CLIENT_SPEC" ]; then
    CLIENT_SPEC=$(node -e '
        const fs = require("fs");
        let best = "", most = -1;
        for (const f of process.argv.slice(1)) {
            if (!f.endsWith(".json")) continue;
            let n = -1;
            try { n = Object.keys(JSON.parse(fs.readFileSync(f, "utf8")).paths || {}).length; } catch (e) {}
            if (n > most) { best = f; most = n; }
        }
        console.log(best);
    ' "${OPENAPI_FILES[@]}")
fi

export EXT_TOOLS=$TOOLS EXT_WORK=$WORK EXT_OPENAPI_DIR=$OPENAPI_DIR EXT_JSONSCHEMA_DIR=$JSONSCHEMA_DIR \
    EXT_CLIENT_SPEC=$CLIENT_SPEC

# --- run the checks, one after another -----------------------------------------------------------
SUMMARY=()
run_check() { # NAME SCRIPT [ARGS...]: runs checks/SCRIPT, keeping its verdict lines in $WORK/verdicts
    local name=$1 script=$2 t=$SECONDS rc=0
    shift 2
    echo ""
    echo "== $name"
    bash "$EXT_HERE/checks/$script" "$@" 2>&1 | tee "$WORK/$name.log" || rc=$?
    grep -E '^(PASSED|FAILED|WARNING) ' "$WORK/$name.log" >>"$WORK/verdicts" || true
    local nf nw
    nf=$(grep -c '^FAILED ' "$WORK/$name.log" || true)
    nw=$(grep -c '^WARNING ' "$WORK/$name.log" || true)
    if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
        # A check that died without a verdict still fails the run.
        echo "FAILED $name: $script: exited with status $rc without a verdict (see its log above)" |
            tee -a "$WORK/verdicts"
        nf=1
    fi
    SUMMARY+=("$(printf '%-36s %-7s %4d failed, %4d warnings, %4d s' "$name" \
        "$([ "$nf" -eq 0 ] && echo PASSED || echo FAILED)" "$nf" "$nw" $((SECONDS - t)))")
}
: >"$WORK/verdicts"
wants redocly && run_check redocly redocly.sh
wants spectral && run_check spectral spectral.sh
wants openapi-spec-validator && run_check openapi-spec-validator openapi-spec-validator.sh
wants ajv && run_check ajv ajv.sh
for g in typescript-fetch python rust; do
    wants "openapi-generator-$g" && run_check "openapi-generator-$g" openapi-generator.sh "$g"
done
wants roundtrip-typescript && run_check roundtrip-typescript roundtrip.sh typescript
wants roundtrip-python && run_check roundtrip-python roundtrip.sh python
wants datamodel-codegen && run_check datamodel-codegen datamodel-codegen.sh
wants newman && run_check newman newman.sh
wants cargo-check && run_check cargo-check cargo-check.sh

# --- summary -------------------------------------------------------------------------------------
echo ""
echo "== summary (tools: $([ "$INSTALL_TIME" -gt 1 ] && echo "installed in $INSTALL_TIME s" || echo "reused from $TOOLS"))"
for line in "${SUMMARY[@]}"; do echo "$line"; done
# Every distinct failure and warning once: the file and the `[...]` detail left out, with how many
# files (or examples) have it and the first of them.
for kind in FAILED WARNING; do
    # shellcheck disable=SC2016 # JavaScript, not shell
    { grep "^$kind " "$WORK/verdicts" || true; } | node -e '
        const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
        const groups = new Map();
        for (const l of lines) {
            const m = /^(\S+) ([^:]+): (.*)$/.exec(l);
            if (!m) continue;
            const [, kind, tool, rest0] = m;
            const detail = / \[([^\]]*)\]$/.exec(rest0);
            const rest = rest0.replace(/ \[[^\]]*\]$/, "");
            let file = rest, reason = "";
            const i = rest.indexOf(": ");
            if (i >= 0) { file = rest.slice(0, i); reason = rest.slice(i + 2); }
            const key = `${kind} ${tool}: ${reason}`;
            const g = groups.get(key) || { n: 0, first: file, detail: detail ? detail[1] : "" };
            g.n++;
            groups.set(key, g);
        }
        // A problem found once keeps its detail (how often, where in the file).
        for (const [k, g] of groups) {
            console.log(`${k} [${g.n}x, e.g. ${g.first}${g.n === 1 && g.detail ? `; ${g.detail}` : ""}]`);
        }
    ' >"$WORK/distinct-$kind"
    n=$(wc -l <"$WORK/distinct-$kind")
    if [ "$n" -gt 0 ]; then
        echo ""
        label=failures
        [ "$kind" = WARNING ] && label=warnings
        echo "== $n distinct $label: <check>: <reason> [how many, e.g. where]"
        cat "$WORK/distinct-$kind"
    fi
done
failed_checks=0
for line in "${SUMMARY[@]}"; do case "$line" in *" FAILED "*) failed_checks=$((failed_checks + 1)) ;; esac; done
echo ""
echo "validate-openapi: ${#SUMMARY[@]} checks in $((SECONDS - START)) s"
echo "validate-openapi: $((${#SUMMARY[@]} - failed_checks)) passed, $failed_checks failed"
[ "$failed_checks" -eq 0 ]
