#!/usr/bin/env bash
# openapi-generator (the jar of the PyPI package openapi-generator-cli, run with java): generates
# a client of the whole-registry JSON ($EXT_CLIENT_SPEC) with the generator named by $1 into
# $EXT_WORK/clients/$1, then
#   typescript-fetch: tsc --strict compiles it (emitting CommonJS into dist/ for roundtrip.sh);
#   python: pip installs it into the tools venv with --no-deps (its runtime dependencies are pinned
#           in ../requirements.txt) and every module of it imports;
#   rust: nothing more here (cargo-check.sh compiles it).
# Awkward output (enum variants named Variant0 or _0, Option<Option<..>> fields, names the
# generator had to rename, its own warnings) is reported as WARNING lines. On success it leaves
# $EXT_WORK/clients/$1.ok for the checks that use the client. Run by ../validate-openapi.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
GEN=$1
TOOL=openapi-generator-$GEN
SPEC=$EXT_CLIENT_SPEC
OUT=$EXT_WORK/clients/$GEN
echo "openapi-generator $(py_pkg_version openapi-generator-cli), generator $GEN, from ${SPEC:-<no JSON document>}"

if [ -z "$SPEC" ]; then
    failed "$TOOL: $EXT_OPENAPI_DIR: no *.openapi.json document to generate a client from"
    ext_exit
elif [ ! -f "$SPEC" ]; then
    failed "$TOOL: $SPEC: OPENAPI_CLIENT_SPEC is not a file"
    ext_exit
fi

# --- generate ------------------------------------------------------------------------------------
mkdir -p "$EXT_WORK/clients"
rm -rf "$OUT" "$OUT.ok"
rc=0
t=$SECONDS
# No test stubs or Markdown docs: they are not compiled, and leaving them out saves time.
java -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar "$(generator_jar)" generate \
    --generator-name "$GEN" --input-spec "$SPEC" --output "$OUT" \
    --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false \
    >"$EXT_WORK/$TOOL.log" 2>&1 || rc=$?
gen_errors=$(grep -c -E '\] ERROR |Exception in thread|^[[:space:]]+at [[:alnum:]_.$]+\(' "$EXT_WORK/$TOOL.log" || true)
if [ "$rc" -ne 0 ] || [ "$gen_errors" -ne 0 ]; then
    cat "$EXT_WORK/$TOOL.log"
    reason=$(grep -m1 -E '\] ERROR |Exception|rror' "$EXT_WORK/$TOOL.log" | sed -E 's/^\[[^]]*\] +//' | cut -c1-300 || true)
    failed "$TOOL: $SPEC: generation failed (exit status $rc, $gen_errors error lines): ${reason:-see the log above}"
    ext_exit
fi
echo "generated $(find "$OUT" -type f | wc -l) files in $((SECONDS - t)) s"

# The generator's own warnings, each distinct one once. "X cannot be used as a ... name. Renamed to
# Y" comes once per name: those are counted by kind, with the first as an example.
# shellcheck disable=SC2016 # the backquotes are Markdown, in a message
# Notices whose effect is checked in the generated code are notes: a rename the generator logs ("X cannot
# be used as a ... name. Renamed to Y") is a warning only when a made-up name Y reaches a generated file (looked
# for just below; the renames logged before `x-enum-varnames` applies, Rust's raw identifier `r#type` and
# internal model names do not), and the 3.1 schema-name notice changes no file (the clients compile and
# round-trip every example).
notice_re=' cannot be used as (a|an) [^.]+ name\. Renamed to |^Failed to get the schema name: null'
while IFS= read -r w; do
    if [[ $w =~ $notice_re ]]; then note "$TOOL: $SPEC: generator notice: $w"
    else warning "$TOOL: $SPEC: generator warning: $w"; fi
