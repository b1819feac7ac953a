import { test } from "node:test";
import assert from "node:assert/strict";
import { expectedExitTime, growthFactorData, pathStar, sftLimitPolicy } from "../src";
import { growthFactorFigure } from "../src/figures";

test("growthFactorData's ratios are exit-time ratios of the SFT limit and tend to (L + 1)^2 / L", () => {
  const data = growthFactorData({ Ls: [1, 3], Ks: [1, 2, 20], W: 3 });
  assert.equal(data.rows.length, 6);
  const exit = (K: number, L: number) => expectedExitTime(pathStar(3, K, L), sftLimitPolicy(pathStar(3, K, L)));
  for (const row of data.rows) {
    assert.equal(row.ratio, exit(row.K + 1, row.L) / exit(row.K, row.L));
    assert.equal(row.limit, (row.L + 1) ** 2 / row.L);
  }
  for (const row of data.rows.filter((r) => r.K === 20)) assert.ok(Math.abs(row.ratio / row.limit - 1) < 1e-6, `L = ${row.L}: ${row.ratio}`);
  const figure = growthFactorFigure(data);
  assert.equal(figure.data.length, 4, "a curve and its limit per L");
});
