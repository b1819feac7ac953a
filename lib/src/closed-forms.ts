/**
 * Closed forms on G(W, K, L) that the notebooks state and check: the optimum, the
 * base random walk, and the SFT limit of Theorem 2 (whose exponential growth is
 * Theorem 4). One home for each formula; lib/test/closed-forms.test.ts checks every
 * one against the exact solvers (edge flows, first-step analysis, exact rationals).
 * Derivations: notebook 01 (optimum), notebook 04 (SFT limit, base walk).
 */
import { describeShape, LIMITS, pathStar, requirePathStar } from "./graph";
import { BeyondDoubleRangeError } from "./chain";
import type { GraphShape } from "./graph";
import { requireInteger } from "./validate";

function requireL(L: number): number {
  return requireInteger("L", L, 1, LIMITS.maxSize);
}

/**
 * Proposition (this project): the optimal edge-state policy (every family at 1)
 * takes E[T] = 4WK + 2W - 2K: the step s-f, W - 1 wrong branches walked down and
 * back (2(2K + 1) steps each) and 2K + 1 steps down the target branch. Notebook 01.
 */
export function optimalHittingTime(shape: GraphShape): number {
  const { W, K } = requirePathStar(shape);
  return 4 * W * K + 2 * W - 2 * K;
}

/**
 * Proposition (this project): the base random walk's E[T] on G(W, K, L). The walk
 * is the simple random walk on a tree whose edges weigh their multiplicity (L for a
 * diamond), started one step before the fork, which never sends it back to s. On a
 * tree, crossing an edge of weight c from x takes (2 w_x + c) / c steps in
 * expectation, w_x the weight on x's side; summing along the target branch, with
 * A = (W - 1)(K L + K + 1) the weight of the dead branches:
 *   E[T] = 2 + 2A + K (2A + 2 + L) / L + (L + 1) K (K - 1) / L + K (2A + 1) + (L + 1) K (K + 1),
 * quadratic in K (polynomial, against the SFT limit's exponential). Notebook 04.
 */
export function baseHittingTime(shape: GraphShape): number {
  const { W, K, L } = requirePathStar(shape);
  const A = (W - 1) * (K * L + K + 1);
  return (
    2 + 2 * A + (K * (2 * A + 2 + L)) / L + ((L + 1) * K * (K - 1)) / L + K * (2 * A + 1) + (L + 1) * K * (K + 1)
  );
}

/**
 * The SFT limit's growth factor per diamond, rho = (L + 1)^2 / L: leaving a diamond
 * on the way back out of a dead branch needs a b move then a d move, probability
 * L/(L+1) * 1/(L+1); every failure costs a trip down to the dead leaf. Theorem 4.
 */
export function sftGrowthFactor(L: number): number {
  requireL(L);
  return (L + 1) ** 2 / L;
}

/**
 * The shift h = (3L^2 + 5L + 1) / (L^2 + L + 1) that turns the SFT limit's
 * return-time recurrence R(2j - 1) = rho R(2j + 1) + (3L^2 + 5L + 1)/L into a
 * geometric one: R + h grows by rho per diamond. Notebook 04.
 */
export function sftShift(L: number): number {
  requireL(L);
  return (3 * L * L + 5 * L + 1) / (L * L + L + 1);
}

/**
 * Theorem 4 in closed form: the SFT limit's expected exit time from a dead leaf
 * back to the fork, E_K = (1 + h)(rho^K - 1) + 1 - 2K. Notebook 04.
 */
export function sftLimitExitTime(shape: GraphShape): number {
  const { K, L } = requirePathStar(shape);
  const rho = sftGrowthFactor(L);
  const h = sftShift(L);
  const value = (1 + h) * (rho ** K - 1) + 1 - 2 * K;
  if (value < Infinity) return value;
  throw new RangeError(`the SFT limit's exit time on ${describeShape(shape)} is about 10^${(Math.log10(1 + h) + K * Math.log10(rho)).toFixed(1)}, beyond the double range`);
}

/**
 * Theorem 4 in closed form: the SFT limit's expected hitting time,
 * T = 2K + 2 + (W - 1)((1 + h) rho^K + 1 - h): W - 1 dead branches entered on
 * average, each costing 1 + R(1) = (1 + h) rho^K + 1 - h steps. Past the double
 * range it throws BeyondDoubleRangeError: use log10SftLimitHittingTime there. Notebook 04.
 */
export function sftLimitHittingTime(shape: GraphShape): number {
  const { W, K, L } = requirePathStar(shape);
  const h = sftShift(L);
  const value = 2 * K + 2 + (W - 1) * ((1 + h) * sftGrowthFactor(L) ** K + 1 - h);
  if (value < Infinity) return value;
  throw new BeyondDoubleRangeError(shape, log10SftLimitHittingTime(shape), "sftLimitHittingTime", "log10SftLimitHittingTime");
}

/**
 * log10 of sftLimitHittingTime, for depths far beyond the double range: the leading
 * term (W - 1)(1 + h) rho^K in log space, times (1 + the rest / leading term).
 */
export function log10SftLimitHittingTime(shape: GraphShape): number {
  const { W, K, L } = requirePathStar(shape);
  const h = sftShift(L);
  if (W === 1) return Math.log10(2 * K + 2);
  const leadingLog10 = Math.log10((W - 1) * (1 + h)) + K * Math.log10(sftGrowthFactor(L));
  const rest = 2 * K + 2 + (W - 1) * (1 - h);
  return leadingLog10 + Math.log1p(rest * 10 ** -leadingLog10) / Math.LN10;
}

/**
 * The smallest depth K at which the SFT limit is slower than the base random walk
 * on G(W, K, L) (and stays slower at every larger depth: the gap grows by about
 * rho per diamond against the base walk's quadratic growth): 3 at W = 2, L = 1,
 * and 2 at every other W >= 2, L >= 1 (checked in the tests). Notebook 04.
 */
export function sftLimitCrossingDepth(W: number, L: number): number {
  requireInteger("W", W, 2, LIMITS.maxSize);
  for (let K = 1; K <= LIMITS.maxDepth; K++) {
    const shape = pathStar(W, K, L);
    if (sftLimitHittingTime(shape) > baseHittingTime(shape)) return K;
  }
  throw new RangeError(`the SFT limit stays below the base walk up to K = ${LIMITS.maxDepth} at W = ${W}, L = ${L}`);
}