done < <(
    grep -E '\] WARN ' "$EXT_WORK/$TOOL.log" | sed -E 's/^\[[^]]*\] WARN +[^ ]+ - //' |
        grep -v 'OpenAPI 3.1 support is still in beta' |
        # Logged (7.26.0) for a schema with `additionalProperties: false` in an OpenAPI 3.1 document.
        sed 's/^Failed to get the schema name: null$/& (openapi-generator logs this for `additionalProperties: false` in OpenAPI 3.1)/' |
        awk '{
            key = $0
            if (match($0, / cannot be used as (a|an) [^.]+ name\. Renamed to /)) key = "<name>" substr($0, RSTART, RLENGTH) "<name>"
            if (!(key in n)) { order[++k] = key; first[key] = $0 }
            n[key]++
        } END {
            for (i = 1; i <= k; i++) {
                key = order[i]
                if (n[key] > 1 || key != first[key]) printf "%s [%d times, e.g. \"%s\"]\n", key, n[key], first[key]
                else print key
            }
        }')

while IFS= read -r made; do
    used=$(grep -rlw --include='*.rs' --include='*.ts' --include='*.py' -- "$made" "$OUT" | head -n 1 || true)
    [ -z "$used" ] || warning "$TOOL: $SPEC: the name $made, made up by the generator for a name it could not use, is in ${used#"$OUT"/}"
done < <(grep -oE 'Renamed to [A-Za-z_][A-Za-z0-9_]*$' "$EXT_WORK/$TOOL.log" | awk '{print $3}' | sort -u)

# --- awkward output, and compile -----------------------------------------------------------------
# Prints "enum NAME (FILE): MEMBERS" for each enum whose member names match the regex $2, in the
# files of $1 (members given as `<indent>NAME<sep>` lines inside an `enum`/`const` block).
odd_members() { # DIR REGEX
    find "$1" -type f | sort | while IFS= read -r f; do
        awk -v re="$2" -v file="${f#"$OUT"/}" '
            function flush() { if (odd != "") print "enum " name " (" file "): " odd; odd = "" }
            /^(pub )?enum [A-Za-z0-9_]+|^export const [A-Za-z0-9_]+ = \{|^class [A-Za-z0-9_]+\(.*Enum\)/ {
                flush()
                name = $0
                sub(/^(pub )?enum |^export const |^class /, "", name)
                sub(/[^A-Za-z0-9_].*$/, "", name)
            }
            $0 ~ re {
                m = $0
                sub(/^[ \t]+/, "", m)
                sub(/[^A-Za-z0-9_].*$/, "", m)
                odd = odd (odd == "" ? "" : ", ") m
            }
            END { flush() }' "$f"
    done
}
warn_members() { # WHAT DIR REGEX
    local w
    while IFS= read -r w; do warning "$TOOL: $SPEC: $1: $w"; done < <(odd_members "$2" "$3")
}

case "$GEN" in
typescript-fetch)
    warn_members "member names made from the values" "$OUT/models" \
        "^[ \t]+(_[0-9][A-Za-z0-9_]*|Number[0-9][A-Za-z0-9_]*|True_|False_): "
    # Properties typed `any`, `object` or a map of `any`: the generator did not understand the schema.
    any_re="^[[:space:]]+['\"A-Za-z0-9_]+\??: (any|object|\{ \[key: string\]: any; \})( \| null)?;$"
    n_any=$(grep -rhE "$any_re" "$OUT/models" | wc -l || true)
    [ "$n_any" -eq 0 ] || warning "$TOOL: $SPEC: $n_any model properties are untyped (any, object)"
    cat >"$OUT/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "es2020",
    "module": "commonjs",
    "lib": ["es2020", "dom"],
    "types": [],
    "strict": true,
    "skipLibCheck": true,
    "outDir": "dist"
  },
  "include": ["**/*.ts"],
  "exclude": ["dist"]
}
JSON
    echo "tsc $(node_pkg_version typescript) --strict"
    rc=0
    (cd "$OUT" && "$NPM_BIN/tsc" -p tsconfig.json) >"$EXT_WORK/tsc.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$EXT_WORK/tsc.log"
        while read -r n e; do failed "$TOOL: $SPEC: tsc --strict: $e [$n times]"; done < <(
            grep -E 'error TS[0-9]+' "$EXT_WORK/tsc.log" | sed -E 's/\([0-9]+,[0-9]+\)//' | sort | uniq -c)
        [ "$ext_failed" -eq 1 ] || failed "$TOOL: $SPEC: tsc --strict failed (exit status $rc; log above)"
    else
        touch "$OUT.ok"
        passed "$TOOL: $(find "$OUT" -name '*.ts' -not -path '*/dist/*' | wc -l) .ts files compile with tsc --strict"
    fi
    ;;
