import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const cli = join(__dirname, "..", "..", "bin", "rlvr-backtracking.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

test("hitting --json prints the exact base hitting time 50142 for G(15, 15, 5)", () => {
  const out = run("hitting", "--W", "15", "--K", "15", "--L", "5", "--policy", "base", "--json");
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.equal(result.hittingTime, 50142);
  assert.equal(result.policy, "base");
  assert.equal(result.logSpace, false);
});

test("hitting reports values beyond the double range in log space, with a field saying so", () => {
  const out = run("hitting", "--W", "1000", "--K", "100000", "--L", "5", "--policy", "sft", "--json");
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.equal(result.logSpace, true);
  assert.equal(result.hittingTime, null);
  assert.ok(result.log10HittingTime > 85000);
});

test("train rlvr --json prints the Figure 3 history and the final probabilities", () => {
  const out = run("train", "rlvr", "--W", "15", "--K", "15", "--L", "5", "--steps", "1200", "--lr", "0.01", "--optimizer", "sign", "--mode", "exact", "--json");
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.equal(result.history.length, 1201);
  assert.deepEqual(Object.keys(result.history[0]).slice(0, 2), ["step", "hittingTime"]);
  assert.equal(result.history[0].hittingTime, 50142);
  assert.ok(Math.abs(result.history[1200].hittingTime - 900) < 9);
  assert.equal(result.finalProbabilities.b.length, 15);
});

test("train sft and distill run with their modes and seeds", () => {
  const sft = run("train", "sft", "--W", "3", "--K", "3", "--L", "2", "--mode", "sampled", "--steps", "20", "--seed", "s", "--json");
  assert.equal(sft.status, 0, sft.stderr);
  assert.equal(JSON.parse(sft.stdout).finalProbabilities.b[0], 2 / 3);
  const student = run("train", "distill", "--W", "3", "--K", "3", "--L", "2", "--steps", "50", "--json");
  assert.equal(student.status, 0, student.stderr);
  assert.equal(JSON.parse(student.stdout).history.length, 51);
});

test("bad arguments exit with status 2 and a message naming the argument and its range", () => {
  const cases: [string[], RegExp][] = [
    [["hitting", "--W", "0", "--K", "3", "--L", "2", "--policy", "base"], /--W must be a positive integer \(1 to 1000000000\), got "0"/],
    [["hitting", "--W", "3", "--K", "2.5", "--L", "2", "--policy", "base"], /--K must be a positive integer/],
    [["hitting", "--W", "3", "--K", "2", "--L", "abc", "--policy", "base"], /--L must be a positive integer/],
    [["hitting", "--W", "3", "--K", "2", "--policy", "base"], /--L is required/],
    [["hitting", "--W", "3", "--K", "2", "--L", "2", "--policy", "greedy"], /--policy must be one of base, sft, optimal/],
    [["hitting", "--W", "3", "--K", "2", "--L", "2", "--policy", "base", "--bogus"], /Unknown option '--bogus'/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["train", "ppo", "--W", "3", "--K", "3", "--L", "2"], /train needs one of sft, rlvr, distill/],
    [["train", "rlvr", "--W", "3", "--K", "3", "--L", "2", "--lr=-1"], /--lr must be a finite number greater than 0/],
    [["train", "rlvr", "--W", "3", "--K", "3", "--L", "2", "--steps", "0"], /--steps must be a positive integer/],
    [["train", "rlvr", "--W", "3", "--K", "3", "--L", "2", "--optimizer", "sgd"], /--optimizer must be one of gradient, sign, adam/],
    [["train", "sft", "--W", "3", "--K", "3", "--L", "2", "--mode", "exact"], /mode must be "population" or "sampled"/],
  ];
  for (const [args, message] of cases) {
    const out = run(...args);
    assert.equal(out.status, 2, args.join(" "));
    assert.match(out.stderr, message);
  }
});
