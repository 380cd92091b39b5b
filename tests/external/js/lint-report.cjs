// Turns a JSON lint report into verdict lines, one per file, rule and message.
// Usage: node lint-report.cjs redocly|spectral REPORT.json FILE...
//
// redocly: the output of `redocly lint --format json` (one JSON object per linted file, concatenated).
// spectral: the output of `spectral lint --format json` (one array).
// Errors and warnings are FAILED lines, Spectral's info and hint are WARNING lines:
//   FAILED <tool>: <file>: <rule> (<severity>): <message> [<n> times, first at <JSON pointer> line <l>]
// then `PASSED <tool>: ...` if nothing failed. Exit status 1 if a line failed, 2 if the report does
// not parse.
"use strict";
const fs = require("fs");
const path = require("path");
const [tool, reportFile, ...files] = process.argv.slice(2);
const text = fs.readFileSync(reportFile, "utf8");
const esc = (s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1");
const rel = (f) => {
    const abs = path.resolve(f);
    const r = path.relative(process.cwd(), abs);
    return r.startsWith("..") || path.isAbsolute(r) ? abs : r;
};

// Splits concatenated JSON values (Redocly prints one object per file).
function jsonValues(s) {
    const out = [];
    let depth = 0, start = -1, inStr = false, escaped = false;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (inStr) {
            if (escaped) escaped = false;
            else if (c === "\\") escaped = true;
            else if (c === '"') inStr = false;
        } else if (c === '"') inStr = true;
        else if (c === "{" || c === "[") { if (depth++ === 0) start = i; }
        else if (c === "}" || c === "]") { if (--depth === 0) out.push(JSON.parse(s.slice(start, i + 1))); }
    }
    return out;
}

let problems; // [{ file, rule, severity: error|warning|info|hint, message, pointer, line }]
try {
    if (tool === "redocly") {
        problems = jsonValues(text).flatMap((report) => (report.problems || []).map((p) => {
            const loc = (p.location && p.location[0]) || {};
            return {
                file: rel((loc.source && loc.source.ref) || "?"),
                rule: p.ruleId,
                severity: p.severity,
                message: p.message,
                pointer: loc.pointer || "",
                line: loc.start && loc.start.line,
            };
        }));
    } else if (tool === "spectral") {
        const list = jsonValues(text)[0] || [];
        problems = list.map((p) => ({
            file: rel(p.source || "?"),
            rule: p.code,
            severity: ["error", "warning", "info", "hint"][p.severity] || String(p.severity),
            message: p.message,
            pointer: "#" + (p.path || []).map((k) => "/" + esc(k)).join(""),
            line: p.range && p.range.start && p.range.start.line + 1,
        }));
    } else {
        console.error(`lint-report: unknown tool ${tool}`);
        process.exit(2);
    }
} catch (e) {
    console.log(`FAILED ${tool}: ${reportFile}: the JSON report does not parse (${e.message})`);
    process.exit(2);
}

const groups = new Map();
for (const p of problems) {
    const key = `${p.file}\u0000${p.rule}\u0000${p.severity}\u0000${p.message}`;
    const g = groups.get(key) || { ...p, n: 0 };
    g.n++;
    groups.set(key, g);
}
let failed = 0;
const order = { error: 0, warning: 1, info: 2, hint: 3 };
const sorted = [...groups.values()].sort((a, b) =>
    a.file.localeCompare(b.file) || (order[a.severity] ?? 9) - (order[b.severity] ?? 9) || a.rule.localeCompare(b.rule));
for (const g of sorted) {
    const where = [g.n > 1 ? `${g.n} times` : "", `${g.n > 1 ? "first " : ""}at ${g.pointer}${g.line ? ` line ${g.line}` : ""}`]
        .filter(Boolean).join(", ");
    const message = String(g.message).replace(/\s+/g, " ").trim();
    const line = `${tool}: ${g.file}: ${g.rule} (${g.severity}): ${message} [${where}]`;
    if (g.severity === "error" || g.severity === "warning") {
        failed++;
        console.log(`FAILED ${line}`);
    } else console.log(`WARNING ${line}`);
}
const counts = { error: 0, warning: 0 };
for (const p of problems) if (p.severity in counts) counts[p.severity]++;
console.error(`${tool}: ${files.length} files, ${counts.error} errors, ${counts.warning} warnings`);
if (failed === 0) console.log(`PASSED ${tool}: ${files.length} files, 0 errors, 0 warnings`);
process.exit(failed === 0 ? 0 : 1);
