#!/usr/bin/env bash
# Redocly CLI lint of every OpenAPI document, `recommended-strict` rules (../redocly.yaml):
# 0 errors and 0 warnings. Run by ../validate-openapi.sh, which sets EXT_*.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
mapfile -d '' FILES <"$EXT_WORK/openapi-files"
echo "@redocly/cli $(node_pkg_version @redocly/cli), tests/external/redocly.yaml"

redocly_json() { # FILE... -> $EXT_WORK/redocly.json, the tool's progress lines on stdout
    local rc=0
    REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true \
        "$NPM_BIN/redocly" lint --config "$EXT_HERE/redocly.yaml" --format json --max-problems 10000 \
        --lint-config error "$@" >"$EXT_WORK/redocly.json" 2>"$EXT_WORK/redocly.err" || rc=$?
    # Its progress lines, less the boxed Node.js deprecation notice of Redocly on Node 20.
    grep -v -E '^[[:space:]]*(╔|║|╚)|^[[:space:]]*$' "$EXT_WORK/redocly.err" || true
    return "$rc"
}
# How many JSON objects the report holds (one per file that Redocly got to lint).
objects() {
    node -e '
        let n = 0, depth = 0, str = false, esc = false;
        for (const c of require("fs").readFileSync(process.argv[1], "utf8")) {
            if (str) { if (esc) esc = false; else if (c === "\\") esc = true; else if (c === "\"") str = false; }
            else if (c === "\"") str = true;
            else if (c === "{") { if (depth++ === 0) n++; }
            else if (c === "}") depth--;
        }
        console.log(n);' "$1"
}

# One run over every file; if it did not report on each of them (a file that does not parse stops
# the tool), each file again on its own, so that one broken file cannot hide the others.
rc=0
redocly_json "${FILES[@]}" || rc=$?
if [ "$rc" -le 1 ] && [ "$(objects "$EXT_WORK/redocly.json")" -eq "${#FILES[@]}" ]; then
    node "$EXT_HERE/js/lint-report.cjs" redocly "$EXT_WORK/redocly.json" "${FILES[@]}" || ext_failed=1
else
    for f in "${FILES[@]}"; do
        rc=0
        redocly_json "$f" || rc=$?
        if [ "$rc" -le 1 ] && [ "$(objects "$EXT_WORK/redocly.json")" -eq 1 ]; then
            node "$EXT_HERE/js/lint-report.cjs" redocly "$EXT_WORK/redocly.json" "$f" | grep -v '^PASSED' || true
            [ "$rc" -eq 0 ] || ext_failed=1
        else
            # The parser's complaint, as "  - <message>" lines after "Failed to parse ...".
            reason=$(grep -m1 -E '^[[:space:]]+- ' "$EXT_WORK/redocly.err" | sed 's/^[[:space:]-]*//' || true)
            failed "redocly: $f: redocly lint stopped with status $rc without a report: ${reason:-see above}"
        fi
    done
    [ "$ext_failed" -eq 1 ] || passed "redocly: ${#FILES[@]} files, 0 errors, 0 warnings"
fi
ext_exit
