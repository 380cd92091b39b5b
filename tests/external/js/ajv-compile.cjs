// Compiles every JSON Schema under a folder with ajv's 2020-12 class in its default strict mode.
// Usage: node ajv-compile.cjs DIR   (ajv is found through NODE_PATH)
//
// Every schema is added first (by its $id, else under file:///<path relative to DIR>, so that a
// relative $ref between files resolves either way), then each is compiled on its own.
// Verdict (default options, as a ministry would run it): a schema whose addSchema or compile
// throws FAILS. To list every problem and not just the first one ajv throws, the failing schemas
// are compiled again with strict problems logged instead of thrown (strictSchema "log", and
// strictSchema false to hear about unknown formats); problems that default strict mode only logs
// (strictTypes, strictTuples) are WARNINGs.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020").default;

const dir = process.argv[2];
if (!dir) {
    console.error("usage: node ajv-compile.cjs DIR");
    process.exit(2);
}
const files = [];
(function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".schema.json")) files.push(p);
    }
})(dir);

let failed = 0;
const out = (line) => console.log(line);
const fail = (file, reason) => { failed++; out(`FAILED ajv: ${file}: ${reason}`); };
const warn = (file, reason) => out(`WARNING ajv: ${file}: ${reason}`);

const schemas = [];
for (const file of files) {
    try {
        schemas.push({ file, schema: JSON.parse(fs.readFileSync(file, "utf8")) });
    } catch (e) {
        fail(file, `not JSON: ${e.message}`);
    }
}
const keyOf = ({ file, schema }) =>
    typeof schema.$id === "string" && schema.$id !== ""
        ? schema.$id
        : "file:///" + path.relative(dir, file).split(path.sep).join("/");

// The JSON pointer of the first object (depth-first, document order) that has the key `name`.
function firstKey(node, name, ptr = "#") {
    if (node === null || typeof node !== "object") return null;
    if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, name)) return ptr;
    for (const [k, v] of Object.entries(node)) {
        const found = firstKey(v, name, `${ptr}/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`);
        if (found) return found;
    }
    return null;
}

// One ajv instance holding every schema; `messages` collects what its logger is told.
function instance(options, messages) {
    const log = (...a) => messages.push(a.map(String).join(" "));
    const ajv = new Ajv2020({ ...options, logger: { log() {}, warn: log, error: log } });
    const added = new Map();
    for (const s of schemas) {
        try {
            ajv.addSchema(s.schema, keyOf(s));
            added.set(s.file, keyOf(s));
        } catch (e) {
            added.set(s.file, e);
        }
    }
    return { ajv, added };
}

// Pass 1: the verdict, with ajv's defaults.
const verdictLog = [];
const v = instance({}, verdictLog);
const failing = [];
let passedCount = 0;
for (const s of schemas) {
    const key = v.added.get(s.file);
    if (key instanceof Error) {
        fail(s.file, `addSchema: ${key.message}`);
        continue;
    }
    verdictLog.length = 0;
    try {
        v.ajv.getSchema(key);
        if (verdictLog.length === 0) passedCount++;
        for (const m of new Set(verdictLog)) warn(s.file, m);
    } catch (e) {
        failing.push(s);
    }
}

// Pass 2, failing schemas only: every problem, grouped by message; `[...]` at the end of a line
// is detail (how often, where first) that validate-openapi.sh leaves out of its summary.
function report(s, messages) {
    const seen = new Map();
    for (const { msg, at } of messages) {
        const e = seen.get(msg) || { n: 0, at };
        e.n++;
        e.at = e.at || at;
        seen.set(msg, e);
    }
    for (const [m, { n, at }] of seen) {
        const kw = /unknown keyword: "([^"]+)"/.exec(m);
        const where = at || (kw && firstKey(s.schema, kw[1]));
        const detail = [n > 1 ? `${n} times` : "", where ? `first at ${where}` : ""].filter(Boolean).join(", ");
        const line = m + (detail ? ` [${detail}]` : "");
        if (/\((strictTypes|strictTuples)\)$/.test(m)) warn(s.file, line);
        else fail(s.file, line);
    }
}
if (failing.length > 0) {
    // Unknown formats only reach the logger with strictSchema false; other strict-mode problems
    // with strictSchema "log", once the unknown formats are known (as `true`: anything passes).
    const formatLog = [];
    const f = instance({ strictSchema: false, strictTypes: false, strictTuples: false }, formatLog);
    const perFile = new Map();
    const unknownFormats = new Set();
    for (const s of failing) {
        formatLog.length = 0;
        const msgs = [];
        try {
            f.ajv.getSchema(f.added.get(s.file));
        } catch (e) {
            msgs.push({ msg: e.message });
        }
        for (const m of formatLog) {
            const fm = /^unknown format "([^"]+)" ignored in schema at path "([^"]*)"/.exec(m);
            if (fm) {
                unknownFormats.add(fm[1]);
                msgs.push({ msg: `unknown format "${fm[1]}" (ajv-formats not loaded)`, at: fm[2] });
            } else msgs.push({ msg: m });
        }
        perFile.set(s.file, msgs);
    }
    const strictLog = [];
    const formats = Object.fromEntries([...unknownFormats].map((n) => [n, true]));
    const l = instance({ strictSchema: "log", formats }, strictLog);
    for (const s of failing) {
        strictLog.length = 0;
        const msgs = perFile.get(s.file);
        try {
            l.ajv.getSchema(l.added.get(s.file));
        } catch (e) {
            msgs.push({ msg: e.message });
        }
        for (const m of strictLog) msgs.push({ msg: m });
        if (msgs.length === 0) msgs.push({ msg: "compile throws in default strict mode, but not when its problems are logged" });
        report(s, msgs);
    }
}

const noId = schemas.filter((s) => !(typeof s.schema.$id === "string" && s.schema.$id !== "")).length;
if (noId > 0) {
    warn(dir, `${noId} of ${schemas.length} schemas have no $id (added here under file:///<relative path>; a consumer cannot $ref them by a stable URI)`);
}
console.error(`ajv: ${files.length} schemas, ${passedCount} compiled cleanly, ${failing.length} refused in strict mode`);
if (files.length === 0) fail(dir, "no *.schema.json file");
if (failed === 0) out(`PASSED ajv: ${files.length} schemas compile in strict mode`);
process.exit(failed === 0 ? 0 : 1);
