import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chiSquareSurvival, countMeanTolerance, createRng, logLogSlopeTolerance, median, powerLawFit, proportionGapTolerance, rmsDeviation, rmsRatioBounds, samplesForRelativeTolerance, seedBand, shortfalls,
} from "../src";

test("proportionGapTolerance is four standard errors of a difference of proportions plus one problem", () => {
  const n = 400;
  assert.equal(proportionGapTolerance(0.5, 0.5, n), 4 * Math.sqrt(0.5 / n) + 1 / n);
  assert.equal(proportionGapTolerance(1, 0, n), 1 / n);
  assert.throws(() => proportionGapTolerance(1.5, 0, n), /p must be a probability/);
  assert.throws(() => proportionGapTolerance(0.5, 0.5, 0), /problems must be an integer/);
});

test("proportionGapTolerance covers the difference of two equal-rate binomials nearly always", () => {
  const rng = createRng("stats/binomial");
  const n = 200;
  let outside = 0;
  for (let trial = 0; trial < 2000; trial++) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (rng() < 0.3) a++;
      if (rng() < 0.3) b++;
    }
    if (a / n < b / n - proportionGapTolerance(a / n, b / n, n)) outside++;
  }
  // One-sided 4 standard errors: about 3e-5 of the trials, so none of 2000 is expected.
  assert.ok(outside <= 1, `${outside} of 2000 trials fell outside`);
});

test("shortfalls lists the budgets where the better curve solves fewer beyond the tolerance", () => {
  const better = { budgets: [10, 100, 1000], solved: [0.1, 0.5, 1] };
  const other = { budgets: [100, 1000], solved: [0.9, 1] };
  const found = shortfalls(better, other, 100);
  assert.equal(found.length, 1);
  assert.equal(found[0].budget, 100);
  assert.deepEqual(shortfalls(other, { budgets: [100], solved: [0.88] }, 100), []);
  assert.throws(() => shortfalls(other, { budgets: [10], solved: [0] }, 100), /budget 10/);
});

test("seedBand gives the smallest, the median and the largest value", () => {
  assert.deepEqual(seedBand([3, 1, 2, 10]), { low: 1, median: 2.5, high: 10 });
  assert.throws(() => seedBand([]), /at least one/);
});

test("samplesForRelativeTolerance makes the interval the requested fraction of the mean", () => {
  assert.equal(samplesForRelativeTolerance(1, 0.04, 4), 10000);
  const rng = createRng("stats/exponential");
  const n = samplesForRelativeTolerance(1, 0.05, 4);
  const draws = Array.from({ length: n }, () => -Math.log(1 - rng()));
  const mean = draws.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  assert.ok(Math.abs((4 * sd) / Math.sqrt(n) / mean - 0.05) < 0.005);
});

test("rmsRatioBounds bracket the root-mean-square of normal deviations", () => {
  const rng = createRng("stats/normal");
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  for (const samples of [3, 8, 30]) {
    const { low, high } = rmsRatioBounds(samples, 4);
    assert.ok(low < 1 && high > 1);
    for (let trial = 0; trial < 300; trial++) {
      const rms = rmsDeviation(Array.from({ length: samples }, normal), 0);
      assert.ok(rms >= low && rms <= high, `${samples} samples: rms ${rms} outside [${low}, ${high}]`);
    }
  }
  assert.equal(rmsDeviation([3, 5], 4), 1);
});

test("median takes the middle value, or the mean of the two middle values", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /at least one/);
});

test("logLogSlopeTolerance bounds how far a fitted exponent moves under bounded relative errors", () => {
  const xs = [1, 2, 4, 8, 16, 32];
  const exact = xs.map((x) => 3 * x + 10);
  const errors = xs.map((_, i) => 0.01 + 0.005 * i);
  const bound = logLogSlopeTolerance(xs, errors);
  const rng = createRng("stats/slope");
  const exactSlope = powerLawFit(xs, exact).slope;
  let largest = 0;
  for (let trial = 0; trial < 2000; trial++) {
    // Errors at the edges of the allowed range, signs at random (the worst cases are sign patterns).
    const noisy = exact.map((y, i) => y * (1 + (rng() < 0.5 ? -1 : 1) * errors[i] * (0.9 + 0.1 * rng())));
    largest = Math.max(largest, Math.abs(powerLawFit(xs, noisy).slope - exactSlope));
  }
  assert.ok(largest <= bound, `largest slope change ${largest} above the bound ${bound}`);
  assert.ok(largest > 0.5 * bound, `the bound ${bound} is far above the largest change ${largest}`);
  assert.throws(() => logLogSlopeTolerance([1, 1], [0.1, 0.1]), /two distinct x/);
});

test("countMeanTolerance covers a rare extra count that no sample happened to show", () => {
  assert.equal(countMeanTolerance(0, 2000), 16 / 2000);
  assert.equal(countMeanTolerance(0.1, 100, 2), 0.1 + 4 / 100);
  // A node visited once per walk, and a second time with probability 0.0005 (rate 1 per 2000 walks):
  // 2000 walks often show no second visit at all, and the tolerance still covers the gap.
  const rng = createRng("stats/rare");
  for (let trial = 0; trial < 200; trial++) {
    let extra = 0;
    for (let w = 0; w < 2000; w++) if (rng() < 0.0005) extra++;
    const mean = 1 + extra / 2000;
    const sd = Math.sqrt((extra / 2000) * (1 - extra / 2000));
    const halfWidth = (4 * sd) / Math.sqrt(2000);
    assert.ok(Math.abs(mean - 1.0005) <= countMeanTolerance(halfWidth, 2000));
  }
  assert.throws(() => countMeanTolerance(-1, 10), /halfWidth/);
});

test("chiSquareSurvival: the closed forms at even degrees of freedom, and the tables' 5% points", () => {
  for (const x of [0.1, 1, 3.7, 12, 40]) {
    const h = x / 2;
    assert.ok(Math.abs(chiSquareSurvival(x, 2) - Math.exp(-h)) < 1e-14, `2 degrees at ${x}`);
    assert.ok(Math.abs(chiSquareSurvival(x, 4) - Math.exp(-h) * (1 + h)) < 1e-14, `4 degrees at ${x}`);
    assert.ok(Math.abs(chiSquareSurvival(x, 6) - Math.exp(-h) * (1 + h + (h * h) / 2)) < 1e-14, `6 degrees at ${x}`);
  }
  // Upper 5% points of chi-square at 1, 3 and 10 degrees of freedom (odd ones have no elementary form).
  for (const [x, degrees] of [[3.841458821, 1], [7.814727903, 3], [18.30703805, 10]]) {
    assert.ok(Math.abs(chiSquareSurvival(x, degrees) - 0.05) < 1e-9, `${degrees} degrees`);
  }
  assert.equal(chiSquareSurvival(0, 3), 1);
  assert.throws(() => chiSquareSurvival(1, 0), /degrees must be an integer from 1 to 1000/);
});
