/**
 * RLVR with three update rules and with sampled rewards (Theorem 3, notebook 03).
 * Sign steps from the base model move every logit alike (lib/src/dynamics.ts), so
 * the informative runs are plain gradient steps, whose speed per decision is the
 * gradient itself (visits times value gaps), Adam, and group-baseline REINFORCE on
 * sampled walks, shown as a band over seeds.
 *
 * `rlvrOptimizersData` trains and returns plain rows; `rlvrOptimizersFigure` and
 * `rlvrFamilyRacesFigure` (plot/) draw them.
 */
import { describeShape, pathStar } from "../graph";
import { basePolicy, FAMILIES, optimalPolicy, thetaOf } from "../policy";
import type { Family } from "../policy";
import { expectedHittingTime } from "../chain";
import type { OptimizerName, TrainingRecord } from "../train";
import { plainGradientLearningRate, trainRlvr } from "../train";
import type { SeedBand } from "../stats";
import { thinHistory } from "../rows";
import { seedBand } from "../stats";

export interface RlvrOptimizersParams {
  /** The graph of the exact runs. */
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** Updates of each exact run. */
  readonly steps: number;
  /** Sign steps: the paper's 0.01. */
  readonly signLearningRate: number;
  /**
   * Plain gradient steps: the learning rate is this over the largest gradient
   * entry at the base model, so the first step moves no logit further than this.
   * (The gradient spans orders of magnitude and grows where a policy is poor, so
   * a rate fixed across sizes either crawls or diverges.)
   */
  readonly gradientFirstStep: number;
  readonly adamLearningRate: number;
  /**
   * The (smaller) graph of the sampled runs, their seeds, updates and the group
   * sizes to compare (RLVR_SAMPLED_DEFAULTS otherwise).
   */
  readonly sampled: {
    readonly W: number;
    readonly K: number;
    readonly L: number;
    readonly seeds: number;
    readonly steps: number;
    readonly groupSizes: readonly number[];
  };
  /** Rows kept per run (evenly spaced, first and last kept); every step by default. */
  readonly maxRows: number;
  /** Seed prefix of the sampled runs. */
  readonly seed: string;
}

export const RLVR_OPTIMIZERS_DEFAULTS: RlvrOptimizersParams = {
  W: 15,
  K: 15,
  L: 5,
  steps: 1200,
  signLearningRate: 0.01,
  gradientFirstStep: 0.01,
  adamLearningRate: 0.1,
  sampled: { W: 5, K: 5, L: 3, seeds: 6, steps: 800, groupSizes: [64, 128] },
  maxRows: 2001,
  seed: "rlvr-optimizers",
};

