// `npm run bench`: speed and memory of the lib and of the project's commands.
// Each case runs in a child process of its own, so its peak memory is its own;
// the table reports the median of several runs and compares it with the target.
//
//   node bench/bench.mjs            every case (the whole-command cases take minutes)
//   node bench/bench.mjs --quick    one run per case, without the whole commands
//   node bench/bench.mjs --only X   only the cases whose names contain X (repeatable); no results.json
//   node bench/bench.mjs --case X   one case by name, printing its JSON (used internally)
//   node bench/bench.mjs --help     this text
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { denseHittingTime } from "./dense.mjs";
import { NEURAL_CASES } from "./neural.mjs";
import { TRANSFORMER_CASES } from "./transformer.mjs";
import { missing as explorableMissing, openPage, readPageLikeAReader, timeSliderMoves } from "../explorable/chromium.mjs";

/** @type {import("../lib/dist/src/index.js")} */
const lib = createRequire(import.meta.url)("rlvr-backtracking");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `fn` once and returns its wall time in seconds. */
function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const figure3 = lib.pathStar(15, 15, 5);

/** The CLI's Figure 3 run, the command the paper-verifier comparison times. */
const CLI_FIGURE3 = ["lib/bin/rlvr-backtracking.js", "train", "rlvr", "--W", "15", "--K", "15", "--L", "5", "--steps", "1200", "--lr", "0.01", "--optimizer", "sign", "--json"];

