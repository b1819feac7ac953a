// The TypeScript compiler API for the grader's scripts: the project's `typescript`, or in the
// student package (which installs tslab only) the copy tslab brings, @tslab/typescript-for-tslab.
"use strict";
try {
  module.exports = require("typescript");
} catch (error) {
  module.exports = require("@tslab/typescript-for-tslab");
}
