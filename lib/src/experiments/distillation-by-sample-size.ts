/**
 * Distillation where the amount of data matters (Theorem 5, appendix notebook A1):
 * students fitted by SFT (plain gradient or Adam steps) to N walks of a teacher
 * whose probabilities are still well inside (0, 1), several data sets per N. Their
 * expected hitting time scatters around the teacher's by about the delta-method
 * spread (`distilledStudentSpread`), which shrinks like 1/sqrt(N); SFT on golden
 * paths, the control, stays exponentially slow at every N.
 *
 * `distillationSampleComplexityData` trains and returns plain rows;
 * `distillationSampleComplexityFigure` (plot/) draws them.
 */
import { describeShape, pathStar } from "../graph";
import { basePolicy, FAMILIES, familyProbabilities, optimalPolicy } from "../policy";
import { policyGradient, expectedHittingTime, log10ExpectedHittingTime } from "../chain";
import { createRng } from "../sample";
import type { OptimizerName } from "../train";
import { distill, fitDemonstrations, teacherDemonstrations, trainRlvr } from "../train";
import { distilledStudentSpread } from "../dynamics";
import { rmsDeviation } from "../stats";

export interface DistillationSampleComplexityParams {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** Sign steps of 0.01 of the teacher's RLVR run: few enough that its probabilities are not yet near 1. */
  readonly teacherSteps: number;
  /** Numbers of teacher walks N, one student per N and seed. */
  readonly traceCounts: readonly number[];
  /** Data sets (seeds) per N. */
  readonly seeds: number;
  /** The student's SFT: update rule, rate, steps and minibatch size. */
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly steps: number;
  readonly batchSize: number;
  /** Numbers of golden paths for the control students (same SFT). */
  readonly goldenCounts: readonly number[];
  readonly seed: string;
}

export const DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS: DistillationSampleComplexityParams = {
  W: 15,
  K: 15,
  L: 5,
  teacherSteps: 300,
  traceCounts: [1, 3, 10, 30, 100, 300, 1000],
  seeds: 6,
  optimizer: "adam",
  learningRate: 0.1,
  steps: 1200,
  batchSize: 256,
  goldenCounts: [1, 10, 100, 1000],
  seed: "sample-complexity",
};

/** One student: N teacher walks, one seed. */
export interface StudentRow {
  readonly traces: number;
  readonly seed: number;
  /** Whether the walks made every decision the teacher makes (a decision never seen keeps its base logit). */
  readonly covered: boolean;
  readonly log10HittingTime: number;
  /** |E[T] of the student / E[T] of the teacher - 1|, or null beyond the double range. */
  readonly relativeDeviation: number | null;
}

/** Per N: the root-mean-square relative deviation over the seeds whose data covered every decision, and the prediction. */
export interface SpreadRow {
  readonly traces: number;
  readonly coveredSeeds: number;
  readonly rmsRelativeDeviation: number | null;
  /** The delta-method spread over the teacher's hitting time. */
  readonly predictedRelativeSpread: number;
  /**
   * N times the fewest expected visits per walk of any decision the teacher makes:
   * the delta method is a large-sample statement, trustworthy once this is in the tens.
   */
  readonly fewestVisits: number;
}

/** One control student: N golden paths. */
export interface GoldenRow {
  readonly traces: number;
  readonly log10HittingTime: number;
  /** Largest |P(desired) - base value| over every b_j and d_j (0 when they never moved). */
  readonly backtrackingShift: number;
}

export interface DistillationSampleComplexityData {
  readonly graph: string;
  readonly baseHittingTime: number;
  readonly optimum: number;
  readonly teacher: {
    readonly steps: number;
    readonly hittingTime: number;
    readonly lowestProbability: number;
    readonly highestProbability: number;
    /** The teacher's logits, one per decision (policyFromTheta gives the policy back). */
    readonly theta: readonly number[];
  };
  /** The student fitted to the teacher's exact expected tallies (infinitely many walks), same SFT. */
  readonly infiniteDataHittingTime: number;
  readonly students: readonly StudentRow[];
  readonly spread: readonly SpreadRow[];
  readonly golden: readonly GoldenRow[];
}

