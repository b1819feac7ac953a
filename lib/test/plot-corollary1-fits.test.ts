import { test } from "node:test";
import assert from "node:assert/strict";
import { corollary1FitsData, dedupSftLimitHittingTime, pathStar, powerLawFit } from "../src";
import { corollary1FitsFigure, workScaling } from "../src/figures";

test("powerLawFit recovers the exponent and prefactor of an exact power law", () => {
  const xs = [1, 2, 4, 8, 16, 32];
  const fit = powerLawFit(xs, xs.map((x) => 3 * x ** 1.5));
  assert.ok(Math.abs(fit.slope - 1.5) < 1e-12);
  assert.ok(Math.abs(fit.prefactor - 3) < 1e-12);
  assert.equal(fit.points, 6);
  assert.ok(Math.abs(powerLawFit([2, 5, 9], [7, 7, 7]).slope) < 1e-15, "a constant series has slope 0");
});

test("powerLawFit of a line with an offset, a + b x, has a slope below 1 that tends to 1 as x grows", () => {
  const line = (xs: number[]) => powerLawFit(xs, xs.map((x) => 56 + 10 * x)).slope;
  const low = line([1, 2, 4, 8]);
  const high = line([256, 512, 1024, 2048]);
  assert.ok(low < high && high < 1 && high > 0.97, `${low} < ${high} < 1`);
});

test("powerLawFit refuses points a log-log fit cannot use, naming them", () => {
  assert.throws(() => powerLawFit([1, 2], [1]), /same length/);
  assert.throws(() => powerLawFit([1], [1]), /at least 2 points/);
  assert.throws(() => powerLawFit([1, 0], [1, 2]), /xs\[1\] must be a finite number greater than 0/);
  assert.throws(() => powerLawFit([1, 2], [1, -1]), /ys\[1\]/);
  assert.throws(() => powerLawFit([3, 3], [1, 2]), /two distinct x values/);
});

test("workScaling draws measured points with error bars, a fit per series and its slope in each panel's corner", () => {
  const points = (f: (x: number) => number) => [1, 2, 4, 8].map((x) => ({ x, mean: f(x), halfWidth: 0.1 * f(x) }));
  const figure = workScaling([
    { xTitle: "L", series: [
      { name: "SFT", color: "#d55e00", points: points((x) => 10 * x) },
      { name: "RLVR", color: "#0072b2", points: points(() => 50) },
    ] },
    { xTitle: "K", series: [{ name: "SFT", color: "#d55e00", points: points((x) => x * x), fit: false }] },
  ]);
  assert.equal(figure.data.length, 2 * 2 + 1);
  figure.data.forEach((trace, i) => assert.equal(trace.uid, `workScaling-${i}`));
  const annotations = figure.layout.annotations as { text: string; xref: string }[];
  assert.equal(annotations.length, 1, "the panel without a fit has no slope note");
  assert.match(annotations[0].text, /slope 1\.00[\s\S]*slope 0\.00/);
  assert.equal(figure.data.filter((t) => t.showlegend !== false).length, 2, "each series once in the legend");
  assert.ok(figure.data.some((t) => t.xaxis === "x2"), "the second panel has its own axes");
  assert.throws(() => workScaling([]), /at least one panel/);
});

test("corollary1FitsData measures each sweep; SFT + rejection agrees with its closed form; the figure fits each panel", () => {
  const data = corollary1FitsData({ W: 3, K: 3, L: 2, Ws: [2, 4], Ks: [2, 4], Ls: [1, 2, 4], walks: 300, seed: "fits-test" });
  assert.deepEqual(data.rows.map((r) => r.sweep), ["W", "W", "K", "K", "L", "L", "L"]);
  for (const row of data.rows) {
    assert.equal(row.sft.finished, 300);
    assert.equal(row.sftExact, dedupSftLimitHittingTime(pathStar(row.W, row.K, row.L)));
    assert.ok(Math.abs(row.sft.mean - row.sftExact) <= row.sft.halfWidth, JSON.stringify(row.sft));
  }
  const figure = corollary1FitsFigure(data);
  const notes = (figure.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.equal(notes.filter((text) => /^<span[^>]*>slope /.test(text)).length, 4, "a slope note in each of the four panels");
  assert.equal(notes.filter((text) => /Why SFT's slope is below 1/.test(text)).length, 1, "the L panel says why SFT's slope is below 1");
  const xaxis = figure.layout.xaxis as { tickvals: number[]; ticktext: string[] };
  assert.deepEqual(xaxis.tickvals, [2, 4], "ticks at the measured widths only");
  assert.deepEqual(xaxis.ticktext, ["2", "4"]);
});
