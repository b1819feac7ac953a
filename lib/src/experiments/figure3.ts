/**
 * Figure 3 of the paper (Theorems 3 and 5, notebooks 03 and A1): RLVR (exact
 * policy gradient, sign steps from the base model), a student distilled by SFT
 * on the RLVR policy's walks, and the negative control, a student trained the
 * same way on golden paths, each recorded at every training step.
 */
import { pathStar } from "../graph";
import { optimalPolicy } from "../policy";
import { expectedHittingTime } from "../chain";
import type { TrainingRecord } from "../train";
import { distill, trainRlvr } from "../train";
import { requireInteger, requirePositiveFinite } from "../validate";
import type { HittingTimeValue } from "../chain";
import { thinHistory } from "../rows";

export interface Figure3Params {
  W: number;
  K: number;
  L: number;
  /** Sign gradient steps of RLVR and of both students. */
  steps: number;
  /** Step size on the logits. */
  learningRate: number;
  /** Walks in each student's data: teacher walks, and golden paths for the control. */
  traces: number;
  /** Rows kept (the histories are thinned evenly, first and last step kept). */
  maxRows: number;
  /** Seeds the trainings and the students' data. */
  seed: string;
}

export const FIGURE3_DEFAULTS: Figure3Params = { W: 15, K: 15, L: 5, steps: 1200, learningRate: 0.01, traces: 1000, maxRows: 301, seed: "fig3" };

/** One training step of the three runs. */
export interface Figure3Row {
  readonly step: number;
  readonly rlvr: HittingTimeValue;
  /** SFT on `traces` walks of the final RLVR policy. */
  readonly student: HittingTimeValue;
  /** SFT on `traces` golden paths: the control. */
  readonly golden: HittingTimeValue;
}

export interface Figure3Data {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly learningRate: number;
  readonly traces: number;
  /** The optimal policy's expected hitting time, 4WK + 2W - 2K. */
  readonly optimum: number;
  readonly rows: Figure3Row[];
}

/** Runs Figure 3's protocol on G(W, K, L); `seed` seeds the students' data. */
export function figure3Data(overrides: Partial<Figure3Params> = {}): Figure3Data {
  const params: Figure3Params = { ...FIGURE3_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape = pathStar(params.W, params.K, params.L);
  const steps = requireInteger("steps", params.steps, 1, 1_000_000);
  const learningRate = requirePositiveFinite("learningRate", params.learningRate);
  const traces = requireInteger("traces", params.traces, 1, 1_000_000);
  requireInteger("maxRows", params.maxRows, 2, 1_000_000);
  const training = { steps, learningRate, optimizer: "sign" as const };
  const rlvr = trainRlvr(shape, { ...training, seed: `${seed}/rlvr` });
  const student = distill(shape, { ...training, teacher: rlvr.policy, traces, seed: `${seed}/distill` });
  const golden = distill(shape, { ...training, teacher: rlvr.policy, source: "golden", traces, seed: `${seed}/golden` });
  const value = (r: TrainingRecord): HittingTimeValue => ({ hittingTime: r.hittingTime, log10HittingTime: r.log10HittingTime });
  return {
    W: shape.W,
    K: shape.K,
    L: shape.L,
    learningRate,
    traces,
    optimum: expectedHittingTime(shape, optimalPolicy(shape)),
    // The three runs have the same steps, so their histories record the same steps, position by position.
    rows: thinHistory(rlvr.history.map((r, i) => ({
      step: r.step,
      rlvr: value(r),
      student: value(student.history[i]),
      golden: value(golden.history[i]),
    })), params.maxRows),
  };
}
