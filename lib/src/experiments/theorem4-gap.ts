/**
 * Theorem 4 (inference-time separation, notebook 04): the expected hitting time
 * of the base walk, the SFT limit, the optimum (which RLVR reaches) and, at a few
 * sizes, policies trained by SFT and RLVR, as the depth K and the width W grow.
 * Every number comes from chain.ts.
 */
import type { GraphShape } from "../graph";
import { describeShape, pathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, optimalPolicy, sftLimitPolicy } from "../policy";
import { expectedHittingTime, log10ExpectedHittingTime } from "../chain";
import { trainRlvr, trainSft } from "../train";
import type { Progress } from "../rows";
import { range, requireIntegerList } from "../rows";

export interface ExponentialGapParams {
  /** Width of the sweep in K. */
  W: number;
  /** Depths of the sweep in K. */
  Ks: number[];
  /** Diamond multiplicities: every curve is drawn for each (one dash each). */
  Ls: number[];
  /** Depth of the sweep in W. */
  K: number;
  /** Widths of the sweep in W (W = 1 has no dead end). */
  Ws: number[];
  /** Depths of the sweep in K at which SFT and RLVR are trained (trainers' defaults) for every L. */
  trainedKs: number[];
  /** Widths of the sweep in W at which they are trained likewise. */
  trainedWs: number[];
}

export const EXPONENTIAL_GAP_DEFAULTS: ExponentialGapParams = {
  W: 15, Ks: range(1, 15), Ls: [2, 5, 9], K: 10, Ws: range(2, 30), trainedKs: [5, 10, 15], trainedWs: [],
};

/** The policies of the comparison. "optimal" is also the RLVR limit (Theorem 3). */
export const GAP_POLICIES = ["base", "sftLimit", "optimal", "sftTrained", "rlvrTrained"] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

/** One exact expected hitting time. */
export interface ExponentialGapRow {
  /** Which sweep the row belongs to: in the depth K (at fixed W) or in the width W (at fixed K). */
  readonly sweep: "K" | "W";
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly policy: GapPolicy;
  readonly hittingTime: number;
}

export interface ExponentialGapData {
  readonly W: number;
  readonly K: number;
  readonly Ls: readonly number[];
  readonly rows: ExponentialGapRow[];
}

/** The expected hitting time; a plot's axis needs doubles, so sizes beyond the double range are refused. */
function plottableHittingTime(shape: GraphShape, policy: Policy): number {
  const log10 = log10ExpectedHittingTime(shape, policy);
  if (log10 > 300) {
    throw new RangeError(`the hitting time of ${describeShape(shape)} is about 10^${log10.toFixed(0)}: too large to plot, use smaller sizes`);
  }
  return expectedHittingTime(shape, policy);
}

const LIMIT_POLICIES: Record<"base" | "sftLimit" | "optimal", (shape: GraphShape) => Policy> = {
  base: basePolicy,
  sftLimit: sftLimitPolicy,
  optimal: optimalPolicy,
};
const TRAINED_POLICIES: Record<"sftTrained" | "rlvrTrained", (shape: GraphShape) => Policy> = {
  sftTrained: (shape) => trainSft(shape).policy,
  rlvrTrained: (shape) => trainRlvr(shape).policy,
};

/**
 * Computes every row of Theorem 4's comparison. `onProgress` (for example
 * `loopProgress(label)`) is called after each trained policy.
 */
export function exponentialGapData(
  overrides: Partial<ExponentialGapParams> = {},
  onProgress?: Progress,
): ExponentialGapData {
  const params: ExponentialGapParams = { ...EXPONENTIAL_GAP_DEFAULTS, ...overrides };
  const max = 1_000_000_000;
  const Ks = requireIntegerList("Ks", params.Ks, 1, max);
  const Ws = requireIntegerList("Ws", params.Ws, 1, max);
  const Ls = requireIntegerList("Ls", params.Ls, 1, max);
  const trainedKs = requireIntegerList("trainedKs", params.trainedKs, 1, max, 0);
  const trainedWs = requireIntegerList("trainedWs", params.trainedWs, 1, max, 0);
  const { W, K } = pathStar(params.W, params.K, 1);
  const sweeps = [
    { sweep: "K" as const, xs: Ks, trained: trainedKs, shapeAt: (x: number, L: number) => pathStar(W, x, L) },
    { sweep: "W" as const, xs: Ws, trained: trainedWs, shapeAt: (x: number, L: number) => pathStar(x, K, L) },
  ];
  const total = 2 * Ls.length * (trainedKs.length + trainedWs.length);
  let done = 0;
  const rows: ExponentialGapRow[] = [];
  for (const { sweep, xs, trained, shapeAt } of sweeps) {
    for (const L of Ls) {
      const row = (shape: GraphShape, policy: GapPolicy, time: number): ExponentialGapRow =>
        ({ sweep, W: shape.W, K: shape.K, L, policy, hittingTime: time });
      for (const [policy, of] of Object.entries(LIMIT_POLICIES) as [GapPolicy, (s: GraphShape) => Policy][]) {
        for (const x of xs) rows.push(row(shapeAt(x, L), policy, plottableHittingTime(shapeAt(x, L), of(shapeAt(x, L)))));
      }
      for (const [policy, train] of Object.entries(TRAINED_POLICIES) as [GapPolicy, (s: GraphShape) => Policy][]) {
        for (const x of trained) {
          const shape = shapeAt(x, L);
          rows.push(row(shape, policy, plottableHittingTime(shape, train(shape))));
          onProgress?.(++done, total, `${policy}, ${describeShape(shape)}`);
        }
      }
    }
  }
  return { W, K, Ls, rows };
}
