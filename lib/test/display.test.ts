import { test } from "node:test";
import assert from "node:assert/strict";
import {
  policyGradient, basePolicy, decisionIndex, familyTotals, formatLog10, formatNumber, markdownTable, pathStar,
  stemPathStar,
} from "../src";

test("formatNumber writes integers in full, others to 6 significant digits, large ones in LaTeX", () => {
  assert.equal(formatNumber(50142), "50142");
  assert.equal(formatNumber(1 / 3), "0.333333");
  assert.equal(formatNumber(2.5), "2.5");
  assert.equal(formatNumber(0.25, { fixed: 3 }), "0.250");
  assert.equal(formatNumber(4.3e14, { digits: 3 }), "$4.3 \\times 10^{14}$");
  assert.equal(formatNumber(-1234567), "$-1.23457 \\times 10^{6}$");
  assert.equal(formatNumber(2e-8, { digits: 2 }), "$2 \\times 10^{-8}$");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(NaN), "n/a");
  assert.equal(formatNumber(Infinity), "$\\infty$");
  assert.throws(() => formatNumber(1, { digits: 0 }), /digits must be an integer from 1 to 21, got 0/);
});

test("formatLog10 writes numbers beyond the double range from their log10, rounding the mantissa up to 10", () => {
  assert.equal(formatLog10(Math.log10(900)), "900");
  assert.equal(formatLog10(Math.log10(50142)), "50142");
  assert.equal(formatLog10(400.5, 3), "$3.16 \\times 10^{400}$");
  assert.equal(formatLog10(Math.log10(9.99996e20), 4), "$1 \\times 10^{21}$");
});

test("markdownTable has one header, an alignment rule (numbers right) and one line per row, with | escaped", () => {
  const rows = [{ name: "a|b", value: 1.5 }, { name: "c", value: 3e7 }];
  const table = markdownTable(rows, [
    { header: "policy", value: "name" },
    { header: "$T$", value: (r) => r.value, format: { digits: 2 } },
  ], { title: "Hitting times" });
  assert.equal(
    table,
    "**Hitting times**\n\n| policy | $T$ |\n| --- | ---: |\n| a\\|b | 1.5 |\n| c | $3 \\times 10^{7}$ |",
  );
  assert.throws(() => markdownTable(rows, []), /columns must hold at least one column/);
  assert.throws(
    () => markdownTable([{ x: [1] }], [{ header: "x", value: "x" }]),
    /column "x" holds a object/,
  );
});

test("familyTotals sums a per-decision array over depths, leaving out the stem's fork decision", () => {
  const shape = pathStar(3, 4, 2);
  const totals = familyTotals(shape, basePolicy(shape).desired);
  assert.ok(Math.abs(totals.a - 4 / 3) < 1e-12 && Math.abs(totals.b - 8 / 3) < 1e-12);
  const visits = policyGradient(shape, basePolicy(shape)).visits;
  let d = 0;
  for (let j = 1; j <= 4; j++) d += visits[decisionIndex(shape, "d", j)];
  assert.equal(familyTotals(shape, visits).d, d);
  const stem = stemPathStar(2, 3, 2, 2);
  assert.ok(Math.abs(familyTotals(stem, basePolicy(stem).desired).c - 4 * (2 / 3)) < 1e-12);
  assert.throws(() => familyTotals(shape, [1, 2]), /one entry per decision/);
});
