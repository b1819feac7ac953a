/**
 * The rows of appendix A3's figures and tables, from the sweep's saved results
 * (figures/sequenceSweep.json, written by `npm run sweep`): no training here, only
 * arranging what was measured. Every hitting time keeps its kind: an estimate of
 * E[T] with its interval, or, where any walk hit the budget, a lower bound.
 */
import type { SequenceEvaluation } from "../train/sequence-model";
import type { SequenceTrainingName } from "../train/sequence-protocol";
import { sequenceReferences, SEQUENCE_TRAININGS } from "../train/sequence-protocol";
import type { SweepPlan, SweepResult } from "../train/sequence-sweep";
import type { SequenceProtocol } from "../train/sequence-protocol";
import { chiSquareSurvival, median } from "../stats";

/** One saved job, as the sweep writes it into the figure data (without the model's parameters). */
export type SweepJobResult = Omit<SweepResult, "parameters">;

/** figures/sequenceSweep.json. */
export interface SequenceSweepData {
  readonly plan: SweepPlan;
  readonly protocol: SequenceProtocol;
  readonly workers: number;
  readonly jobSecondsTotal: number;
  /** The jobs' CPU time (absent where the sweep could not read it); below jobSecondsTotal when the cores were shared. */
  readonly jobCpuSecondsTotal?: number;
  readonly wallSecondsFirstStartToLastEnd: number;
  readonly results: readonly SweepJobResult[];
}

export type SequenceModelName = SequenceTrainingName | "base";
export const SEQUENCE_MODELS: readonly SequenceModelName[] = ["base", ...SEQUENCE_TRAININGS];

/** One model at one depth, over seeds. */
export interface DepthRow {
  readonly model: SequenceModelName;
  readonly K: number;
  /** Trained at this depth (false: measured deeper than trained, depth generalisation). */
  readonly trainedHere: boolean;
  readonly seeds: number;
  /** Per seed: the mean of min(T, budget), its standard error, and whether it is a lower bound. */
  readonly means: number[];
  readonly standardErrors: number[];
  readonly lowerBounds: boolean[];
  readonly success: number[];
  readonly budget: number;
  /** Seeds where some walk hit the budget (the hitting time is then a lower bound). */
  readonly censoredSeeds: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly back: number[];
  readonly forkReentry: number[];
  readonly forkReentryUniform: number;
  readonly references: ReturnType<typeof sequenceReferences>;
}

/** A job's measurements: at the depth it was trained on, and deeper only for the main depth's jobs (depth generalisation). */
function evaluationsOf(r: SweepJobResult, mainK: number): { evaluation: SequenceEvaluation; trainedHere: boolean }[] {
  return r.evaluations
    .map((evaluation) => ({ evaluation, trainedHere: r.kind === "base" || evaluation.K === r.K }))
    .filter(({ trainedHere }) => trainedHere || r.K === mainK);
}

/** Every (model, depth) measured, base models at each swept depth included. */
export function depthRows(data: SequenceSweepData): DepthRow[] {
  const groups = new Map<string, { model: SequenceModelName; K: number; trainedHere: boolean; evaluations: SequenceEvaluation[] }>();
  for (const r of data.results) {
    if (r.kind === "base-check") continue;
    const model: SequenceModelName = r.kind === "base" ? "base" : r.training!;
    for (const { evaluation, trainedHere } of evaluationsOf(r, data.plan.mainK)) {
      const key = `${model}/${evaluation.K}/${trainedHere}`;
      if (!groups.has(key)) groups.set(key, { model, K: evaluation.K, trainedHere, evaluations: [] });
      groups.get(key)!.evaluations.push(evaluation);
    }
  }
  const { W, L } = data.protocol;
  return [...groups.values()].map(({ model, K, trainedHere, evaluations }) => {
    const means = evaluations.map((e) => e.hittingTime.mean);
    return {
      model, K, trainedHere,
      seeds: evaluations.length,
      means,
      standardErrors: evaluations.map((e) => e.hittingTime.standardError),
      lowerBounds: evaluations.map((e) => e.hittingTime.lowerBound),
      success: evaluations.map((e) => e.hittingTime.success),
      budget: evaluations[0].hittingTime.budget,
      censoredSeeds: evaluations.filter((e) => e.hittingTime.lowerBound).length,
      median: median(means),
      low: Math.min(...means),
      high: Math.max(...means),
      back: evaluations.map((e) => e.backOff.back),
      forkReentry: evaluations.map((e) => e.backOff.forkReentry),
      forkReentryUniform: evaluations[0].backOff.forkReentryUniform,
      references: sequenceReferences(W, K, L),
    };
  }).sort((x, y) => SEQUENCE_MODELS.indexOf(x.model) - SEQUENCE_MODELS.indexOf(y.model) || x.K - y.K);
}

