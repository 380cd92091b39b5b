// Round-trips example payloads through the typescript-fetch client that openapi-generator wrote.
// Copied into the client's folder and compiled with it (tsc --strict), then run with node:
//   node roundtrip.js EXAMPLES.json OUT.json
// For each example of EXAMPLES.json (written by js/examples.cjs) it calls `<Model>FromJSON` and then
// `<Model>ToJSON` of the model named after the example's component schema, and writes to OUT.json,
// per example, {"id", "value"} (after JSON.stringify, as a client would send it) or {"id", "error"};
// js/roundtrip-compare.cjs compares the values.
import * as models from "./models/index";

// The client is compiled without @types/node: declare the little of Node.js used here.
declare const require: (id: string) => {
    readFileSync(path: string, encoding: string): string;
    writeFileSync(path: string, data: string): void;
};
declare const process: { argv: string[]; exitCode?: number };

interface Example {
    id: number;
    model: string | null;
    value: unknown;
}
type Converter = (json: unknown) => unknown;

const fs = require("fs");
const [examplesFile, outFile] = process.argv.slice(2);
const examples: Example[] = JSON.parse(fs.readFileSync(examplesFile, "utf8"));
const table = models as unknown as Record<string, Converter | undefined>;
const out: Array<{ id: number; value?: unknown; error?: string }> = [];
for (const ex of examples) {
    try {
        if (ex.model === null) {
            throw new Error("the media type's schema is not a $ref to a component schema");
        }
        const fromJson = table[`${ex.model}FromJSON`];
        const toJson = table[`${ex.model}ToJSON`];
        if (typeof fromJson !== "function" || typeof toJson !== "function") {
            throw new Error(`models/index exports no ${ex.model}FromJSON / ${ex.model}ToJSON`);
        }
        const text = JSON.stringify(toJson(fromJson(ex.value)));
        out.push({ id: ex.id, value: text === undefined ? null : JSON.parse(text) });
    } catch (e) {
        out.push({ id: ex.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
}
fs.writeFileSync(outFile, JSON.stringify(out));
