// Has ajv judge the payloads of the agreement test (tests/agreement.rs writes them, with the verdict of the
// `jsonschema` crate, to <target>/tmp/agreement/payloads.ndjson) against the published JSON Schemas, and fails
// on the payloads where ajv disagrees.
// Usage: node ajv-agreement.cjs GENERATED_DIR PAYLOADS.ndjson   (ajv is found through NODE_PATH)
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020").default;

const [generated, payloads] = process.argv.slice(2);
if (!generated || !payloads) {
    console.error("usage: node ajv-agreement.cjs GENERATED_DIR PAYLOADS.ndjson");
    process.exit(2);
}
if (!fs.existsSync(payloads)) {
    console.error(`FAILED ajv agreement: ${payloads} does not exist; run cargo test -p contracts-tests --test agreement first`);
    process.exit(1);
}

// Every schema of generated/jsonschema/ is added (by its $id when it has one), so that $refs between them
// resolve. strict: false, because this measures verdicts; whether the schemas pass strict mode is checked apart.
const ajv = new Ajv2020({ strict: false });
const folder = path.join(generated, "jsonschema");
const keys = new Map();
(function add(relative) {
    const entries = fs.readdirSync(path.join(folder, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const name = relative === "" ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
            add(name);
        } else if (name.endsWith(".schema.json")) {
            const schema = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
            const key = typeof schema.$id === "string" && schema.$id !== "" ? schema.$id : `file:///jsonschema/${name}`;
            ajv.addSchema(schema, key);
            keys.set(`jsonschema/${name}`, key);
        }
    }
})("");

const compiled = new Map();
let judged = 0;
const disagreements = [];
for (const line of fs.readFileSync(payloads, "utf8").split("\n")) {
    if (line === "") continue;
    const { schema, payload, valid } = JSON.parse(line);
    if (!compiled.has(schema)) {
        const key = keys.get(schema);
        if (key === undefined) {
            console.error(`FAILED ajv agreement: no schema ${schema} under ${folder}`);
            process.exit(1);
        }
        compiled.set(schema, ajv.getSchema(key));
    }
    const verdict = compiled.get(schema)(JSON.parse(payload));
    judged++;
    if (verdict !== valid) disagreements.push({ schema, payload, valid, verdict });
}
const version = require("ajv/package.json").version;
console.log(`ajv ${version}: ${judged} payloads judged, ${disagreements.length} disagreements with the jsonschema crate`);
for (const d of disagreements.slice(0, 10)) {
    console.log(`FAILED ajv agreement: ${d.schema}: ajv says ${d.verdict}, jsonschema ${d.valid}: ${d.payload}`);
}
process.exit(disagreements.length === 0 && judged >= 10000 ? 0 : 1);
