import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLine, growthFits, rlvrLateTraining } from "../src/experiments/sequence-summary";
import type { DepthRow, SequenceSweepData } from "../src/experiments/sequence-summary";

test("fitLine: an exact line is recovered with no residual; the slope's error follows the weights", () => {
  const fit = fitLine([1, 2, 3, 4], [3, 5, 7, 9], [1, 1, 1, 1]);
  assert.ok(Math.abs(fit.slope - 2) < 1e-12 && Math.abs(fit.intercept - 1) < 1e-12 && fit.residualSumOfSquares < 1e-20);
  // Var(slope) = 1 / sum w (x - mean x)^2 = 1 / 5 for unit weights at 1..4.
  assert.ok(Math.abs(fit.slopeStandardError - Math.sqrt(1 / 5)) < 1e-12);
  assert.throws(() => fitLine([1, 1], [2, 3], [1, 1]), /two distinct x values/);
});

function row(model: DepthRow["model"], K: number, means: number[]): DepthRow {
  return {
    model, K, trainedHere: true, seeds: means.length, means, standardErrors: means.map((m) => m / 100),
    lowerBounds: means.map(() => false), success: means.map(() => 1), budget: 1e6, censoredSeeds: 0,
    median: means[0], low: Math.min(...means), high: Math.max(...means), back: [], forkReentry: [],
    forkReentryUniform: 0.5, references: { base: 1, edgeState: 1, memory: 1, lastBranch: 1 },
  };
}

test("growthFits: exponential data is told from linear data", () => {
  const rows = [1, 2, 3, 4].flatMap((K) => [
    row("sft", K, [10 * 4 ** K * 0.99, 10 * 4 ** K * 1.01]),
    row("rlvr", K, [10 * K + 6 - 0.1, 10 * K + 6 + 0.1]),
  ]);
  const fits = growthFits(rows);
  const sft = fits.find((f) => f.model === "sft")!;
  const rlvr = fits.find((f) => f.model === "rlvr")!;
  assert.ok(sft.exponential.residualSumOfSquares < sft.linear.residualSumOfSquares);
  assert.ok(Math.abs(sft.growthFactor - 4) < 1e-9 && sft.growthFactorInterval[0] < 4 && sft.growthFactorInterval[1] > 4);
  assert.ok(rlvr.linear.residualSumOfSquares < rlvr.exponential.residualSumOfSquares);
  assert.ok(Math.abs(rlvr.linear.slope - 10) < 1e-9);
  // With errors this small, each kind of data rejects the other kind's line.
  assert.equal(sft.verdict, "exponential");
  assert.equal(rlvr.verdict, "linear");
});

test("growthFits: noisy data over a short range can fit both lines, and then the verdict says so", () => {
  // 10, 20, 30, 40 with 30% errors: a line fits exactly, and so does an exponential within those errors.
  const rows = [1, 2, 3, 4].map((K) => ({ ...row("rlvr", K, [10 * K, 10 * K]), standardErrors: [3 * K, 3 * K] }));
  const [fit] = growthFits(rows);
  assert.ok(fit.linear.pValue > 0.99 && fit.exponential.pValue >= 0.05, `${fit.linear.pValue}, ${fit.exponential.pValue}`);
  assert.equal(fit.verdict, "both fit");
  // Quadratic data with tiny errors fits neither.
  const quadratic = [1, 2, 3, 4, 5].map((K) => row("base", K, [10 * K * K, 10 * K * K]));
  assert.equal(growthFits(quadratic)[0].verdict, "neither fits");
});

test("rlvrLateTraining: the groups' mean walk length, over seeds, in the last window and the one before", () => {
  // Depth 1: two seeds whose walks shorten by 1 a step from 300 and from 500 over 300 updates.
  // Depth 2: a run of 10 updates, so the windows are its two halves (5 each).
  const run = (K: number, start: number, steps: number) => ({
    kind: "training", training: "rlvr", K, seed: 0, seconds: 0, evaluations: [],
    history: Array.from({ length: steps }, (_, i) => ({ step: i, meanSteps: start - i })),
  });
  const data = {
    plan: { depths: [1, 2] },
    results: [run(1, 300, 300), run(1, 500, 300), run(2, 50, 10), { ...run(2, 0, 10), training: "sft" }],
  } as unknown as SequenceSweepData;
  // Seed means over updates 100..199: 300 - 149.5 and 500 - 149.5; over 200..299: 100 less each.
  assert.deepEqual(rlvrLateTraining(data), [
    { K: 1, window: 100, before: 400 - 149.5, last: 400 - 249.5 },
    { K: 2, window: 5, before: 50 - 2, last: 50 - 7 },
  ]);
});
