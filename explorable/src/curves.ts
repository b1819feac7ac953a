/**
 * The exact curves of Theorem 4's figure: the expected hitting time of the base
 * walk, the SFT limit and the optimum against K and against L around the current
 * size. Each point is an O(K) recurrence, so the worker computes them.
 */
import { basePolicy, log10ExpectedHittingTime, logSpacedIntegers, optimalPolicy, pathStar, sftLimitPolicy } from "rlvr-backtracking";
import type { GraphShape, Policy } from "rlvr-backtracking";
import type { GapPanel } from "./protocol";

/** At most `count` integers from 1 to `top`, the ends included: all of them, or spread on a log scale. */
export function sizesUpTo(top: number, count: number): number[] {
  return top <= count ? Array.from({ length: top }, (_, i) => i + 1) : logSpacedIntegers(1, top, count);
}

function panel(xs: number[], shapeAt: (x: number) => GraphShape): GapPanel {
  const at = (policy: (shape: GraphShape) => Policy) =>
    xs.map((x) => {
      const shape = shapeAt(x);
      return log10ExpectedHittingTime(shape, policy(shape));
    });
  return { xs, base: at(basePolicy), sft: at(sftLimitPolicy), optimal: at(optimalPolicy) };
}

/** Against K from 1 to max(50, K) at the current W and L; against L from 1 to max(10, L) at the current W and K. */
export function gapCurves(W: number, K: number, L: number): { againstK: GapPanel; againstL: GapPanel } {
  return {
    againstK: panel(sizesUpTo(Math.max(50, K), 60), (x) => pathStar(W, x, L)),
    againstL: panel(sizesUpTo(Math.max(10, L), 40), (x) => pathStar(W, K, x)),
  };
}
