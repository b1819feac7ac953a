import { test } from "node:test";
import assert from "node:assert/strict";
import {
  baseHittingTime, basePolicy, exactHittingTime, expectedExitTime, expectedHittingTime, firstStepAnalysis,
  log10ExpectedHittingTime, log10SftLimitHittingTime, optimalHittingTime, optimalPolicy, pathStar,
  sftGrowthFactor, sftLimitCrossingDepth, sftLimitExitTime, sftLimitHittingTime, sftLimitPolicy, sftShift,
  stemPathStar, BeyondDoubleRangeError,
} from "../src";

const relative = (x: number, y: number) => Math.abs(x / y - 1);

test("the closed forms equal exact rational hitting times on every graph with W, K <= 3, L <= 3", () => {
  for (let W = 1; W <= 3; W++) {
    for (let K = 1; K <= 3; K++) {
      for (let L = 1; L <= 3; L++) {
        const shape = pathStar(W, K, L);
        const size = `G(${W}, ${K}, ${L})`;
        assert.equal(exactHittingTime(shape, optimalPolicy(shape)).toFraction(), String(optimalHittingTime(shape)), size);
        const base = exactHittingTime(shape, basePolicy(shape)).valueOf() as number;
        assert.ok(relative(baseHittingTime(shape), base) < 1e-12, `${size}: base ${baseHittingTime(shape)} vs ${base}`);
        const sft = exactHittingTime(shape, sftLimitPolicy(shape)).valueOf() as number;
        assert.ok(relative(sftLimitHittingTime(shape), sft) < 1e-12, `${size}: SFT ${sftLimitHittingTime(shape)} vs ${sft}`);
      }
    }
  }
  assert.equal(sftLimitHittingTime(pathStar(3, 3, 2)), 1569 / 2);
  assert.equal(baseHittingTime(pathStar(15, 15, 5)), 50142);
});

test("the closed forms agree with edge flows and first-step analysis up to K = 40 (values near 1e42)", () => {
  for (const W of [2, 15]) {
    for (const L of [1, 2, 5, 9]) {
      for (const K of [1, 2, 7, 20, 40]) {
        const shape = pathStar(W, K, L);
        const sft = sftLimitPolicy(shape);
        const at = `G(${W}, ${K}, ${L})`;
        assert.ok(relative(sftLimitHittingTime(shape), expectedHittingTime(shape, sft)) < 1e-10, at);
        assert.ok(relative(sftLimitExitTime(shape), expectedExitTime(shape, sft)) < 1e-10, at);
        assert.ok(relative(baseHittingTime(shape), firstStepAnalysis(shape, basePolicy(shape)).hittingTime) < 1e-10, at);
        assert.ok(relative(optimalHittingTime(shape), expectedHittingTime(shape, optimalPolicy(shape))) < 1e-12, at);
      }
    }
  }
});

test("log10SftLimitHittingTime matches the log-space solver far past the double range", () => {
  for (const [W, K, L] of [[15, 500, 5], [2, 2000, 1], [3, 4, 2]]) {
    const shape = pathStar(W, K, L);
    const solved = log10ExpectedHittingTime(shape, sftLimitPolicy(shape));
    assert.ok(Math.abs(log10SftLimitHittingTime(shape) - solved) < 1e-9 * solved, `G(${W}, ${K}, ${L})`);
  }
});

test("rho = (L+1)^2/L and h make R + h geometric: rho h - h is the recurrence's constant (3L^2+5L+1)/L", () => {
  for (const L of [1, 2, 5, 100]) {
    assert.ok(relative(sftGrowthFactor(L) * sftShift(L) - sftShift(L), (3 * L * L + 5 * L + 1) / L) < 1e-14);
  }
  assert.equal(sftGrowthFactor(1), 4);
  assert.throws(() => sftGrowthFactor(0), /L must be an integer from 1/);
});

test("the SFT limit overtakes the base walk at K = 3 for W = 2, L = 1, at K = 2 otherwise, and stays above", () => {
  for (let W = 2; W <= 40; W++) {
    for (let L = 1; L <= 12; L++) {
      const crossing = sftLimitCrossingDepth(W, L);
      assert.equal(crossing, W === 2 && L === 1 ? 3 : 2, `W = ${W}, L = ${L}`);
      for (let K = 1; K <= 30; K++) {
        const shape = pathStar(W, K, L);
        assert.equal(sftLimitHittingTime(shape) > baseHittingTime(shape), K >= crossing, `G(${W}, ${K}, ${L})`);
      }
    }
  }
  assert.throws(() => sftLimitCrossingDepth(1, 2), /W must be an integer from 2/);
});

test("closed forms refuse the stem variant, for which they do not hold", () => {
  assert.throws(() => baseHittingTime(stemPathStar(2, 3, 2, 2)), /holds on G\(W, K, L\) only/);
});

test("past the double range the SFT limit's closed forms throw, pointing to the log10 form, instead of returning Infinity", () => {
  const shape = pathStar(3, 500, 5);
  const log10 = log10SftLimitHittingTime(shape);
  assert.ok(log10 > 429 && log10 < 430);
  assert.throws(() => sftLimitHittingTime(shape), (e: Error) =>
    e instanceof BeyondDoubleRangeError && e.log10HittingTime === log10 && /use log10SftLimitHittingTime/.test(e.message));
  assert.throws(() => sftLimitExitTime(shape), /exit time on G\(W = 3, K = 500, L = 5\) is about 10\^429\.3, beyond the double range/);
  // The structured solver agrees that the value is beyond the range, and on its size.
  assert.throws(() => expectedHittingTime(shape, sftLimitPolicy(shape)), (e: Error) =>
    e instanceof BeyondDoubleRangeError && Math.abs(e.log10HittingTime - log10) < 1e-9);
});
