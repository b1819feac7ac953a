// Training throughput of the causal transformer of appendix A3 (lib/src/nn/transformer.ts)
// against PyTorch on the CPU (bench/transformer_torch.py: the same model, the same shapes,
// two threads, float64 and float32), in one run: moves (tokens with a target) per second,
// forward and backward, one sequence at a time. The two sides alternate, round by round, so
// both see the same machine load; each ratio is the median of the rounds' ratios.
//
//   node bench/transformer.mjs [rounds]     prints the table (default 3 rounds)
//
// TRANSFORMER_CASES has the shape of bench.mjs's CASES; bench.mjs spreads it into its list.
// Ours runs on one thread, and on two (two worker threads, one training each, as the sweep
// runs them); PyTorch's on two (torch.set_num_threads(2)).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
/** @type {import("../lib/dist/src/index.js")} */
const lib = require("rlvr-backtracking");
const here = dirname(fileURLToPath(import.meta.url));

/** The shapes appendix A3's trainings use or may use: width, layers, heads, sequence length. */
export const TRANSFORMER_SHAPES = [
  [32, 1, 2, 64],
  [32, 2, 4, 256],
  [64, 2, 4, 256],
  [64, 2, 4, 512],
].map(([width, layers, heads, length]) => ({
  vocabularySize: 40, outputSize: 16, contextLength: 512, width, layers, heads, mlpWidth: 4 * width, positions: "learned", length,
}));

const label = (s) => `width ${s.width}, ${s.layers} layer${s.layers > 1 ? "s" : ""}, ${s.heads} heads, ${s.length} tokens`;

/** The example both sides train on: fixed tokens and targets, every move legal. */
function exampleOf(shape) {
  return {
    tokens: Array.from({ length: shape.length }, (_, i) => (7 * i) % shape.vocabularySize),
    targets: Array.from({ length: shape.length }, (_, i) => (3 * i) % shape.outputSize),
  };
}

/**
 * Our tokens per second at `shape`, forward and backward, for about `seconds` of wall time:
 * per second of wall time and per second of this process's CPU time.
 */
export function ourTokensPerSecond(shape, seconds) {
  const { length, ...config } = shape;
  const model = lib.createTransformer(config, "bench");
  const example = exampleOf(shape);
  const gradient = new Float64Array(model.parameters.length);
  // Warm-up: V8 compiles the hot loops after some runs, and recompiles some after their first deoptimisations.
  const warm = performance.now();
  while (performance.now() - warm < 300) lib.accumulateSequenceGradient(model, example, gradient);
  let steps = 0;
  const start = performance.now();
  const startCpu = process.cpuUsage();
  while (performance.now() - start < seconds * 1000) {
    lib.accumulateSequenceGradient(model, example, gradient);
    steps++;
  }
  const cpu = process.cpuUsage(startCpu);
  const tokens = steps * length;
  return { wall: tokens / ((performance.now() - start) / 1000), cpu: tokens / ((cpu.user + cpu.system) / 1e6) };
}

/** The same on two worker threads at once, one training each: their summed tokens per second. */
async function ourTwoThreadTokensPerSecond(shape, seconds) {
  const rates = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { shape, seconds } });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return rates[0].wall + rates[1].wall;
}

