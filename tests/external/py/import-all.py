"""Imports every module of a generated package, each on its own, and reports those that fail.

Usage: python import-all.py DIR PACKAGE TOOL SOURCE_DIR

DIR holds the package folder PACKAGE that datamodel-code-generator wrote from the JSON Schemas of
SOURCE_DIR. For each module DIR/PACKAGE/a/b_schema.py it prints
`FAILED TOOL: SOURCE_DIR/a/b.schema.json: <exception> [import ...]` when `import PACKAGE.a.b_schema` raises
(the schema file is found again by the generator's naming: every character that cannot be in a
Python name becomes `_`), and `PASSED TOOL: ...` when all import. Exit status 1 if any failed.
"""

import importlib
import pathlib
import re
import sys


def main() -> int:
    root, package, tool, source = sys.argv[1:5]
    sys.path.insert(0, root)
    base = pathlib.Path(root, package)
    modules = sorted(p for p in base.rglob("*.py") if p.name != "__init__.py")
    origins = {}
    for f in pathlib.Path(source).rglob("*.json"):
        rel = f.relative_to(source)
        key = (*rel.parent.parts, re.sub(r"\W", "_", rel.name[: -len(".json")]))
        origins[key] = f.as_posix()
    failed = 0
    for path in modules:
        rel = path.relative_to(base).with_suffix("")
        name = ".".join((package, *rel.parts))
        origin = origins.get(rel.parts, path.as_posix())
        try:
            importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            message = " ".join(str(e).split())
            print(f"FAILED {tool}: {origin}: {type(e).__name__}: {message} [import {name}]")
    if not modules:
        failed += 1
        print(f"FAILED {tool}: {source}: no module generated")
    if failed == 0:
        print(f"PASSED {tool}: {len(modules)} modules import with only pydantic installed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
