/**
 * Monte Carlo measurement of a policy over tokens (appendix notebook A3), censored
 * at a step budget. A policy that reads its walk is not Markov on edge states, so
 * no exact solver applies: its hitting time is a sample mean with an interval.
 * Walks that reach the budget are counted, never dropped: where any did, the mean
 * of min(T, budget) is reported as what it is, a lower bound on E[T].
 */
import type { GraphShape } from "../graph";
import { requireFunction, requireInteger, requirePositiveFinite } from "../validate";
import { drawEpisode } from "./environment";
import type { SampledWalk, SequencePolicy } from "./walk";
import { sampleTokenWalk } from "./walk";

export interface HittingTimeEstimate {
  readonly walks: number;
  readonly budget: number;
  /** Walks that reached the budget without the answer. */
  readonly censored: number;
  /** Mean of min(T, budget): E[T] when nothing is censored, else a lower bound on it. */
  readonly mean: number;
  readonly standardError: number;
  readonly lowerBound: boolean;
  /** Fraction of walks that found the answer within the budget, and its standard error. */
  readonly success: number;
  readonly successStandardError: number;
}

/** The estimate from the walks' step counts and whether each found the answer. */
export function estimateHittingTime(steps: ArrayLike<number>, reached: ArrayLike<boolean>, budget: number): HittingTimeEstimate {
  const n = steps.length;
  requireInteger("walks", n, 2, Number.MAX_SAFE_INTEGER);
  if (reached.length !== n) throw new RangeError(`reached must have one entry per walk (${n}), got ${reached.length}`);
  requireInteger("budget", budget, 1, Number.MAX_SAFE_INTEGER);
  let sum = 0;
  let sumSquares = 0;
  let found = 0;
  for (let i = 0; i < n; i++) {
    const t = requireInteger(`steps[${i}]`, steps[i], 0, budget);
    sum += t;
    sumSquares += t * t;
    if (reached[i]) found++;
  }
  const mean = sum / n;
  const variance = Math.max(sumSquares - n * mean * mean, 0) / (n - 1);
  const success = found / n;
  return {
    walks: n,
    budget,
    censored: n - found,
    mean,
    standardError: Math.sqrt(variance / n),
    lowerBound: found < n,
    success,
    successStandardError: Math.sqrt((success * (1 - success)) / n),
  };
}

/** The estimate of a set of sampled walks. */
export function estimateFromWalks(walks: readonly SampledWalk[], budget: number): HittingTimeEstimate {
  return estimateHittingTime(walks.map((w) => w.steps), walks.map((w) => w.reached), budget);
}

export interface MeasureOptions {
  walks: number;
  /** Moves after which a walk is stopped and counted as censored. */
  budget: number;
}

/** `walks` walks of `policy` on fresh episodes of `shape`, kept only as their step counts. */
export function measureHittingTime(shape: GraphShape, policy: SequencePolicy, rng: () => number, options: MeasureOptions): HittingTimeEstimate {
  requireFunction("rng", rng);
  const walks = requireInteger("walks", options.walks, 2, 10_000_000);
  const steps = new Float64Array(walks);
  const reached: boolean[] = [];
  for (let i = 0; i < walks; i++) {
    const walk = sampleTokenWalk(drawEpisode(shape, rng), policy, rng, options.budget);
    steps[i] = walk.steps;
    reached.push(walk.reached);
  }
  return estimateHittingTime(steps, reached, options.budget);
}

/** The interval mean ± z standard errors, as [low, high]. */
export function hittingTimeInterval(estimate: HittingTimeEstimate, z = 1.96): [number, number] {
  requirePositiveFinite("z", z);
  return [estimate.mean - z * estimate.standardError, estimate.mean + z * estimate.standardError];
}
