import { test } from "node:test";
import assert from "node:assert/strict";
import { distill, distillationByTracesData, expectedHittingTime, optimalPolicy, pathStar, trainRlvr } from "../src";
import { distillationByTracesFigure } from "../src/figures";

const params = { W: 3, K: 3, L: 2, traceCounts: [1, 10], seeds: 2, optimizer: "adam" as const, learningRate: 0.05, steps: 60 };
const data = distillationByTracesData({ ...params, seed: "distill-test" });
const shape = pathStar(3, 3, 2);

test("distillationByTracesData trains a student and a control per number of walks and seed, as distill does", () => {
  assert.deepEqual(data.rows.map((r) => [r.traces, r.seed]), [[1, 0], [1, 1], [10, 0], [10, 1]]);
  const teacher = trainRlvr(shape, { seed: "distill-test/teacher" }).policy;
  assert.equal(data.teacher, expectedHittingTime(shape, teacher));
  assert.equal(data.optimum, expectedHittingTime(shape, optimalPolicy(shape)));
  const again = distill(shape, { teacher, optimizer: "adam", learningRate: 0.05, steps: 60, traces: 10, seed: "distill-test/teacher/10/1" });
  assert.equal(data.rows[3].student.hittingTime, expectedHittingTime(shape, again.policy));
  for (const row of data.rows) assert.ok(row.golden.log10HittingTime > row.student.log10HittingTime, "golden paths teach no backtracking");
});

test("distillationByTracesFigure draws each series as a median with a band over seeds, the control on the log panel only", () => {
  const figure = distillationByTracesFigure(data);
  figure.data.forEach((trace, i) => assert.equal(trace.uid, `distillationByTraces-${i}`));
  const control = figure.data.filter((t) => String(t.name).startsWith("control"));
  assert.deepEqual([...new Set(control.map((t) => t.yaxis))], ["y2"]);
  assert.equal(control.filter((t) => t.fill === "tonexty").length, 1, "one band");
  const median = control.find((t) => t.mode === "lines+markers");
  assert.deepEqual(median?.x, [1, 10], "the control at every number of walks");
  assert.equal((figure.layout.yaxis2 as { type: string }).type, "log");
});

test("distillationByTracesData refuses bad parameters, naming them", () => {
  assert.throws(() => distillationByTracesData({ ...params, optimizer: "sgd" as never }), /optimizer must be one of "gradient", "sign", "adam", got "sgd"/);
  assert.throws(() => distillationByTracesData({ ...params, traceCounts: [0] }), /traceCounts\[0\] must be an integer from 1/);
  assert.throws(() => distillationByTracesData({ ...params, seeds: 0 }), /seeds must be an integer from 1/);
});
