import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { basePolicy, decisionCount, expectedHittingTime, hittingTimeRelativeAccuracy, LIMITS, log10HittingTimeAccuracy, optimalPolicy, pathStar, sftLimitPolicy } from "../src";
import { log10Decimals, significantDigits } from "../src/cli-digits";
import { allowedRange, parseOptions, UsageError } from "../src/cli-options";
import { HITTING_OPTIONS, trainTables } from "../src/cli";
import { createRng } from "../src";

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

test("train neural-rlvr and neural-sft at G(3, 3, 2) with defaults meet issue 15's numbers: RLVR within 1.5x the optimum, SFT a and c >= 0.9", () => {
  const shape = pathStar(3, 3, 2);
  const optimum = expectedHittingTime(shape, optimalPolicy(shape));
  assert.equal(optimum, 4 * 3 * 3 + 2 * 3 - 2 * 3, "the optimum 4WK + 2W - 2K");
  const base = expectedHittingTime(shape, basePolicy(shape));
  for (const trainer of ["neural-rlvr", "neural-sft"]) {
    const out = run("train", trainer, "--W", "3", "--K", "3", "--L", "2", "--json");
    assert.equal(out.status, 0, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.trainer, trainer);
    assert.equal(result.hittingTimeMethod, "exact");
    assert.deepEqual(result.options, { seed: "neural", steps: 400, output: "deeper" });
    assert.equal(result.history.length, 401);
    // Every run starts from the network fitted to the base model (fit within 1e-3 per decision).
    assert.ok(Math.abs(result.history[0].hittingTime / base - 1) < 0.01, `${trainer}: step 0 at ${result.history[0].hittingTime}, base ${base}`);
    const last = result.history[400];
    if (trainer === "neural-rlvr") {
      assert.ok(last.hittingTime <= 1.5 * optimum, `neural RLVR: expected at most 1.5 x ${optimum}, computed ${last.hittingTime}`);
    } else {
      for (const family of ["a", "c"]) {
        const p: number[] = result.finalProbabilities[family];
        assert.equal(p.length, 3);
        p.forEach((x, j) => assert.ok(x >= 0.9, `neural SFT ${family}_${j + 1}: expected >= 0.9, computed ${x}`));
      }
    }
  }
});

test("train neural-distill prints the student's history; without --json a short summary", () => {
  const out = run("train", "neural-distill", "--W", "2", "--K", "2", "--L", "2", "--steps", "20", "--seed", "d", "--output", "continue", "--json");
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.deepEqual(result.options, { seed: "d", steps: 20, output: "continue" });
  assert.deepEqual(result.history.map((r: { step: number }) => r.step), Array.from({ length: 21 }, (_, i) => i));
  assert.equal(result.finalProbabilities.d.length, 2);
  const text = run("train", "neural-sft", "--W", "2", "--K", "2", "--L", "2", "--steps", "5");
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^neural-sft on G\(W = 2, K = 2, L = 2\) \(seed "neural", 5 steps, output deeper\)\nexpected hitting time \(exact\): [0-9.]+ at step 0, [0-9.]+ at step 5\nfinal P\(desired move\) by depth\na: /);
});

/** A shape that every command accepts, for the hostile cases below to spoil one option at a time. */
const G = ["--W", "3", "--K", "3", "--L", "2"];

