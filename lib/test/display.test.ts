import { test } from "node:test";
import assert from "node:assert/strict";
import {
  policyGradient, basePolicy, decisionIndex, familyTotals, formatLog10, formatNumber, htmlTable, markdownTable,
  markdownToHtml, markdownToText, pathStar, stemPathStar, texToHtml, texToText, textTable,
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

test("htmlTable leaves no maths for MathJax: LaTeX headers and numbers become Unicode and HTML, each cell aligned", () => {
  const rows = [{ name: "SFT `limit`", value: 4.3e14 }, { name: "a<b", value: 900 }];
  const table = htmlTable(rows, [
    { header: "policy", value: "name" },
    { header: "$\\mathbb{E}[T]$", value: "value", format: { digits: 2 } },
  ], { title: "On $G(3, 3, 2)$" });
  assert.equal(table.includes("$"), false, table);
  assert.match(table, /<p><strong>On <i>G<\/i>\(3, 3, 2\)<\/strong><\/p>/);
  assert.match(table, /<th align="right" style="text-align:right">𝔼\[<i>T<\/i>\]<\/th>/);
  assert.match(table, /<td align="right" style="text-align:right">4\.3 × 10<sup>14<\/sup><\/td>/);
  assert.match(table, /<td align="left" style="text-align:left">SFT <code>limit<\/code><\/td>/);
  assert.match(table, /a&lt;b/);
  assert.equal(table.match(/<tr>/g)?.length, 3);
});

test("textTable pads every column to one width, numbers right, maths in Unicode", () => {
  const rows = [{ name: "base", value: 50142 }, { name: "optimal", value: 900 }];
  const table = textTable(rows, [
    { header: "policy", value: "name" },
    { header: "$\\mathbb{E}[T]$", value: "value" },
  ], { title: "Hitting times" });
  assert.equal(table, "Hitting times\n\npolicy    𝔼[T]\n-------  -----\nbase     50142\noptimal    900");
});

test("texToHtml and texToText convert the maths the notebooks generate", () => {
  assert.equal(texToText("\\rho = (L+1)^2/L"), "ρ = (L+1)^2/L");
  assert.equal(texToText("E_K / E_{K-1}"), "E_K / E_(K-1)");
  assert.equal(texToText("P(\\text{desired})"), "P(desired)");
  assert.equal(texToText("|p - p_{\\text{base}}|"), "|p - p_base|");
  assert.equal(texToText("\\partial\\mathbb{E}[T]/\\partial\\theta"), "∂𝔼[T]/∂θ");
  assert.equal(texToHtml("10^{14}"), "10<sup>14</sup>");
  assert.equal(texToHtml("b_j"), "<i>b</i><sub><i>j</i></sub>");
  assert.equal(texToHtml("\\frac{(L+1)^2}{L}"), "((<i>L</i>+1)<sup>2</sup>)/<i>L</i>");
});

test("markdownToHtml writes paragraphs, lists, emphasis, code and links; markdownToText drops the markers", () => {
  const prose = "From $K = 3$ on, **SFT** is *slower*.\n\n- one `code` item\n- a [link](02-theorem-2-sft.ipynb)";
  assert.equal(
    markdownToHtml(prose),
    "<p>From <i>K</i> = 3 on, <strong>SFT</strong> is <em>slower</em>.</p>\n<ul>\n<li>one <code>code</code> item</li>\n" +
      '<li>a <a href="02-theorem-2-sft.ipynb">link</a></li>\n</ul>',
  );
  assert.equal(markdownToText(prose), "From K = 3 on, SFT is slower.\n\n- one code item\n- a link (02-theorem-2-sft.ipynb)");
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