/** A least-squares line y = intercept + slope * x, with the slope's standard error and the residual sum of squares. */
export interface LineFit {
  readonly intercept: number;
  readonly slope: number;
  readonly slopeStandardError: number;
  readonly residualSumOfSquares: number;
  readonly points: number;
  /**
   * P(chi-square with points - 2 degrees of freedom >= the weighted residual sum of squares):
   * the chance of residuals this large if the line were the truth and the sigmas right
   * (NaN with two points, which any line fits exactly).
   */
  readonly pValue: number;
}

/** Weighted least squares (weights 1 / sigma^2); the slope's standard error from the weights (sigma known). */
export function fitLine(xs: readonly number[], ys: readonly number[], sigmas: readonly number[]): LineFit {
  if (xs.length !== ys.length || xs.length !== sigmas.length || xs.length < 2) throw new RangeError("a line fit needs at least 2 points with one sigma each");
  const w = sigmas.map((s) => 1 / Math.max(s, 1e-12) ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const mx = xs.reduce((a, x, i) => a + w[i] * x, 0) / sw;
  const my = ys.reduce((a, y, i) => a + w[i] * y, 0) / sw;
  const sxx = xs.reduce((a, x, i) => a + w[i] * (x - mx) ** 2, 0);
  if (sxx === 0) throw new RangeError("a line fit needs two distinct x values");
  const slope = xs.reduce((a, x, i) => a + w[i] * (x - mx) * (ys[i] - my), 0) / sxx;
  const intercept = my - slope * mx;
  const residualSumOfSquares = xs.reduce((a, x, i) => a + w[i] * (ys[i] - intercept - slope * x) ** 2, 0);
  const pValue = xs.length > 2 ? chiSquareSurvival(residualSumOfSquares, xs.length - 2) : NaN;
  return { intercept, slope, slopeStandardError: Math.sqrt(1 / sxx), residualSumOfSquares, points: xs.length, pValue };
}

/**
 * Exponential against linear growth of E[T] in K for one model: a line through
 * the seeds' mean hitting times (linear) and through their logarithms
 * (exponential, slope = ln of the growth factor per diamond), each weighted by the
 * spread over seeds at that depth (standard error of the mean over seeds, or the
 * Monte Carlo one when it is larger). Each fit is rejected at the 5% level when its
 * weighted residual (chi-square) has a p-value below 0.05; `verdict` says which of the
 * two survive, and `lowerBounds` if any point is only a bound.
 */
export interface GrowthFit {
  readonly model: SequenceModelName;
  readonly Ks: number[];
  readonly linear: LineFit;
  readonly exponential: LineFit;
  /** e^slope of the exponential fit, and its interval from ±1.96 slope standard errors. */
  readonly growthFactor: number;
  readonly growthFactorInterval: [number, number];
  readonly lowerBounds: boolean;
  readonly verdict: "linear" | "exponential" | "both fit" | "neither fits";
}

/** Which of the two fits the data do not reject at the 5% level. */
function growthVerdict(linear: LineFit, exponential: LineFit): GrowthFit["verdict"] {
  const linearFits = linear.pValue >= 0.05;
  const exponentialFits = exponential.pValue >= 0.05;
  if (linearFits && exponentialFits) return "both fit";
  if (linearFits) return "linear";
  return exponentialFits ? "exponential" : "neither fits";
}

export function growthFits(rows: readonly DepthRow[]): GrowthFit[] {
  return SEQUENCE_MODELS.flatMap((model) => {
    const own = rows.filter((r) => r.model === model && r.trainedHere).sort((a, b) => a.K - b.K);
    if (own.length < 3) return [];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ys = own.map((r) => mean(r.means));
    const sigmas = own.map((r, i) => {
      const overSeeds = r.seeds > 1 ? Math.sqrt(r.means.reduce((a, m) => a + (m - ys[i]) ** 2, 0) / (r.seeds - 1) / r.seeds) : 0;
      const monteCarlo = Math.sqrt(r.standardErrors.reduce((a, s) => a + s * s, 0)) / r.seeds;
      return Math.max(overSeeds, monteCarlo);
    });
    const Ks = own.map((r) => r.K);
    const linear = fitLine(Ks, ys, sigmas);
    const exponential = fitLine(Ks, ys.map(Math.log), sigmas.map((s, i) => s / ys[i]));
    const z = 1.96 * exponential.slopeStandardError;
    return [{
      model, Ks, linear, exponential,
      growthFactor: Math.exp(exponential.slope),
      growthFactorInterval: [Math.exp(exponential.slope - z), Math.exp(exponential.slope + z)] as [number, number],
      lowerBounds: own.some((r) => r.censoredSeeds > 0),
      verdict: growthVerdict(linear, exponential),
    }];
  });
}

/** Training curves: per training at the main depth, the median over seeds of each step's record. */
export interface CurveRow {
  readonly training: SequenceTrainingName;
  readonly steps: number[];
  /** SFT trainings: the batch's loss; RLVR: the group's mean steps (min(T, budget)). */
  readonly median: number[];
  readonly low: number[];
  readonly high: number[];
  readonly quantity: "loss" | "meanSteps";
}

export function trainingCurves(data: SequenceSweepData): CurveRow[] {
  const K = data.plan.mainK;
  return SEQUENCE_TRAININGS.map((training) => {
    const runs = data.results.filter((r) => r.kind === "training" && r.training === training && r.K === K);
    const quantity = training === "rlvr" ? "meanSteps" : "loss";
    const n = Math.min(...runs.map((r) => r.history.length));
    const steps = Array.from({ length: n }, (_, i) => i);
    const at = (i: number) => runs.map((r) => r.history[i][quantity] as number);
    return {
      training, steps, quantity,
      median: steps.map((i) => median(at(i))),
      low: steps.map((i) => Math.min(...at(i))),
      high: steps.map((i) => Math.max(...at(i))),
    };
  });
}

/** RLVR late in its training at one depth: the groups' mean walk length, mean over seeds, in two windows. */
export interface LateTrainingRow {
  readonly K: number;
  /** Updates per window: 100, or half the shortest run if it had fewer than 200. */
  readonly window: number;
  /** Over the window before the last, and over the last. */
  readonly before: number;
  readonly last: number;
}

/**
 * Has RLVR stopped improving? At each depth of the sweep, the mean walk length of the
 * groups over the last `window` updates against the `window` before (each group mixes
 * the depths 1..K it trains on). A clear fall says the run had not finished.
 */
export function rlvrLateTraining(data: SequenceSweepData, window = 100): LateTrainingRow[] {
  return data.plan.depths.map((K) => {
    const runs = data.results.filter((r) => r.training === "rlvr" && r.K === K);
    const n = Math.min(...runs.map((r) => r.history.length));
    const w = Math.min(window, Math.floor(n / 2));
    const meanSteps = (from: number, to: number) =>
      runs.reduce((sum, r) => sum + r.history.slice(from, to).reduce((s, h) => s + (h.meanSteps ?? NaN), 0) / (to - from), 0) / runs.length;
    return { K, window: w, before: meanSteps(n - 2 * w, n - w), last: meanSteps(n - w, n) };
  });
}

/** The base-model check at its own size: the measured E[T] against the exact random walk. */
export function baseCheck(data: SequenceSweepData) {
  const r = data.results.find((x) => x.kind === "base-check");
  if (r === undefined) throw new RangeError("the sweep data has no base-check job");
  const c = data.plan.baseCheck;
  return { ...c, estimate: r.evaluations[0].hittingTime, exact: sequenceReferences(c.W, c.K, c.L).base };
}

/**
 * The registry's parameters of appendix A3's figures: their data is the sweep's,
 * read by the figure script (or a notebook) from figures/`source` and passed as `sweep`.
 */
export const SEQUENCE_FIGURE_DEFAULTS = { source: "sequenceSweep.json", sweep: null as SequenceSweepData | null };
export type SequenceFigureParams = typeof SEQUENCE_FIGURE_DEFAULTS;

/** What appendix A3's three figures draw. */
export interface SequenceFigureData {
  readonly W: number;
  readonly L: number;
  readonly mainK: number;
  readonly mainSeeds: number;
  readonly rows: DepthRow[];
  readonly curves: CurveRow[];
  /** The optima averaged over the training depths 1..mainK (RLVR's groups mix them). */
  readonly mixReferences: { edgeState: number; memory: number };
}

export function sequenceFigureData(params: Partial<SequenceFigureParams> = {}): SequenceFigureData {
  const sweep = params.sweep;
  if (sweep === null || sweep === undefined || typeof sweep !== "object" || !Array.isArray(sweep.results)) {
    throw new RangeError(`sweep must be the data of figures/${params.source ?? SEQUENCE_FIGURE_DEFAULTS.source} (written by npm run sweep), got ${sweep === null ? "null" : typeof sweep}`);
  }
  const { W, L } = sweep.protocol;
  const mainK = sweep.plan.mainK;
  const depths = Array.from({ length: mainK }, (_, k) => k + 1);
  const mean = (pick: (r: ReturnType<typeof sequenceReferences>) => number) =>
    depths.reduce((s, k) => s + pick(sequenceReferences(W, k, L)), 0) / depths.length;
  return {
    W, L, mainK, mainSeeds: sweep.plan.mainSeeds,
    rows: depthRows(sweep),
    curves: trainingCurves(sweep),
    mixReferences: { edgeState: mean((r) => r.edgeState), memory: mean((r) => r.memory) },
  };
}
