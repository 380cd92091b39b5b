#!/usr/bin/env bash
# Spectral CLI lint of every OpenAPI document with ../spectral.yaml (extends spectral:oas):
# 0 errors and 0 warnings (info and hint are printed). Run by ../validate-openapi.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
mapfile -d '' FILES <"$EXT_WORK/openapi-files"
echo "@stoplight/spectral-cli $(node_pkg_version @stoplight/spectral-cli) (rulesets $(node_pkg_version @stoplight/spectral-rulesets)), tests/external/spectral.yaml"

spectral_json() { # FILE... -> $EXT_WORK/spectral.json; 0 clean, 1 problems, 2 the tool failed
    local rc=0
    "$NPM_BIN/spectral" lint --ruleset "$EXT_HERE/spectral.yaml" --format json --fail-severity warn \
        --quiet "$@" >"$EXT_WORK/spectral.json" 2>"$EXT_WORK/spectral.err" || rc=$?
    cat "$EXT_WORK/spectral.err"
    return "$rc"
}
# As with Redocly: one run, then file by file if the run itself failed.
rc=0
spectral_json "${FILES[@]}" || rc=$?
if [ "$rc" -le 1 ]; then
    node "$EXT_HERE/js/lint-report.cjs" spectral "$EXT_WORK/spectral.json" "${FILES[@]}" || ext_failed=1
else
    for f in "${FILES[@]}"; do
        rc=0
        spectral_json "$f" || rc=$?
        if [ "$rc" -le 1 ]; then
            node "$EXT_HERE/js/lint-report.cjs" spectral "$EXT_WORK/spectral.json" "$f" | grep -v '^PASSED' || true
            [ "$rc" -eq 0 ] || ext_failed=1
        else
            failed "spectral: $f: spectral lint failed with status $rc (see above)"
        fi
    done
    [ "$ext_failed" -eq 1 ] || passed "spectral: ${#FILES[@]} files, 0 errors, 0 warnings"
fi
ext_exit
