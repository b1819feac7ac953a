import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, expectedHittingTime, exponentialGapData, GAP_POLICIES, pathStar, sftLimitPolicy } from "../src";
import { exponentialGapFigure } from "../src/figures";

const data = exponentialGapData({ W: 3, Ks: [1, 2, 3], Ls: [2, 3], K: 2, Ws: [2, 3, 4], trainedKs: [2, 3], trainedWs: [3] });
const at = (sweep: "K" | "W", policy: string, L: number, x: number) => {
  const row = data.rows.find((r) => r.sweep === sweep && r.policy === policy && r.L === L && r[sweep] === x);
  assert.ok(row, `${sweep} ${policy} L=${L} x=${x}`);
  return row.hittingTime;
};

test("exponentialGapData holds every policy's exact hitting time at every size and L", () => {
  for (const L of [2, 3]) {
    for (const K of [1, 2, 3]) {
      const shape = pathStar(3, K, L);
      assert.equal(at("K", "base", L, K), expectedHittingTime(shape, basePolicy(shape)));
      assert.equal(at("K", "sftLimit", L, K), expectedHittingTime(shape, sftLimitPolicy(shape)));
      assert.ok(Math.abs(at("K", "optimal", L, K) - (4 * 3 * K + 2 * 3 - 2 * K)) < 1e-9);
    }
    for (const W of [2, 3, 4]) assert.ok(Math.abs(at("W", "optimal", L, W) - (4 * W * 2 + 2 * W - 2 * 2)) < 1e-9);
  }
  assert.equal(data.rows.filter((r) => r.policy === "sftTrained").length, 2 * (2 + 1));
});

test("trained RLVR sits within 1% of the optimum and trained SFT above the base walk", () => {
  for (const row of data.rows.filter((r) => r.policy === "rlvrTrained")) {
    const optimum = 4 * row.W * row.K + 2 * row.W - 2 * row.K;
    assert.ok(Math.abs(row.hittingTime / optimum - 1) < 0.01, `${row.hittingTime} vs ${optimum}`);
  }
  assert.ok(at("K", "sftTrained", 3, 3) > at("K", "base", 3, 3));
});

test("exponentialGapFigure lists each policy once and each L once in the legend, and draws trained RLVR over the optimum", () => {
  const figure = exponentialGapFigure(data);
  const legend = figure.data.filter((t) => t.showlegend !== false).map((t) => t.name);
  assert.equal(legend.length, GAP_POLICIES.length + 2, legend.join(" | "));
  assert.ok(legend.includes("L = 2") && legend.includes("L = 3"));
  const names = figure.data.map((t) => t.legendgroup);
  assert.ok(names.indexOf("rlvrTrained") > names.lastIndexOf("optimal") || names.indexOf("rlvrTrained") > names.indexOf("optimal"));
  const rlvr = figure.data.find((t) => t.legendgroup === "rlvrTrained");
  assert.equal(rlvr?.marker?.color, "white", "filled white so the optimum line does not show through");
  assert.equal((figure.layout.xaxis2 as { type: string }).type, "log", "the W panel is log-log");
});

test("exponentialGapData refuses bad lists, naming the entry", () => {
  assert.throws(() => exponentialGapData({ W: 3, Ks: [1, 0], Ls: [2], K: 2, Ws: [2], trainedKs: [], trainedWs: [] }), /Ks\[1\] must be an integer from 1/);
  assert.throws(() => exponentialGapData({ W: 3, Ks: [], Ls: [2], K: 2, Ws: [2], trainedKs: [], trainedWs: [] }), /Ks must be a list of at least 1/);
});
