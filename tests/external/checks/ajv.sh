#!/usr/bin/env bash
# ajv (2020-12 class, default strict mode, no ajv-formats) compiles every JSON Schema under
# $EXT_JSONSCHEMA_DIR: see ../js/ajv-compile.cjs. Run by ../validate-openapi.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
echo "ajv $(node_pkg_version ajv) (ajv/dist/2020, default options), $EXT_JSONSCHEMA_DIR"
node "$EXT_HERE/js/ajv-compile.cjs" "$EXT_JSONSCHEMA_DIR" || ext_failed=1
ext_exit
