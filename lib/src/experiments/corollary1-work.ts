/**
 * Corollary 1 (notebook 05): the work of duplicate-edge rejection. Exact values
 * come from search.ts's closed forms and chain.ts; Monte Carlo estimates from
 * `sampleDedupHittingTimes` with seeded generators.
 */
import type { GraphShape } from "../graph";
import { buildGraph, pathStar } from "../graph";
import type { Policy } from "../policy";
import { optimalPolicy, sftLimitPolicy } from "../policy";
import { expectedHittingTime } from "../chain";
import { createRng, meanWithInterval, SAMPLE_LIMITS } from "../sample";
import { dedupOptimalHittingTime, dedupSftLimitHittingTime, sampleDedupHittingTimes } from "../search";
import { requireInteger } from "../validate";
import type { Estimate } from "../rows";
import { range, requireIntegerList } from "../rows";

export interface Corollary1WorkParams {
  /** Width and depth of the sweep in L. */
  W: number;
  K: number;
  /** Multiplicities of the sweep in L. */
  Ls: number[];
  /** Multiplicity of the sweep in K. */
  L: number;
  /** Depths of the sweep in K. */
  Ks: number[];
  /** Monte Carlo walks per point and policy. */
  walks: number;
  /** Seeds the walks (one stream per policy and point). */
  seed: string;
}

export const COROLLARY1_WORK_DEFAULTS: Corollary1WorkParams = { W: 5, K: 5, Ls: range(1, 10), L: 5, Ks: range(1, 10), walks: 2000, seed: "corollary1" };

/** One graph of a sweep. */
export interface Corollary1WorkRow {
  readonly sweep: "L" | "K";
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** The SFT limit without rejection: exact expected hitting time. */
  readonly sftPlain: number;
  /** The SFT limit with rejection: exact (W K L) and measured. */
  readonly sftRejection: number;
  readonly sftRejectionMeasured: Estimate;
  /** The RLVR limit (the optimal policy) with rejection: exact (W K) and measured. */
  readonly rlvrRejection: number;
  readonly rlvrRejectionMeasured: Estimate;
}

export interface Corollary1WorkData {
  readonly walks: number;
  readonly rows: Corollary1WorkRow[];
}

/** Every graph of both sweeps, exact and measured; `seed` seeds the walks of each point. */
export function corollary1WorkData(overrides: Partial<Corollary1WorkParams> = {}): Corollary1WorkData {
  const params: Corollary1WorkParams = { ...COROLLARY1_WORK_DEFAULTS, ...overrides };
  const { seed } = params;
  const walks = requireInteger("walks", params.walks, 2, SAMPLE_LIMITS.maxWalks);
  const sweeps = [
    { sweep: "L" as const, shapes: requireIntegerList("Ls", params.Ls, 1, 1_000_000).map((L) => pathStar(params.W, params.K, L)) },
    { sweep: "K" as const, shapes: requireIntegerList("Ks", params.Ks, 1, 1_000_000).map((K) => pathStar(params.W, K, params.L)) },
  ];
  const measure = (shape: GraphShape, policy: Policy, label: string, x: number, sweep: string): Estimate => {
    return meanWithInterval(sampleDedupHittingTimes(buildGraph(shape), policy, createRng(`${seed}/${label}/${sweep}/${x}`), { problems: walks }));
  };
  const rows = sweeps.flatMap(({ sweep, shapes }) =>
    shapes.map((shape) => {
      const x = sweep === "L" ? shape.L : shape.K;
      return {
        sweep,
        W: shape.W,
        K: shape.K,
        L: shape.L,
        sftPlain: expectedHittingTime(shape, sftLimitPolicy(shape)),
        sftRejection: dedupSftLimitHittingTime(shape),
        sftRejectionMeasured: measure(shape, sftLimitPolicy(shape), "sft", x, sweep),
        rlvrRejection: dedupOptimalHittingTime(shape),
        rlvrRejectionMeasured: measure(shape, optimalPolicy(shape), "rlvr", x, sweep),
      };
    }),
  );
  return { walks, rows };
}
