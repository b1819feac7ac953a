/**
 * Two facts about the training runs that follow from how they are built, so the
 * notebooks can state them as such instead of presenting them as findings:
 *
 * - sign steps from the base model move every logit by exactly the learning rate
 *   per step for as long as every entry of the exact gradient is negative, so the
 *   exact RLVR run is theta_t = lr * t on every decision (notebook 03);
 * - a student fitted to the maximum-likelihood frequencies of N teacher walks has
 *   an expected hitting time whose spread over data sets shrinks like 1/sqrt(N),
 *   with a constant the delta method gives from the teacher's own gradient
 *   (appendix notebook A1).
 */
import type { GraphShape } from "./graph";
import { decisionCount, decisionName, policyFromTheta } from "./policy";
import type { Policy } from "./policy";
import { policyGradient } from "./chain";
import { requireInteger, requireOptions, requirePositiveFinite } from "./validate";
import { requireShape } from "./graph";

/** Where the uniform sign trajectory theta_t = lr * t stops being the sign run. */
export interface UniformSignCheck {
  /** Steps checked: the gradient was evaluated at theta_t = lr * t for t = 0 .. steps - 1. */
  readonly steps: number;
  /** Number of leading steps at which every gradient entry is negative (steps when it never fails). */
  readonly allNegativeSteps: number;
  /** The first step and decision with a gradient entry >= 0, or null if there is none. */
  readonly firstNonNegative: { readonly step: number; readonly decision: string; readonly gradient: number } | null;
}

/**
 * Follows theta_t = lr * t (every logit equal) from the base model and checks,
 * with the exact gradient of E[T] at each of the `steps` points, that every entry
 * is negative. Where it is, a sign step of size lr from theta_t lands exactly on
 * theta_{t+1}, so the sign-step RLVR run from the base model is this trajectory
 * up to the first step reported in `firstNonNegative`. Theorem 3, notebook 03.
 */
export function checkUniformSignTrajectory(
  shape: GraphShape,
  options: { learningRate: number; steps: number },
): UniformSignCheck {
  requireShape(shape);
  const { learningRate, steps: stepCount } = requireOptions("options", options, ["learningRate", "steps"]);
  const lr = requirePositiveFinite("learningRate", learningRate);
  const steps = requireInteger("steps", stepCount, 1, 10_000_000);
  const theta = new Float64Array(decisionCount(shape));
  for (let t = 0; t < steps; t++) {
    theta.fill(lr * t);
    const { gradient } = policyGradient(shape, policyFromTheta(shape, theta));
    const k = gradient.findIndex((g) => !(g < 0));
    if (k >= 0) {
      return { steps, allNegativeSteps: t, firstNonNegative: { step: t, decision: decisionName(shape, k), gradient: gradient[k] } };
    }
  }
  return { steps, allNegativeSteps: steps, firstNonNegative: null };
}

/**
 * The delta-method standard deviation of the expected hitting time of a student
 * whose probabilities are the maximum-likelihood frequencies of `traces` walks of
 * `teacher` (SFT run to convergence). Decision k is made v_k times per walk on
 * average, so its frequency has variance p_k (1 - p_k) / (traces v_k); the
 * frequencies of different decisions are asymptotically independent (the walk is
 * a Markov chain), and dE[T]/dp_k = g_k / (p_k (1 - p_k)) with g the exact
 * gradient in the logits. So the variance is sum_k g_k^2 / (p_k (1 - p_k) v_k) / traces.
 * Decisions the teacher never makes (v_k = 0) or makes deterministically carry no
 * variance. An asymptotic statement: it ignores walks that miss a decision
 * altogether, which matter only for a handful of walks. Appendix notebook A1.
 */
export function distilledStudentSpread(shape: GraphShape, teacher: Policy, traces: number): number {
  requireInteger("traces", traces, 1, Number.MAX_SAFE_INTEGER);
  const { gradient, visits } = policyGradient(shape, teacher);
  let variance = 0;
  for (let k = 0; k < gradient.length; k++) {
    const pq = teacher.desired[k] * teacher.alternative[k];
    if (visits[k] > 0 && pq > 0) variance += (gradient[k] * gradient[k]) / (pq * visits[k]);
  }
  return Math.sqrt(variance / traces);
}
