// Every exact solver against exact rationals and against each other, on random
// small graphs of both variants and random policies with probabilities of exactly
// 0 and 1 and extremes like 1e-300 (property-based, fast-check, fixed seed).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  policyGradient, decisionCount, decisionName, edgeFlowHittingTime, exactHittingTime, expectedHittingTime, firstStepAnalysis,
  fractionToNumber, hittingTimeRelativeAccuracy, InfiniteHittingTimeError, log10ExpectedHittingTime,
  log10HittingTimeAccuracy, pathStar, policyFromProbabilities, policyFromTheta, solveChainValues,
  stemPathStar,
} from "../src";
import type { Fraction } from "mathjs";
import type { GraphShape, Policy } from "../src";

const SETTINGS = { seed: 20261128, numRuns: 150, includeErrorInReport: true };

const shapes: fc.Arbitrary<GraphShape> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([W, K, L]) => pathStar(W, K, L)),
  fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .map(([S, W, K, L]) => stemPathStar(S, W, K, L)),
);

/** A probability: often exactly 0 or 1, sometimes extreme, else anywhere in (0, 1). */
const probability = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1) },
  { weight: 1, arbitrary: fc.constantFrom(1e-300, 1e-12, 1 - 1e-12, 1 - 2 ** -53) },
  { weight: 4, arbitrary: fc.double({ min: 0.01, max: 0.99, noNaN: true }) },
);

const cases: fc.Arbitrary<{ shape: GraphShape; policy: Policy }> = shapes.chain((shape) =>
  fc.oneof(
    fc.array(probability, { minLength: decisionCount(shape), maxLength: decisionCount(shape) }).map((p) => policyFromProbabilities(shape, p)),
    fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: decisionCount(shape), maxLength: decisionCount(shape) }).map((t) => policyFromTheta(shape, t)),
  ).map((policy) => ({ shape, policy })),
);

/**
 * The generic double solve eliminates with subtractions, so its relative error
 * grows with the condition number of I - P, at most 2 max V (the largest expected
 * time to the target from any state): we allow 4 n u times that over n states. Where
 * a probability is within 1e-3 of 0 or 1 it may also give up ("lost every digit").
 */
function wellConditioned(policy: Policy): boolean {
  const fine = (p: number) => p === 0 || p >= 1e-3;
  return policy.desired.every(fine) && policy.alternative.every(fine);
}

function genericSolveTolerance(shape: GraphShape, policy: Policy): number {
  const { values, chain } = solveChainValues(shape, policy);
  const largest = values.reduce((m, v) => (v < Infinity ? Math.max(m, v) : m), 1);
  return 4 * chain.size * 2 ** -53 * 2 * largest;
}

/** log10 of a positive bigint, to about 1e-15. */
function log10Of(x: bigint): number {
  const shift = Math.max(0, x.toString(2).length - 64);
  return Math.log10(Number(x >> BigInt(shift))) + shift * Math.log10(2);
}

type Outcome = number | "infinite" | "beyond the double range";

/**
 * Each solver's hitting time (log10 for log10ExpectedHittingTime), or the outcome
 * it reports by throwing: InfiniteHittingTimeError, or the double solvers' range error.
 */
function everySolver(shape: GraphShape, policy: Policy): Record<string, Outcome> {
  const solvers: Record<string, () => number> = {
    expectedHittingTime: () => expectedHittingTime(shape, policy),
    log10ExpectedHittingTime: () => log10ExpectedHittingTime(shape, policy),
    firstStepAnalysis: () => firstStepAnalysis(shape, policy).hittingTime,
    policyGradient: () => policyGradient(shape, policy).hittingTime,
    occupancy: () => edgeFlowHittingTime(shape, policy),
    solveChainValues: () => solveChainValues(shape, policy).hittingTime,
  };
  const results: Record<string, Outcome> = {};
  for (const [name, solve] of Object.entries(solvers)) {
    try {
      results[name] = solve();
    } catch (error) {
      if (name === "solveChainValues" && !wellConditioned(policy) && /lost every digit/.test(String(error))) continue;
      if (error instanceof InfiniteHittingTimeError) results[name] = "infinite";
      else if (/beyond the double range: use log10ExpectedHittingTime/.test(String(error))) results[name] = "beyond the double range";
      else throw error;
    }
  }
  return results;
}

