// Runs the registry's Postman collection with newman against a sandbox, and prints verdict lines.
// Usage: node newman-run.cjs COLLECTION BASE_URL   (newman is found through NODE_PATH)
//
// The collection runs as a user would run it: its folder "Sign in" first stores the session and the
// client-credentials token; a credential no request of it fills (the user's OpenID Connect token, which a
// browser sign-in gives) gets a stand-in, which the sandbox takes. Requests to ministry systems skip
// themselves while `systemUrl` names no host. Every request tests an HTTP success and `error_code` 0.
// Verdict: a request that fails (no answer, a failed test) FAILS, except a refusal for the dossiers
// the sandbox holds (`error_code` 4), which is a WARNING: the contracts' examples are each valid, not a
// story (a progress example may name a dossier that no sync example pushed).
"use strict";
const fs = require("fs");
const newman = require("newman");

const [file, baseUrl] = process.argv.slice(2);
if (!file || !baseUrl) {
    console.error("usage: node newman-run.cjs COLLECTION BASE_URL");
    process.exit(2);
}
const collection = JSON.parse(fs.readFileSync(file, "utf8"));

// The variables the collection's own scripts fill.
const filled = new Set();
(function scripts(node) {
    if (Array.isArray(node)) return node.forEach(scripts);
    if (node === null || typeof node !== "object") return;
    if (typeof node.exec === "string" || Array.isArray(node.exec)) {
        const text = [].concat(node.exec).join("\n");
        for (const m of text.matchAll(/collectionVariables\.set\("([^"]+)"/g)) filled.add(m[1]);
    }
    Object.values(node).forEach(scripts);
})(collection);
const envVar = [{ key: "baseUrl", value: baseUrl }];
for (const v of collection.variable || []) {
    if (/Token$/.test(v.key) && v.value === "" && !filled.has(v.key)) {
        envVar.push({ key: v.key, value: "sandbox-stand-in-token" });
    }
}

let requests = 0;
(function count(items) {
    for (const item of items || []) {
        if (item.request) requests++;
        count(item.item);
    }
})(collection.item);

newman.run({ collection, envVar, reporters: [], timeoutRequest: 10000 }, (error, summary) => {
    if (error) {
        console.log(`FAILED newman: ${file}: newman could not run the collection: ${error.message}`);
        process.exit(1);
    }
    let failed = 0;
    let warned = 0;
    let accepted = 0;
    const executions = summary.run.executions;
    for (const execution of executions) {
        const name = execution.item.name;
        const line = `${execution.request.method} ${execution.request.url.toString()}`;
        if (execution.requestError) {
            console.log(`FAILED newman: ${file}: ${name}: no answer: ${execution.requestError.message}`);
            failed++;
            continue;
        }
        const body = execution.response ? execution.response.stream.toString("utf8") : "";
        const failures = (execution.assertions || []).filter((a) => a.error);
        console.log(`${failures.length ? "✗" : "✓"} ${line} [${execution.response ? execution.response.code : "-"}] ${name}`);
        if (failures.length === 0) {
            accepted++;
            continue;
        }
        let code;
        try {
            code = JSON.parse(body).error_code;
        } catch (e) {
            code = undefined;
        }
        const reason = failures.map((a) => `${a.assertion}: ${a.error.message}`).join("; ");
        if (String(code) === "4") {
            console.log(`WARNING newman: ${file}: ${name}: refused for the dossiers the sandbox holds (error_code 4): its example names a dossier the examples before it did not push [${body.slice(0, 300)}]`);
            warned++;
        } else {
            console.log(`FAILED newman: ${file}: ${name}: ${reason} [${body.slice(0, 300)}]`);
            failed++;
        }
    }
    const skipped = requests - executions.length;
    if (failed === 0) {
        console.log(`PASSED newman: ${accepted} of ${requests} requests of the collection accepted by the sandbox, ${warned} refused for dossier state, ${skipped} skipped (hosted by ministry systems)`);
    }
    process.exit(failed === 0 ? 0 : 1);
});
