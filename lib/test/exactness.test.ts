// The wrong numbers of issue 10, each as a test, and the stated accuracy checked
// at large sizes against a 200-bit evaluation of a different derivation (edge flows).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  policyGradient, basePolicy, BeyondDoubleRangeError, decisionCount, decisionIndex, exactHittingTime, expectedHittingTime,
  firstStepAnalysis, forkDecisionIndex, fractionToNumber, hittingTimeRelativeAccuracy, InfiniteHittingTimeError,
  log10ExpectedHittingTime, log10HittingTimeAccuracy, occupancy, pathStar, policyFromProbabilities,
  sftLimitPolicy, solveChainValues, stemPathStar, trainRlvr,
} from "../src";
import type { GraphShape, Policy } from "../src";

const relative = (x: number, y: number) => Math.abs(x - y) / y;

/** log10 of a positive bigint, to about 1e-15 absolute. */
function log10Of(x: bigint): number {
  const shift = Math.max(0, x.toString(2).length - 64);
  return Math.log10(Number(x >> BigInt(shift))) + shift * Math.log10(2);
}

/** The structured solvers that work in doubles, each giving the hitting time. */
const doubleSolvers = {
  expectedHittingTime,
  firstStepAnalysis: (shape: GraphShape, policy: Policy) => firstStepAnalysis(shape, policy).hittingTime,
  policyGradient: (shape: GraphShape, policy: Policy) => policyGradient(shape, policy).hittingTime,
};

/** Asserts every structured solver within the stated accuracy of exact rationals. */
function assertExact(shape: GraphShape, policy: Policy): number {
  const exact = fractionToNumber(exactHittingTime(shape, policy));
  const bound = hittingTimeRelativeAccuracy(shape);
  for (const [name, solve] of Object.entries(doubleSolvers)) {
    const value = solve(shape, policy);
    assert.ok(relative(value, exact) <= bound, `${name}: ${value} vs exact ${exact}`);
  }
  const log10 = log10ExpectedHittingTime(shape, policy);
  assert.ok(Math.abs(log10 - Math.log10(exact)) <= log10HittingTimeAccuracy(shape, log10) + 1e-15 * Math.abs(log10));
  return exact;
}

test("stem S = 1, W = 3, K = 20, L = 5 under the SFT limit: 1.19369e18 as exact rationals say (it was -5.7e16)", () => {
  const shape = stemPathStar(1, 3, 20, 5);
  const exact = assertExact(shape, sftLimitPolicy(shape));
  assert.ok(exact > 1.1936e18 && exact < 1.1937e18);
});

test("stem S = 1 at K = 15 (W = 3, L = 5) and stem G(S = 1, 15, 15, 5) match exact rationals (they were 0.11% and 0.57% off)", () => {
  for (const shape of [stemPathStar(1, 3, 15, 5), stemPathStar(1, 15, 15, 5)]) {
    for (const policy of [basePolicy(shape), sftLimitPolicy(shape)]) assertExact(shape, policy);
  }
});

test("c = 1e-300 on the stem variant is positive and beyond the double range in log space, as exact rationals say (it was -6e300)", () => {
  const shape = stemPathStar(1, 3, 2, 5);
  const p = Array.from(sftLimitPolicy(shape).desired);
  p[decisionIndex(shape, "c", 2)] = 1e-300;
  const policy = policyFromProbabilities(shape, p);
  const exact = exactHittingTime(shape, policy);
  const exactLog10 = log10Of(exact.n) - log10Of(exact.d);
  assert.ok(exactLog10 > 300);
  const log10 = log10ExpectedHittingTime(shape, policy);
  assert.ok(Math.abs(log10 - exactLog10) <= log10HittingTimeAccuracy(shape, log10) + 1e-15 * exactLog10, `${log10} vs ${exactLog10}`);
  if (exactLog10 > 308.3) assert.throws(() => expectedHittingTime(shape, policy), /beyond the double range: use log10ExpectedHittingTime/);
});

