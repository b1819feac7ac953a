// `npm run sweep` (scripts/sequence-sweep.mjs) on its smoke plan: the figure data and the replayed
// models are written whole, an interrupted sweep resumes with the same numbers, saved jobs of
// another plan are refused, and bad arguments get a clear error. The smoke plan's state lives in
// build/sequence-sweep-smoke, apart from the real sweep's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const lib = require("rlvr-backtracking");
const stateDir = join(root, "build", "sequence-sweep-smoke");
const sweep = (...args) => spawnSync(process.execPath, [join(root, "scripts", "sequence-sweep.mjs"), "--smoke", ...args], { encoding: "utf8" });
const readJson = (name) => JSON.parse(readFileSync(join(stateDir, name), "utf8"));
/** A result without what depends on the clock. */
const untimed = ({ seconds, cpuSeconds, startedAt, finishedAt, ...rest }) => rest;

test("the smoke sweep writes every job and one loadable model per training; a resumed sweep gives the same numbers", () => {
  const first = sweep("--fresh");
  assert.equal(first.status, 0, first.stderr);
  const data = readJson("sequenceSweep.json");
  const jobs = lib.sweepJobs(lib.SEQUENCE_SWEEP_SMOKE_PLAN);
  assert.deepEqual(data.results.map((r) => r.id), jobs.map((j) => j.id));
  assert.equal(data.resumedJobs, 0);
  const models = readJson("sequenceModels.json").models;
  assert.deepEqual(models.map((m) => m.model), ["base", ...lib.SEQUENCE_TRAININGS]);
  for (const m of models) lib.transformerFromJSON({ config: m.config, parameters: m.parameters });

  // Interrupted after all but one job: the rerun does only that one, and nothing changes.
  const last = jobs[jobs.length - 1].id;
  rmSync(join(stateDir, "jobs", `${last.replaceAll("/", "_")}.json`));
  const second = sweep();
  assert.equal(second.status, 0, second.stderr);
  const resumed = readJson("sequenceSweep.json");
  assert.equal(resumed.resumedJobs, jobs.length - 1);
  assert.deepEqual(resumed.results.map(untimed), data.results.map(untimed));
  assert.deepEqual(readJson("sequenceModels.json").models, models);
});

test("saved jobs of another plan are refused, and bad arguments named", () => {
  const planFile = join(stateDir, "plan.json");
  const saved = readFileSync(planFile, "utf8");
  const before = readFileSync(join(stateDir, "sequenceSweep.json"), "utf8");
  const other = saved.replace('"mainSeeds":2', '"mainSeeds":3');
  assert.notEqual(other, saved, "the smoke plan has two main seeds");
  writeFileSync(planFile, other);
  const refused = sweep();
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /were run with another plan; run with --fresh/);
  assert.equal(readFileSync(join(stateDir, "sequenceSweep.json"), "utf8"), before, "nothing written");
  writeFileSync(planFile, saved);
  for (const [args, message] of [[["--workers", "0"], /--workers must be an integer from 1 to 64, got "0"/], [["--nope"], /unknown argument "--nope"/]]) {
    const r = sweep(...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, message);
  }
});
