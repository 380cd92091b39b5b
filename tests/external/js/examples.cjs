// Lists every example payload of an OpenAPI document with the component schema it must fit.
// Usage: node examples.cjs OPENAPI.json OUT.json
//
// Looks at requestBody.content.*.example(s) and responses.*.content.*.example(s) of every
// operation (examples given by $ref to components.examples are followed), and writes
//   [{ "id", "operation", "pointer", "model", "value" }]
// where `pointer` is the JSON pointer of the example's value in the document and `model` the name
// of the component schema the media type refers to ($ref "#/components/schemas/<model>").
// Media types whose schema is not such a $ref are listed with "model": null.
"use strict";
const fs = require("fs");
const [specFile, outFile] = process.argv.slice(2);
if (!specFile || !outFile) {
    console.error("usage: node examples.cjs OPENAPI.json OUT.json");
    process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
const esc = (s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1");
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function deref(node, ptr) {
    const seen = new Set();
    while (node && typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
        if (seen.has(node.$ref)) break;
        seen.add(node.$ref);
        ptr = node.$ref;
        node = node.$ref.slice(2).split("/")
            .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
            .reduce((n, k) => (n == null ? n : n[k]), spec);
    }
    return [node, ptr];
}

const out = [];
function media(content, base, operation) {
    for (const [type, m0] of Object.entries(content || {})) {
        if (!/json/i.test(type)) continue;
        const mPtr = `${base}/content/${esc(type)}`;
        const schema = m0.schema || {};
        const ref = typeof schema.$ref === "string" && /^#\/components\/schemas\/[^/]+$/.test(schema.$ref)
            ? schema.$ref.split("/").pop().replace(/~1/g, "/").replace(/~0/g, "~") : null;
        const add = (pointer, value) =>
            out.push({ id: out.length, operation, pointer, model: ref, value });
        if (Object.prototype.hasOwnProperty.call(m0, "example")) add(`${mPtr}/example`, m0.example);
        for (const [name, ex0] of Object.entries(m0.examples || {})) {
            const [ex, exPtr] = deref(ex0, `${mPtr}/examples/${esc(name)}`);
            if (ex && Object.prototype.hasOwnProperty.call(ex, "value")) {
                add(`${exPtr}/value`, ex.value);
            }
        }
    }
}
for (const [path, item0] of Object.entries(spec.paths || {})) {
    const [item, itemPtr] = deref(item0, `#/paths/${esc(path)}`);
    for (const method of METHODS) {
        const op = item && item[method];
        if (!op) continue;
        const opPtr = `${itemPtr}/${method}`;
        const operation = op.operationId || `${method.toUpperCase()} ${path}`;
        if (op.requestBody) {
            const [rb, rbPtr] = deref(op.requestBody, `${opPtr}/requestBody`);
            if (rb) media(rb.content, rbPtr, operation);
        }
        for (const [code, r0] of Object.entries(op.responses || {})) {
            const [r, rPtr] = deref(r0, `${opPtr}/responses/${esc(code)}`);
            if (r) media(r.content, rPtr, operation);
        }
    }
}
fs.writeFileSync(outFile, JSON.stringify(out));
console.error(`examples: ${out.length} example payloads in ${specFile}`);
