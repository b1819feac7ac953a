/**
 * Update rules on the logits theta, shared by every trainer. Each minimises: it
 * steps against the gradient it is given.
 */
import { requireInteger, requireOneOf, requirePositiveFinite } from "../validate";

export const OPTIMIZERS = ["gradient", "sign", "adam"] as const;
/** "sign" moves every logit by exactly the learning rate (the paper's RLVR steps of 0.01). */
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface Optimizer {
  /** Updates theta in place from the gradient of the objective being minimised. */
  step(theta: Float64Array, gradient: Float64Array): void;
}

/** Adam's moment decay rates and its denominator floor (the usual defaults). */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * The largest step size: past a logit of 745 a probability is 0 or 1 in doubles
 * (exp(-745) underflows), so a sign or Adam step of more than 1000 leaves every
 * probability it touches at 0 or 1 at once, and larger ones overflow the logits.
 */
export const MAX_LEARNING_RATE = 1000;

/** Throws unless `value` is a learning rate: a number in (0, MAX_LEARNING_RATE]. */
export function requireLearningRate(value: unknown, name = "learningRate"): number {
  return requirePositiveFinite(name, value, MAX_LEARNING_RATE);
}

export function createOptimizer(name: OptimizerName, learningRate: number, size: number): Optimizer {
  requireOneOf("optimizer", name, OPTIMIZERS);
  requireLearningRate(learningRate);
  requireInteger("size", size, 1, Number.MAX_SAFE_INTEGER);
  switch (name) {
    case "gradient":
      return {
        step(theta, g) {
          for (let k = 0; k < theta.length; k++) theta[k] -= learningRate * g[k];
        },
      };
    case "sign":
      return {
        step(theta, g) {
          for (let k = 0; k < theta.length; k++) theta[k] -= learningRate * Math.sign(g[k]);
        },
      };
    case "adam": {
      const m = new Float64Array(size);
      const v = new Float64Array(size);
      let t = 0;
      return {
        step(theta, g) {
          t++;
          for (let k = 0; k < size; k++) {
            m[k] = ADAM.beta1 * m[k] + (1 - ADAM.beta1) * g[k];
            v[k] = ADAM.beta2 * v[k] + (1 - ADAM.beta2) * g[k] * g[k];
            const mHat = m[k] / (1 - ADAM.beta1 ** t);
            const vHat = v[k] / (1 - ADAM.beta2 ** t);
            theta[k] -= (learningRate * mHat) / (Math.sqrt(vHat) + ADAM.epsilon);
          }
        },
      };
    }
  }
}

/** Options every trainer shares (their names in LOOP_OPTIONS). */
export interface LoopOptions {
  /** Number of updates. */
  steps?: number;
  /** Step size on the logits. */
  learningRate?: number;
  optimizer?: OptimizerName;
  /** Seed of the trainer's random generator (sampled modes). */
  seed?: string;
  /** Logits to start from; defaults to all zeros, the base model. */
  initialTheta?: ArrayLike<number>;
  /** Records kept, evenly spaced over the run, first and last included; defaults to 2001 (see isRecordedStep). */
  historyPoints?: number;
  /**
   * Called with every record kept after step 0 (for a progress display), and the
   * logits then (the run's own array: copy it to keep it).
   */
  onProgress?: (record: import("./history").TrainingRecord, totalSteps: number, theta: Readonly<Float64Array>) => void;
}

/** The keys of LoopOptions, which each trainer's list of option names starts from (see optionKeys). */
export const LOOP_OPTIONS = {
  steps: true,
  learningRate: true,
  optimizer: true,
  seed: true,
  initialTheta: true,
  historyPoints: true,
  onProgress: true,
} as const satisfies { readonly [K in keyof Required<LoopOptions>]: true };