test("every solver gives the exact rational hitting time, or every solver throws InfiniteHittingTimeError", () => {
  const seen = { finite: 0, infinite: 0, beyond: 0 };
  fc.assert(
    fc.property(cases, ({ shape, policy }) => {
      const results = everySolver(shape, policy);
      let exact: Fraction;
      try {
        exact = exactHittingTime(shape, policy);
      } catch (error) {
        if (!(error instanceof InfiniteHittingTimeError)) throw error;
        for (const [name, outcome] of Object.entries(results)) assert.equal(outcome, "infinite", name);
        seen.infinite++;
        return;
      }
      const exactLog10 = log10Of(exact.n) - log10Of(exact.d);
      const bound = hittingTimeRelativeAccuracy(shape);
      const log10Bound = log10HittingTimeAccuracy(shape, exactLog10) + 1e-14;
      const log10 = results.log10ExpectedHittingTime as number;
      assert.ok(Math.abs(log10 - exactLog10) <= log10Bound, `log10: ${log10} vs exact ${exactLog10}`);
      const exactValue = fractionToNumber(exact); // within 2 ulps, or Infinity
      seen[exactValue < 1e300 ? "finite" : "beyond"]++;
      for (const [name, value] of Object.entries(results)) {
        if (name === "log10ExpectedHittingTime") continue;
        if (value === "beyond the double range" && exactLog10 > 307) continue;
        assert.ok(typeof value === "number" && Number.isFinite(value) && value > 0, `${name} gave ${value} where exact is 10^${exactLog10}`);
        const tolerance = name === "solveChainValues" ? genericSolveTolerance(shape, policy) : bound;
        assert.ok(Math.abs(value - exactValue) <= (tolerance + 4 * 2 ** -53) * exactValue, `${name}: ${value} vs exact ${exactValue}`);
      }
    }),
    SETTINGS,
  );
  // The generator must reach every outcome, or the property says little.
  assert.ok(seen.finite > 20 && seen.infinite > 20 && seen.beyond > 0, JSON.stringify(seen));
});

test("the structured and the generic exact policy gradients agree, with no NaN or Infinity, at every finite case", () => {
  fc.assert(
    fc.property(cases, ({ shape, policy }) => {
      let structured;
      try {
        structured = policyGradient(shape, policy);
      } catch (error) {
        if (error instanceof InfiniteHittingTimeError || /beyond the double range/.test(String(error))) return;
        throw error;
      }
      const { hittingTime } = structured;
      for (const field of ["gradient", "visits", "stepsSaved"] as const) {
        structured[field].forEach((x, k) => {
          // |gradient| <= visits * gap / 4 < (T + N)^2: it can leave the double range only past T = 1e154.
          const inRange = Number.isFinite(x) || (field === "gradient" && !Number.isNaN(x) && hittingTime > 1e150);
          assert.ok(inRange, `${field} of ${decisionName(shape, k)} is ${x}`);
        });
      }
      if (!wellConditioned(policy)) return;
      const generic = solveChainValues(shape, policy).decisions;
      const tolerance = genericSolveTolerance(shape, policy);
      for (let k = 0; k < structured.gradient.length; k++) {
        for (const field of ["gradient", "visits", "stepsSaved"] as const) {
          const [x, y] = [structured[field][k], generic[field][k]];
          // The generic solve's values and visits carry errors up to `tolerance` of the hitting time.
          const scale = field === "visits" ? Math.max(1, Math.abs(y)) : hittingTime * Math.max(1, structured.visits[k]);
          assert.ok(Math.abs(x - y) <= tolerance * scale, `${field} of ${decisionName(shape, k)}: ${x} vs ${y}`);
        }
      }
    }),
    SETTINGS,
  );
});