test("hostile invocations exit with status 2 and one line naming the option and its allowed range, never a stack trace", () => {
  const cases: [string[], RegExp][] = [
    [["hitting", "--W", "0", "--K", "3", "--L", "2", "--policy", "base"], /--W must be an integer from 1 to 1000000000, got "0"/],
    [["hitting", "--W", "3", "--K", "2.5", "--L", "2", "--policy", "base"], /--K must be an integer from 1 to 10000000/],
    [["hitting", "--W", "3", "--K", "10000001", "--L", "2", "--policy", "base"], /--K must be an integer from 1 to 10000000, got "10000001"/],
    [["hitting", "--W", "3", "--K", "9999999", "--S", "2", "--L", "2", "--policy", "base"], /K \+ S must be at most 10000000/],
    [["hitting", "--W", "3", "--K", "2", "--L", "abc", "--policy", "base"], /--L must be an integer/],
    [["hitting", "--W", "0x10", "--K", "2", "--L", "2", "--policy", "base"], /--W must be an integer from 1 to 1000000000, got "0x10"/],
    [["hitting", "--W", "3", "--K", "2", "--policy", "base"], /--L is required: an integer from 1/],
    [["hitting", "--W", "3", "--K", "2", "--L", "2", "--policy", "greedy"], /--policy must be one of base, sft, optimal, got "greedy"/],
    [["hitting", ...G, "--policy", "__proto__"], /--policy must be one of base, sft, optimal, got "__proto__"/],
    [["hitting", ...G, "--policy", "constructor"], /--policy must be one of base, sft, optimal, got "constructor"/],
    [["hitting", ...G, "--policy", "toString"], /--policy must be one of base, sft, optimal, got "toString"/],
    [["hitting", ...G, "--policy", "base", "--bogus"], /unknown option "--bogus" for hitting/],
    [["hitting", ...G, "--policy", "base", "--__proto__", "1"], /unknown option "--__proto__"/],
    [["hitting", ...G, "--policy", "base", "--W", "4"], /--W is given twice/],
    [["hitting", ...G, "--policy", "base", "--json=yes"], /--json is a flag and takes no value/],
    [["hitting", ...G, "--policy"], /--policy needs a value/],
    [["hitting", ...G, "--policy", "base", "extra"], /unexpected argument "extra" for hitting/],
    [["hitting", ...G, "--policy", "base", "--seed", "x"], /unknown option "--seed" for hitting/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["constructor"], /unknown command "constructor"/],
    [["__proto__"], /unknown command "__proto__"/],
    [[], /no command given/],
    [["train"], /train needs one of sft, rlvr, distill, neural-sft, neural-rlvr, neural-distill, got nothing/],
    [["train", "ppo", ...G], /train needs one of sft, rlvr, distill, neural-sft, neural-rlvr, neural-distill, got "ppo"/],
    [["train", "constructor", ...G], /train needs one of sft, rlvr, distill, neural-sft, neural-rlvr, neural-distill, got "constructor"/],
    [["train", "hasOwnProperty", ...G], /train needs one of sft, rlvr, distill, neural-sft, neural-rlvr, neural-distill, got "hasOwnProperty"/],
    [["train", "rlvr", ...G, "--lr=-1"], /--lr must be a decimal number greater than 0, got "-1"/],
    [["train", "rlvr", ...G, "--lr", "0x10"], /--lr must be a decimal number greater than 0, got "0x10"/],
    [["train", "rlvr", ...G, "--lr", "Infinity"], /--lr must be a decimal number/],
    [["train", "rlvr", ...G, "--lr", "1e400"], /--lr must be a decimal number/],
    [["train", "rlvr", ...G, "--lr", ""], /--lr must be a decimal number/],
    [["train", "rlvr", ...G, "--steps", "0"], /--steps must be an integer from 1 to 10000000/],
    [["train", "rlvr", ...G, "--steps", "0x10"], /--steps must be an integer from 1 to 10000000, got "0x10"/],
    [["train", "rlvr", ...G, "--steps", "10000001"], /--steps must be an integer from 1 to 10000000/],
    [["train", "rlvr", "--W", "3", "--K", "1000", "--L", "2", "--steps", "10000000"], /steps times decisions must be at most 2000000000/],
    [["train", "rlvr", ...G, "--optimizer", "sgd"], /--optimizer must be one of gradient, sign, adam/],
    [["train", "rlvr", ...G, "--mode", "population"], /--mode must be one of exact, sampled, got "population"/],
    [["train", "sft", ...G, "--mode", "exact"], /--mode must be one of population, sampled, got "exact"/],
    [["train", "distill", ...G, "--mode", "foo"], /--mode must be one of population, sampled, got "foo"/],
    [["train", "rlvr", ...G, "--seed", "s"], /--seed applies only with --mode sampled, not with mode exact: the other modes use no random numbers/],
    [["train", "sft", ...G, "--mode", "population", "--seed", "s"], /--seed applies only with --mode sampled/],
    [["train", "distill", ...G, "--mode", "population", "--seed", "s"], /--seed applies only with --mode sampled/],
    [["train", "rlvr", ...G, "--steps", "5", "--steps", "6"], /--steps is given twice/],
    [["train", "rlvr", ...G, "--history-points", "1"], /--history-points must be an integer from 2/],
    [["train", "rlvr", "--W", "3", "--K", "10000", "--L", "5", "--steps", "50000", "--history-points", "50000"],
      /a history of min\(--steps \+ 1, --history-points\) records of every decision's probability would keep 50000 x 40000 = 2000000000 numbers .*\(TRAINING_LIMITS.maxStoredNumbers, about 800 MB\): --history-points must be at most 2500 here/],
    [["train", "rlvr", ...G, "--lr", "1e308"], /--lr must be a finite number greater than 0 and at most 1000, got 1e\+308/],
    [["train", "sft", ...G, "--lr", "1000.5"], /--lr must be a finite number greater than 0 and at most 1000, got 1000.5/],
    [["train", "neural-rlvr", "--W", "1001", "--K", "3", "--L", "2"], /--W must be an integer from 1 to 1000, got "1001"/],
    [["train", "neural-sft", "--W", "3", "--K", "65", "--L", "2"], /--K must be an integer from 1 to 64, got "65"/],
    [["train", "neural-sft", "--W", "3", "--K", "3", "--L", "0"], /--L must be an integer from 1 to 1000, got "0"/],
    [["train", "neural-rlvr", ...G, "--steps", "100001"], /--steps must be an integer from 1 to 100000, got "100001"/],
    [["train", "neural-rlvr", ...G, "--steps", "2.5"], /--steps must be an integer from 1 to 100000/],
    [["train", "neural-distill", ...G, "--output", "sideways"], /--output must be one of deeper, continue, got "sideways"/],
    [["train", "neural-distill", ...G, "--output", "__proto__"], /--output must be one of deeper, continue, got "__proto__"/],
    [["train", "neural-sft", ...G, "--seed="], /--seed must be non-empty text, got ""/],
    [["train", "neural-rlvr", ...G, "--mode", "exact"], /unknown option "--mode" for train neural-rlvr/],
    [["train", "neural-rlvr", ...G, "--S", "1"], /unknown option "--S" for train neural-rlvr/],
    [["train", "neural-rlvr", "--W", "3", "--K", "3"], /--L is required: an integer from 1 to 1000/],
    [["train", "rlvr", "--W", "3", "--K", "50000", "--L", "5"], /the expected hitting time went beyond the double range after step 1 \(log10 E\[T\] = 439\./],
    [["train", "rlvr", "--W", "1000", "--K", "1000", "--L", "16", "--mode", "sampled"], /edge-states; sampling compiles them into a table, which is limited to 300000/],
  ];
  for (const [args, message] of cases) {
    const out = run(...args);
    const what = `rlvr-backtracking ${args.join(" ")}: ${out.stderr}`;
    assert.equal(out.status, 2, what);
    assert.match(out.stderr, message, what);
    assert.equal(out.stderr.trimEnd().split("\n").length, 1, `one line: ${what}`);
    assert.doesNotMatch(out.stderr, /\n\s+at /, `no stack frames: ${what}`);
    assert.equal(out.stdout, "", `nothing on stdout: ${what}`);
  }
});

test("--help and -h anywhere, and the help command, print the usage with exit status 0", () => {
  const invocations = [
    ["--help"], ["-h"], ["help"], ["help", "train"], ["help", "hitting"], ["train", "--help"], ["train", "rlvr", "--help"],
    ["train", "distill", "-h"], ["hitting", "--W", "3", "--help"], ["hitting", "--policy", "__proto__", "-h"], ["train", "constructor", "--help"],
    ["train", "neural-rlvr", "--help"], ["help", "train", "neural-sft"],
  ];
  for (const args of invocations) {
    const out = run(...args);
    assert.equal(out.status, 0, `${args.join(" ")}: ${out.stderr}`);
    assert.equal(out.stderr, "");
    assert.match(out.stdout, /--W n +branches at the fork, an integer from 1 to (1000000000|1000 \(required)/);
  }
  assert.match(run("train", "neural-rlvr", "-h").stdout, /--output deeper\|continue .* \(default deeper\)/);
  assert.match(run("train", "rlvr", "--help").stdout, /--steps n .* \(default 1200 \(exact\), 800 \(sampled\)\)/);
});

test("the usage's K limit is the library's: K = LIMITS.maxDepth is accepted, one more is refused", () => {
  const stated = run("hitting", "--help").stdout.match(/--K n .*an integer from 1 to (\d+)/);
  assert.ok(stated, "the usage states K's range");
  assert.equal(Number(stated[1]), LIMITS.maxDepth);
  assert.equal(decisionCount(pathStar(1, LIMITS.maxDepth, 1)), 4 * LIMITS.maxDepth);
  assert.throws(() => decisionCount(pathStar(1, LIMITS.maxDepth + 1, 1)), /K \+ S must be at most 10000000/);
});

test("significantDigits gives the digits a relative error supports", () => {
  assert.equal(significantDigits(1e-15), 15);
  assert.equal(significantDigits(5e-9), 8);
  assert.equal(significantDigits(0.0078), 2);
  assert.equal(significantDigits(2), 1);
  assert.equal(significantDigits(0), 17);
});

test("hitting prints no more significant digits than the solver's stated accuracy", () => {
  const shape = pathStar(15, 15, 5);
  const digits = significantDigits(hittingTimeRelativeAccuracy(shape));
  const out = JSON.parse(run("hitting", "--W", "15", "--K", "15", "--L", "5", "--policy", "sft", "--json").stdout);
  assert.equal(out.digits, digits);
  const exact = expectedHittingTime(shape, sftLimitPolicy(shape));
  assert.equal(out.hittingTime, Number(exact.toPrecision(digits)));
  // Every printed digit is right: exactly 13178858182061793922894308/30517578125 (exact rationals, chain tests).
  const rational = 13178858182061793922894308 / 30517578125;
  assert.ok(Math.abs(out.hittingTime - rational) / rational <= 10 ** -digits, `${out.hittingTime} vs ${rational}`);
  const far = JSON.parse(run("hitting", "--W", "1000", "--K", "100000", "--L", "5", "--policy", "sft", "--json").stdout);
  assert.equal(far.hittingTime, null);
  assert.equal(far.digits, log10Decimals(log10HittingTimeAccuracy(pathStar(1000, 100000, 5), far.log10HittingTime)));
  assert.ok((String(far.log10HittingTime).split(".")[1] ?? "").length <= far.digits);
  const text = run("hitting", "--W", "1000", "--K", "100000", "--L", "5", "--policy", "sft").stdout;
  assert.match(text, new RegExp(`expected hitting time 10\\^85\\d{3}\\.\\d{${far.digits}} \\(log10 to ${far.digits} decimals, beyond the double range\\)`));
});

test("train --steps 100000 keeps 2001 records by default, and --history-points changes that", () => {
  const long = JSON.parse(run("train", "rlvr", "--W", "1", "--K", "1", "--L", "1", "--steps", "100000", "--json").stdout);
  assert.equal(long.history.length, 2001);
  assert.equal(long.history[2000].step, 100000);
  const few = JSON.parse(run("train", "sft", "--W", "2", "--K", "2", "--L", "2", "--steps", "1e3", "--history-points", "5", "--json").stdout);
  assert.deepEqual(few.history.map((r: { step: number }) => r.step), [0, 250, 500, 750, 1000]);
});

test("a reader that closes the output early (| head) gets no error and no stack trace", () => {
  const figure3 = ["train", "rlvr", "--W", "15", "--K", "15", "--L", "5", "--json"].join(" ");
  const out = spawnSync("sh", ["-c", `"${process.execPath}" "${cli}" ${figure3} | head -c 10`], { encoding: "utf8" });
  assert.equal(out.stdout, '{"trainer"');
  assert.equal(out.stderr, "");
});

test("an unexpected exception is printed as one line with exit status 1, not as a stack trace", () => {
  // Make the solver fail as a bug would: a TypeError with a two-line message.
  const dist = join(__dirname, "..", "src");
  const script = `
    const chain = require(${JSON.stringify(join(dist, "chain.js"))});
    chain.hittingTimeValue = () => { throw new TypeError("boom\\nsecond line"); };
    process.exitCode = require(${JSON.stringify(join(dist, "cli.js"))}).main(["hitting", "--W", "3", "--K", "3", "--L", "2", "--policy", "base"]);`;
  const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(out.status, 1, out.stderr);
  assert.equal(out.stderr, "rlvr-backtracking hitting: internal error: boom second line\n");
});

test("every option of every command, given 500 seeded hostile values, is either accepted within its stated range or refused naming it", () => {
  const rng = createRng("hostile option values");
  const pieces = ["0", "1", "7", "9", ".", "e", "E", "-", "+", "x", "0x", "_", " ", "1e400", "Infinity", "NaN", "__proto__", "constructor", "é", "", "10000000", "1000000001"];
  const hostileValue = () => {
    let text = "";
    const length = Math.floor(rng() * 5);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(rng() * pieces.length)];
    return text;
  };
  const tables = [["hitting", HITTING_OPTIONS] as const, ...[...trainTables()].map(([name, table]) => [`train ${name}`, table] as const)];
  for (const [where, table] of tables) {
    for (const spec of table.values()) {
      if (spec.kind === "flag") continue;
      for (let i = 0; i < 500; i++) {
        const text = hostileValue();
        let value: unknown;
        let refusal: unknown;
        try {
          value = parseOptions([`--${spec.name}=${text}`], new Map([[spec.name, { ...spec, required: false }]]), where).get(spec.name);
        } catch (error) {
          refusal = error;
        }
        const what = `${where} --${spec.name}=${JSON.stringify(text)}`;
        const number = Number(text);
        const plainDecimal = /^[0-9.eE+-]+$/.test(text) && /^[0-9.]/.test(text) && Number.isFinite(number);
        const expected =
          spec.kind === "integer" ? plainDecimal && Number.isInteger(number) && number >= spec.min! && number <= spec.max!
          : spec.kind === "number" ? plainDecimal && number > spec.min!
          : spec.kind === "choice" ? spec.choices!.includes(text)
          : true;
        if (expected) assert.equal(value, spec.kind === "integer" || spec.kind === "number" ? number : text, what);
        else {
          assert.ok(refusal instanceof UsageError, `${what} should be refused`);
          assert.match((refusal as Error).message, new RegExp(`^--${spec.name} must be ${allowedRange(spec).replace(/[|()]/g, "\\$&")}, got `), what);
        }
      }
    }
  }
});
