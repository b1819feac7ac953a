// Benchmarks of the neural policy of appendix A2: the MLP's forward and backward
// throughput at the shapes A2 uses (batch = every edge state of a graph, 4K rows),
// and the time of one RLVR update (evaluate the network at every edge state, the
// exact gradient of chain.ts, back-propagation, an Adam step).
//
//   node bench/neural.mjs        prints a table of medians over 7 runs
//
// NEURAL_CASES has the shape of bench.mjs's CASES (setup, run returning facts,
// note of the facts, target), and bench.mjs spreads it into its own list; `work` is the
// number of rows (or updates) one run does, from which the table shows a rate.
import { createRequire } from "node:module";

/** @type {import("../lib/dist/src/index.js")} */
const lib = createRequire(import.meta.url)("rlvr-backtracking");

/** Repeats `fn` `times` times: a case's run is one batch of repetitions. */
function repeat(fn, times) {
  for (let i = 0; i < times; i++) fn();
}

const REPEATS = 1000;

/**
 * Cases as bench.mjs's `Case`: the context of `run` is what `setup` returned.
 * @type {{ name: string, target?: { seconds?: number, rate?: number, unit?: string }, setup: () => any,
 *   run: (context: any) => Record<string, any>, note?: (facts: any) => string }[]}
 */
export const NEURAL_CASES = [
  ...[
    [12, 32],
    [40, 32],
    [160, 32],
  ].flatMap(([rows, width]) => {
    const setup = () => ({
      net: lib.createMlp([lib.NEURAL_FEATURES.length, width, width, 1], "bench"),
      input: Float64Array.from({ length: rows * lib.NEURAL_FEATURES.length }, (_, i) => Math.sin(i)),
      upstream: Float64Array.from({ length: rows }, (_, i) => Math.cos(i)),
    });
    return [
      {
        name: `MLP forward, ${rows} edge states, 5-${width}-${width}-1, ${REPEATS} passes`,
        target: { rate: 150e3, unit: "rows/s" },
        setup,
        run: ({ net, input }) => {
          repeat(() => lib.mlpForward(net, input, rows), REPEATS);
          return { work: REPEATS * rows, unit: "rows" };
        },
      },
      {
        name: `MLP forward + backward, ${rows} edge states, 5-${width}-${width}-1, ${REPEATS} passes`,
        target: { rate: 70e3, unit: "rows/s" },
        setup,
        run: ({ net, input, upstream }) => {
          repeat(() => lib.mlpBackward(lib.mlpForward(net, input, rows), upstream), REPEATS);
          return { work: REPEATS * rows, unit: "rows" };
        },
      },
    ];
  }),
  ...[
    [3, 3, 2],
    [15, 15, 5],
  ].map(([W, K, L]) => ({
    name: `one neural RLVR update (exact), G(${W}, ${K}, ${L}), 100 updates`,
    // Figure 3's size: 100 updates in at most 0.2 s, 2 ms an update (bench/README.md).
    target: W === 15 ? { seconds: 0.2 } : undefined,
    setup() {
      const shape = lib.pathStar(W, K, L);
      return { shape, initial: lib.createPolicyNetwork("bench") };
    },
    // 100 updates with the network as it is (no base fit), so the run is the updates alone.
    run: ({ shape, initial }) => ({
      work: 100,
      unit: "updates",
      hittingTime: lib.trainNeuralRlvr(shape, { initial, steps: 100 }).history[100].hittingTime,
    }),
    note: (facts) => `100 updates, hitting time after them ${facts.hittingTime.toFixed(2)}`,
  })),
];

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const c of NEURAL_CASES) {
    const times = [];
    /** @type {Record<string, any>} */
    let facts = {};
    for (let i = 0; i < 7; i++) {
      const input = c.setup();
      const start = process.hrtime.bigint();
      facts = c.run(input);
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const seconds = median(times);
    const rate = facts.unit === "rows" ? `${(facts.work / seconds / 1e6).toFixed(2)} M rows/s` : `${((seconds / facts.work) * 1e3).toFixed(3)} ms per update`;
    process.stdout.write(`${c.name.padEnd(78)} ${seconds.toFixed(4)} s  ${rate}\n`);
  }
}
