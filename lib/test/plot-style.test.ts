import { test } from "node:test";
import assert from "node:assert/strict";
import { logSpacedIntegers } from "../src";
import { decadeTicks, formatSteps } from "../src/plot/style";

test("decadeTicks labels 1, 2, 5 times powers of ten over a short range and whole decades over a long one", () => {
  assert.deepEqual(decadeTicks([900, 50000]).tickvals, [1000, 2000, 5000, 10000, 20000, 50000]);
  const long = decadeTicks([50, 4e14]);
  assert.ok(long.tickvals.every((v) => Number.isInteger(Math.log10(v))));
  assert.ok(long.tickvals.length <= 8);
  assert.equal(long.ticktext[long.ticktext.length - 1], "10<sup>15</sup>");
  assert.deepEqual(decadeTicks([null, 0]), { tickvals: [], ticktext: [] });
});

test("formatSteps writes small counts out and large ones as a power of ten", () => {
  assert.equal(formatSteps(50142), "50142");
  assert.equal(formatSteps(4.34e14), "4.3 × 10<sup>14</sup>");
});

test("logSpacedIntegers spans its ends, increasing, each value once", () => {
  const v = logSpacedIntegers(8, 100000, 200);
  assert.deepEqual([v[0], v[v.length - 1]], [8, 100000]);
  v.slice(1).forEach((x, i) => assert.ok(x > v[i]));
  assert.throws(() => logSpacedIntegers(10, 5, 3), /to must be an integer from 10/);
});
