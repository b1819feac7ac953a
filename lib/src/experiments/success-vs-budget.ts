/**
 * Where to spend inference-time compute (notebooks 05 and 06): the fraction of
 * problems each decoder solves within a total step budget. The numbers come from
 * search.ts's `successProbabilityByBudget` with seeded generators.
 */
import { buildGraph, describeShape, pathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, sftLimitPolicy } from "../policy";
import { createRng, SAMPLE_LIMITS } from "../sample";
import type { Strategy } from "../search";
import { successProbabilityByBudget } from "../search";
import { trainRlvr } from "../train";
import { requireInteger } from "../validate";
import { logSpacedIntegers, requireIntegerList } from "../rows";
import type { POLICY_COLORS } from "../plot/style";

export interface SuccessVsBudgetParams {
  W: number;
  K: number;
  L: number;
  /** Total step budgets per problem (integers, at least bestOfN). Defaults to about 200, log-spaced from 8 to 10^5. */
  budgets: number[];
  /** Problems per decoder. */
  walks: number;
  /** Walks per problem for best-of-n. */
  bestOfN: number;
  /** Steps between restarts. */
  restartEvery: number;
  /** Seeds the RLVR training and each decoder's walks. */
  seed: string;
}

export const SUCCESS_VS_BUDGET_DEFAULTS: SuccessVsBudgetParams = {
  W: 5, K: 5, L: 5, budgets: logSpacedIntegers(8, 100_000, 200), walks: 1000, bestOfN: 8, restartEvery: 24, seed: "budget",
};

/** Which policy a decoder runs (its colour in every figure). */
export type PolicyKey = keyof typeof POLICY_COLORS;

/** One decoder's success curve. */
export interface BudgetCurve {
  /** How the legend names the decoder, such as "SFT limit, best of 8". */
  readonly name: string;
  readonly policy: PolicyKey;
  /** The decoding strategy's kind (its dash in the figure). */
  readonly strategy: Strategy["kind"];
  readonly budgets: number[];
  /** Fraction of problems solved within each budget. */
  readonly solved: number[];
}

export interface SuccessVsBudgetData {
  /** The graph, as describeShape names it. */
  readonly graph: string;
  /** Problems per decoder. */
  readonly walks: number;
  readonly curves: BudgetCurve[];
}

/**
 * On G(W, K, L): the RLVR policy (trainRlvr's defaults, seeded) sampling plainly,
 * the SFT limit with rejection, restarts, best-of-n and plain sampling, and the
 * base walk; one seeded stream per decoder.
 */
export function successVsBudgetData(overrides: Partial<SuccessVsBudgetParams> = {}): SuccessVsBudgetData {
  const params: SuccessVsBudgetParams = { ...SUCCESS_VS_BUDGET_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape = pathStar(params.W, params.K, params.L);
  const walks = requireInteger("walks", params.walks, 1, SAMPLE_LIMITS.maxWalks);
  const bestOfN = requireInteger("bestOfN", params.bestOfN, 1, 1_000_000);
  const restartEvery = requireInteger("restartEvery", params.restartEvery, 1, SAMPLE_LIMITS.maxBudget);
  const budgets = requireIntegerList("budgets", params.budgets, bestOfN, SAMPLE_LIMITS.maxBudget);
  const graph = buildGraph(shape);
  const rlvr = trainRlvr(shape, { seed: `${seed}/rlvr` }).policy;
  const sft = sftLimitPolicy(shape);
  const decoders: { name: string; policy: PolicyKey; run: Policy; strategy: Strategy }[] = [
    { name: "RLVR, plain sampling", policy: "rlvr", run: rlvr, strategy: { kind: "sample" } },
    { name: "SFT limit + duplicate-edge rejection", policy: "sft", run: sft, strategy: { kind: "dedup" } },
    { name: `SFT limit, restart every ${restartEvery} steps`, policy: "sft", run: sft, strategy: { kind: "restarts", restartEvery } },
    { name: `SFT limit, best of ${bestOfN}`, policy: "sft", run: sft, strategy: { kind: "best-of-n", n: bestOfN } },
    { name: "SFT limit, plain sampling", policy: "sft", run: sft, strategy: { kind: "sample" } },
    { name: "base random walk, plain sampling", policy: "base", run: basePolicy(shape), strategy: { kind: "sample" } },
  ];
  return {
    graph: describeShape(shape),
    walks,
    curves: decoders.map((d, i) => ({
      name: d.name,
      policy: d.policy,
      strategy: d.strategy.kind,
      budgets,
      solved: Array.from(successProbabilityByBudget(d.strategy, graph, d.run, createRng(`${seed}/${i}`), { problems: walks, budgets })),
    })),
  };
}

/**
 * The smallest budget at which a curve solves at least `level` of the problems,
 * or null when it never does within the budgets measured. Notebook 06.
 */
export function budgetToReach(curve: Pick<BudgetCurve, "budgets" | "solved">, level: number): number | null {
  if (curve.budgets.length !== curve.solved.length) throw new RangeError("budgets and solved must have the same length");
  if (!(level > 0 && level <= 1)) throw new RangeError(`level must be in (0, 1], got ${level}`);
  let best: number | null = null;
  for (let i = 0; i < curve.budgets.length; i++) {
    if (curve.solved[i] >= level && (best === null || curve.budgets[i] < best)) best = curve.budgets[i];
  }
  return best;
}