python)
    warn_members "member names made from the values" "$OUT" \
        "^[ \t]+(NUMBER_[A-Za-z0-9_]*|_[0-9][A-Za-z0-9_]*|TRUE|FALSE|EMPTY) = "
    pkg=$(find "$OUT" -mindepth 2 -maxdepth 2 -name __init__.py -not -path '*/test/*' | head -n 1)
    pkg=$(basename "$(dirname "$pkg")")
    rc=0
    # The host's pip for the tools venv when it can (as in lib.sh), else the venv's own.
    pip=(python3 -m pip --python "$VENV/bin/python")
    [ ! -x "$VENV/bin/pip" ] || pip=("$VENV/bin/python" -m pip)
    "${pip[@]}" install --quiet --no-deps --no-build-isolation --no-cache-dir --disable-pip-version-check \
        --force-reinstall "$OUT" >"$EXT_WORK/pip-client.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$EXT_WORK/pip-client.log"
        reason=$(grep -m1 -i error "$EXT_WORK/pip-client.log" | cut -c1-300 || true)
        failed "$TOOL: $SPEC: pip install --no-deps of the generated client failed: ${reason:-log above}"
    else
        rc=0
        "$VENV/bin/python" - "$pkg" >"$EXT_WORK/import-client.log" 2>&1 <<'PY' || rc=$?
import importlib, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
bad = 0
names = [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    try:
        importlib.import_module(name)
    except Exception as e:
        bad += 1
        print(f"import {name}: {type(e).__name__}: {' '.join(str(e).split())}")
print(f"{len(names)} modules, {bad} failed to import")
sys.exit(1 if bad else 0)
PY
        cat "$EXT_WORK/import-client.log"
        if [ "$rc" -ne 0 ]; then
            while IFS= read -r l; do failed "$TOOL: $SPEC: $l"; done < <(grep '^import ' "$EXT_WORK/import-client.log")
            [ "$ext_failed" -eq 1 ] || failed "$TOOL: $SPEC: importing $pkg failed (log above)"
        else
            touch "$OUT.ok"
            n=$(tail -n 1 "$EXT_WORK/import-client.log" | cut -d' ' -f1)
            passed "$TOOL: package $pkg installs with pip --no-deps and its $n modules import"
        fi
    fi
    ;;
rust)
    warn_members "variant names made up by the generator" "$OUT/src" \
        "^[ \t]+(Variant[0-9][A-Za-z0-9_]*|[A-Za-z0-9]+_),?$"
    # Struct fields "pub name: Option<Option<T>>" (optional and nullable), counted, with the first.
    (cd "$OUT" || exit 0; grep -rnE '^[[:space:]]+pub [a-z_#0-9]+: Option<Option<' src/models || true) |
        sort >"$EXT_WORK/double-option"
    n=$(wc -l <"$EXT_WORK/double-option")
    if [ "$n" -gt 0 ]; then
        m=$(cut -d: -f1 "$EXT_WORK/double-option" | sort -u | wc -l)
        first=$(head -n 1 "$EXT_WORK/double-option" | sed -E 's/^([^:]+):[0-9]+:[[:space:]]*pub ([^:]+):.*/\1: \2/')
        warning "$TOOL: $SPEC: $n fields in $m models are Option<Option<T>> (optional and nullable) [e.g. $first]"
    fi
    touch "$OUT.ok"
    passed "$TOOL: $(find "$OUT/src" -name '*.rs' | wc -l) .rs files generated (cargo-check compiles them)"
    ;;
*)
    failed "$TOOL: $SPEC: this check knows no generator '$GEN'"
    ;;
esac
ext_exit
