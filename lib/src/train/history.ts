/**
 * What a trainer records: the exact expected hitting time and every family's
 * probability at every depth (notebooks 02, 03, A1; Figure 3), at every update of
 * a short run and at a bounded number of evenly spaced updates of a long one, so a
 * run of ten million steps keeps a few thousand records, not ten million.
 */
import type { GraphShape } from "../graph";
import type { Family, Policy } from "../policy";
import { familyProbabilities, forkDecisionIndex } from "../policy";
import { hittingTimeValue } from "../chain";
import { requireInteger } from "../validate";

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

/** Records a run keeps by default: all of Figure 3's 1201, and at most this many of a longer run. */
export const DEFAULT_HISTORY_POINTS = 2001;

/**
 * Whether a run of `steps` updates that keeps at most `points` records (points >= 2)
 * records step `step`: every step when there are at most `points` of them; else
 * `points` steps as evenly spaced as integers allow, the first (0) and the last
 * (`steps`) always among them.
 */
export function isRecordedStep(step: number, steps: number, points: number): boolean {
  requireInteger("steps", steps, 0, Number.MAX_SAFE_INTEGER);
  requireInteger("step", step, 0, steps);
  requireInteger("points", points, 2, Number.MAX_SAFE_INTEGER);
  if (steps < points) return true;
  // Step s falls in slot floor(s (points - 1) / steps); the first step of each slot is recorded.
  const slot = (s: number) => Math.floor((s * (points - 1)) / steps);
  return step === 0 || slot(step) !== slot(step - 1);
}

/**
 * The record of `policy` after `step` updates; `hittingTime` if already computed.
 * For the trainers, which own the policy and count the steps: nothing is checked here.
 */
export function recordOf(
  shape: GraphShape,
  policy: Policy,
  step: number,
  extra: { hittingTime?: number; loss?: number; meanReward?: number } = {},
): TrainingRecord {
  const { hittingTime, log10HittingTime: log10 } = extra.hittingTime !== undefined
    ? { hittingTime: extra.hittingTime, log10HittingTime: Math.log10(extra.hittingTime) }
    : hittingTimeValue(shape, policy);
  const family = (name: Family) => familyProbabilities(policy, name);
  const record: TrainingRecord = {
    step,
    hittingTime,
    log10HittingTime: log10,
    probabilities: { a: family("a"), b: family("b"), c: family("c"), d: family("d") },
    ...(shape.variant === "stem-path-star" ? { forkProbability: policy.desired[forkDecisionIndex(shape)] } : {}),
    ...(extra.loss !== undefined ? { loss: extra.loss } : {}),
    ...(extra.meanReward !== undefined ? { meanReward: extra.meanReward } : {}),
  };
  return record;
}
