#!/usr/bin/env bash
# cargo check of the Rust client that openapi-generator.sh generated, with the default features a
# user gets. Nothing is pinned: the first run resolves the client's dependencies on crates.io;
# later runs reuse that resolution (a Cargo.lock kept in $EXT_TOOLS) and the build cache
# ($EXT_TOOLS/cargo-target), so only the client itself is checked again. Errors fail; warnings in
# the client's own code are WARNING lines. Run by ../validate-openapi.sh, last.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
TOOL=cargo-check
SPEC=$EXT_CLIENT_SPEC
CLIENT=$EXT_WORK/clients/rust
LOCK=$EXT_TOOLS/rust-client.Cargo.lock
echo "$(cargo --version), $(rustc --version 2>/dev/null || echo 'rustc ?'); CARGO_TARGET_DIR=$EXT_TOOLS/cargo-target"
if [ ! -e "$CLIENT.ok" ]; then
    failed "$TOOL: ${SPEC:-$EXT_OPENAPI_DIR}: no rust client to check (openapi-generator-rust failed or did not run)"
    ext_exit
fi
[ ! -f "$LOCK" ] || cp "$LOCK" "$CLIENT/Cargo.lock"
rc=0
(cd "$CLIENT" && CARGO_TARGET_DIR=$EXT_TOOLS/cargo-target CARGO_TERM_COLOR=never \
    cargo check --message-format short) >"$EXT_WORK/cargo.log" 2>&1 || rc=$?
# Its log without the one-line-per-crate progress (Compiling, Checking, Downloaded...).
progress='^[[:space:]]+(Compiling|Checking|Downloaded|Downloading|Locking|Adding|Updating) '
grep -vE "$progress" "$EXT_WORK/cargo.log" | head -n 200 || true
# Diagnostics of the client's own code, "src/x.rs:1:2: warning: text", each distinct text once.
report() { # error|warning
    grep -E "^src/[^:]+:[0-9]+:[0-9]+: $1(\[[A-Za-z0-9_]+\])?: " "$EXT_WORK/cargo.log" |
        awk -v kind="$1" '{
            loc = $0; sub(/: .*$/, "", loc); msg = $0; sub(/^[^ ]+ /, "", msg)
            if (!(msg in n)) { order[++k] = msg; first[msg] = loc }
            n[msg]++
        } END {
            for (i = 1; i <= k; i++) {
                m = order[i]
                if (n[m] > 1) printf "%s [%d times, first at %s]\n", m, n[m], first[m]
                else printf "%s [at %s]\n", m, first[m]
            }
        }'
}
while IFS= read -r w; do warning "$TOOL: $SPEC: rust client: $w"; done < <(report warning)
if [ "$rc" -ne 0 ]; then
    while IFS= read -r e; do failed "$TOOL: $SPEC: rust client: $e"; done < <(report error)
    if [ "$ext_failed" -eq 0 ]; then
        # Not the client's code: dependency resolution, download or a dependency's build script.
        reason=$(grep -m1 -E '^error' "$EXT_WORK/cargo.log" | cut -c1-300 || true)
        failed "$TOOL: $SPEC: cargo check failed (exit status $rc): ${reason:-see the log above}"
    fi
else
    cp "$CLIENT/Cargo.lock" "$LOCK"
    passed "$TOOL: the rust client ($(find "$CLIENT/src" -name '*.rs' | wc -l) .rs files) passes cargo check"
fi
ext_exit
