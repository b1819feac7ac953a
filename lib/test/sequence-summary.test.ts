import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLine, growthFits } from "../src/experiments/sequence-summary";
import type { DepthRow } from "../src/experiments/sequence-summary";

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
    forkReentryUniform: 0.5, references: { base: 1, edgeState: 1, memory: 1 },
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
});
