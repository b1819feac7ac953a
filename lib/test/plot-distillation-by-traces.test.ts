import { test } from "node:test";
import assert from "node:assert/strict";
import { distillationByTraces } from "../src";

test("distillationByTraces draws the students beside the teacher and the optimum, and beside the golden control on a log scale", () => {
  const figure = distillationByTraces({
    traces: [10, 100, 1000], student: [905, 901, 900.5], teacher: 900.4, optimum: 900,
    golden: { traces: [1000], hittingTime: [4e14] }, graphName: "G(15, 15, 5)",
  });
  assert.equal(figure.data.length, 5);
  figure.data.forEach((trace, i) => assert.equal(trace.uid, `distillationByTraces-${i}`));
  assert.deepEqual(figure.data[0].x, [10, 1000], "the teacher's line spans the data sizes");
  assert.deepEqual(figure.data.map((t) => t.yaxis ?? "y"), ["y", "y", "y", "y2", "y2"], "students in both panels, the control on the log one");
  assert.equal(figure.layout.yaxis2 && (figure.layout.yaxis2 as { type: string }).type, "log");
  assert.equal(distillationByTraces({ traces: [1, 2], student: [3, 4], teacher: 3, optimum: 3, graphName: "g" }).data.length, 4);
  assert.throws(() => distillationByTraces({ traces: [1], student: [], teacher: 1, optimum: 1, graphName: "g" }), /same length/);
});
