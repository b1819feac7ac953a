/**
 * Where the difficult decisions are (notebook 06), on the stem variant: per
 * decision, its expected visits per run and the steps its desired move saves,
 * from chain.ts's `policyGradient`, under the SFT limit and after RLVR.
 */
import { depthCount, stemPathStar, describeShape } from "../graph";
import { decisionCount, decisionName, familyOf, sftLimitPolicy } from "../policy";
import type { Family, Policy } from "../policy";
import { policyGradient } from "../chain";
import { trainRlvr } from "../train";
import { requireInteger } from "../validate";

export interface DifficultDecisionsParams {
  /** Stem diamonds before the fork. */
  S: number;
  W: number;
  K: number;
  L: number;
  /** RLVR steps (exact gradient, sign steps of 0.01). */
  steps: number;
  /** Seeds the RLVR training. */
  seed: string;
}

export const DIFFICULT_DECISIONS_DEFAULTS: DifficultDecisionsParams = { S: 3, W: 4, K: 4, L: 3, steps: 1200, seed: "decisions" };

/** One decision of the stem variant, in walking order. */
export interface DifficultDecisionRow {
  /** Index in a policy's arrays. */
  readonly decision: number;
  /** `decisionName`: "a_4", "fork", ... (depths count from the start: 1..S on the stem, S + 1..S + K on a branch). */
  readonly name: string;
  readonly family: Family | "fork";
  readonly where: "stem" | "fork" | "branch";
  readonly sftVisits: number;
  readonly sftStepsSaved: number;
  readonly rlvrVisits: number;
  readonly rlvrStepsSaved: number;
}

export interface DifficultDecisionsData {
  /** The graph, as describeShape names it. */
  readonly graph: string;
  readonly S: number;
  readonly rows: DifficultDecisionRow[];
}

/**
 * Analyses every decision under the SFT limit and the RLVR-trained policy: trained
 * here (`params.steps` sign steps, seeded by `seed`), or `rlvrPolicy` when the caller
 * has trained it already (notebook 06), so the same run is not trained twice.
 */
export function difficultDecisionsData(
  overrides: Partial<DifficultDecisionsParams> = {},
  rlvrPolicy?: Policy,
): DifficultDecisionsData {
  const params: DifficultDecisionsParams = { ...DIFFICULT_DECISIONS_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape = stemPathStar(params.S, params.W, params.K, params.L);
  const steps = requireInteger("steps", params.steps, 1, 10_000_000);
  if (rlvrPolicy !== undefined && describeShape(rlvrPolicy.shape) !== describeShape(shape)) {
    throw new RangeError(`rlvrPolicy is a policy on ${describeShape(rlvrPolicy.shape)}; the figure's graph is ${describeShape(shape)}`);
  }
  const D = depthCount(shape);
  const sft = policyGradient(shape, sftLimitPolicy(shape));
  const rlvr = policyGradient(shape, rlvrPolicy ?? trainRlvr(shape, { steps, seed: `${seed}/rlvr` }).policy);
  // Walking order: stem depths, the fork, then branch depths; four families each.
  const order: number[] = [];
  for (let depth = 1; depth <= D; depth++) {
    if (depth === shape.S + 1) order.push(decisionCount(shape) - 1);
    for (let f = 0; f < 4; f++) order.push(f * D + depth - 1);
  }
  return {
    graph: describeShape(shape),
    S: shape.S,
    rows: order.map((k) => {
      const family = familyOf(shape, k);
      return {
        decision: k,
        name: decisionName(shape, k),
        family,
        where: family === "fork" ? "fork" : (k % D) < shape.S ? "stem" : "branch",
        sftVisits: sft.visits[k],
        sftStepsSaved: sft.stepsSaved[k],
        rlvrVisits: rlvr.visits[k],
        rlvrStepsSaved: rlvr.stepsSaved[k],
      };
    }),
  };
}
