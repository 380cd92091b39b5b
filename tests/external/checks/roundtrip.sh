#!/usr/bin/env bash
# Round trip of every example payload of the whole-registry JSON ($EXT_CLIENT_SPEC) through the
# client that openapi-generator.sh generated ($1: typescript or python): parse each example with
# the model of its component schema, serialise it back, and require the result to deep-equal the
# example (../js/examples.cjs lists them, ../js/roundtrip-compare.cjs compares). Each failing
# example is named by operation, its JSON pointer in the document and the JSON pointer of the first
# difference. Run by ../validate-openapi.sh, after openapi-generator.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
LANG_=$1
TOOL=roundtrip-$LANG_
SPEC=$EXT_CLIENT_SPEC
case "$LANG_" in
    typescript) GEN=typescript-fetch ;;
    python) GEN=python ;;
    *) failed "$TOOL: -: this check knows no client '$LANG_'"; ext_exit ;;
esac
CLIENT=$EXT_WORK/clients/$GEN
if [ ! -e "$CLIENT.ok" ]; then
    failed "$TOOL: ${SPEC:-$EXT_OPENAPI_DIR}: no $GEN client to run (openapi-generator-$GEN failed or did not run)"
    ext_exit
fi
[ -s "$EXT_WORK/examples.json" ] || node "$EXT_HERE/js/examples.cjs" "$SPEC" "$EXT_WORK/examples.json"
RESULTS=$EXT_WORK/roundtrip-$LANG_.json
rc=0
case "$LANG_" in
typescript)
    echo "models/<Model>FromJSON then <Model>ToJSON, compiled with the client by tsc $(node_pkg_version typescript) --strict, run by node $(node --version)"
    cp "$EXT_HERE/js/roundtrip.ts" "$CLIENT/roundtrip.ts"
    if ! (cd "$CLIENT" && "$NPM_BIN/tsc" -p tsconfig.json) >"$EXT_WORK/tsc-roundtrip.log" 2>&1; then
        cat "$EXT_WORK/tsc-roundtrip.log"
        failed "$TOOL: tests/external/js/roundtrip.ts: does not compile with the generated client (log above)"
        ext_exit
    fi
    node "$CLIENT/dist/roundtrip.js" "$EXT_WORK/examples.json" "$RESULTS" || rc=$?
    ;;
python)
    echo "<Model>.from_dict then to_dict, with $("$VENV/bin/python" --version) and pydantic $(py_pkg_version pydantic)"
    pkg=$(find "$CLIENT" -mindepth 2 -maxdepth 2 -name __init__.py -not -path '*/test/*' | head -n 1)
    "$VENV/bin/python" "$EXT_HERE/py/roundtrip.py" "$(basename "$(dirname "$pkg")")" \
        "$EXT_WORK/examples.json" "$RESULTS" || rc=$?
    ;;
esac
if [ "$rc" -ne 0 ]; then
    failed "$TOOL: $SPEC: the round-trip driver stopped with status $rc (log above)"
    ext_exit
fi
node "$EXT_HERE/js/roundtrip-compare.cjs" "$TOOL" "$SPEC" "$EXT_WORK/examples.json" "$RESULTS" || ext_failed=1
ext_exit
