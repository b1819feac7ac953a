/**
 * What a trainer records after every update: the exact expected hitting time and
 * every family's probability at every depth (notebooks 02, 03, A1; Figure 3).
 */
import type { GraphShape } from "../graph";
import type { Policy } from "../policy";
import { FAMILIES, familyProbabilities, forkDecisionIndex } from "../policy";
import { expectedHittingTime, log10ExpectedHittingTime } from "../chain";

export interface TrainingRecord {
  /** Updates done so far (0 is the starting policy). */
  readonly step: number;
  /** Exact expected hitting time, or null beyond the double range (see log10HittingTime). */
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  /** P(desired move) of each family at depths 1..depthCount. */
  readonly probabilities: { a: number[]; b: number[]; c: number[]; d: number[] };
  /** P(into a branch) at the fork, on the stem variant. */
  readonly forkProbability?: number;
  /** SFT and distillation: the mean cross-entropy per decision of the last update's data. */
  readonly loss?: number;
  /** Sampled RLVR: the mean reward of the last group of rollouts. */
  readonly meanReward?: number;
}

export interface TrainingResult {
  readonly history: TrainingRecord[];
  readonly policy: Policy;
  readonly theta: Float64Array;
}

/** The record of `policy` after `step` updates; `hittingTime` if already computed. */
export function recordOf(
  shape: GraphShape,
  policy: Policy,
  step: number,
  extra: { hittingTime?: number; loss?: number; meanReward?: number } = {},
): TrainingRecord {
  const log10 = extra.hittingTime !== undefined ? Math.log10(extra.hittingTime) : log10ExpectedHittingTime(shape, policy);
  const hittingTime = extra.hittingTime ?? (log10 < 308 ? expectedHittingTime(shape, policy) : null);
  const probabilities = { a: [] as number[], b: [] as number[], c: [] as number[], d: [] as number[] };
  for (const family of FAMILIES) probabilities[family] = familyProbabilities(policy, family);
  const record: TrainingRecord = {
    step,
    hittingTime,
    log10HittingTime: log10,
    probabilities,
    ...(shape.variant === "stem-path-star" ? { forkProbability: policy.desired[forkDecisionIndex(shape)] } : {}),
    ...(extra.loss !== undefined ? { loss: extra.loss } : {}),
    ...(extra.meanReward !== undefined ? { meanReward: extra.meanReward } : {}),
  };
  return record;
}
