# shellcheck shell=bash
# Shared by validate-openapi.sh and checks/*.sh (sourced, never run): paths, verdict lines, tools.
#
# Every check script prints its tool's log, then one verdict line per finding:
#   PASSED <tool>[: <what>]
#   FAILED <tool>: <file>: <reason>
#   WARNING <tool>: <file>: <reason>      (printed, never fails the run)
# and exits 1 if it printed a FAILED line, 0 otherwise.

# The repository root, whatever the caller's working directory.
EXT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EXT_HERE=$EXT_ROOT/tests/external

ext_failed=0
passed() { printf 'PASSED %s\n' "$*"; }
failed() { printf 'FAILED %s\n' "$*"; ext_failed=1; }
warning() { printf 'WARNING %s\n' "$*"; }
# A tool's notice whose effect the check asserts absent in what the tool made (not counted as a warning).
note() { printf 'NOTE %s\n' "$*"; }
# A check script ends with `ext_exit`.
ext_exit() { exit "$ext_failed"; }

# Paths of the pinned tools inside $EXTERNAL_TOOLS_DIR (see ext_install_tools), for the checks.
# shellcheck disable=SC2034
ext_tool_paths() {
    TOOLS=$1
    NPM_BIN=$TOOLS/npm/node_modules/.bin
    NODE_MODULES=$TOOLS/npm/node_modules
    VENV=$TOOLS/venv
    VENV_PYDANTIC=$TOOLS/venv-pydantic
    export NODE_PATH=$NODE_MODULES
}
node_pkg_version() { node -p "require('$NODE_MODULES/$1/package.json').version"; }
py_pkg_version() { "$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('$1'))"; }
generator_jar() {
    "$VENV/bin/python" -c \
        'import importlib.resources as r; print(r.files("openapi_generator_cli") / "openapi-generator.jar")'
}

# Fills a venv at $1 from the hashed requirements file $2, with the host's pip when it can
# (a venv without its own pip is ~6 s faster to make), else with ensurepip's. Log in $3.
ext_make_venv() {
    local venv=$1 req=$2 log=$3 pip
    if python3 -m venv --without-pip "$venv" >"$log" 2>&1 &&
        python3 -m pip --python "$venv/bin/python" --version >/dev/null 2>&1; then
        pip=(python3 -m pip --python "$venv/bin/python")
    else
        rm -rf "$venv"
        python3 -m venv "$venv" >"$log" 2>&1 || return 1
        pip=("$venv/bin/python" -m pip)
    fi
    "${pip[@]}" install --quiet --no-cache-dir --disable-pip-version-check --no-compile \
        --require-hashes --only-binary=:all: -r "$req" >>"$log" 2>&1
}

# Installs the versions pinned in package-lock.json, requirements.txt and requirements-pydantic.txt
# into $1, unless the same pins (and node/python versions) were installed there already.
ext_install_tools() {
    local tools=$1 stamp start
    mkdir -p "$tools"
    tools=$(cd "$tools" && pwd)
    stamp=$(cat "$EXT_HERE/package.json" "$EXT_HERE/package-lock.json" "$EXT_HERE/requirements.txt" \
        "$EXT_HERE/requirements-pydantic.txt" <(node --version) <(python3 --version 2>&1) |
        sha256sum | cut -c1-64)
    if [ "$(cat "$tools/.stamp" 2>/dev/null || true)" = "$stamp" ]; then
        echo "validate-openapi: reusing the pinned tools in $tools"
        return 0
    fi
    start=$SECONDS
    echo "validate-openapi: installing the pinned tools into $tools"
    rm -rf "$tools/npm" "$tools/venv" "$tools/venv-pydantic" "$tools/.stamp"
    mkdir -p "$tools/npm"
    cp "$EXT_HERE/package.json" "$EXT_HERE/package-lock.json" "$tools/npm/"
    # --ignore-scripts: no install script runs (Spectral's telemetry package has one).
    if ! (cd "$tools/npm" && npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier \
        --loglevel=error --cache "$tools/npm-cache" >"$tools/npm-install.log" 2>&1); then
        cat "$tools/npm-install.log" >&2
        echo "validate-openapi: npm ci of tests/external/package-lock.json failed" >&2
        return 1
    fi
    if ! ext_make_venv "$tools/venv" "$EXT_HERE/requirements.txt" "$tools/pip-install.log"; then
        cat "$tools/pip-install.log" >&2
        echo "validate-openapi: pip install of tests/external/requirements.txt failed" >&2
        return 1
    fi
    if ! ext_make_venv "$tools/venv-pydantic" "$EXT_HERE/requirements-pydantic.txt" \
        "$tools/pip-install-pydantic.log"; then
        cat "$tools/pip-install-pydantic.log" >&2
        echo "validate-openapi: pip install of tests/external/requirements-pydantic.txt failed" >&2
        return 1
    fi
    echo "$stamp" >"$tools/.stamp"
    echo "validate-openapi: tools installed in $((SECONDS - start)) s"
}
