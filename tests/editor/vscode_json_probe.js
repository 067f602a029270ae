// Asks VS Code's JSON language service (vscode-json-languageservice) what an editor would show.
//
// Input on stdin, one JSON object:
//   {"schemas": [{"uri": "file:///...", "fileMatch": ["*.json"]}],
//    "documents": [{"uri": "file:///.../p.json", "text": "...", "at": [offset, ...]}]}
// Output on stdout, one JSON object:
//   {"requested": [uri, ...],                       every schema URI the service asked for
//    "documents": [{"diagnostics": [{"message", "severity", "offset"}],
//                   "at": [{"completions": [label, ...], "hover": "markdown" | null}]}]}
// Schemas are read only from file: URIs, the way VS Code reads a `json.schemas` entry whose
// `url` is a path; any other URI is refused and listed in `requested`, so a test can prove that
// nothing was fetched.
"use strict";

const fs = require("fs");
const { fileURLToPath } = require("url");
const ls = require("vscode-json-languageservice");
const { TextDocument } = require("vscode-languageserver-textdocument");

function readStdin() {
  return fs.readFileSync(0, "utf8");
}

function hoverText(hover) {
  if (!hover) return null;
  const parts = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
  return parts.map((part) => (typeof part === "string" ? part : part.value)).join("\n");
}

async function main() {
  const request = JSON.parse(readStdin());
  const requested = [];
  const service = ls.getLanguageService({
    schemaRequestService: (uri) => {
      requested.push(uri);
      if (!uri.startsWith("file:")) {
        return Promise.reject(`refused to fetch ${uri}`);
      }
      return Promise.resolve(fs.readFileSync(fileURLToPath(uri), "utf8"));
    },
    // A `$schema` path in a document is relative to the document, as in VS Code's JSON server.
    workspaceContext: {
      resolveRelativePath: (relativePath, resource) => new URL(relativePath, resource).href,
    },
    clientCapabilities: ls.ClientCapabilities.LATEST,
  });
  service.configure({ validate: true, allowComments: false, schemas: request.schemas });
  const documents = [];
  for (const item of request.documents) {
    const document = TextDocument.create(item.uri, "json", 1, item.text);
    const json = service.parseJSONDocument(document);
    const diagnostics = await service.doValidation(document, json, {
      comments: "error",
      trailingCommas: "error",
      schemaValidation: "error",
      schemaRequest: "error",
    });
    const at = [];
    for (const offset of item.at || []) {
      const position = document.positionAt(offset);
      const completion = await service.doComplete(document, position, json);
      const hover = await service.doHover(document, position, json);
      at.push({
        completions: completion ? completion.items.map((entry) => entry.label) : [],
        hover: hoverText(hover),
      });
    }
    documents.push({
      diagnostics: diagnostics.map((d) => ({
        message: d.message,
        severity: d.severity,
        offset: document.offsetAt(d.range.start),
      })),
      at,
    });
  }
  process.stdout.write(JSON.stringify({ requested, documents }) + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
