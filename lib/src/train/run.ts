/**
 * The set-up and bookkeeping every trainer shares: checked options, the logits
 * and the optimizer, the policy they give, and a bounded history with progress
 * reports. A trainer supplies only its gradient.
 */
import type { GraphShape } from "../graph";
import { describeShape, requireShape } from "../graph";
import type { Policy } from "../policy";
import { decisionCount, policyFromTheta, setPolicyFromTheta } from "../policy";
import { log10ExpectedHittingTime } from "../chain";
import { describe, requireFinite, requireFunction, requireInteger, requireNumberList, requireOneOf, requireOptions, requirePositiveFinite } from "../validate";
import type { LoopOptions, Optimizer, OptimizerName } from "./optimizer";
import { createOptimizer, OPTIMIZERS } from "./optimizer";
import type { TrainingRecord, TrainingResult } from "./history";
import { DEFAULT_HISTORY_POINTS, isRecordedStep, recordOf } from "./history";

/**
 * What the trainers refuse as too long to finish: each limit is some minutes of
 * computing (the cost of an update is measured in bench/README.md), and
 * `maxDecisionUpdates` (steps times decisions) bounds the runs on large graphs.
 */
export const TRAINING_LIMITS = { maxSteps: 10_000_000, maxDecisionUpdates: 2e9, maxHistoryPoints: 1_000_000 };

/** A trainer's options once defaults are applied. */
export interface CheckedLoopOptions {
  steps: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: string;
  historyPoints: number;
  initialTheta?: ArrayLike<number>;
  onProgress?: LoopOptions["onProgress"];
}

/** `options` over `defaults`, every shared option checked; `options` may be undefined. */
export function loopOptions<D extends { steps: number; learningRate: number; optimizer: OptimizerName; seed: string }, O extends LoopOptions>(
  defaults: D,
  options: O | undefined,
): D & O & CheckedLoopOptions {
  const o = { ...defaults, historyPoints: DEFAULT_HISTORY_POINTS, ...requireOptions("options", options) } as D & O & CheckedLoopOptions;
  requireInteger("steps", o.steps, 1, TRAINING_LIMITS.maxSteps);
  requirePositiveFinite("learningRate", o.learningRate);
  requireOneOf("optimizer", o.optimizer, OPTIMIZERS);
  if (typeof o.seed !== "string") throw new RangeError(`seed must be a string, got ${describe(o.seed)}`);
  requireInteger("historyPoints", o.historyPoints, 2, TRAINING_LIMITS.maxHistoryPoints);
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
  const theta = initialTheta(o.initialTheta, n);
  const optimizer: Optimizer = createOptimizer(o.optimizer, o.learningRate, n);
  const history: TrainingRecord[] = [];
  const policy = policyFromTheta(shape, theta);
  return {
    theta,
    policy,
    record(step, extra) {
      if (!isRecordedStep(step, o.steps, o.historyPoints)) return;
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
      setPolicyFromTheta(policy, theta);
    },
    result: () => ({ history, policy, theta }),
  };
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
