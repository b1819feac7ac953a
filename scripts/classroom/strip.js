// A copy of the built library in which some functions do not exist: each named function's
// code is replaced, in every compiled file, by a body that throws "not available in this
// task". A task that forbids a library function is graded with such a copy, so no alias,
// second copy, cache trick, Proxy or child process can reach the function's code.
//
//   node strip.js LIBRARY_DIR OUT_DIR [NAME...]
//
// Copies package.json, the compiled JavaScript, its JSON data and type declarations (no source maps,
// no tests); the declarations stay whole, so notebooks type-check as before. Prints the
// names it found as JSON (a name the library does not have is absent already).
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("./typescript.js");

function copyBuild(from, to, names, found) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "test" && entry.name !== "node_modules") copyBuild(source, target, names, found);
    } else if (entry.name.endsWith(".d.ts") || entry.name.endsWith(".json")) {
      fs.copyFileSync(source, target);
    } else if (entry.name.endsWith(".js")) {
      fs.writeFileSync(target, stripped(fs.readFileSync(source, "utf8"), names, found));
    }
  }
}

/** The file's text with the named top-level functions' bodies replaced. */
function stripped(text, names, found) {
  const file = ts.createSourceFile("x.js", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits = []; // [start, end, replacement]
  const stub = (name) => `{ throw new Error(${JSON.stringify(`${name} is not available in this task (the grader's library has no ${name})`)}); }`;
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && names.has(statement.name.text) && statement.body) {
      found.add(statement.name.text);
      edits.push([statement.body.getStart(file), statement.body.end, stub(statement.name.text)]);
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && names.has(d.name.text) && d.initializer) {
          found.add(d.name.text);
          edits.push([d.initializer.getStart(file), d.initializer.end, `function () ${stub(d.name.text)}`]);
        }
      }
    }
  }
  edits.sort((a, b) => b[0] - a[0]);
  for (const [start, end, replacement] of edits) text = text.slice(0, start) + replacement + text.slice(end);
  return text;
}

function main(argv) {
  const [from, to, ...list] = argv;
  const names = new Set(list);
  const found = new Set();
  const pkg = JSON.parse(fs.readFileSync(path.join(from, "package.json"), "utf8"));
  fs.mkdirSync(to, { recursive: true });
  fs.writeFileSync(path.join(to, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  copyBuild(path.join(from, "dist"), path.join(to, "dist"), names, found);
  console.log(JSON.stringify([...found].sort()));
}

main(process.argv.slice(2));
