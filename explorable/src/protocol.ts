/**
 * The messages between the page and its worker. Training runs, distillation and
 * Monte Carlo checks run in the worker, so the page never waits on them.
 */
import type { OptimizerName } from "rlvr-backtracking";

/** One training record as the page draws it (a trimmed TrainingRecord). */
export interface StepRecord {
  readonly step: number;
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  readonly probabilities: { a: number[]; b: number[]; c: number[]; d: number[] };
}

export interface Job {
  readonly id: number;
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly optimizer: OptimizerName;
}

/** What the worker sends back for a job, piece by piece as each part finishes. */
export type Reply =
  | { readonly id: number; readonly kind: "training"; readonly learningRates: { sft: number; rlvr: number }; readonly steps: number; readonly sft: StepRecord[]; readonly rlvr: StepRecord[] }
  | { readonly id: number; readonly kind: "distillation"; readonly traces: number[]; readonly student: number[]; readonly golden: number[]; readonly teacher: number; readonly optimum: number }
  | { readonly id: number; readonly kind: "dedup"; readonly walks: number; readonly sftMean: number; readonly sftHalfWidth: number; readonly optimalMean: number; readonly optimalHalfWidth: number }
  | { readonly id: number; readonly kind: "error"; readonly part: "training" | "distillation" | "dedup"; readonly message: string };
