import { test } from "node:test";
import assert from "node:assert/strict";
import { distillationSampleComplexityData } from "../src";
import { distillationSampleComplexityFigure } from "../src/figures";

const data = distillationSampleComplexityData({
  W: 3, K: 2, L: 2, teacherSteps: 100, traceCounts: [2, 50], seeds: 3, steps: 300, goldenCounts: [5],
});

test("distillationSampleComplexityData trains one student per N and seed, and the controls", () => {
  assert.equal(data.students.length, 6);
  assert.deepEqual(data.spread.map((r) => r.traces), [2, 50]);
  // The delta-method spread falls like 1 / sqrt(N).
  const [few, many] = data.spread;
  assert.ok(Math.abs(few.predictedRelativeSpread / many.predictedRelativeSpread - 5) < 1e-9);
  assert.ok(Math.abs(many.fewestVisits / few.fewestVisits - 25) < 1e-9);
  // Infinite data: the student is the teacher.
  assert.ok(Math.abs(data.infiniteDataHittingTime / data.teacher.hittingTime - 1) < 1e-6);
  // Golden paths never move b or d, and leave the student slower than the teacher.
  assert.ok(data.golden[0].backtrackingShift < 1e-12);
  assert.ok(10 ** data.golden[0].log10HittingTime > data.teacher.hittingTime);
});

test("the sample-complexity figure draws students, the prediction and the control", () => {
  const figure = distillationSampleComplexityFigure(data);
  const names = figure.data.map((t) => String(t.name));
  assert.ok(names.includes("delta-method prediction ∝ 1/√N"));
  assert.ok(names.includes("control: the same SFT on golden paths"));
  assert.equal(figure.layout.yaxis2 !== undefined, true);
});