/** Trains the teacher, the students and the controls; Theorem 5, notebook A1. */
export function distillationSampleComplexityData(
  params: Partial<DistillationSampleComplexityParams> = {},
): DistillationSampleComplexityData {
  const p = { ...DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, ...params };
  const shape = pathStar(p.W, p.K, p.L);
  const teacherRun = trainRlvr(shape, { steps: p.teacherSteps });
  const teacher = teacherRun.policy;
  const teacherTime = expectedHittingTime(shape, teacher);
  const sft = { optimizer: p.optimizer, learningRate: p.learningRate, steps: p.steps, batchSize: p.batchSize };
  const teacherVisits = policyGradient(shape, teacher).visits;
  const made = teacherVisits.map((v) => (v > 0 ? 1 : 0));
  const fewestVisitsPerWalk = Math.min(...Array.from(teacherVisits).filter((v) => v > 0));
  const students: StudentRow[] = [];
  for (const traces of p.traceCounts) {
    for (let seed = 0; seed < p.seeds; seed++) {
      const name = `${p.seed}/${traces}/${seed}`;
      const perWalk = teacherDemonstrations(shape, teacher, traces, 1e7, createRng(`${name}/data`));
      const covered = made.every((m, k) => m === 0 || perWalk.some((w) => w.desired[k] + w.alternative[k] > 0));
      const student = fitDemonstrations(shape, { kind: "sampled", perWalk }, { ...sft, seed: name }).policy;
      const log10 = log10ExpectedHittingTime(shape, student);
      const deviation = Math.abs(10 ** (log10 - Math.log10(teacherTime)) - 1);
      students.push({ traces, seed, covered, log10HittingTime: log10, relativeDeviation: Number.isFinite(deviation) ? deviation : null });
    }
  }
  const spread = p.traceCounts.map((traces) => {
    const covered = students.filter((s) => s.traces === traces && s.covered && s.relativeDeviation !== null);
    return {
      traces,
      coveredSeeds: covered.length,
      rmsRelativeDeviation: covered.length > 0 ? rmsDeviation(covered.map((s) => s.relativeDeviation as number), 0) : null,
      predictedRelativeSpread: distilledStudentSpread(shape, teacher, traces) / teacherTime,
      fewestVisits: traces * fewestVisitsPerWalk,
    };
  });
  const base = basePolicy(shape);
  const golden = p.goldenCounts.map((traces) => {
    const control = distill(shape, { ...sft, teacher, source: "golden", traces, seed: `${p.seed}/golden/${traces}` }).policy;
    let shift = 0;
    for (const family of ["b", "d"] as const) {
      const before = familyProbabilities(base, family);
      familyProbabilities(control, family).forEach((q, j) => (shift = Math.max(shift, Math.abs(q - before[j]))));
    }
    return { traces, log10HittingTime: log10ExpectedHittingTime(shape, control), backtrackingShift: shift };
  });
  const infinite = distill(shape, { ...sft, teacher, mode: "population" }).policy;
  const probabilities = FAMILIES.flatMap((family) => familyProbabilities(teacher, family));
  return {
    graph: describeShape(shape),
    baseHittingTime: expectedHittingTime(shape, base),
    optimum: expectedHittingTime(shape, optimalPolicy(shape)),
    teacher: {
      steps: p.teacherSteps,
      hittingTime: teacherTime,
      lowestProbability: Math.min(...probabilities),
      highestProbability: Math.max(...probabilities),
      theta: Array.from(teacherRun.theta),
    },
    infiniteDataHittingTime: expectedHittingTime(shape, infinite),
    students,
    spread,
    golden,
  };
}
