import { test } from "node:test";
import assert from "node:assert/strict";
import { pathStar, trainRlvr } from "../src";
import { familyHeatmap, rlvrHittingTimeCurves } from "../src/figures";
import { thinHistory } from "../src/rows";

const shape = pathStar(3, 4, 2);
const run = trainRlvr(shape, { steps: 250 });

test("thinHistory keeps about maxPoints records, evenly strided, the first and the last included", () => {
  const kept = thinHistory(run.history, 100);
  assert.equal(kept[0].step, 0);
  assert.equal(kept[kept.length - 1].step, 250);
  assert.ok(kept.length <= 101, `${kept.length} records kept`);
  assert.deepEqual(thinHistory(run.history, 1000).map((r) => r.step), run.history.map((r) => r.step));
  assert.throws(() => thinHistory([], 10), /history is empty/);
  assert.throws(() => thinHistory(run.history, 1), /maxPoints must be an integer from 2/);
});

test("familyHeatmap draws one heatmap per family whose cells are that family's probabilities, depth by step", () => {
  const figure = familyHeatmap(run.history, { maxColumns: 26 });
  assert.equal(figure.data.length, 4);
  figure.data.forEach((trace, i) => {
    const family = (["a", "b", "c", "d"] as const)[i];
    assert.equal(trace.type, "heatmap");
    assert.equal(trace.uid, `familyHeatmap-${i}`);
    assert.deepEqual(trace.y, [1, 2, 3, 4]);
    const z = trace.z as number[][];
    assert.equal(z.length, 4);
    (trace.x as number[]).forEach((step, column) => {
      for (let j = 0; j < 4; j++) assert.equal(z[j][column], run.history[step].probabilities[family][j]);
    });
  });
  const colors = figure.layout.coloraxis as { cmin: number; cmax: number };
  assert.deepEqual([colors.cmin, colors.cmax], [0, 1]);
});

test("rlvrHittingTimeCurves draws each run in its own log-scale panel with its optimum dashed", () => {
  const figure = rlvrHittingTimeCurves([
    { label: "first", history: run.history, optimum: 56 },
    { label: "second", history: run.history },
  ]);
  assert.deepEqual(figure.data.map((t) => t.xaxis), ["x", "x", "x2"]);
  assert.deepEqual(figure.data[1].y, [56, 56]);
  assert.equal(figure.data[0].y[0], run.history[0].hittingTime);
  assert.equal((figure.layout.yaxis2 as { type: string }).type, "log");
  assert.throws(() => rlvrHittingTimeCurves([]), /at least one run/);
});
