#!/usr/bin/env node
// Committed entry point, so npm can link the command before the lib is compiled.
process.exitCode = require("../dist/src/cli.js").main(process.argv.slice(2));
