/**
 * The objective sampled RLVR ascends, computed exactly: the expected reward of a
 * rollout with a step budget B and a length penalty lambda,
 *
 *   E[R] = E[(1 - lambda T / B) 1{T <= B}],
 *
 * and its gradient in the logits of the desired moves, by dynamic programming
 * over time on the edge-state chain (no sampling). Notebook 03 and the default
 * budget of train/rlvr.ts rest on its sign at the base model: a budget below the
 * base walk's hitting time makes the gradient point away from some backtracking
 * moves, a budget well above it does not.
 *
 * With V_t(s) the expected reward from state s after t steps and mu_t the
 * probability of standing at s after t steps without having hit the target,
 *
 *   dE[R] / d theta_k = sum_t sum_{s deciding k} mu_t(s) p_k (1 - p_k) (V_{t+1}(desired) - V_{t+1}(alternative)),
 *
 * since d p_k / d theta_k = p_k (1 - p_k) for p_k = sigmoid(theta_k + offset).
 */
import type { GraphShape } from "./graph";
import { buildGraph, requireShape } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, requirePolicyFor } from "./policy";
import { compileSamplingTable, requireSampleable } from "./sample";
import { optionKeys, requireInteger, requireOptions, requirePositiveFinite } from "./validate";

/** The most (budget + 1) x edge-states values the computation may hold (8 bytes each). */
export const TRUNCATED_REWARD_LIMIT = 25_000_000;

export interface TruncatedRewardOptions {
  /** Steps after which a rollout that has not hit the target earns 0. */
  budget: number;
  /** Reward lost per budget's worth of steps. Defaults to 1. */
  lengthPenalty?: number;
}

const TRUNCATED_REWARD_OPTIONS = optionKeys<TruncatedRewardOptions>({ budget: true, lengthPenalty: true });

export interface TruncatedReward {
  /** E[(1 - lambda T / B) 1{T <= B}]. */
  readonly reward: number;
  /** Its derivative in each decision's logit (positive: raising P(desired move) raises the reward). */
  readonly gradient: Float64Array;
}

/**
 * The expected truncated reward of `policy` on `shape` and its exact gradient in
 * the logits (the expectation of what sampled RLVR estimates from its rollouts).
 */
export function truncatedRewardGradient(shape: GraphShape, policy: Policy, options: TruncatedRewardOptions): TruncatedReward {
  requireShape(shape);
  requirePolicyFor(shape, policy);
  requireSampleable(shape);
  const given = requireOptions("options", options, TRUNCATED_REWARD_OPTIONS);
  const budget = requireInteger("budget", given.budget, 1, 1e9);
  const lengthPenalty = requirePositiveFinite("lengthPenalty", given.lengthPenalty ?? 1);
  // Every target branch gives the same reward by symmetry: the policy never sees which branch it is.
  const table = compileSamplingTable(buildGraph(shape, 0));
  const n = table.node.length;
  if ((budget + 1) * n > TRUNCATED_REWARD_LIMIT) {
    throw new RangeError(
      `budget must be at most ${Math.floor(TRUNCATED_REWARD_LIMIT / n) - 1} on this shape ((budget + 1) times its ` +
        `${n} edge-states values are held), got ${budget}`,
    );
  }
  const { decision, desiredNext, alternativeNext, branchState, isTarget } = table;
  const { desired, alternative } = policy;
  const W = branchState.length;
  // The value after the desired move, where that move may be the fork's uniform pick of a branch.
  const desiredValue = (next: Float64Array, s: number) => {
    const to = desiredNext[s];
    if (to >= 0) return next[to];
    let sum = 0;
    for (let w = 0; w < W; w++) sum += next[branchState[w]];
    return sum / W;
  };

  // Backward: values[t * n + s] = V_t(s).
  const values = new Float64Array((budget + 1) * n);
  for (let t = budget; t >= 0; t--) {
    const now = values.subarray(t * n, (t + 1) * n);
    const next = t < budget ? values.subarray((t + 1) * n, (t + 2) * n) : null;
    for (let s = 0; s < n; s++) {
      if (isTarget[s] === 1) now[s] = 1 - (lengthPenalty * t) / budget;
      else if (next === null) now[s] = 0;
      else {
        const k = decision[s];
        now[s] = k < 0 ? desiredValue(next, s) : desired[k] * desiredValue(next, s) + alternative[k] * next[alternativeNext[s]];
      }
    }
  }

  // Forward: the walkers still out after t steps, each decision weighted by its value difference.
  const gradient = new Float64Array(decisionCount(shape));
  let mass = new Float64Array(n);
  let following = new Float64Array(n);
  mass[0] = 1;
  const spread = (to: number, weight: number) => {
    if (to >= 0) following[to] += weight;
    else for (let w = 0; w < W; w++) following[branchState[w]] += weight / W;
  };
  for (let t = 0; t < budget; t++) {
    const next = values.subarray((t + 1) * n, (t + 2) * n);
    following.fill(0);
    for (let s = 0; s < n; s++) {
      const m = mass[s];
      if (m === 0 || isTarget[s] === 1) continue;
      const k = decision[s];
      if (k < 0) {
        spread(desiredNext[s], m);
        continue;
      }
      gradient[k] += m * desired[k] * alternative[k] * (desiredValue(next, s) - next[alternativeNext[s]]);
      spread(desiredNext[s], m * desired[k]);
      following[alternativeNext[s]] += m * alternative[k];
    }
    [mass, following] = [following, mass];
  }
  return { reward: values[0], gradient };
}
