/**
 * The set-up and bookkeeping every trainer shares: checked options, the logits
 * and the optimizer, the policy they give, and a bounded history with progress
 * reports. A trainer supplies only its gradient.
 */
import type { GraphShape } from "../graph";
import { describeShape, requireShape } from "../graph";
import type { Policy } from "../policy";
import { decisionCount, decisionName, policyFromTheta, setPolicyFromTheta } from "../policy";
import { log10ExpectedHittingTime } from "../chain";
import { describe, requireFinite, requireFunction, requireInteger, requireNumberList, requireOneOf, requireOptions } from "../validate";
import type { LoopOptions, Optimizer, OptimizerName } from "./optimizer";
import { createOptimizer, MAX_LEARNING_RATE, OPTIMIZERS, requireLearningRate } from "./optimizer";
import type { TrainingRecord, TrainingResult } from "./history";
import { DEFAULT_HISTORY_POINTS, isRecordedStep, recordOf } from "./history";

/**
 * What the trainers refuse as too long to finish: each limit is some minutes of
 * computing (the cost of an update is measured in bench/README.md), and
 * `maxDecisionUpdates` (steps times decisions) bounds the runs on large graphs.
 */
export const TRAINING_LIMITS = {
  maxSteps: 10_000_000,
  maxDecisionUpdates: 2e9,
  maxHistoryPoints: 1_000_000,
  maxLearningRate: MAX_LEARNING_RATE,
  /**
   * Numbers a trainer may keep at once (about 800 MB as doubles, within Node's
   * default heap): the history's probabilities, the demonstrations' tallies, a
   * group's rollout tallies. Checked before anything is allocated.
   */
  maxStoredNumbers: 1e8,
};

/**
 * Throws unless `items` things of `perItem` numbers each fit in
 * TRAINING_LIMITS.maxStoredNumbers; `what` says what they are and `option` which
 * option sets `items`, as the caller names them (the command line passes its own).
 */
export function requireStoredNumbers(shape: GraphShape, what: string, items: number, perItem: number, option: string): void {
  const limit = TRAINING_LIMITS.maxStoredNumbers;
  if (items * perItem <= limit) return;
  throw new RangeError(
    `${what} would keep ${items} x ${perItem} = ${items * perItem} numbers on ${describeShape(shape)}, more than ` +
      `${limit} (TRAINING_LIMITS.maxStoredNumbers, about 800 MB): ${option} must be at most ${Math.floor(limit / perItem)} here`,
  );
}

/**
 * The records a history keeps unless asked for another number: DEFAULT_HISTORY_POINTS,
 * or fewer where that many would not fit in TRAINING_LIMITS.maxStoredNumbers (past
 * K + S of about 12,500), so a run with default options is never refused for its history.
 */
export function defaultHistoryPoints(shape: GraphShape): number {
  return Math.max(2, Math.min(DEFAULT_HISTORY_POINTS, Math.floor(TRAINING_LIMITS.maxStoredNumbers / decisionCount(shape))));
}

/**
 * Throws unless a run's history fits in memory: min(steps + 1, historyPoints)
 * records (see isRecordedStep) of one probability per decision. `names` are the
 * two options as the caller calls them.
 */
export function requireHistoryFits(
  shape: GraphShape,
  steps: number,
  historyPoints: number,
  names: { steps: string; historyPoints: string } = { steps: "steps", historyPoints: "historyPoints" },
): void {
  const records = Math.min(steps + 1, historyPoints);
  const what = `a history of min(${names.steps} + 1, ${names.historyPoints}) records of every decision's probability`;
  const option = steps + 1 <= historyPoints ? `${names.steps} + 1` : names.historyPoints;
  requireStoredNumbers(shape, what, records, decisionCount(shape), option);
}

/** A trainer's options once defaults are applied. */
export interface CheckedLoopOptions {
  steps: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: string;
  /** Undefined: `defaultHistoryPoints` of the shape. */
  historyPoints?: number;
  initialTheta?: ArrayLike<number>;
  onProgress?: LoopOptions["onProgress"];
}

/**
 * `options` over `defaults`, every shared option checked, and no key outside
 * `known` (the trainer's option names); `options` may be undefined.
 */
