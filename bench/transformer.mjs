// Training throughput of the causal transformer of appendix A3 (lib/src/nn/transformer.ts)
// against PyTorch on the CPU (bench/transformer_torch.py: the same model at the same shapes,
// float64 and float32, two threads and one), in one run: moves (tokens with a target) per
// second, forward and backward, one sequence at a time. The two sides alternate, round by
// round, so both see the same machine load; each ratio is the median of the rounds' ratios.
// Each side measures for 0.5 s of its process's CPU time.
//
//   node bench/transformer.mjs [rounds]     prints the table (default 3 rounds)
//
// TRANSFORMER_CASES has the shape of bench.mjs's CASES; bench.mjs spreads it into its list.
// Ours runs on one thread, and on two (two worker threads, one training each, as the sweep
// runs them) against PyTorch's two threads (torch.set_num_threads(2)) on one training.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
/** @type {import("../lib/dist/src/index.js")} */
const lib = require("rlvr-backtracking");
const here = dirname(fileURLToPath(import.meta.url));

/**
 * The shapes of appendix A3: its model (width 32, one block of two heads, feed-forward width
 * 64, sinusoidal positions; 12 to 17 tokens and 7 to 14 moves at the sizes it trains) on
 * walks of 64 to 1024 moves, and a larger one (width 64, two blocks of four heads).
 */
export const TRANSFORMER_SHAPES = [
  [32, 1, 2, 64],
  [32, 1, 2, 256],
  [32, 1, 2, 1024],
  [64, 2, 4, 512],
].map(([width, layers, heads, length]) => ({
  vocabularySize: 16, outputSize: 10, contextLength: 1024, width, layers, heads, mlpWidth: 2 * width, positions: "sinusoidal", length,
}));

const label = (s) => `width ${s.width}, ${s.layers} layer${s.layers > 1 ? "s" : ""}, ${s.heads} heads, ${s.length} tokens`;

/** The example both sides train on: fixed tokens and targets, every move legal. */
function exampleOf(shape) {
  return {
    tokens: Array.from({ length: shape.length }, (_, i) => (7 * i) % shape.vocabularySize),
    targets: Array.from({ length: shape.length }, (_, i) => (3 * i) % shape.outputSize),
  };
}

/** CPU seconds this process has used since `start` (a process.cpuUsage() reading). */
const cpuSecondsSince = (start) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
};

/**
 * Our tokens per second at `shape`, forward and backward: per second of wall time and per
 * second of this process's CPU time. The warm-up and the measurement last until the process
 * has used 0.3 s and `seconds` of CPU time, so that a loaded machine (which gives the process
 * a fraction of a core) neither measures V8's compilation nor shortens the sample.
 */
