/**
 * Corollary 1 measured (notebook 05): the work of duplicate-edge rejection against
 * one size at a time, on log-log axes, each series with a fitted power law whose
 * slope is the measured exponent (about 1 for Theta(size), about 0 for a series
 * that does not depend on the size). `corollary1FitsData` measures (RLVR trained
 * by `trainRlvr`, walks by `sampleDedupHittingTimes`); plot/corollary1-fits.ts draws them.
 */
import type { GraphShape } from "../graph";
import { buildGraph, pathStar } from "../graph";
import type { Policy } from "../policy";
import { sftLimitPolicy } from "../policy";
import { expectedHittingTime } from "../chain";
import { createRng, meanWithInterval, SAMPLE_LIMITS } from "../sample";
import { dedupOptimalHittingTime, dedupSftLimitHittingTime, sampleDedupHittingTimes } from "../search";
import { trainRlvr } from "../train";
import { requireInteger } from "../validate";
import type { Estimate, Progress } from "../rows";
import { requireIntegerList } from "../rows";

export interface Corollary1FitsParams {
  /** The point the sweeps vary one size around. */
  W: number;
  K: number;
  L: number;
  /** Widths, depths and multiplicities of the three sweeps. */
  Ws: number[];
  Ks: number[];
  Ls: number[];
  /** Monte Carlo walks per point and policy (intervals are 4 standard errors). */
  walks: number;
  /** Seeds the trainings and the walks. */
  seed: string;
}

export const COROLLARY1_FITS_DEFAULTS: Corollary1FitsParams = {
  W: 5, K: 5, L: 4, Ws: [2, 4, 8, 16], Ks: [2, 4, 8, 16], Ls: [1, 2, 4, 8, 16, 32], walks: 2000, seed: "corollary1-fits",
};

/** One graph of a sweep. */
export interface Corollary1FitsRow {
  /** The size the sweep varies. */
  readonly sweep: "W" | "K" | "L";
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** The SFT limit with rejection: measured, and the exact value (search.ts's closed form). */
  readonly sft: Estimate;
  readonly sftExact: number;
  /** RLVR trained by trainRlvr's defaults (the Figure 3 protocol) with rejection, measured. */
  readonly rlvr: Estimate;
  /** The RLVR limit (the optimum) with rejection, exact. */
  readonly rlvrLimitExact: number;
  /** The trained RLVR policy without rejection: exact expected hitting time. */
  readonly rlvrPlain: number;
}

export interface Corollary1FitsData {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly walks: number;
  readonly rows: Corollary1FitsRow[];
}

/**
 * Measures the work of duplicate-edge rejection along three sweeps (W, K and L
 * around one point), for the SFT limit and for RLVR trained at each size; `seed`
 * seeds the walks of each point. `onProgress` is called after each point.
 */
export function corollary1FitsData(
  overrides: Partial<Corollary1FitsParams> = {},
  onProgress?: Progress,
): Corollary1FitsData {
  const params: Corollary1FitsParams = { ...COROLLARY1_FITS_DEFAULTS, ...overrides };
  const { seed } = params;
  const walks = requireInteger("walks", params.walks, 2, SAMPLE_LIMITS.maxWalks);
  const { W, K, L } = pathStar(params.W, params.K, params.L);
  const sweeps = [
    { sweep: "W" as const, shapes: requireIntegerList("Ws", params.Ws, 2, 1_000_000).map((x) => pathStar(x, K, L)) },
    { sweep: "K" as const, shapes: requireIntegerList("Ks", params.Ks, 1, 1_000_000).map((x) => pathStar(W, x, L)) },
    { sweep: "L" as const, shapes: requireIntegerList("Ls", params.Ls, 1, 1_000_000).map((x) => pathStar(W, K, x)) },
  ];
  const total = sweeps.reduce((n, s) => n + s.shapes.length, 0);
  const measure = (shape: GraphShape, policy: Policy, label: string): Estimate =>
    meanWithInterval(sampleDedupHittingTimes(buildGraph(shape), policy, createRng(`${seed}/${label}`), { problems: walks }));
  const rows: Corollary1FitsRow[] = [];
  for (const { sweep, shapes } of sweeps) {
    for (const shape of shapes) {
      const where = `${sweep}=${shape[sweep]}`;
      const rlvrPolicy = trainRlvr(shape).policy;
      rows.push({
        sweep, W: shape.W, K: shape.K, L: shape.L,
        sft: measure(shape, sftLimitPolicy(shape), `${where}/sft`),
        sftExact: dedupSftLimitHittingTime(shape),
        rlvr: measure(shape, rlvrPolicy, `${where}/rlvr`),
        rlvrLimitExact: dedupOptimalHittingTime(shape),
        rlvrPlain: expectedHittingTime(shape, rlvrPolicy),
      });
      onProgress?.(rows.length, total, where);
    }
  }
  return { W, K, L, walks, rows };
}
