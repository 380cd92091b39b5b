#!/usr/bin/env bash
# Checks the generated OpenAPI documents with independent, pinned tools: Redocly CLI, openapi-spec-validator, openapi-generator.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: tests/external/validate-openapi.sh [DIR]

Checks every *.openapi.yaml and *.openapi.json under DIR (default: generated/openapi, relative
to the repository root) with tools that share no code with this repository:

  1. redocly lint (@redocly/cli, `recommended` rules, tests/external/redocly.yaml): 0 errors
  2. openapi-spec-validator (OpenAPI 3.1 meta-schema and semantic checks): 0 errors
  3. openapi-generator: a typescript-fetch client from the whole-registry JSON (the JSON document
     with the most paths, or $OPENAPI_CLIENT_SPEC), which must then compile with tsc --strict

The tools are installed at the versions pinned in tests/external/package-lock.json and
tests/external/requirements.txt into $EXTERNAL_TOOLS_DIR (default: target/external-tools), and
reused there while those files are unchanged. Needs node >= 20.19 with npm, python3 with venv,
and java >= 11 on PATH.

Exit status: 0 all checks passed; 1 a check failed (each failure names the file and the tool);
2 usage error, DIR missing or holding no OpenAPI document, or a required program missing.
EOF
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    -*) echo "validate-openapi: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ "$#" -gt 1 ]; then
    echo "validate-openapi: expected at most one DIR, got $#" >&2
    usage >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HERE=tests/external
DIR=${1:-generated/openapi}
DIR=${DIR%/}

START=$SECONDS
say() { printf '%s\n' "$*"; }
fail_usage() { printf 'validate-openapi: %s\n' "$*" >&2; exit 2; }

# --- the documents -----------------------------------------------------------------------------
[ -d "$DIR" ] || fail_usage "no folder '$DIR' (run 'cargo contracts build' to generate it)"
FILES=()
while IFS= read -r -d '' f; do FILES+=("$f"); done \
    < <(find "$DIR" -type f \( -name '*.openapi.yaml' -o -name '*.openapi.json' \) -print0 | sort -z)
[ "${#FILES[@]}" -gt 0 ] || fail_usage "no *.openapi.yaml or *.openapi.json file in '$DIR'"
JSON_FILES=()
for f in "${FILES[@]}"; do case "$f" in *.json) JSON_FILES+=("$f") ;; esac; done
say "validate-openapi: ${#FILES[@]} OpenAPI documents in $DIR"

# --- programs the tools need -------------------------------------------------------------------
missing=()
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=("node >= 20.19 and npm (Redocly CLI and tsc run on Node.js; Debian: apt-get install -y nodejs npm)")
elif ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    missing+=("node >= 20.19 (found $(node --version); @redocly/cli 2.x requires it)")
fi
if ! command -v python3 >/dev/null 2>&1; then
    missing+=("python3 with the venv module (openapi-spec-validator; Debian: apt-get install -y python3 python3-venv)")
elif ! python3 -c 'import venv' >/dev/null 2>&1 ||
    ! { python3 -m pip --version || python3 -c 'import ensurepip'; } >/dev/null 2>&1; then
    missing+=("the python3 venv module, and pip or ensurepip (Debian: apt-get install -y python3-venv python3-pip)")
fi
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
if [ "${#missing[@]}" -gt 0 ]; then
    for m in "${missing[@]}"; do printf 'validate-openapi: missing %s\n' "$m" >&2; done
    exit 2
fi

# --- install the pinned tools (once per lock-file change) --------------------------------------
TOOLS=${EXTERNAL_TOOLS_DIR:-target/external-tools}
mkdir -p "$TOOLS"
TOOLS=$(cd "$TOOLS" && pwd)
stamp=$(cat "$HERE/package.json" "$HERE/package-lock.json" "$HERE/requirements.txt" \
    <(node --version) <(python3 --version 2>&1) | sha256sum | cut -c1-64)
