#!/usr/bin/env bash
# datamodel-code-generator writes pydantic v2 models of every JSON Schema under
# $EXT_JSONSCHEMA_DIR (the folder as one input: one module per schema), which must then import, each
# module on its own, in a venv that has only pydantic (../requirements-pydantic.txt): a ministry
# should need nothing else (no email-validator). Run by ../validate-openapi.sh.
set -euo pipefail
# shellcheck source=tests/external/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$EXT_ROOT"
ext_tool_paths "$EXT_TOOLS"
TOOL=datamodel-codegen
DIR=$EXT_JSONSCHEMA_DIR
PYVER=$("$VENV_PYDANTIC/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PYDANTIC=$("$VENV_PYDANTIC/bin/python" -c 'import pydantic; print(pydantic.VERSION)')
echo "datamodel-code-generator $(py_pkg_version datamodel-code-generator) -> pydantic_v2.BaseModel" \
    "for Python $PYVER; imported with only pydantic $PYDANTIC"

OUT=$EXT_WORK/datamodel/models
rm -rf "$EXT_WORK/datamodel"
mkdir -p "$EXT_WORK/datamodel"
rc=0
"$VENV/bin/datamodel-codegen" --input "$DIR" --input-file-type jsonschema \
    --output-model-type pydantic_v2.BaseModel --target-python-version "$PYVER" \
    --formatters builtin --disable-timestamp --output "$OUT" >"$EXT_WORK/datamodel.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
    cat "$EXT_WORK/datamodel.log"
    reason=$(grep -m1 -iE 'error|exception' "$EXT_WORK/datamodel.log" | cut -c1-300 || true)
    failed "$TOOL: $DIR: generation failed (exit status $rc): ${reason:-log above}"
    ext_exit
fi
# Its warnings (Python warnings: "file:line: SomeWarning: text"), each distinct one once.
while read -r n w; do warning "$TOOL: $DIR: generator ${w} [$n times]"; done < <(
    grep -E '^[^ ].*Warning: ' "$EXT_WORK/datamodel.log" | sed -E 's/^.*(Warning: )/\1/' | sort | uniq -c)
[ -f "$OUT/__init__.py" ] || touch "$OUT/__init__.py"
echo "generated $(find "$OUT" -name '*.py' | wc -l) modules"
"$VENV_PYDANTIC/bin/python" "$EXT_HERE/py/import-all.py" "$EXT_WORK/datamodel" models "$TOOL" "$DIR" ||
    ext_failed=1
ext_exit