export function ourTokensPerSecond(shape, seconds) {
  const { length, ...config } = shape;
  const model = lib.createTransformer(config, "bench");
  const example = exampleOf(shape);
  const gradient = new Float64Array(model.parameters.length);
  // Warm-up: V8 compiles the hot loops after some runs, and recompiles some after their first deoptimisations.
  const warm = process.cpuUsage();
  while (cpuSecondsSince(warm) < 0.3) lib.accumulateSequenceGradient(model, example, gradient);
  let steps = 0;
  const start = performance.now();
  const startCpu = process.cpuUsage();
  while (cpuSecondsSince(startCpu) < seconds) {
    lib.accumulateSequenceGradient(model, example, gradient);
    steps++;
  }
  const tokens = steps * length;
  return { wall: tokens / ((performance.now() - start) / 1000), cpu: tokens / cpuSecondsSince(startCpu) };
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

/** PyTorch's tokens per second at every shape and variant; or why it cannot run. */
function torchTokensPerSecond(shapes, seconds) {
  const python = process.env.RLVR_PYTHON ?? "/usr/bin/python3";
  if (spawnSync(python, ["-c", "import torch"]).status !== 0) return { missing: `${python} cannot import torch (apt-get install python3-torch)` };
  const child = spawnSync(python, [join(here, "transformer_torch.py"), JSON.stringify(shapes), String(seconds)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`transformer_torch.py failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** PyTorch's variants: dtype and thread count, as transformer_torch.py names them. */
const TORCH_VARIANTS = ["float64/2", "float32/2", "float64/1", "float32/1"];

/** `rounds` rounds of ours (one and two threads) then PyTorch's, at every shape. */
export async function compareWithTorch(rounds, seconds = 0.5) {
  /** @type {{ ours: Record<string, number[]>, torch: Record<string, { wall: number, cpu: number }[]> }[]} */
  const runs = TRANSFORMER_SHAPES.map(() => ({ ours: { 1: [], 2: [], cpu: [] }, torch: Object.fromEntries(TORCH_VARIANTS.map((v) => [v, []])) }));
  let torch = null;
  for (let round = 0; round < rounds; round++) {
    for (const [i, shape] of TRANSFORMER_SHAPES.entries()) {
      const { wall, cpu } = ourTokensPerSecond(shape, seconds);
      runs[i].ours[1].push(wall);
      runs[i].ours.cpu.push(cpu);
      runs[i].ours[2].push(await ourTwoThreadTokensPerSecond(shape, seconds));
    }
    const measured = torchTokensPerSecond(TRANSFORMER_SHAPES, seconds);
    if (measured.missing) return { missing: measured.missing, shapes: summarise(runs, 0) };
    torch = measured.torch;
    measured.results.forEach((r, i) => TORCH_VARIANTS.forEach((v) => runs[i].torch[v].push(r[v])));
  }
  return { torch, shapes: summarise(runs, rounds) };
}

/**
 * Medians of each side, and of the rounds' ratios: ours over PyTorch's at the same thread
 * count (two worker threads, one training each, against PyTorch's two threads on one), by
 * wall time and by CPU time (ours on one thread against all of PyTorch's threads' CPU time,
 * which a loaded machine disturbs less).
 */
function summarise(runs, torchRounds) {
  return runs.map((r, i) => ({
    shape: label(TRANSFORMER_SHAPES[i]),
    ours: { oneThread: median(r.ours[1]), twoThreads: median(r.ours[2]), cpu: median(r.ours.cpu) },
    torch:
      torchRounds === 0
        ? null
        : Object.fromEntries(
            TORCH_VARIANTS.map((v) => {
              const threads = Number(v.split("/")[1]);
              const theirs = r.torch[v];
              return [
                v,
                {
                  wall: median(theirs.map((x) => x.wall)),
                  cpu: median(theirs.map((x) => x.cpu)),
                  ratio: median(theirs.map((x, k) => r.ours[threads][k] / x.wall)),
                  cpuRatio: median(theirs.map((x, k) => r.ours.cpu[k] / x.cpu)),
                },
              ];
            }),
          ),
  }));
}

/** The goal of issue 23: at least half of PyTorch's throughput, at the same (double) precision and thread count. */
const GOAL = 0.5;

const perSecond = (x) => `${x.toFixed(0)}/s`;

function describe(facts) {
  const rows = facts.shapes.map((s) => {
    const ours = `ours ${perSecond(s.ours.oneThread)} on one thread (${perSecond(s.ours.cpu)} of CPU), ${perSecond(s.ours.twoThreads)} on two`;
    if (!s.torch) return `${s.shape}: ${ours}`;
    const torch = TORCH_VARIANTS.map((v) => {
      const t = s.torch[v];
      return `PyTorch ${v.replace("/", ", ")} thread${v.endsWith("1") ? "" : "s"} ${perSecond(t.wall)} (${perSecond(t.cpu)} of CPU): ratio ${t.ratio.toFixed(2)}, per CPU second ${t.cpuRatio.toFixed(2)}`;
    });
    return `${s.shape}: ${ours}; ${torch.join("; ")}`;
  });
  if (facts.missing) return `PyTorch skipped: ${facts.missing}; ${rows.join("; ")}`;
  const worst = Math.min(...facts.shapes.map((s) => s.torch["float64/2"].ratio));
  const verdict =
    worst >= GOAL
      ? `met (>= ${GOAL} of PyTorch float64's throughput on two threads at every shape)`
      : `MISSED (>= ${GOAL} of PyTorch float64's throughput on two threads; worst ${worst.toFixed(2)})`;
  return `${verdict}; PyTorch ${facts.torch}; ${rows.join("; ")}`;
}

export const TRANSFORMER_CASES = [
  {
    name: "transformer training (A3) against PyTorch, moves per second, forward + backward",
    // One round per repeat, at most 3 (1 with --quick): a round is 24 measurements of 0.5 s of
    // CPU time plus PyTorch's start. `times` are our seconds per training step of A3's model on
    // a walk of 256 moves, one thread.
    async measure(repeats) {
      const facts = await compareWithTorch(Math.min(repeats, 3));
      return { times: [TRANSFORMER_SHAPES[1].length / facts.shapes[1].ours.oneThread], facts };
    },
    note: describe,
  },
];

if (!isMainThread) {
  parentPort?.postMessage(ourTokensPerSecond(workerData.shape, workerData.seconds));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const facts = await compareWithTorch(Number(process.argv[2] ?? 3));
  console.log(describe(facts).split("; ").join("\n"));
}