install_start=$SECONDS
if [ "$(cat "$TOOLS/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
    say "validate-openapi: installing pinned tools into $TOOLS"
    rm -rf "$TOOLS/npm" "$TOOLS/venv" "$TOOLS/.stamp"
    mkdir -p "$TOOLS/npm"
    cp "$HERE/package.json" "$HERE/package-lock.json" "$TOOLS/npm/"
    if ! (cd "$TOOLS/npm" && npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier \
        --loglevel=error --cache "$TOOLS/npm-cache" >"$TOOLS/npm-install.log" 2>&1); then
        cat "$TOOLS/npm-install.log" >&2
        echo "validate-openapi: npm ci of $HERE/package-lock.json failed" >&2
        exit 1
    fi
    # A venv without its own pip, filled by the host's pip (>= 22.3, --python), is ~6 s faster to
    # make than one with pip bootstrapped by ensurepip; the latter is the fallback.
    if python3 -m venv --without-pip "$TOOLS/venv" >"$TOOLS/pip-install.log" 2>&1 &&
        python3 -m pip --python "$TOOLS/venv/bin/python" --version >/dev/null 2>&1; then
        pip=(python3 -m pip --python "$TOOLS/venv/bin/python")
    else
        rm -rf "$TOOLS/venv"
        pip=("$TOOLS/venv/bin/python" -m pip)
        python3 -m venv "$TOOLS/venv" >"$TOOLS/pip-install.log" 2>&1 || true
    fi
    if ! "${pip[@]}" install --quiet --no-cache-dir --disable-pip-version-check --no-compile \
        --require-hashes --only-binary=:all: -r "$HERE/requirements.txt" >>"$TOOLS/pip-install.log" 2>&1; then
        cat "$TOOLS/pip-install.log" >&2
        echo "validate-openapi: pip install of $HERE/requirements.txt failed" >&2
        exit 1
    fi
    echo "$stamp" >"$TOOLS/.stamp"
    say "validate-openapi: tools installed in $((SECONDS - install_start)) s"
else
    say "validate-openapi: reusing the pinned tools in $TOOLS"
fi
REDOCLY=$TOOLS/npm/node_modules/.bin/redocly
TSC=$TOOLS/npm/node_modules/.bin/tsc
SPEC_VALIDATOR=$TOOLS/venv/bin/openapi-spec-validator
GENERATOR_JAR=$("$TOOLS/venv/bin/python" -c \
    'import importlib.resources as r; print(r.files("openapi_generator_cli") / "openapi-generator.jar")')
pyver() { "$TOOLS/venv/bin/python" -c "import importlib.metadata as m; print(m.version('$1'))"; }
REDOCLY_VERSION=$(node -p "require('$TOOLS/npm/node_modules/@redocly/cli/package.json').version")
TSC_VERSION=$(node -p "require('$TOOLS/npm/node_modules/typescript/package.json').version")
SPEC_VALIDATOR_VERSION=$(pyver openapi-spec-validator)
GENERATOR_VERSION=$(pyver openapi-generator-cli)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/validate-openapi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
SUMMARY=()
FAILURES=()
record_failure() { FAILURES+=("$1"); }

# Both linters run once over all the files; if that run fails, each file is run again on its own so
# that a file which does not parse (which stops both tools) cannot hide or be mistaken for another.

# --- 1. Redocly CLI lint -----------------------------------------------------------------------
redocly_lint() {
    REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true \
        "$REDOCLY" lint --config "$HERE/redocly.yaml" --format stylish --max-problems 1000 \
        --lint-config error "$@" 2>&1 |
        # Drop the boxed Node.js deprecation notice Redocly prints on Node 20; squeeze blank lines.
        grep -v -E '^[[:space:]]*(╔|║|╚)' | sed '/^$/N;/^\n$/D'
    return "${PIPESTATUS[0]}"
}
# Problems of one severity in a stylish report ("  line:col  error|warning  rule  message").
count_severity() { awk -v s="$1" '$0 ~ /^[ \t]+[0-9]+:[0-9]+[ \t]/ && $2 == s { n++ } END { print n + 0 }' "$2"; }

t=$SECONDS
say ""
say "== redocly lint (@redocly/cli $REDOCLY_VERSION, $HERE/redocly.yaml)"
rc=0
redocly_lint "${FILES[@]}" >"$WORK/redocly.log" || rc=$?
lint_bad=0
if [ "$rc" -eq 0 ]; then
    cat "$WORK/redocly.log"
    lint_errors=$(count_severity error "$WORK/redocly.log")
    lint_warnings=$(count_severity warning "$WORK/redocly.log")
    passed=$((passed + ${#FILES[@]}))
else
    lint_errors=0
    lint_warnings=0
    for f in "${FILES[@]}"; do
        rc=0
        redocly_lint "$f" >"$WORK/redocly-one.log" || rc=$?
        cat "$WORK/redocly-one.log"
        e=$(count_severity error "$WORK/redocly-one.log")
        lint_errors=$((lint_errors + e))
        lint_warnings=$((lint_warnings + $(count_severity warning "$WORK/redocly-one.log")))
        if [ "$rc" -eq 0 ]; then
            passed=$((passed + 1))
        else
            lint_bad=$((lint_bad + 1))
            failed=$((failed + 1))
            if [ "$e" -gt 0 ]; then
                record_failure "redocly lint: $f has $e error(s)"
            else
                record_failure "redocly lint: $f failed (exit status $rc; it may not parse, see above)"
            fi
        fi
    done
fi
if [ "$lint_bad" -eq 0 ]; then verdict=OK; else verdict=FAILED; fi
SUMMARY+=("redocly lint (@redocly/cli $REDOCLY_VERSION, recommended): ${#FILES[@]} files, $lint_errors errors, $lint_warnings warnings, $((SECONDS - t)) s: $verdict")

# --- 2. openapi-spec-validator -----------------------------------------------------------------
t=$SECONDS
say ""
say "== openapi-spec-validator $SPEC_VALIDATOR_VERSION"
rc=0
"$SPEC_VALIDATOR" --validation-errors all "${FILES[@]}" >"$WORK/osv.log" 2>&1 || rc=$?
osv_bad=0
if [ "$rc" -eq 0 ]; then
    cat "$WORK/osv.log"
    for f in "${FILES[@]}"; do
        if grep -Fxq "$f: OK" "$WORK/osv.log"; then
            passed=$((passed + 1))
        else
            osv_bad=$((osv_bad + 1))
            failed=$((failed + 1))
            record_failure "openapi-spec-validator: printed no 'OK' for $f although it exited with status 0"
        fi
    done
else
    for f in "${FILES[@]}"; do
        rc=0
        "$SPEC_VALIDATOR" --validation-errors all "$f" >"$WORK/osv-one.log" 2>&1 || rc=$?
        if [ "$rc" -eq 0 ] && grep -Fxq "$f: OK" "$WORK/osv-one.log"; then
            cat "$WORK/osv-one.log"
            passed=$((passed + 1))
        else
            # A file that does not parse gets the parser's message without the file's name.
            grep -Fq "$f: " "$WORK/osv-one.log" || echo "$f: could not be read:"
            cat "$WORK/osv-one.log"
            osv_bad=$((osv_bad + 1))
            failed=$((failed + 1))
            record_failure "openapi-spec-validator: $f is not a valid OpenAPI 3.1 document (see above)"
        fi
    done
fi
if [ "$osv_bad" -eq 0 ]; then verdict=OK; else verdict=FAILED; fi
SUMMARY+=("openapi-spec-validator $SPEC_VALIDATOR_VERSION: ${#FILES[@]} files, $osv_bad invalid, $((SECONDS - t)) s: $verdict")

# --- 3. openapi-generator: a TypeScript client that compiles -----------------------------------
t=$SECONDS
say ""
CLIENT_SPEC=${OPENAPI_CLIENT_SPEC:-}
if [ -z "$CLIENT_SPEC" ] && [ "${#JSON_FILES[@]}" -gt 0 ]; then
    # The whole-registry document holds every operation, so it is the JSON with the most paths.
    CLIENT_SPEC=$(node -e '
        const fs = require("fs");
        let best = null, most = -1;
        for (const f of process.argv.slice(1)) {
            let n = -1;
            try { n = Object.keys(JSON.parse(fs.readFileSync(f, "utf8")).paths || {}).length; } catch (e) {}
            if (n > most) { best = f; most = n; }
        }
        console.log(best);
    ' "${JSON_FILES[@]}")
fi
say "== openapi-generator $GENERATOR_VERSION (typescript-fetch) from ${CLIENT_SPEC:-<no JSON document>}, then tsc $TSC_VERSION"
gen_verdict=FAILED
if [ -z "$CLIENT_SPEC" ]; then
    failed=$((failed + 1))
    record_failure "openapi-generator: no *.openapi.json in $DIR to generate the TypeScript client from"
elif [ ! -f "$CLIENT_SPEC" ]; then
    failed=$((failed + 1))
    record_failure "openapi-generator: OPENAPI_CLIENT_SPEC=$CLIENT_SPEC is not a file"
else
    rc=0
    java -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar "$GENERATOR_JAR" generate \
        --generator-name typescript-fetch --input-spec "$CLIENT_SPEC" --output "$WORK/client" \
        >"$WORK/generator.log" 2>&1 || rc=$?
    gen_errors=$(grep -c -E '\] ERROR |Exception in thread|^[[:space:]]+at [[:alnum:]_.$]+\(' "$WORK/generator.log" || true)
    if [ "$rc" -ne 0 ] || [ "$gen_errors" -ne 0 ]; then
        cat "$WORK/generator.log"
        failed=$((failed + 1))
        record_failure "openapi-generator: typescript-fetch generation from $CLIENT_SPEC failed (exit status $rc, $gen_errors error lines; log above)"
    else
        passed=$((passed + 1))
        # Warnings other than the fixed "3.1 support is still in beta" notice are worth reading.
        grep -E ' WARN ' "$WORK/generator.log" | grep -v 'OpenAPI 3.1 support is still in beta' || true
        ts_files=$(find "$WORK/client" -name '*.ts' | wc -l)
        cat >"$WORK/client/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "es2020",
    "module": "esnext",
    "moduleResolution": "bundler",
    "lib": ["es2020", "dom"],
    "types": [],
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true
  },
  "include": ["**/*.ts"]
}
EOF
        rc=0
        (cd "$WORK/client" && "$TSC" -p tsconfig.json) >"$WORK/tsc.log" 2>&1 || rc=$?
        if [ "$rc" -ne 0 ]; then
            cat "$WORK/tsc.log"
            failed=$((failed + 1))
            record_failure "tsc: the TypeScript client generated from $CLIENT_SPEC does not compile (log above)"
        else
            passed=$((passed + 1))
            gen_verdict=OK
        fi
    fi
fi
SUMMARY+=("openapi-generator $GENERATOR_VERSION typescript-fetch + tsc $TSC_VERSION: ${CLIENT_SPEC:-none} -> ${ts_files:-0} .ts files, $((SECONDS - t)) s: $gen_verdict")

# --- summary -----------------------------------------------------------------------------------
say ""
for line in "${SUMMARY[@]}"; do say "$line"; done
if [ "${#FAILURES[@]}" -gt 0 ]; then
    say ""
    for line in "${FAILURES[@]}"; do printf 'FAILED %s\n' "$line" >&2; done
fi
say "validate-openapi: ${#FILES[@]} documents checked in $((SECONDS - START)) s"
say "validate-openapi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
