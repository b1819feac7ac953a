/**
 * The exact numbers the page binds its prose to, for one G(W, K, L). Each comes
 * straight from the library (chain.ts's structured solver, search.ts's closed
 * forms); this module only names them and checks the sizes the page accepts.
 */
import {
  basePolicy,
  dedupOptimalHittingTime,
  dedupSftLimitHittingTime,
  goldenPathLength,
  hittingTimeValue,
  optimalPolicy,
  pathStar,
  requireInteger,
  sftLimitCrossingDepth,
  sftLimitPolicy,
} from "rlvr-backtracking";
import type { GraphShape, Policy } from "rlvr-backtracking";

/**
 * Sizes the page accepts. W starts at 2, as in the notebooks: with one branch
 * there is no dead end, nothing to backtrack from, and the story has no subject
 * (the SFT limit is then the optimum, and the library's sftLimitCrossingDepth,
 * which section 3 states, is defined from W = 2). Above, the library accepts far
 * more, but every number is recomputed at each size change, in about 4
 * microseconds per unit of K (on the page's thread up to K = 500, in a worker
 * beyond): K up to 10000 keeps the numbers within a moment and the gap figure's
 * curves within seconds. W and L only enter the recurrences as parameters.
 */
export const PAGE_LIMITS = { W: { min: 2, max: 1_000_000 }, K: { min: 1, max: 10_000 }, L: { min: 1, max: 1_000_000 } };

export type Size = "W" | "K" | "L";
export const SIZES: readonly Size[] = ["W", "K", "L"];

/** The library's own RangeError when `value` is not an accepted size. */
export function checkSize(name: Size, value: number): number {
  return requireInteger(name, value, PAGE_LIMITS[name].min, PAGE_LIMITS[name].max);
}

/** An expected hitting time: the value when it fits in a double, and always its log10. */
export interface HittingTime {
  readonly value: number | null;
  readonly log10: number;
}

export function hittingTimeOf(shape: GraphShape, policy: Policy): HittingTime {
  const { hittingTime: value, log10HittingTime: log10 } = hittingTimeValue(shape, policy);
  return { value, log10 };
}

export interface Quantities {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly base: HittingTime;
  readonly sft: HittingTime;
  readonly optimal: HittingTime;
  /** SFT limit over the base walk, as a log10 (exact even where both overflow). */
  readonly log10SftOverBase: number;
  /** The smallest depth from which the SFT limit is slower than the base walk, at this W and L. */
  readonly sftCrossingDepth: number;
  /** Theorem 4: each diamond multiplies the SFT limit's exit time from a dead end by about (L + 1)^2 / L. */
  readonly growthFactor: number;
  readonly goldenPathLength: number;
  /** Corollary 1: expected steps under duplicate-edge rejection (closed forms of search.ts). */
  readonly dedupSft: number;
  readonly dedupOptimal: number;
}

/** Every exact number of the page for G(W, K, L): a few O(K) recurrences. */
export function quantities(W: number, K: number, L: number): Quantities {
  const shape = pathStar(checkSize("W", W), checkSize("K", K), checkSize("L", L));
  const base = hittingTimeOf(shape, basePolicy(shape));
  const sft = hittingTimeOf(shape, sftLimitPolicy(shape));
  return {
    W,
    K,
    L,
    base,
    sft,
    optimal: hittingTimeOf(shape, optimalPolicy(shape)),
    log10SftOverBase: sft.log10 - base.log10,
    sftCrossingDepth: sftLimitCrossingDepth(W, L),
    growthFactor: (L + 1) ** 2 / L,
    goldenPathLength: goldenPathLength(shape),
    dedupSft: dedupSftLimitHittingTime(shape),
    dedupOptimal: dedupOptimalHittingTime(shape),
  };
}