test("W = 1, a = c = 1, b = d = 0 (K = 3) has hitting time 8 in every solver, and a finite gradient", () => {
  const shape = pathStar(1, 3, 2);
  const p = new Array(decisionCount(shape)).fill(0);
  for (const family of ["a", "c"] as const) for (let j = 1; j <= 3; j++) p[decisionIndex(shape, family, j)] = 1;
  const policy = policyFromProbabilities(shape, p);
  for (const solve of Object.values(doubleSolvers)) assert.equal(solve(shape, policy), 8);
  assert.equal(log10ExpectedHittingTime(shape, policy), Math.log10(8));
  assert.equal(solveChainValues(shape, policy).hittingTime, 8);
  assert.equal(exactHittingTime(shape, policy).toFraction(), "8");
  const occ = occupancy(shape, policy);
  assert.deepEqual([...occ.target.forward], [0, 1, 1, 1, 1, 1, 1, 1]);
  assert.ok(policyGradient(shape, policy).gradient.every((g) => g === 0), "every probability is 0 or 1, so every slope p (1 - p) is 0");
});

/** Every solver, each expected to throw an InfiniteHittingTimeError. */
const everySolver: Record<string, (shape: GraphShape, policy: Policy) => unknown> = {
  ...doubleSolvers,
  log10ExpectedHittingTime,
  occupancy,
  solveChainValues,
  exactHittingTime,
};

test("an infinite hitting time throws the same InfiniteHittingTimeError from every solver, naming the decision (it was NaN, Infinity, 1.8e16 or Division by Zero)", () => {
  const cases: [string, GraphShape, (shape: GraphShape) => number, RegExp][] = [
    ["c_2 = 0: the target is never reached", pathStar(3, 3, 2), (s) => decisionIndex(s, "c", 2), /P\(c_2\) = 0/],
    ["b_1 = 0 with dead branches: trapped in one", pathStar(2, 2, 2), (s) => decisionIndex(s, "b", 1), /P\(b_1\) = 0/],
    ["the fork never enters a branch", stemPathStar(1, 2, 2, 2), forkDecisionIndex, /P\(fork\) = 0/],
    ["a_1 = 0 in the stem: the fork is never reached", stemPathStar(2, 2, 1, 2), (s) => decisionIndex(s, "a", 1), /P\(a_1\) = 0/],
  ];
  for (const [what, shape, zero, decision] of cases) {
    const p = Array.from(basePolicy(shape).desired);
    p[zero(shape)] = 0;
    const policy = policyFromProbabilities(shape, p);
    for (const [name, solve] of Object.entries(everySolver)) {
      assert.throws(
        () => solve(shape, policy),
        (error: unknown) => error instanceof InfiniteHittingTimeError && error instanceof RangeError && /is infinite under this policy/.test(error.message),
        `${what}: ${name}`,
      );
    }
    // The structured solvers name the decision; the generic ones name a zero-probability way out of the trap.
    assert.throws(() => expectedHittingTime(shape, policy), decision);
  }
});

/**
 * A 200-bit binary floating-point number (mantissa * 2^exponent): the edge-flow
 * recurrences evaluated with it have a relative error near 2^-190 at these sizes.
 */
