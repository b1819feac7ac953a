/**
 * Theorem 5 measured (appendix notebook A1): the distilled student's expected
 * hitting time against the number of teacher walks it was trained on, over
 * several seeds, beside the teacher, the optimum and the golden-path control
 * trained on the same numbers of golden paths. The data function trains
 * (`trainRlvr` for the teacher, `distill` for every student); plot/distillation-by-traces.ts draws the rows.
 */
import { describeShape, pathStar } from "../graph";
import { optimalPolicy } from "../policy";
import { expectedHittingTime } from "../chain";
import type { OptimizerName } from "../train";
import { distill, OPTIMIZERS, trainRlvr } from "../train";
import { requireInteger, requireOneOf, requirePositiveFinite } from "../validate";
import type { HittingTimeValue } from "../chain";
import type { Progress } from "../rows";
import { requireIntegerList } from "../rows";
import { hittingTimeValue } from "../chain";

export interface DistillationByTracesParams {
  W: number;
  K: number;
  L: number;
  /** Numbers of walks in a student's data: teacher walks, and golden paths for the control. */
  traceCounts: number[];
  /** Seeds per number of walks (each draws its own data). */
  seeds: number;
  /** The students' optimizer, step size and steps (the teacher is trainRlvr's default, Figure 3's protocol). */
  optimizer: OptimizerName;
  learningRate: number;
  steps: number;
  /** Seeds the teacher's training and every student's data. */
  seed: string;
}

export const DISTILLATION_BY_TRACES_DEFAULTS: DistillationByTracesParams = {
  W: 15, K: 15, L: 5, traceCounts: [1, 3, 10, 30, 100, 300, 1000], seeds: 3, optimizer: "sign", learningRate: 0.01, steps: 1200, seed: "distillation",
};

/** The students trained on one number of walks with one seed. */
export interface DistillationRow {
  readonly traces: number;
  /** 0, 1, ...: which seed of this number of walks. */
  readonly seed: number;
  /** SFT on `traces` walks of the teacher. */
  readonly student: HittingTimeValue;
  /** SFT on `traces` golden paths: the control. */
  readonly golden: HittingTimeValue;
}

export interface DistillationByTracesData {
  /** The graph, as describeShape names it. */
  readonly graph: string;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly steps: number;
  /** The teacher's (RLVR's) and the optimal policy's expected hitting times. */
  readonly teacher: number;
  readonly optimum: number;
  readonly rows: DistillationRow[];
}

/** Trains the teacher once, then a student and a control per number of walks and seed. */
export function distillationByTracesData(
  overrides: Partial<DistillationByTracesParams> = {},
  onProgress?: Progress,
): DistillationByTracesData {
  const params: DistillationByTracesParams = { ...DISTILLATION_BY_TRACES_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape = pathStar(params.W, params.K, params.L);
  const traceCounts = requireIntegerList("traceCounts", params.traceCounts, 1, 1_000_000);
  const seeds = requireInteger("seeds", params.seeds, 1, 1000);
  const optimizer = requireOneOf("optimizer", params.optimizer, OPTIMIZERS);
  const learningRate = requirePositiveFinite("learningRate", params.learningRate);
  const steps = requireInteger("steps", params.steps, 1, 10_000_000);
  const teacher = trainRlvr(shape, { seed: `${seed}/teacher` }).policy;
  const training = { teacher, optimizer, learningRate, steps };
  const value = (policy: typeof teacher) => hittingTimeValue(shape, policy);
  const rows: DistillationRow[] = [];
  for (const traces of traceCounts) {
    for (let s = 0; s < seeds; s++) {
      rows.push({
        traces,
        seed: s,
        student: value(distill(shape, { ...training, traces, seed: `${seed}/teacher/${traces}/${s}` }).policy),
        golden: value(distill(shape, { ...training, source: "golden", traces, seed: `${seed}/golden/${traces}/${s}` }).policy),
      });
      onProgress?.(rows.length, traceCounts.length * seeds, `${traces} walks, seed ${s}`);
    }
  }
  return {
    graph: describeShape(shape),
    optimizer,
    learningRate,
    steps,
    teacher: expectedHittingTime(shape, teacher),
    optimum: expectedHittingTime(shape, optimalPolicy(shape)),
    rows,
  };
}
