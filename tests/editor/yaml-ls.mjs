// Open deck files in the YAML language server (what VS Code's YAML extension runs) with the
// repository's .vscode/settings.json, and report what an editor would show.
// Usage: node tests/editor/yaml-ls.mjs ROOT [--at LINE:COL] FILE...
// Prints {"files": {FILE: [problems]}, "completion": [labels]} as JSON: each file's problems as
// the editor underlines them, and the completion offered in the first file at LINE:COL (0-based).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const [root, ...rest] = process.argv.slice(2);
const at = rest[0] === "--at" ? rest[1] : null;
const files = rest[0] === "--at" ? rest.slice(2) : rest;
const settings = JSON.parse(readFileSync(resolve(root, ".vscode/settings.json"), "utf8"));
const server = spawn(
  process.execPath,
  [require.resolve("yaml-language-server/bin/yaml-language-server"), "--stdio"],
  { stdio: ["pipe", "pipe", "inherit"] },
);

let buffer = Buffer.alloc(0);
let next = 1;
const waiting = new Map();
const notes = [];
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n");
    if (head < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())[1]);
    if (buffer.length < head + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString("utf8"));
    buffer = buffer.subarray(head + 4 + length);
    if (msg.id !== undefined && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg.result);
      waiting.delete(msg.id);
    } else if (msg.id !== undefined && msg.method) {
      // A request from the server (configuration, registration): answer it.
      const result = msg.method === "workspace/configuration"
        ? msg.params.items.map((i) => (i.section === "yaml" ? yamlSettings() : null))
        : null;
      send({ jsonrpc: "2.0", id: msg.id, result });
    } else if (msg.method) {
      notes.push(msg);
    }
  }
});

function send(msg) {
  const body = Buffer.from(JSON.stringify(msg), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = next++;
  send({ jsonrpc: "2.0", id, method, params });
  return new Promise((ok) => waiting.set(id, ok));
}
function notify(method, params) {
  send({ jsonrpc: "2.0", method, params });
}
function yamlSettings() {
  // .vscode/settings.json's yaml.* keys, as VS Code hands them to the server.
  const schemas = {};
  for (const [schema, glob] of Object.entries(settings["yaml.schemas"])) {
    schemas[pathToFileURL(resolve(root, schema)).href] = glob;
  }
  return { schemas, validate: true, completion: true, hover: true, format: { enable: false } };
}

const rootUri = pathToFileURL(resolve(root)).href;
await request("initialize", {
  processId: process.pid,
  rootUri,
  workspaceFolders: [{ uri: rootUri, name: "deckbuilder" }],
  capabilities: { workspace: { configuration: true }, textDocument: { completion: {} } },
});
notify("initialized", {});
notify("workspace/didChangeConfiguration", { settings: { yaml: yamlSettings() } });
const uris = files.map((f) => pathToFileURL(resolve(f)).href);
files.forEach((f, i) => {
  notify("textDocument/didOpen", {
    textDocument: { uri: uris[i], languageId: "yaml", version: 1, text: readFileSync(f, "utf8") },
  });
});

// Diagnostics come as notifications, each file's once its schema is applied.
const found = new Map();
const deadline = Date.now() + 60000;
while (found.size < uris.length && Date.now() < deadline) {
  for (const n of notes.splice(0)) {
    if (n.method === "textDocument/publishDiagnostics" && uris.includes(n.params.uri)) {
      found.set(n.params.uri, n.params.diagnostics);
    }
  }
  if (found.size < uris.length) await new Promise((ok) => setTimeout(ok, 50));
}
let completion = [];
if (at) {
  const [line, character] = at.split(":").map(Number);
  const res = await request("textDocument/completion", {
    textDocument: { uri: uris[0] },
    position: { line, character },
  });
  completion = [...new Set((Array.isArray(res) ? res : (res?.items ?? [])).map((i) => i.label))];
}
const out = {};
files.forEach((f, i) => {
  const diags = found.get(uris[i]);
  out[f] = diags === undefined ? null : diags.map((d) => ({ line: d.range.start.line + 1, message: d.message }));
});
console.log(JSON.stringify({ files: out, completion }));
await request("shutdown", null);
notify("exit", null);
server.kill();
