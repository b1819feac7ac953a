/**
 * The messages between the page and its worker. Training runs, distillation and
 * Monte Carlo checks run in the worker, so the page never waits on them.
 */
import type { DistillationByTracesData, OptimizerName } from "rlvr-backtracking";

/** Updates in every training run of the page: Figure 3's 1200. */
export const TRAINING_STEPS = 1200;

/** One training record as the page draws it (a trimmed TrainingRecord). */
export interface StepRecord {
  readonly step: number;
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  readonly probabilities: { a: number[]; b: number[]; c: number[]; d: number[] };
}

/** Trainings, distillation and the Monte Carlo check for one size and update rule. */
export interface TrainingJob {
  readonly kind: "training";
  readonly id: number;
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly optimizer: OptimizerName;
}

/** The exact curves of the gap figure: O(K) per point, so off the page's thread at large K. */
export interface CurvesJob {
  readonly kind: "curves";
  readonly id: number;
  readonly W: number;
  readonly K: number;
  readonly L: number;
}

export type Job = TrainingJob | CurvesJob;

/** One panel of the gap figure: log10 expected hitting times of each policy at sizes `xs`. */
export interface GapPanel {
  readonly xs: number[];
  readonly base: number[];
  readonly sft: number[];
  readonly optimal: number[];
}

/** What the worker sends back for a job, piece by piece as each part finishes. */
export type Reply =
  | { readonly id: number; readonly kind: "curves"; readonly W: number; readonly K: number; readonly L: number; readonly againstK: GapPanel; readonly againstL: GapPanel }
  | {
      readonly id: number;
      readonly kind: "training";
      readonly learningRates: { sft: number; rlvr: number };
      readonly steps: number;
      readonly sft: StepRecord[];
      readonly rlvr: StepRecord[];
      /** Sign steps only: how many of RLVR's logits went up by the step size at every step. */
      readonly lockstep: { readonly logits: number; readonly everyStepUp: number; readonly theta: number } | null;
    }
  | { readonly id: number; readonly kind: "distillation"; readonly data: DistillationByTracesData }
  | { readonly id: number; readonly kind: "dedup"; readonly walks: number; readonly sftMean: number; readonly sftHalfWidth: number; readonly optimalMean: number; readonly optimalHalfWidth: number }
  | { readonly id: number; readonly kind: "error"; readonly part: "training" | "distillation" | "dedup"; readonly message: string };
