#!/usr/bin/env node
// Committed entry point, so npm can link the command before the lib is compiled.
// Nothing reaches the user as a stack trace: the CLI reports its own errors, and
// anything else (a missing build) is one line here.
try {
  process.exitCode = require("../dist/src/cli.js").main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`rlvr-backtracking: ${String(error && error.message).split("\n")[0]} (is the library compiled? npx tsc -b lib)\n`);
  process.exitCode = 1;
}
