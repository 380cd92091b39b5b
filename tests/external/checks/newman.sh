#!/usr/bin/env bash
# newman runs the Postman collection (the folder `postman` beside $EXT_OPENAPI_DIR) against the
# registry's sandbox, which this script starts on a free local port (`cargo contracts sandbox`, records
# in $EXT_WORK) and stops: see ../js/newman-run.cjs. Run by ../validate-openapi.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
COLLECTION=$(dirname "$EXT_OPENAPI_DIR")/postman/registry.postman_collection.json
echo "newman $(node_pkg_version newman), $COLLECTION"
if [ ! -f "$COLLECTION" ]; then
    failed "newman: $COLLECTION: no Postman collection beside the OpenAPI documents (run 'cargo contracts build')"
    ext_exit
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$EXT_WORK/sandbox.log
cargo run --quiet --locked --bin contracts -- --root "$EXT_ROOT" sandbox --port "$port" \
    --data "$EXT_WORK/sandbox" >"$log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true' EXIT
# Up to 10 minutes: `cargo run` builds the tool first when it is not built yet.
for _ in $(seq 1 600); do
    grep -q '^sandbox: serving' "$log" 2>/dev/null && break
    if ! kill -0 "$sandbox" 2>/dev/null; then
        cat "$log"
        failed "newman: $COLLECTION: the sandbox did not start (its log is above)"
        ext_exit
    fi
    sleep 1
done
if ! grep -q '^sandbox: serving' "$log"; then
    cat "$log"
    failed "newman: $COLLECTION: the sandbox did not start within 10 minutes"
    ext_exit
fi
node "$EXT_HERE/js/newman-run.cjs" "$COLLECTION" "http://127.0.0.1:$port" || ext_failed=1
ext_exit
