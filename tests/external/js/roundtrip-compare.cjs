// Compares round-tripped example payloads with the originals.
// Usage: node roundtrip-compare.cjs TOOL SPEC EXAMPLES.json RESULTS.json
//
// EXAMPLES.json is written by js/examples.cjs, RESULTS.json by py/roundtrip.py or js/roundtrip.ts.
// Each result must deep-equal its example: same keys, same values, same array lengths, no key
// added (not even with null) and none dropped. Prints one FAILED line per failing example, naming
// the operation, the example's JSON pointer in SPEC and the first difference's JSON pointer inside
// the payload, then PASSED <TOOL> if none failed. Exit status 1 if any failed.
"use strict";
const fs = require("fs");
const [tool, spec, examplesFile, resultsFile] = process.argv.slice(2);
const examples = JSON.parse(fs.readFileSync(examplesFile, "utf8"));
let results = [];
try {
    results = JSON.parse(fs.readFileSync(resultsFile, "utf8"));
} catch (e) {
    console.log(`FAILED ${tool}: ${spec}: no round-trip results (${e.message})`);
    process.exit(1);
}
const byId = new Map(results.map((r) => [r.id, r]));
const esc = (s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1");
const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const show = (v) => {
    const s = v === undefined ? "(absent)" : JSON.stringify(v);
    return s.length > 60 ? s.slice(0, 57) + "..." : s;
};

// The first difference between `want` and `got` (document order of `want`, then keys only in
// `got`), as [pointer, description], or null if they are deep-equal.
function diff(want, got, ptr = "") {
    if (kind(want) !== kind(got)) {
        return [ptr || "/", `expected ${kind(want)} ${show(want)}, got ${kind(got)} ${show(got)}`];
    }
    if (Array.isArray(want)) {
        for (let i = 0; i < Math.min(want.length, got.length); i++) {
            const d = diff(want[i], got[i], `${ptr}/${i}`);
            if (d) return d;
        }
        if (want.length !== got.length) {
            return [ptr || "/", `expected ${want.length} items, got ${got.length}`];
        }
        return null;
    }
    if (kind(want) === "object") {
        for (const k of Object.keys(want)) {
            if (!Object.prototype.hasOwnProperty.call(got, k)) {
                return [`${ptr}/${esc(k)}`, `key dropped (was ${show(want[k])})`];
            }
            const d = diff(want[k], got[k], `${ptr}/${esc(k)}`);
            if (d) return d;
        }
        for (const k of Object.keys(got)) {
            if (!Object.prototype.hasOwnProperty.call(want, k)) {
                return [`${ptr}/${esc(k)}`, `key added: ${show(got[k])}`];
            }
        }
        return null;
    }
    return Object.is(want, got) || want === got ? null : [ptr || "/", `expected ${show(want)}, got ${show(got)}`];
}

let failed = 0;
for (const ex of examples) {
    const r = byId.get(ex.id);
    const where = `${spec}: operation ${ex.operation} example ${ex.pointer}`;
    let reason = null;
    if (!r) reason = "no result";
    else if (r.error !== undefined) reason = `${ex.model || "(no model)"}: ${r.error}`;
    else {
        const d = diff(ex.value, r.value);
        if (d) reason = `${ex.model}: differs at ${d[0]}: ${d[1]}`;
    }
    if (reason) {
        failed++;
        console.log(`FAILED ${tool}: ${where}: ${reason}`);
    }
}
if (examples.length === 0) {
    failed++;
    console.log(`FAILED ${tool}: ${spec}: no example payload to round-trip`);
}
if (failed === 0) console.log(`PASSED ${tool}: ${examples.length} examples of ${spec} round-trip unchanged`);
process.exit(failed === 0 ? 0 : 1);
