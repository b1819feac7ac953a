// The grader's own process for a notebook's checks: the student's code never runs here.
//
//   node referee.js JOB.json      (prints a JSON answer on stdout)
//
// JOB: { mode, library, setup: [TypeScript], solutions: [TypeScript], checks: [{id, source}],
//        students: [names], salt, collected?, results? }
// The set-up cells and every check run here against the pristine library (`library`, a
// package folder), with each student function replaced:
//   mode "collect": by the model answer (`solutions`, the source's answer cells), which
//     records its arguments, and assertions do nothing; answer {calls: {check: [{fn,
//     args, digest}]}, problems: {check: message}}: the inputs the kernel must run, as
//     codec.js data (the model answer's values keep the check's control flow realistic);
//   mode "judge": by the kernel's answers to those calls (results: {check: {values:
//     [{value}|{threw}], reason}}), in order, and the real assertions decide; answer
//     {checks: {check: {passed, message}}, problems}.
// Generators from createRng(seed) are seeded with `${seed}#${salt}` when a salt is given,
// so every grading run may draw fresh hidden inputs; the same salt gives the same inputs.
"use strict";
const fs = require("fs");
const crypto = require("crypto");
const util = require("util");
const ts = require("./typescript.js");
const { createCodec } = require("./codec.js");

const codec = createCodec(globalThis);

/** Thrown when the grader itself cannot go on with a check (never the student's fault). */
class GraderProblem extends Error {}

// --- assert, as the checks use it --------------------------------------------------------
const original = require("assert").strict;
const shown = (value) => util.inspect(value, { depth: 2, maxArrayLength: 12, breakLength: Infinity });
const COMPARISONS = ["equal", "strictEqual", "deepEqual", "deepStrictEqual"];
/** Node's strict assert; comparisons given a message also say what they compared (the feedback). */
function realAssert() {
  const assert = (...args) => original(...args);
  for (const key of Object.keys(original)) {
    const compare = original[key];
    assert[key] = !COMPARISONS.includes(key) ? compare : (actual, expected, message) => {
      try {
        return compare(actual, expected, message);
      } catch (error) {
        if (typeof message !== "string" || !(error instanceof original.AssertionError)) throw error;
        throw new original.AssertionError({ message: `${message}: got ${shown(actual)}, expected ${shown(expected)}`, actual, expected, operator: error.operator });
      }
    };
  }
  assert.strict = assert;
  return assert;
}
const silentAssert = new Proxy(function () {}, { get: (t, key) => (key === "strict" ? silentAssert : () => {}), apply: () => {} });

// --- the library, with seeded generators that can be sent -------------------------------
const rngs = new WeakMap(); // generator -> {seed, draws}
function libraryFor(dir, salt) {
  const lib = require(dir);
  const out = { ...lib };
  out.createRng = (seed) => {
    const full = salt ? `${seed}#${salt}` : seed;
    const inner = lib.createRng(full);
    const state = { seed: full, draws: 0 };
    const rng = () => {
      state.draws++;
      return inner();
    };
    rngs.set(rng, state);
    return rng;
  };
  return out;
}
const rngInfo = (f) => {
  const s = rngs.get(f);
  return s ? [s.seed, s.draws] : null;
};

// --- the program -----------------------------------------------------------------------
function compile(job) {
  const lines = job.students.map((name) => `const ${name} = classroomStudent(${JSON.stringify(name)});`);
  lines.push(...job.setup);
  const names = job.students.join(", ");
  lines.push(`const classroomSolutions: Record<string, any> = (() => {\n${job.solutions.join("\n")}\nreturn { ${names} };\n})();`);
  lines.push("const classroomChecks: Record<string, () => void> = {};");
  for (const check of job.checks) lines.push(`classroomChecks[${JSON.stringify(check.id)}] = () => {\n${check.source}\n};`);
  lines.push("module.exports = { checks: classroomChecks, solutions: classroomSolutions };");
  const { outputText } = ts.transpileModule(lines.join("\n"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: false },
  });
  return outputText;
}

function run(job) {
  const library = libraryFor(job.library, job.salt || "");
  const mode = job.mode;
  let classroomSolutions = null;
  let current = null; // {id, index, calls | values}
  const assertProxy = { get strict() { return mode === "judge" ? judgeAssert : silentAssert; } };
  const judgeAssert = realAssert();
  const student = (name) => (...args) => {
    if (!current) throw new GraderProblem(`${name} was called outside a check (by the set-up cells)`);
    const data = codec.encode(args, rngInfo);
    const digest = crypto.createHash("sha256").update(JSON.stringify(data)).digest("hex");
    const index = current.index++;
    if (mode === "collect") {
      current.calls.push({ fn: name, args: data, digest });
      return classroomSolutions[name](...args);
    }
    const asked = current.collected[index];
    if (!asked || asked.fn !== name || asked.digest !== digest) {
      // Only a check whose inputs depend on an earlier answer gets here, after that answer differed from the model's.
      throw new Error(`${name}: call ${index + 1} of this check has inputs that follow from an earlier answer, which differs from the model answer's`);
    }
    const answer = current.values[index];
    if (!answer) throw new Error(`${name}: no answer from the notebook for call ${index + 1} of this check (${current.reason || "its cell did not finish"})`);
    if ("threw" in answer) throw new Error(`${name} threw ${answer.threw}`);
    try {
      return codec.decode(answer.value);
    } catch (error) {
      throw new Error(`${name}: its answer to call ${index + 1} could not be read (${error.message})`);
    }
  };
  const requireFor = (id) => {
    if (id === "rlvr-backtracking") return library;
    if (id === "assert") return assertProxy;
    throw new GraderProblem(`set-up and check cells may import from 'rlvr-backtracking' and 'assert' only, not '${id}'`);
  };
  const module = { exports: {} };
  const problems = {};
  const answer = { problems };
  try {
    new Function("require", "exports", "module", "classroomStudent", compile(job))(requireFor, module.exports, module, student);
    classroomSolutions = module.exports.solutions;
  } catch (error) {
    for (const check of job.checks) problems[check.id] = `the set-up cells failed in the grader: ${error.message}`;
    return answer;
  }
  const checks = module.exports.checks;
  if (mode === "collect") {
    answer.calls = {};
    for (const check of job.checks) {
      current = { id: check.id, index: 0, calls: [] };
      try {
        checks[check.id]();
      } catch (error) {
        // A model answer that throws ends the check here, in the kernel's run as in the judging.
        if (error instanceof GraderProblem) problems[check.id] = error.message;
      }
      answer.calls[check.id] = current.calls;
    }
    return answer;
  }
  answer.checks = {};
  for (const check of job.checks) {
    const result = job.results[check.id] || { values: [], reason: "" };
    current = { id: check.id, index: 0, collected: job.collected[check.id] || [], values: result.values, reason: result.reason };
    try {
      checks[check.id]();
      answer.checks[check.id] = { passed: true, message: "" };
    } catch (error) {
      if (error instanceof GraderProblem) problems[check.id] = error.message;
      else answer.checks[check.id] = { passed: false, message: String(error && error.message) };
    }
  }
  return answer;
}

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(run(job)) + "\n");
