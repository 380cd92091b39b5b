#!/usr/bin/env bash
# openapi-spec-validator: every OpenAPI document is valid OpenAPI 3.1 (meta-schema and semantic
# checks). Run by ../validate-openapi.sh, which sets EXT_*.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
mapfile -d '' FILES <"$EXT_WORK/openapi-files"
echo "openapi-spec-validator $(py_pkg_version openapi-spec-validator)"
OSV=$VENV/bin/openapi-spec-validator

# One run over every file; if it fails, each file on its own, so that the failure is named.
rc=0
"$OSV" --validation-errors all "${FILES[@]}" >"$EXT_WORK/osv.log" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
    cat "$EXT_WORK/osv.log"
    for f in "${FILES[@]}"; do
        grep -Fxq "$f: OK" "$EXT_WORK/osv.log" ||
            failed "openapi-spec-validator: $f: printed no 'OK' although it exited with status 0"
    done
else
    for f in "${FILES[@]}"; do
        rc=0
        "$OSV" --validation-errors all "$f" >"$EXT_WORK/osv-one.log" 2>&1 || rc=$?
        cat "$EXT_WORK/osv-one.log"
        if [ "$rc" -ne 0 ] || ! grep -Fxq "$f: OK" "$EXT_WORK/osv-one.log"; then
            # The first line of its complaint (a file that does not parse gets the parser's message).
            reason=$(grep -v -F "$f: " "$EXT_WORK/osv-one.log" | grep -m1 -v '^[[:space:]]*$' || true)
            failed "openapi-spec-validator: $f: not a valid OpenAPI 3.1 document: ${reason:-exit status $rc}"
        fi
    done
fi
[ "$ext_failed" -eq 1 ] || passed "openapi-spec-validator: ${#FILES[@]} files are valid OpenAPI 3.1"
ext_exit
