import { test } from "node:test";
import assert from "node:assert/strict";
import { corollary1WorkData, dedupOptimalHittingTime, dedupSftLimitHittingTime, expectedHittingTime, pathStar, sftLimitPolicy } from "../src";
import { corollary1WorkFigure } from "../src/figures";

const data = corollary1WorkData({ W: 3, K: 3, Ls: [1, 2, 4], L: 3, Ks: [1, 2], walks: 400, seed: "corollary1-test" });

test("corollary1WorkData holds the closed forms and Monte Carlo means within their 4-standard-error intervals", () => {
  assert.equal(data.rows.length, 5);
  for (const row of data.rows) {
    const shape = pathStar(row.W, row.K, row.L);
    assert.equal(row.sftRejection, dedupSftLimitHittingTime(shape));
    assert.equal(row.rlvrRejection, dedupOptimalHittingTime(shape));
    assert.equal(row.sftPlain, expectedHittingTime(shape, sftLimitPolicy(shape)));
    assert.ok(Math.abs(row.sftRejectionMeasured.mean - row.sftRejection) <= row.sftRejectionMeasured.halfWidth, JSON.stringify(row));
    assert.ok(Math.abs(row.rlvrRejectionMeasured.mean - row.rlvrRejection) <= row.rlvrRejectionMeasured.halfWidth, JSON.stringify(row));
  }
});

test("corollary1WorkFigure compares the two rejection curves on linear axes and leaves plain sampling to its own log panels", () => {
  const figure = corollary1WorkFigure(data);
  const onTop = figure.data.filter((t) => t.yaxis === "y" || t.yaxis === "y2");
  assert.ok(onTop.every((t) => !String(t.name).includes("plain")), "plain sampling is not on the comparison's scale");
  assert.equal((figure.layout.yaxis as { type: string }).type, "linear");
  assert.equal((figure.layout.yaxis3 as { type: string }).type, "log");
  assert.ok(figure.data.some((t) => String(t.name).includes("plain") && t.yaxis === "y3"));
});
