import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, expectedHittingTime, figure3Data, pathStar } from "../src";
import { figure3Figure } from "../src/figures";

const data = figure3Data({ W: 3, K: 3, L: 2, steps: 80, learningRate: 0.05, traces: 40, maxRows: 41, seed: "figure3-test" });

test("figure3Data records RLVR, the student and the golden-path control at the same steps, from the base walk", () => {
  assert.equal(data.rows.length, 41);
  assert.deepEqual(data.rows.map((r) => r.step), Array.from({ length: 41 }, (_, i) => 2 * i));
  const first = data.rows[0];
  const base = expectedHittingTime(pathStar(3, 3, 2), basePolicy(pathStar(3, 3, 2)));
  for (const run of [first.rlvr, first.student, first.golden]) {
    assert.ok(Math.abs((run.hittingTime as number) / base - 1) < 1e-12, `all three start at the base walk (${base} steps)`);
  }
  assert.equal(data.optimum, 4 * 3 * 3 + 2 * 3 - 2 * 3);
});

test("RLVR and the student fall toward the optimum while the golden-path control climbs", () => {
  const first = data.rows[0];
  const last = data.rows[data.rows.length - 1];
  assert.ok(last.rlvr.log10HittingTime < first.rlvr.log10HittingTime);
  assert.ok(last.student.log10HittingTime < first.student.log10HittingTime);
  assert.ok(last.golden.log10HittingTime > first.golden.log10HittingTime);
  assert.ok((last.rlvr.hittingTime as number) >= data.optimum - 1e-9);
});

test("figure3Figure puts the paper's panel on a log axis from just under the optimum, and the control only on the wide panel", () => {
  const figure = figure3Figure(data);
  const range = (figure.layout.yaxis as { range: number[] }).range;
  assert.ok(Math.abs(range[0] - (Math.log10(data.optimum) - 0.1)) < 1e-12);
  const golden = figure.data.filter((t) => t.legendgroup === "golden");
  assert.deepEqual(golden.map((t) => t.yaxis), ["y2"]);
  assert.equal(golden[0].x.length, data.rows.length, "the control is drawn at every recorded step");
  assert.ok(figure.data.some((t) => t.legendgroup === "rlvr" && t.yaxis === "y") && figure.data.some((t) => t.legendgroup === "rlvr" && t.yaxis === "y2"));
});

test("figure3Data refuses bad parameters, naming them", () => {
  const ok = { W: 3, K: 3, L: 2, steps: 5, learningRate: 0.05, traces: 4, maxRows: 6 };
  assert.throws(() => figure3Data({ ...ok, learningRate: -1 }), /learningRate must be a finite number greater than 0/);
  assert.throws(() => figure3Data({ ...ok, traces: 0 }), /traces must be an integer from 1/);
});

test("figure3Data past the trainers' 2001 history records (steps > 2000) pairs the three runs' records step by step", () => {
  const long = figure3Data({ W: 2, K: 1, L: 1, steps: 2500, learningRate: 0.01, traces: 5, maxRows: 11, seed: "figure3-long" });
  assert.equal(long.rows[0].step, 0);
  assert.equal(long.rows[long.rows.length - 1].step, 2500);
  assert.ok(long.rows.every((r, i) => i === 0 || r.step > long.rows[i - 1].step), "steps increase");
});
