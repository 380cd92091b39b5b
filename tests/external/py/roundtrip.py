"""Round-trips example payloads through the Python client that openapi-generator wrote.

Usage: python roundtrip.py PACKAGE EXAMPLES.json OUT.json

For each example of EXAMPLES.json (written by js/examples.cjs) it looks up the model class named
after the example's component schema in PACKAGE.models, parses the example with
`Model.from_dict(value)` and serialises it back with `to_dict()`. OUT.json gets, per example,
{"id", "value"} or {"id", "error"}; js/roundtrip-compare.cjs compares the values.
"""

import importlib
import json
import sys
import traceback


def main() -> int:
    package, examples_file, out_file = sys.argv[1:4]
    models = importlib.import_module(package + ".models")
    with open(examples_file, encoding="utf-8") as f:
        examples = json.load(f)
    out = []
    for ex in examples:
        entry = {"id": ex["id"]}
        try:
            if ex["model"] is None:
                raise LookupError("the media type's schema is not a $ref to a component schema")
            cls = getattr(models, ex["model"], None)
            if cls is None:
                raise LookupError(f"{package}.models has no class {ex['model']}")
            obj = cls.from_dict(ex["value"])
            if obj is None:
                raise ValueError(f"{ex['model']}.from_dict returned None")
            # to_dict() may keep values that json cannot write (dates, enums): go through JSON
            # as a client sending the payload would.
            entry["value"] = json.loads(json.dumps(obj.to_dict(), default=str))
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            last = traceback.extract_tb(e.__traceback__)[-1:]
            where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
            entry["error"] = f"{type(e).__name__}: {e}{where}"
        out.append(entry)
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