/** Lowest, mean and highest P(desired move) of a family over its depths. */
export interface FamilySpread {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

/** One step of one exact run. */
export interface OptimizerRow {
  readonly step: number;
  readonly hittingTime: number;
  /** P(desired move) of each family: lowest, mean and highest over its depths. */
  readonly families: Readonly<Record<Family, FamilySpread>>;
  /** The logit theta of each family (its distance from the base model): lowest, mean and highest over depths. */
  readonly logits: Readonly<Record<Family, FamilySpread>>;
}

export interface OptimizerRun {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** Steps 0 .. steps (at most maxRows of them, evenly spaced). */
  readonly rows: readonly OptimizerRow[];
  /** The logits after the last step, one per decision. */
  readonly finalTheta: readonly number[];
}

/**
 * The sampled runs at one step: the exact E[T] of each seed's policy and their band
 * (smallest, median, largest; the median is not carried off by a seed that collapsed).
 */
export interface SampledBandRow extends SeedBand {
  readonly step: number;
  readonly perSeed: readonly number[];
}

/** The sampled runs with one group size. */
export interface SampledRuns {
  readonly groupSize: number;
  /** Every update, 0 .. steps. */
  readonly rows: readonly SampledBandRow[];
  /** Per seed: the mean reward over the last tenth of the updates (at most about 1/W for a policy that no longer turns back). */
  readonly lateMeanReward: readonly number[];
  /** Per seed: the lowest P(desired) over the depths of b and of d after the last update. */
  readonly finalBacktracking: readonly { readonly b: number; readonly d: number }[];
}

export interface RlvrOptimizersData {
  readonly graph: string;
  readonly baseHittingTime: number;
  readonly optimum: number;
  readonly runs: readonly OptimizerRun[];
  readonly sampled: { readonly graph: string; readonly optimum: number; readonly seeds: number; readonly groups: readonly SampledRuns[] };
}

function spreadOf(values: readonly number[]): FamilySpread {
  return { min: Math.min(...values), mean: values.reduce((s, p) => s + p, 0) / values.length, max: Math.max(...values) };
}

/** A recorded step, its logits, and the logits at the start: a row of probabilities and logit changes per family. */
function rowOf(record: TrainingRecord, theta: ArrayLike<number>, start: ArrayLike<number>): OptimizerRow {
  const families = {} as Record<Family, FamilySpread>;
  const logits = {} as Record<Family, FamilySpread>;
  FAMILIES.forEach((family, f) => {
    const depths = record.probabilities[family].length;
    families[family] = spreadOf(record.probabilities[family]);
    // The logits themselves, not logit(p) rebuilt from P(desired), which loses digits as p nears 1.
    logits[family] = spreadOf(record.probabilities[family].map((_, j) => theta[f * depths + j] - start[f * depths + j]));
  });
  return { step: record.step, hittingTime: record.hittingTime ?? 10 ** record.log10HittingTime, families, logits };
}

/** Trains the exact runs (sign, gradient, Adam) and the sampled runs; Theorem 3, notebook 03. */
export function rlvrOptimizersData(params: Partial<RlvrOptimizersParams> = {}): RlvrOptimizersData {
  const p = { ...RLVR_OPTIMIZERS_DEFAULTS, ...params };
  const shape = pathStar(p.W, p.K, p.L);
  const rates: [OptimizerName, number][] = [
    ["sign", p.signLearningRate],
    ["gradient", plainGradientLearningRate(shape, p.gradientFirstStep)],
    ["adam", p.adamLearningRate],
  ];
  const runs = rates.map(([optimizer, learningRate]) => {
    const start = thetaOf(basePolicy(shape));
    const thetas = [start];
    const onProgress = (_: TrainingRecord, __: number, theta: Readonly<Float64Array>) => thetas.push(Float64Array.from(theta));
    const run = trainRlvr(shape, { steps: p.steps, optimizer, learningRate, onProgress });
    const rows = thinHistory(run.history.map((r, i) => rowOf(r, thetas[i], start)), p.maxRows);
    return { optimizer, learningRate, rows, finalTheta: Array.from(run.theta) };
  });
  const small = pathStar(p.sampled.W, p.sampled.K, p.sampled.L);
  const groups = p.sampled.groupSizes.map((groupSize) => {
    const histories = Array.from({ length: p.sampled.seeds }, (_, i) =>
      trainRlvr(small, { mode: "sampled", steps: p.sampled.steps, groupSize, seed: `${p.seed}/sampled/${i}` }).history,
    );
    const rows = thinHistory(histories[0].map((_, t) => t), p.maxRows).map((t) => {
      const perSeed = histories.map((h) => h[t].hittingTime ?? 10 ** h[t].log10HittingTime);
      return { step: histories[0][t].step, perSeed, ...seedBand(perSeed) };
    });
    const late = Math.max(1, Math.floor(p.sampled.steps / 10));
    const lateMeanReward = histories.map((h) => h.slice(-late).reduce((sum, r) => sum + (r.meanReward ?? 0), 0) / late);
    const finalBacktracking = histories.map((h) => {
      const last = h[h.length - 1].probabilities;
      return { b: Math.min(...last.b), d: Math.min(...last.d) };
    });
    return { groupSize, rows, lateMeanReward, finalBacktracking };
  });
  return {
    graph: describeShape(shape),
    baseHittingTime: expectedHittingTime(shape, basePolicy(shape)),
    optimum: expectedHittingTime(shape, optimalPolicy(shape)),
    runs,
    sampled: { graph: describeShape(small), optimum: expectedHittingTime(small, optimalPolicy(small)), seeds: p.sampled.seeds, groups },
  };
}