/** PyTorch's tokens per second at every shape, float64 and float32; or why it cannot run. */
function torchTokensPerSecond(shapes, seconds) {
  const python = process.env.RLVR_PYTHON ?? "/usr/bin/python3";
  if (spawnSync(python, ["-c", "import torch"]).status !== 0) return { missing: `${python} cannot import torch (apt-get install python3-torch)` };
  const child = spawnSync(python, [join(here, "transformer_torch.py"), JSON.stringify(shapes), String(seconds)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`transformer_torch.py failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `rounds` rounds of ours (one and two threads) then PyTorch's, at every shape. */
export async function compareWithTorch(rounds, seconds = 0.5) {
  const runs = TRANSFORMER_SHAPES.map(() => ({ one: [], oneCpu: [], two: [], float64: [], float32: [], float64Cpu: [], float32Cpu: [] }));
  let torch = null;
  for (let round = 0; round < rounds; round++) {
    for (const [i, shape] of TRANSFORMER_SHAPES.entries()) {
      const { wall, cpu } = ourTokensPerSecond(shape, seconds);
      runs[i].one.push(wall);
      runs[i].oneCpu.push(cpu);
      runs[i].two.push(await ourTwoThreadTokensPerSecond(shape, seconds));
    }
    const measured = torchTokensPerSecond(TRANSFORMER_SHAPES, seconds);
    if (measured.missing) return { missing: measured.missing, shapes: summarise(runs) };
    torch = { version: measured.torch, threads: measured.threads };
    measured.results.forEach((r, i) => {
      for (const dtype of ["float64", "float32"]) {
        runs[i][dtype].push(r[dtype].wall);
        runs[i][`${dtype}Cpu`].push(r[dtype].cpu);
      }
    });
  }
  return { torch, shapes: summarise(runs) };
}

/**
 * Medians of each side and of the rounds' ratios: wall time, ours on two threads over
 * PyTorch's two; CPU time, ours (one thread) over PyTorch's (both threads' CPU time), which
 * a loaded machine disturbs less.
 */
function summarise(runs) {
  const ratio = (ours, theirs) => (theirs.length > 0 ? median(ours.map((x, k) => x / theirs[k])) : null);
  const medianOrNull = (xs) => (xs.length > 0 ? median(xs) : null);
  return runs.map((r, i) => ({
    shape: label(TRANSFORMER_SHAPES[i]),
    ours: median(r.one),
    oursCpu: median(r.oneCpu),
    oursTwoThreads: median(r.two),
    ...Object.fromEntries(
      ["float64", "float32"].flatMap((dtype) => [
        [dtype, { wall: medianOrNull(r[dtype]), cpu: medianOrNull(r[`${dtype}Cpu`]) }],
        [`${dtype}Ratio`, { wall: ratio(r.two, r[dtype]), cpu: ratio(r.oneCpu, r[`${dtype}Cpu`]) }],
      ]),
    ),
  }));
}

/** The goal of issue 23: at least half of PyTorch's throughput, at the same (double) precision and thread count. */
const GOAL = 0.5;

const perSecond = (x) => `${x.toFixed(0)}/s`;

function describe(facts) {
  const rows = facts.shapes.map((s) => {
    const ours = `ours ${perSecond(s.ours)} on one thread (${perSecond(s.oursCpu)} of CPU), ${perSecond(s.oursTwoThreads)} on two`;
    if (s.float64.wall === null) return `${s.shape}: ${ours}`;
    const torch = ["float64", "float32"].map(
      (dtype) =>
        `PyTorch ${dtype} ${perSecond(s[dtype].wall)} (${perSecond(s[dtype].cpu)} of CPU): ratio ${s[`${dtype}Ratio`].wall.toFixed(2)}, ` +
        `per CPU second ${s[`${dtype}Ratio`].cpu.toFixed(2)}`,
    );
    return `${s.shape}: ${ours}; ${torch.join("; ")}`;
  });
  if (facts.missing) return `PyTorch skipped: ${facts.missing}; ${rows.join("; ")}`;
  const worst = Math.min(...facts.shapes.map((s) => s.float64Ratio.wall));
  const verdict =
    worst >= GOAL
      ? `met (>= ${GOAL} of PyTorch float64's throughput at every shape)`
      : `MISSED (>= ${GOAL} of PyTorch float64's throughput; worst ${worst.toFixed(2)})`;
  return `${verdict}; PyTorch ${facts.torch.version}, ${facts.torch.threads} threads; ${rows.join("; ")}`;
}

/** @type {import("../lib/dist/src/index.js")} */
const lib = require("rlvr-backtracking");
const here = dirname(fileURLToPath(import.meta.url));

/** The shapes appendix A3's trainings use or may use: width, layers, heads, sequence length. */
export const TRANSFORMER_SHAPES = [
  [32, 1, 2, 64],
  [32, 2, 4, 256],
  [64, 2, 4, 256],
  [64, 2, 4, 512],
].map(([width, layers, heads, length]) => ({
  vocabularySize: 40, outputSize: 16, contextLength: 512, width, layers, heads, mlpWidth: 4 * width, positions: "learned", length,
}));

const label = (s) => `width ${s.width}, ${s.layers} layer${s.layers > 1 ? "s" : ""}, ${s.heads} heads, ${s.length} tokens`;

/** The example both sides train on: fixed tokens and targets, every move legal. */
function exampleOf(shape) {
  return {
    tokens: Array.from({ length: shape.length }, (_, i) => (7 * i) % shape.vocabularySize),
    targets: Array.from({ length: shape.length }, (_, i) => (3 * i) % shape.outputSize),
  };
}

/**
 * Our tokens per second at `shape`, forward and backward, for about `seconds` of wall time:
 * per second of wall time and per second of this process's CPU time.
 */
export function ourTokensPerSecond(shape, seconds) {
  const { length, ...config } = shape;
  const model = lib.createTransformer(config, "bench");
  const example = exampleOf(shape);
  const gradient = new Float64Array(model.parameters.length);
  // Warm-up: V8 compiles the hot loops after some runs, and recompiles some after their first deoptimisations.
  const warm = performance.now();
  while (performance.now() - warm < 300) lib.accumulateSequenceGradient(model, example, gradient);
  let steps = 0;
  const start = performance.now();
  const startCpu = process.cpuUsage();
  while (performance.now() - start < seconds * 1000) {
    lib.accumulateSequenceGradient(model, example, gradient);
    steps++;
  }
  const cpu = process.cpuUsage(startCpu);
  const tokens = steps * length;
  return { wall: tokens / ((performance.now() - start) / 1000), cpu: tokens / ((cpu.user + cpu.system) / 1e6) };
}

/** The same on two worker threads at once, one training each: their summed tokens per second. */
async function ourTwoThreadTokensPerSecond(shape, seconds) {
  const rates = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { shape, seconds } });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return rates[0].wall + rates[1].wall;
}

/** PyTorch's tokens per second at every shape, float64 and float32; or why it cannot run. */
function torchTokensPerSecond(shapes, seconds) {
  const python = process.env.RLVR_PYTHON ?? "/usr/bin/python3";
  if (spawnSync(python, ["-c", "import torch"]).status !== 0) return { missing: `${python} cannot import torch (apt-get install python3-torch)` };
  const child = spawnSync(python, [join(here, "transformer_torch.py"), JSON.stringify(shapes), String(seconds)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`transformer_torch.py failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `rounds` rounds of ours (one and two threads) then PyTorch's, at every shape. */
export async function compareWithTorch(rounds, seconds = 0.5) {
  const runs = TRANSFORMER_SHAPES.map(() => ({ one: [], oneCpu: [], two: [], float64: [], float32: [], float64Cpu: [], float32Cpu: [] }));
  let torch = null;
  for (let round = 0; round < rounds; round++) {
    for (const [i, shape] of TRANSFORMER_SHAPES.entries()) {
      const { wall, cpu } = ourTokensPerSecond(shape, seconds);
      runs[i].one.push(wall);
      runs[i].oneCpu.push(cpu);
      runs[i].two.push(await ourTwoThreadTokensPerSecond(shape, seconds));
    }
    const measured = torchTokensPerSecond(TRANSFORMER_SHAPES, seconds);
    if (measured.missing) return { missing: measured.missing, shapes: summarise(runs) };
    torch = { version: measured.torch, threads: measured.threads };
    measured.results.forEach((r, i) => {
      for (const dtype of ["float64", "float32"]) {
        runs[i][dtype].push(r[dtype].wall);
        runs[i][`${dtype}Cpu`].push(r[dtype].cpu);
      }
    });
  }
  return { torch, shapes: summarise(runs) };
}

/** Medians of each side and of the rounds' ratios (ours on two threads over PyTorch's). */
function summarise(runs) {
  return runs.map((r, i) => {
    const ratio = (other) => (other.length > 0 ? median(r.two.map((x, k) => x / other[k])) : null);
    return {
      shape: label(TRANSFORMER_SHAPES[i]),
      ours: median(r.one),
      oursTwoThreads: median(r.two),
      torchFloat64: r.float64.length > 0 ? median(r.float64) : null,
      torchFloat32: r.float32.length > 0 ? median(r.float32) : null,
      ratioFloat64: ratio(r.float64),
      ratioFloat32: ratio(r.float32),
    };
  });
}

/** The goal of issue 23: at least half of PyTorch's throughput, at the same (double) precision. */
const GOAL = 0.5;

function describe(facts) {
  const rows = facts.shapes.map(
    (s) =>
      `${s.shape}: ours ${s.ours.toFixed(0)}/s (two threads ${s.oursTwoThreads.toFixed(0)}/s)` +
      (s.torchFloat64 === null
        ? ""
        : `, PyTorch float64 ${s.torchFloat64.toFixed(0)}/s (ratio ${s.ratioFloat64.toFixed(2)}), float32 ${s.torchFloat32.toFixed(0)}/s (ratio ${s.ratioFloat32.toFixed(2)})`),
  );
  if (facts.missing) return `PyTorch skipped: ${facts.missing}; ${rows.join("; ")}`;
  const worst = Math.min(...facts.shapes.map((s) => s.ratioFloat64));
  const verdict = worst >= GOAL ? `met (>= ${GOAL} of PyTorch float64 at every shape)` : `MISSED (>= ${GOAL} of PyTorch float64; worst ${worst.toFixed(2)})`;
  return `${verdict}; PyTorch ${facts.torch.version}, ${facts.torch.threads} threads; ${rows.join("; ")}`;
}

export const TRANSFORMER_CASES = [
  {
    name: "transformer training (A3) against PyTorch, moves per second, forward + backward",
    // One round per repeat (7 with npm run bench, 1 with --quick); `times` are our seconds per
    // training step at width 64, 2 layers, 256 tokens, one thread.
    async measure(repeats) {
      const facts = await compareWithTorch(repeats);
      const main = facts.shapes[2];
      return { times: [TRANSFORMER_SHAPES[2].length / main.ours], facts };
    },
    note: describe,
  },
];

if (!isMainThread) {
  parentPort.postMessage(ourTokensPerSecond(workerData.shape, workerData.seconds));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const facts = await compareWithTorch(Number(process.argv[2] ?? 3));
  console.log(describe(facts).split("; ").join("\n"));
}
