import { test } from "node:test";
import assert from "node:assert/strict";
import { rlvrOptimizersData } from "../src";
import { rlvrFamilyRacesFigure, rlvrOptimizersFigure } from "../src/figures";

const data = rlvrOptimizersData({
  W: 3, K: 2, L: 2, steps: 60, sampled: { W: 3, K: 2, L: 2, seeds: 2, steps: 40, groupSizes: [16, 32] },
});

test("rlvrOptimizersData keeps every step of the three exact runs and the sampled seeds", () => {
  assert.deepEqual(data.runs.map((r) => r.optimizer), ["sign", "gradient", "adam"]);
  for (const run of data.runs) {
    assert.equal(run.rows.length, 61);
    assert.ok(Math.abs(run.rows[0].hittingTime / data.baseHittingTime - 1) < 1e-12);
    assert.equal(run.finalTheta.length, 8);
  }
  // Sign steps from the base model: every family's logit is lr * t at step t here (G(3, 2, 2) stays in lockstep).
  const sign = data.runs[0];
  for (const family of ["a", "b", "c", "d"] as const) {
    assert.ok(Math.abs(sign.rows[60].logits[family].mean - 0.6) < 1e-9);
  }
  assert.equal(data.sampled.groups.length, 2);
  for (const group of data.sampled.groups) {
    assert.equal(group.rows.length, 41);
    assert.equal(group.rows[0].perSeed.length, 2);
    assert.ok(group.rows.every((r) => r.low <= r.median && r.median <= r.high));
  }
  // The plain gradient rate moves the largest logit by gradientFirstStep on the first step.
  const gradient = data.runs[1];
  const moved = Math.max(...(["a", "b", "c", "d"] as const).map((f) => gradient.rows[1].logits[f].max));
  assert.ok(Math.abs(moved - 0.01) < 1e-12);
});

test("the RLVR optimizer figures draw the rows they are given", () => {
  const curves = rlvrOptimizersFigure(data);
  assert.ok(curves.data.some((t) => String(t.name).startsWith("plain gradient")));
  // Each group's range over seeds as its two edges, one legend entry for both.
  const edges = curves.data.filter((t) => t.xaxis === "x2" && String(t.name).includes("range over"));
  assert.equal(edges.length, 2 * data.sampled.groups.length);
  assert.equal(edges.filter((t) => t.showlegend !== false).length, data.sampled.groups.length);
  const races = rlvrFamilyRacesFigure(data);
  assert.equal(races.data.filter((t) => t.showlegend === true).length, 4);
  assert.ok("xaxis3" in races.layout);
});