/** Wall time of one whole process, in seconds; throws if it fails. */
function processSeconds(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28, ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${child.stderr}`);
  return seconds;
}

/**
 * The paper companion's Python/NumPy verifier (MachineLearning-Nerd/icml26-rlvr-backtracking,
 * repro/src/verify.py), if this machine has it: RLVR_PAPER_VERIFIER names the file, and
 * RLVR_PYTHON (default /usr/bin/python3) a python with NumPy. Nothing of it is in this repo.
 */
function paperVerifier() {
  const script = process.env.RLVR_PAPER_VERIFIER;
  const python = process.env.RLVR_PYTHON ?? "/usr/bin/python3";
  if (!script) return { missing: "set RLVR_PAPER_VERIFIER to repro/src/verify.py of MachineLearning-Nerd/icml26-rlvr-backtracking (see bench/README.md)" };
  try {
    readFileSync(script);
  } catch {
    return { missing: `RLVR_PAPER_VERIFIER=${script} cannot be read` };
  }
  if (spawnSync(python, ["-c", "import numpy"]).status !== 0) return { missing: `${python} has no NumPy (apt-get install python3-numpy, or set RLVR_PYTHON)` };
  return { script, python };
}

/**
 * @typedef {object} Case
 * @property {string} name
 * @property {{ seconds?: number, rate?: number, unit?: string, ratio?: number }} [target]
 * @property {() => any} [setup]
 * @property {(context: any) => Record<string, any>} [run]
 * @property {(repeats: number) => Promise<{ times: number[], facts: Record<string, any> }>} [measure] a case that times itself (other processes, a browser)
 * @property {(facts: any) => string} [note]
 * @property {string[]} [command]
 * @property {number} [runs] at least this many timed runs, also with --quick (a warm case's median)
 */
/**
 * The cases. `setup()` prepares what is not timed; `run()` does the timed work once
 * and may return facts to report; `target` is the limit from the benchmark issue,
 * a time in seconds or a throughput (`rate`); `note()` describes untargeted facts.
 */
/** @type {Case[]} */
const CASES = [
  ...[
    [15, 15],
    [100, 1000],
    [1000, 10000],
    [1000, 100000],
  ].map(([W, K]) => ({
    name: `exact hitting time, base, W=${W} K=${K} L=5`,
    target: W === 1000 && K === 100000 ? { seconds: 0.05 } : undefined,
    setup() {
      const shape = lib.pathStar(W, K, 5);
      return { shape, policy: lib.basePolicy(shape) };
    },
    run: ({ shape, policy }) => ({ hittingTime: lib.expectedHittingTime(shape, policy) }),
  })),
  {
    name: "exact log10 hitting time, SFT limit, W=1000 K=100000 L=5",
    setup() {
      const shape = lib.pathStar(1000, 100000, 5);
      return { shape, policy: lib.sftLimitPolicy(shape) };
    },
    run: ({ shape, policy }) => ({ log10HittingTime: lib.log10ExpectedHittingTime(shape, policy) }),
  },
  .../** @type {[string, (shape: import("../lib/dist/src/index.js").GraphShape) => import("../lib/dist/src/index.js").Policy][]} */ ([
    ["base", lib.basePolicy],
    ["SFT limit", lib.sftLimitPolicy],
  ]).flatMap(([label, make]) =>
    [
      [5, 5, 3],
      [15, 15, 5],
    ].map(([W, K, L]) => ({
      name: `dense double solve (newcomer's way), ${label}, W=${W} K=${K} L=${L}`,
      setup() {
        const shape = lib.pathStar(W, K, L);
        const policy = make(shape);
        const exact = lib.exactHittingTime(shape, policy);
        return { shape, policy, exact: Number(exact.n) / Number(exact.d) };
      },
      run({ shape, policy, exact }) {
        const { value, states } = denseHittingTime(shape, policy);
        return { states, dense: value, exact, relativeError: Math.abs(value - exact) / exact };
      },
      note: (facts) => `${facts.states} states; relative error ${facts.relativeError.toExponential(1)} against exact rationals`,
    })),
  ),
  {
    name: "Figure 3 exact RLVR run (W=K=15, L=5, 1200 sign steps)",
    target: { seconds: 0.1 },
    run: () => ({ finalHittingTime: lib.trainRlvr(figure3).history.at(-1)?.hittingTime }),
  },
  {
    name: "Figure 3 exact RLVR run, warm (median of 21 runs after 5 in the same process)",
    target: { seconds: 0.005 },
    runs: 21,
    setup: () => Array.from({ length: 5 }, () => lib.trainRlvr(figure3)),
    run: () => ({ finalHittingTime: lib.trainRlvr(figure3).history.at(-1)?.hittingTime }),
  },
  {
    name: "Figure 3 exact RLVR run, cold (first run in a fresh process)",
    // Each repeat is a new Node process: the lib is required, then one run is timed.
    async measure(repeats) {
      const probe = `const t0 = process.hrtime.bigint(); const lib = require("rlvr-backtracking"); const t1 = process.hrtime.bigint();
        lib.trainRlvr(lib.pathStar(15, 15, 5)); const t2 = process.hrtime.bigint();
        console.log(JSON.stringify({ require: Number(t1 - t0) / 1e9, run: Number(t2 - t1) / 1e9 }));`;
      const runs = Array.from({ length: repeats }, () => JSON.parse(spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8" }).stdout));
      return { times: runs.map((r) => r.run), facts: { requireSeconds: median(runs.map((r) => r.require)) } };
    },
    note: (facts) => `require("rlvr-backtracking") itself: ${facts.requireSeconds.toFixed(3)} s`,
  },
  {
    name: "CLI Figure 3 run against the paper companion's NumPy verifier (whole processes)",
    target: { ratio: 20 },
    // Alternating runs, so all see the same machine load; the ratio of each pair, then the median.
    // An empty Node process runs in the same rotation: no Node program can beat the verifier by more
    // than the verifier's time over that one's. Where NODE_EXTRA_CA_CERTS is set (as on the machine
    // of bench/README.md), every Node process reads that certificate bundle before running anything,
    // though the command line opens no connection: both are timed without it too.
    async measure(repeats) {
      const verifier = paperVerifier();
      if (verifier.missing) return { times: [0], facts: { skipped: verifier.missing } };
      const out = join(root, "build", "bench-verdict.json");
      const { NODE_EXTRA_CA_CERTS: certificates, ...withoutCertificates } = process.env;
      /** @type {Record<"node" | "python" | "empty" | "nodeWithout" | "emptyWithout", number[]>} */
      const runs = { node: [], python: [], empty: [], nodeWithout: [], emptyWithout: [] };
      for (let i = 0; i < repeats; i++) {
        runs.node.push(processSeconds(process.execPath, CLI_FIGURE3));
        runs.python.push(processSeconds(verifier.python, [verifier.script, "--output", out]));
        runs.empty.push(processSeconds(process.execPath, ["-e", "0"]));
        if (certificates === undefined) continue;
        runs.nodeWithout.push(processSeconds(process.execPath, CLI_FIGURE3, { env: withoutCertificates }));
        runs.emptyWithout.push(processSeconds(process.execPath, ["-e", "0"], { env: withoutCertificates }));
      }
      const ratio = (times) => median(times.map((t, i) => runs.python[i] / t));
      const facts = {
        ratio: ratio(runs.node),
        emptyNodeRatio: ratio(runs.empty),
        nodeSeconds: median(runs.node),
        pythonSeconds: median(runs.python),
        emptyNodeSeconds: median(runs.empty),
        ...(certificates === undefined
          ? {}
          : { withoutCertificates: { ratio: ratio(runs.nodeWithout), emptyNodeRatio: ratio(runs.emptyWithout), nodeSeconds: median(runs.nodeWithout), emptyNodeSeconds: median(runs.emptyWithout) } }),
      };
      return { times: runs.node, facts };
    },
  },
  {
    name: "explorable: size-slider update at W=K=50 in Chromium (numbers bound)",
    target: { seconds: 0.016 },
    // The page's own timing of each update (performance.now around the slider's input event).
    async measure() {
      const absent = explorableMissing();
      if (absent) return { times: [0], facts: { skipped: absent } };
      const problems = [];
      const { browser, page } = await openPage("#W=50&K=50&L=5", problems);
      try {
        await page.waitForFunction(() => document.querySelector('[data-quantity="K"]')?.getAttribute("data-value") === "50");
        await timeSliderMoves(page, "L", [4, 5], 20);
        const { update, compute } = await timeSliderMoves(page, "L", [4, 5, 6, 7], 101);
        if (problems.length > 0) throw new Error(problems.join("\n"));
        return { times: update.map((ms) => ms / 1000), facts: { computeMs: median(compute) } };
      } finally {
        await browser.close();
      }
    },
    note: (facts) => `exact numbers alone: ${facts.computeMs.toFixed(2)} ms`,
  },
  {
    name: "explorable: longest task on the page's thread, load to distillation (Chromium)",
    target: { seconds: 0.05 },
    // Every task over 50 ms the browser reports (PerformanceObserver "longtask") from the start of
    // loading, while readPageLikeAReader moves the sizes (sliders and address), the step slider,
    // Play, a walk, and scrolls to every plot; the longest of each phase is reported too.
    async measure() {
      const absent = explorableMissing();
      if (absent) return { times: [0], facts: { skipped: absent } };
      const problems = [];
      const { browser, page } = await openPage("#W=15&K=15&L=5", problems, { longTasks: true });
      try {
        const long = await readPageLikeAReader(page);
        if (problems.length > 0) throw new Error(problems.join("\n"));
        const longestByPhase = {};
        for (const { phase, ms } of long) longestByPhase[phase] = Math.max(longestByPhase[phase] ?? 0, Math.round(ms));
        return { times: [Math.max(0, ...long.map((t) => t.ms)) / 1000], facts: { longTasks: long.length, longestByPhase } };
      } finally {
        await browser.close();
      }
    },
    note: (facts) =>
      facts.longTasks === 0
        ? "no task over 50 ms (the browser reports only those: 0 s means all were shorter)"
        : `${facts.longTasks} tasks over 50 ms; longest by phase: ${Object.entries(facts.longestByPhase).map(([phase, ms]) => `${phase} ${ms} ms`).join(", ")}`,
  },
  {
    name: "one sampled RLVR update (G=64 rollouts, W=K=15, L=5, base policy)",
    run: () => ({ meanReward: lib.trainRlvr(figure3, { mode: "sampled", steps: 1 }).history[1].meanReward }),
  },
  {
    name: "Monte Carlo, base walk on W=K=15 L=5 (steps per second, one core)",
    target: { rate: 30e6, unit: "steps/s" },
    setup() {
      return lib.compileSamplingTable(lib.buildGraph(figure3));
    },
    run(table) {
      const steps = lib.sampleHittingTimes(table, lib.basePolicy(figure3), lib.createRng("bench"), { walks: 2000 });
      return { work: steps.reduce((sum, s) => sum + s, 0) };
    },
  },
  {
    name: "SFT population, W=K=15 L=5, 500 steps",
    run: () => ({ final: lib.trainSft(figure3).history.at(-1)?.hittingTime }),
  },
  {
    name: "SFT sampled, W=K=15 L=5, 256 golden paths, 500 steps",
    run: () => ({ final: lib.trainSft(figure3, { mode: "sampled" }).history.at(-1)?.hittingTime }),
  },
  {
    name: "distillation from 1000 teacher traces (Figure 3 teacher, 1200 steps)",
    setup: () => lib.trainRlvr(figure3).policy,
    run: (teacher) => ({ final: lib.distill(figure3, { teacher }).history.at(-1)?.hittingTime }),
  },
  ...NEURAL_CASES,
  ...TRANSFORMER_CASES,
  {
    name: "npm run figures (whole command)",
    command: ["npm", "run", "--silent", "figures"],
    target: { seconds: 60 },
  },
  {
    name: "all notebooks (npm run test:notebooks)",
    command: ["npm", "run", "--silent", "test:notebooks"],
    target: { seconds: 180 },
  },
];

/** In a child process: runs one case `repeats` times and prints its measurements as JSON. */
async function runCase(name, repeats) {
  const spec = CASES.find((c) => c.name === name);
  if (spec?.measure) {
    const { times, facts } = await spec.measure(repeats);
    process.stdout.write(JSON.stringify({ times, facts, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  if (!spec?.run) throw new Error(`no case named ${JSON.stringify(name)} that runs in-process`);
  const run = spec.run;
  const context = spec.setup ? spec.setup() : undefined;
  const times = [];
  let facts = {};
  for (let i = 0; i < repeats; i++) times.push(timed(() => (facts = run(context))));
  process.stdout.write(JSON.stringify({ times, facts, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function runCommand(spec) {
  const start = process.hrtime.bigint();
  const child = spawnSync(spec.command[0], spec.command.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`${spec.command.join(" ")} failed:\n${child.stdout}\n${child.stderr}`);
  return { times: [seconds], facts: {}, peakRssMiB: null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "met", or how far the measurement misses its target; or the case's own note. */
function verdict(spec, seconds, facts) {
  if (facts.skipped) return `skipped: ${facts.skipped}`;
  const noted = spec.note ? ` (${spec.note(facts)})` : "";
  if (!spec.target) return spec.note ? spec.note(facts) : "";
  if (spec.target.ratio) {
    const shown =
      `${facts.ratio.toFixed(1)}x faster (node ${facts.nodeSeconds.toFixed(3)} s, python ${facts.pythonSeconds.toFixed(3)} s; ` +
      `an empty node process, ${facts.emptyNodeSeconds.toFixed(3)} s, would be ${facts.emptyNodeRatio.toFixed(1)}x` +
      (facts.withoutCertificates
        ? `; without NODE_EXTRA_CA_CERTS ${facts.withoutCertificates.ratio.toFixed(1)}x (node ${facts.withoutCertificates.nodeSeconds.toFixed(3)} s), ` +
          `an empty node process ${facts.withoutCertificates.emptyNodeRatio.toFixed(1)}x (${facts.withoutCertificates.emptyNodeSeconds.toFixed(3)} s)`
        : "") +
      ")";
    return facts.ratio >= spec.target.ratio ? `${shown}: met (>= ${spec.target.ratio}x)` : `${shown}: MISSED (>= ${spec.target.ratio}x)`;
  }
  if (spec.target.rate) {
    const rate = facts.work / seconds;
    const shown = `${(rate / 1e6).toPrecision(3)} M ${spec.target.unit}`;
    return rate >= spec.target.rate ? `${shown}: met (>= ${spec.target.rate / 1e6} M)` : `${shown}: MISSED, ${((1 - rate / spec.target.rate) * 100).toFixed(0)}% short`;
  }
  const limit = spec.target.seconds;
  return (seconds <= limit ? `met (<= ${limit} s)` : `MISSED (<= ${limit} s): ${((seconds / limit - 1) * 100).toFixed(0)}% over`) + noted;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--case") {
    void runCase(args[1], Number(args[2]));
    return;
  }
  if (args.includes("--help") || args.includes("-h")) {
    const usage = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").filter((line) => line.startsWith("//   "));
    console.log(["usage:", ...usage.map((line) => line.slice(2))].join("\n"));
    return;
  }
  const quick = args.includes("--quick");
  const only = args.flatMap((arg, i) => (arg === "--only" ? [args[i + 1]] : []));
  const unknown = args.filter((arg, i) => !["--quick", "--only"].includes(arg) && args[i - 1] !== "--only");
  if (only.some((text) => !text) || unknown.length > 0) {
    console.error(`bench: ${unknown.length > 0 ? `unknown arguments ${unknown.join(" ")}` : "--only needs a piece of a case's name"} (see node bench/bench.mjs --help)`);
    process.exitCode = 2;
    return;
  }
  const results = [];
  for (const spec of CASES) {
    if (quick && spec.command) continue;
    if (only.length > 0 && !only.some((text) => spec.name.includes(text))) continue;
    let measured;
    if (spec.command) measured = runCommand(spec);
    else {
      const repeats = Math.max(quick ? 1 : 7, spec.runs ?? 0);
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--case", spec.name, String(repeats)], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(`case "${spec.name}" failed:\n${child.stderr}`);
      measured = JSON.parse(child.stdout);
    }
    const seconds = median(measured.times);
    const row = { case: spec.name, medianSeconds: seconds, runs: measured.times.length, peakRssMiB: measured.peakRssMiB, verdict: verdict(spec, seconds, measured.facts), facts: measured.facts };
    results.push(row);
    const memory = row.peakRssMiB === null ? "   n/a" : `${row.peakRssMiB.toFixed(0).padStart(4)} MiB`;
    console.log(`${spec.name.padEnd(78)} ${seconds.toFixed(4).padStart(9)} s  ${memory}  ${row.verdict}`);
  }
  const machine = { cpu: cpus()[0].model, cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version, loadAverage: loadavg() };
  if (only.length > 0) {
    console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; some cases only, results.json left as it was`);
    return;
  }
  const version = JSON.parse(readFileSync(join(root, "lib", "package.json"), "utf8")).version;
  const out = join(root, "bench", "results.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, JSON.stringify({ date: new Date().toISOString(), machine, libVersion: version, quick, results }, null, 2) + "\n");
  renameSync(`${out}.tmp`, out);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; wrote bench/results.json`);
  const missed = results.filter((r) => r.verdict.includes("MISSED"));
  if (missed.length > 0) console.log(`targets missed: ${missed.map((r) => r.case).join("; ")} (see bench/README.md for why)`);
}

main();
