import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, expectedHittingTime, pathStar, sftDynamicsData, sftLimitPolicy } from "../src";
import { FAMILY_COLORS, POLICY_COLORS, sftDynamicsFigure } from "../src/figures";
import type { SftDynamicsData } from "../src";

const params = { W: 3, K: 4, L: 2, steps: 100, maxRows: 11 };
const data = sftDynamicsData(params);
const shape = pathStar(3, 4, 2);

test("sftDynamicsData starts at the base walk, keeps b and d at their base values at every depth, and rises toward the SFT limit", () => {
  assert.equal(data.rows.length, 11);
  assert.deepEqual([data.rows[0].step, data.rows[10].step], [0, 100]);
  assert.ok(Math.abs((data.rows[0].hittingTime as number) / expectedHittingTime(shape, basePolicy(shape)) - 1) < 1e-12);
  assert.equal(data.base.hittingTime, expectedHittingTime(shape, basePolicy(shape)));
  assert.equal(data.sftLimit.hittingTime, expectedHittingTime(shape, sftLimitPolicy(shape)));
  for (const row of data.rows) {
    // Base probabilities: b = L / (L + 1), d = 1 / (L + 1), at every depth (Theorem 2).
    for (const value of [row.lowest.b, row.highest.b]) assert.ok(Math.abs(value - 2 / 3) < 1e-12, `b at step ${row.step}: ${value}`);
    for (const value of [row.lowest.d, row.highest.d]) assert.ok(Math.abs(value - 1 / 3) < 1e-12, `d at step ${row.step}: ${value}`);
  }
  // On this small graph the first steps shorten the walk a little; then it grows toward the SFT limit.
  const times = data.rows.map((r) => r.hittingTime as number);
  times.slice(2).forEach((t, i) => assert.ok(t > times[i + 1], `the hitting time rises from step 10 on (${times[i + 1]} then ${t})`));
  assert.ok(times[10] > times[0] && times[10] < (data.sftLimit.hittingTime as number));
});

test("sftDynamicsFigure says when every depth coincides, and draws a band when they do not", () => {
  const notes = (d: SftDynamicsData) => (sftDynamicsFigure(d).layout.annotations as { text: string }[]).map((a) => a.text).join(" ");
  assert.match(notes(data), /every depth 1\.\.4 has the same value/);
  const spread: SftDynamicsData = { ...data, rows: data.rows.map((r) => ({ ...r, highest: { ...r.highest, a: r.lowest.a + 0.1 } })) };
  const figure = sftDynamicsFigure(spread);
  assert.match(notes(spread), /bands: lowest to highest/);
  assert.ok(figure.data.some((t) => t.fill === "tonexty" && t.legendgroup === "a"));
});

test("sftDynamicsFigure draws the base walk and the SFT limit as reference lines, and no family in the SFT colour", () => {
  const figure = sftDynamicsFigure(data);
  const reference = figure.data.filter((t) => t.yaxis === "y2" && t.x.length === 2);
  assert.deepEqual(reference.map((t) => t.y[0]), [data.base.hittingTime, data.sftLimit.hittingTime]);
  assert.ok(!Object.values(FAMILY_COLORS).includes(POLICY_COLORS.sft as never));
});

test("sftDynamicsData refuses bad parameters, naming them", () => {
  assert.throws(() => sftDynamicsData({ ...params, steps: 0 }), /steps must be an integer from 1/);
  assert.throws(() => sftDynamicsData({ ...params, W: 0 }), /W must be an integer from 1/);
  assert.throws(() => sftDynamicsData({ ...params, maxRows: 1 }), /maxRows must be an integer from 2/);
});