export function loopOptions<D extends { steps: number; learningRate: number; optimizer: OptimizerName; seed: string }, O extends LoopOptions>(
  defaults: D,
  options: O | undefined,
  known: readonly string[],
): D & O & CheckedLoopOptions {
  const o = { ...defaults, ...requireOptions("options", options, known) } as D & O & CheckedLoopOptions;
  requireInteger("steps", o.steps, 1, TRAINING_LIMITS.maxSteps);
  requireLearningRate(o.learningRate);
  requireOneOf("optimizer", o.optimizer, OPTIMIZERS);
  if (typeof o.seed !== "string") throw new RangeError(`seed must be a string, got ${describe(o.seed)}`);
  if (o.historyPoints !== undefined) requireInteger("historyPoints", o.historyPoints, 2, TRAINING_LIMITS.maxHistoryPoints);
  if (o.onProgress !== undefined) requireFunction("onProgress", o.onProgress);
  return o;
}

/** A run in progress: the logits, their policy, and the records kept so far. */
export interface TrainingRun {
  readonly theta: Float64Array;
  /** The policy of `theta`, updated in place by `update`. */
  readonly policy: Policy;
  /**
   * Records the current policy as after `step` updates when the history keeps that
   * step (`extra` is what the trainer computed anyway), and reports progress.
   */
  record(step: number, extra?: { hittingTime?: number; loss?: number; meanReward?: number }): void;
  /** Steps the logits against `gradient`, computed at the policy after `done` updates. */
  update(gradient: Float64Array, done: number): void;
  result(): TrainingResult;
}

/**
 * Starts a run on `shape` from `o.initialTheta` (the base model by default),
 * refusing a run too long to finish before it starts.
 */
export function startRun(shape: GraphShape, o: CheckedLoopOptions): TrainingRun {
  const n = decisionCount(requireShape(shape));
  if (o.steps * n > TRAINING_LIMITS.maxDecisionUpdates) {
    throw new RangeError(
      `steps times decisions must be at most ${TRAINING_LIMITS.maxDecisionUpdates} (TRAINING_LIMITS.maxDecisionUpdates, ` +
        `about some minutes of computing), got ${o.steps} steps of ${n} decisions on ${describeShape(shape)}`,
    );
  }
  const historyPoints = o.historyPoints ?? defaultHistoryPoints(shape);
  requireHistoryFits(shape, o.steps, historyPoints);
  const theta = initialTheta(o.initialTheta, n);
  const optimizer: Optimizer = createOptimizer(o.optimizer, o.learningRate, n);
  const history: TrainingRecord[] = [];
  const policy = policyFromTheta(shape, theta);
  return {
    theta,
    policy,
    record(step, extra) {
      if (!isRecordedStep(step, o.steps, historyPoints)) return;
      const record = recordOf(shape, policy, step, extra);
      history.push(record);
      if (step > 0) o.onProgress?.(record, o.steps, theta);
    },
    update(gradient, done) {
      if (!allFinite(gradient)) {
        const log10 = log10ExpectedHittingTime(shape, policy);
        throw new RangeError(
          `the expected hitting time went beyond the double range after step ${done} ` +
            `(log10 E[T] = ${log10.toPrecision(6)} on ${describeShape(shape)}), where the gradient cannot be computed ` +
            `in doubles: train a smaller graph, or with a smaller learning rate`,
        );
      }
      optimizer.step(theta, gradient);
      requireFiniteLogits(theta, shape, done, o.learningRate);
      setPolicyFromTheta(policy, theta);
    },
    result: () => ({ history, policy, theta }),
  };
}

/** After an update: a logit that overflowed is the step size's doing, said as such. */
function requireFiniteLogits(theta: Float64Array, shape: GraphShape, done: number, learningRate: number): void {
  if (allFinite(theta)) return;
  const k = theta.findIndex((x) => !Number.isFinite(x));
  throw new RangeError(
    `update ${done + 1} made theta[${k}] (${decisionName(shape, k)}) ${theta[k]}: learningRate ${learningRate} ` +
      `times the gradient overflows the logits; train with a smaller learningRate`,
  );
}

function allFinite(values: Float64Array): boolean {
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k])) return false;
  return true;
}

/** The starting logits: a copy of `given`, or zeros (the base model). */
function initialTheta(given: ArrayLike<number> | undefined, n: number): Float64Array {
  if (given === undefined) return new Float64Array(n);
  requireNumberList("initialTheta", given);
  if (given.length !== n) throw new RangeError(`initialTheta must have ${n} entries (decisionCount), got ${given.length}`);
  const theta = Float64Array.from(given);
  theta.forEach((x, k) => requireFinite(`initialTheta[${k}]`, x));
  return theta;
}