interface Big {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const BITS = 200;

function big(mantissa: bigint, exponent: number): Big {
  if (mantissa === 0n) return { mantissa, exponent: 0 };
  const excess = mantissa.toString(16).length * 4 - BITS;
  return excess > 0 ? { mantissa: mantissa >> BigInt(excess), exponent: exponent + excess } : { mantissa, exponent };
}

function bigOf(x: number): Big {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return big(exponentBits === 0 ? fraction : fraction | (1n << 52n), (exponentBits === 0 ? 1 : exponentBits) - 1075);
}

const bigAdd = (x: Big, y: Big): Big => {
  if (x.mantissa === 0n) return y;
  if (y.mantissa === 0n) return x;
  const [high, low] = x.exponent >= y.exponent ? [x, y] : [y, x];
  const gap = high.exponent - low.exponent;
  if (gap > 3 * BITS) return high;
  return big((high.mantissa << BigInt(gap)) + low.mantissa, low.exponent);
};
const bigMul = (x: Big, y: Big): Big => big(x.mantissa * y.mantissa, x.exponent + y.exponent);
const bigDiv = (x: Big, y: Big): Big => big((x.mantissa << BigInt(2 * BITS)) / y.mantissa, x.exponent - y.exponent - 2 * BITS);
const bigLog10 = (x: Big): number => log10Of(x.mantissa) + x.exponent * Math.log10(2);

/**
 * The expected hitting time on G(W, K, L) by edge flows, in 200-bit arithmetic: in
 * a dead branch u(n+1) = u(n) pf(n) / pb(n) crossings per excursion; in the target
 * branch U(n) = (pb(n) U(n+1) + pbc(n)) / pf(n) forward crossings and
 * B(n) = pfc(n) U(n) + pb(n) B(n+1) backward ones; T = 1 + 1 + sum (U + B) +
 * 2 (W - 1) U(1) sum u.
 */
function log10FlowHittingTime(shape: GraphShape, policy: Policy): number {
  const N = 2 * shape.K + 1;
  const at = (family: "a" | "b" | "c" | "d", n: number) => decisionIndex(shape, family, Math.ceil(n / 2));
  const forwardAt = (n: number) => at(n % 2 === 1 ? "c" : "a", n);
  const backwardAt = (n: number) => at(n % 2 === 1 ? "d" : "b", n);
  const one = bigOf(1);
  let deadFlow = one;
  let deadTotal = one;
  for (let n = 1; n < N; n++) {
    deadFlow = bigDiv(bigMul(deadFlow, bigOf(policy.desired[forwardAt(n)])), bigOf(policy.desired[backwardAt(n)]));
    deadTotal = bigAdd(deadTotal, deadFlow);
  }
  let forward = one;
  let backward = bigOf(0);
  let crossings = one;
  for (let n = N - 1; n >= 1; n--) {
    const [f, b] = [forwardAt(n), backwardAt(n)];
    const pb = bigOf(policy.desired[b]);
    forward = bigDiv(bigAdd(bigMul(pb, forward), bigOf(policy.alternative[b])), bigOf(policy.desired[f]));
    backward = bigAdd(bigMul(bigOf(policy.alternative[f]), forward), bigMul(pb, backward));
    crossings = bigAdd(crossings, bigAdd(forward, backward));
  }
  const dead = bigMul(bigMul(bigOf(2 * (shape.W - 1)), forward), deadTotal);
  return bigLog10(bigAdd(bigAdd(one, crossings), dead));
}

test("the stated accuracy holds at large sizes against 200-bit edge flows: G(1, 1e5, 1e4) base walk, G(3, 3000, 5) and G(3, 20000, 5) SFT in log space", () => {
  const cases: [GraphShape, Policy][] = [];
  for (const shape of [pathStar(1, 100_000, 10_000), pathStar(15, 2000, 5)]) cases.push([shape, basePolicy(shape)]);
  for (const shape of [pathStar(3, 300, 5), pathStar(3, 3000, 5), pathStar(3, 20_000, 5)]) cases.push([shape, sftLimitPolicy(shape)]);
  for (const [shape, policy] of cases) {
    const reference = log10FlowHittingTime(shape, policy);
    const log10 = log10ExpectedHittingTime(shape, policy);
    assert.ok(Math.abs(log10 - reference) <= log10HittingTimeAccuracy(shape, log10), `K = ${shape.K}: ${log10} vs ${reference}`);
    if (reference < 300) {
      const value = expectedHittingTime(shape, policy);
      // 10^reference carries about 1e-15 |reference| of its own.
      assert.ok(relative(value, 10 ** reference) <= hittingTimeRelativeAccuracy(shape) + 3e-15 * reference, `K = ${shape.K}: ${value}`);
    }
  }
});

test("beyond the double range, the double solvers throw BeyondDoubleRangeError with the log10 value, and exact RLVR says why it stops (it said theta was NaN)", () => {
  const shape = pathStar(3, 400, 5);
  const log10 = log10ExpectedHittingTime(shape, sftLimitPolicy(shape));
  for (const solve of Object.values(doubleSolvers)) {
    assert.throws(
      () => solve(shape, sftLimitPolicy(shape)),
      (error: unknown) => error instanceof BeyondDoubleRangeError && error instanceof RangeError && error.log10HittingTime === log10,
    );
  }
  // One sign step from the base model at K = 50000 sends the hitting time past 10^308.
  assert.throws(() => trainRlvr(pathStar(3, 50_000, 5), { steps: 3 }), /went beyond the double range after step 1 \(log10 E\[T\] = \d+\.\d+ on G\(W = 3, K = 50000, L = 5\)\): exact RLVR works in doubles/);
});

test("the accuracy bounds and fractionToNumber refuse bad arguments with a RangeError naming them", () => {
  assert.throws(() => hittingTimeRelativeAccuracy(undefined as unknown as GraphShape), /shape\.K must be an integer/);
  assert.throws(() => hittingTimeRelativeAccuracy({ W: -3 } as unknown as GraphShape), /shape\.K must be an integer/);
  assert.throws(() => log10HittingTimeAccuracy(pathStar(1, 1, 1), NaN), /log10 must be a finite number/);
  assert.throws(() => fractionToNumber(5 as unknown as ReturnType<typeof exactHittingTime>), /fraction must be a non-negative mathjs Fraction/);
});
