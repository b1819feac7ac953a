/**
 * The messages between the page and its worker. Training runs, distillation and
 * Monte Carlo checks run in the worker, so the page never waits on them.
 */
import { FAMILIES } from "rlvr-backtracking";
import type { DistillationByTracesData, OptimizerName } from "rlvr-backtracking";
import type { Quantities } from "./quantities";
import type { ReplayModelName } from "./replay-data";
import type { PostedWalk } from "./replay-walk";

/** Updates in every training run of the page: Figure 3's 1200. */
export const TRAINING_STEPS = 1200;

/** One training record as the page draws it (a trimmed TrainingRecord). */
export interface StepRecord {
  readonly step: number;
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  readonly probabilities: { a: number[]; b: number[]; c: number[]; d: number[] };
}

/**
 * A training run's records packed into typed arrays, which the worker hands over
 * (transfers) instead of copying: at large sizes the records as objects took the
 * page's thread longer to receive than a page may block (bench/README.md).
 */
export interface PackedRun {
  readonly records: number;
  readonly depths: number;
  readonly step: Float64Array;
  /** NaN where the hitting time is beyond the double range (a record's null). */
  readonly hittingTime: Float64Array;
  readonly log10HittingTime: Float64Array;
  /** P(desired move) of record r, family f (a, b, c, d), depth j at (4 r + f) depths + j. */
  readonly probabilities: Float64Array;
}

export function packRun(history: readonly StepRecord[]): PackedRun {
  const depths = history[0].probabilities.a.length;
  const probabilities = new Float64Array(history.length * 4 * depths);
  history.forEach((record, r) => FAMILIES.forEach((family, f) => probabilities.set(record.probabilities[family], (4 * r + f) * depths)));
  return {
    records: history.length,
    depths,
    step: Float64Array.from(history, (r) => r.step),
    hittingTime: Float64Array.from(history, (r) => r.hittingTime ?? NaN),
    log10HittingTime: Float64Array.from(history, (r) => r.log10HittingTime),
    probabilities,
  };
}

/** The buffers of a packed run, to transfer with the message. */
export const buffersOf = (run: PackedRun): ArrayBuffer[] => [run.step, run.hittingTime, run.log10HittingTime, run.probabilities].map((a) => a.buffer as ArrayBuffer);

/** Record `r`'s expected hitting time, null beyond the double range (packed as NaN). */
export function hittingTimeAt(run: PackedRun, r: number): number | null {
  return Number.isNaN(run.hittingTime[r]) ? null : run.hittingTime[r];
}

/** Record `r` of a packed run. */
export function stepRecord(run: PackedRun, r: number): StepRecord {
  const family = (f: number) => Array.from(run.probabilities.subarray((4 * r + f) * run.depths, (4 * r + f + 1) * run.depths));
  return {
    step: run.step[r],
    hittingTime: hittingTimeAt(run, r),
    log10HittingTime: run.log10HittingTime[r],
    probabilities: { a: family(0), b: family(1), c: family(2), d: family(3) },
  };
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

/** The exact numbers of one size, when K is too large to compute them on the page's thread. */
export interface NumbersJob {
  readonly kind: "numbers";
  readonly id: number;
  readonly W: number;
  readonly K: number;
  readonly L: number;
}

/** Section 7: one walk of a trained transformer, from the models file's text (replay-walk.ts). */
export interface ReplayJob {
  readonly kind: "replay";
  readonly id: number;
  readonly models: string;
  readonly model: ReplayModelName;
  readonly K: number;
  readonly episode: number;
}

export type Job = TrainingJob | CurvesJob | NumbersJob | ReplayJob;

/** One panel of the gap figure: log10 expected hitting times of each policy at sizes `xs`. */
export interface GapPanel {
  readonly xs: number[];
  readonly base: number[];
  readonly sft: number[];
  readonly optimal: number[];
}

/** What the worker sends back for a job, piece by piece as each part finishes. */
export type Reply =
  | { readonly id: number; readonly kind: "numbers"; readonly quantities: Quantities }
  | { readonly id: number; readonly kind: "curves"; readonly W: number; readonly K: number; readonly L: number; readonly againstK: GapPanel; readonly againstL: GapPanel }
  | {
      readonly id: number;
      readonly kind: "training";
      readonly learningRates: { sft: number; rlvr: number };
      readonly steps: number;
      readonly sft: PackedRun;
      readonly rlvr: PackedRun;
      /** Sign steps only: how many of RLVR's logits went up by the step size at every step. */
      readonly lockstep: { readonly logits: number; readonly everyStepUp: number; readonly theta: number } | null;
    }
  | { readonly id: number; readonly kind: "distillation"; readonly data: DistillationByTracesData }
  | { readonly id: number; readonly kind: "dedup"; readonly walks: number; readonly sftMean: number; readonly sftHalfWidth: number; readonly optimalMean: number; readonly optimalHalfWidth: number }
  | { readonly id: number; readonly kind: "replay"; readonly model: ReplayModelName; readonly K: number; readonly episode: number; readonly budget: number; readonly walk: PostedWalk; readonly sampleMs: number }
  | { readonly id: number; readonly kind: "error"; readonly part: "training" | "distillation" | "dedup" | "replay"; readonly message: string };
