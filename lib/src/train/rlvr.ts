/**
 * RLVR: policy-gradient training on an outcome reward with a length penalty
 * (Theorem 3, notebook 03; Figure 3).
 *
 * Reward of one rollout with a step budget B: 1 - lengthPenalty * steps / B if it
 * hits the target within B steps, else 0. As B grows this is, up to scale,
 * -(hitting time), so the "exact" mode descends the exact expected hitting time
 * with the gradient of chain.ts (visit counts times value differences); the
 * "sampled" mode estimates the reward gradient from G rollouts per update with
 * the group's mean reward as baseline, as GRPO does.
 */
import type { GraphShape } from "../graph";
import { describeShape, goldenPathLength, requireShape } from "../graph";
import { basePolicy, decisionCount, requirePolicy } from "../policy";
import type { Policy } from "../policy";
import { BeyondDoubleRangeError, createPolicyGradient, expectedHittingTime, policyGradient } from "../chain";
import type { DecisionCounts } from "../sample";
import { describe, optionKeys, requireFinite, requireInteger, requireOneOf, requireOptions, requirePositiveFinite } from "../validate";
import type { LoopOptions, OptimizerName } from "./optimizer";
import { LOOP_OPTIONS } from "./optimizer";
import type { TrainingResult } from "./history";
import { loopOptions, requireStoredNumbers, startRun } from "./run";

/*
 * The sampler and SFT's sampling helpers, required when first used: an exact run
 * (the Figure 3 protocol, the command line's `train rlvr`) never loads them, nor
 * seedrandom, which was a tenth of that command's time.
 */
let sampleModule: typeof import("../sample") | undefined;
let sftModule: typeof import("./sft") | undefined;
const sampling = () => (sampleModule ??= require("../sample") as typeof import("../sample"));
const sftSampling = () => (sftModule ??= require("./sft") as typeof import("./sft"));

export interface RlvrOptions extends LoopOptions {
  /** "exact": the exact gradient of E[hitting time]; "sampled": group-baseline REINFORCE. */
  mode?: "exact" | "sampled";
  /** Sampled mode: rollouts per update (G). */
  groupSize?: number;
  /** Sampled mode: step budget of a rollout; defaults to `defaultBudget(shape)`, 8 times the base walk's E[T]. */
  budget?: number;
  /** Sampled mode: reward lost per budget's worth of steps (the length penalty). */
  lengthPenalty?: number;
}

const RLVR_OPTIONS = optionKeys<RlvrOptions>({ ...LOOP_OPTIONS, mode: true, groupSize: true, budget: true, lengthPenalty: true });

/** Exact mode's defaults are the paper's Figure 3 protocol: 1200 sign steps of 0.01, from the base model. */
export const RLVR_DEFAULTS = {
  steps: 1200,
  learningRate: 0.01,
  optimizer: "sign" as OptimizerName,
  mode: "exact" as "exact" | "sampled",
  groupSize: 64,
  lengthPenalty: 1,
  seed: "rlvr",
};

/**
 * Sampled mode's defaults: noisy gradients want Adam. Measured on G(5, 5, 3) with
 * the default budget (seeds "0" to "19", groups of 64): no seed collapses, and after
 * these 800 updates they stand at 1.6 to 2.9 times the optimum, still falling (the
 * length penalty per step is small against a budget of 11600); 4000 updates bring
 * seed "test" within 10% (lib/test/train.test.ts).
 */
export const RLVR_SAMPLED_DEFAULTS = { ...RLVR_DEFAULTS, mode: "sampled" as const, steps: 800, learningRate: 0.1, optimizer: "adam" as OptimizerName };

/**
 * The learning rate of plain gradient steps on E[T] whose first step from the
 * base model moves no logit further than `firstStep`: `firstStep` over the
 * largest gradient entry there. The gradient runs into the thousands and grows
 * with the graph, so a rate fixed across sizes either crawls or diverges
 * (notebook 03, the explorable).
 */
export function plainGradientLearningRate(shape: GraphShape, firstStep: number): number {
  requirePositiveFinite("firstStep", firstStep);
  const gradient = policyGradient(shape, basePolicy(shape)).gradient;
  return firstStep / gradient.reduce((largest, g) => Math.max(largest, Math.abs(g)), 0);
}

/** The default rollout budget, as a multiple of the base walk's expected hitting time. */
export const DEFAULT_BUDGET_FACTOR = 8;

/**
 * The default rollout budget: 8 times the base walk's expected hitting time. The
 * budget decides which way sampled RLVR goes: at the base model the exact gradient
 * of the truncated reward (`truncatedRewardGradient`) must agree in sign with
 * descent on E[T] at every decision. A budget below the base walk's E[T] (such as 4
 * times the optimum, 400 on G(5, 5, 3) against 1450) reverses it at b and d, and
 * the policy learns to stop backtracking. At 4 times the base E[T] it still
 * disagrees on some sizes (G(3, 4, 2), G(4, 6, 2)); at 8 times it agrees on every
 * size measured (W up to 10, K up to 10, L up to 5; lib/test/truncated-reward.test.ts
 * checks eight of them). Where descent on E[T] itself lowers some b_j or d_j at the
 * base model (graphs deep for their width, such as G(2, 3, 1)), no budget can do
 * better than agree with it.
 */
export function defaultBudget(shape: GraphShape): number {
  return Math.ceil(DEFAULT_BUDGET_FACTOR * expectedHittingTime(shape, basePolicy(shape)));
}

/**
 * The outcome reward of one rollout that took `steps` steps to the target (a
 * negative `steps`: it missed it within the budget): 1 - lengthPenalty * steps / budget, else 0.
 */
export function rolloutReward(steps: number, budget: number, lengthPenalty = 1): number {
  requirePositiveFinite("budget", budget);
  requirePositiveFinite("lengthPenalty", lengthPenalty);
  requireInteger("steps", steps, -1, Math.floor(budget));
  return steps < 0 ? 0 : 1 - (lengthPenalty * steps) / budget;
}

/**
 * Adds one rollout's term of the group-baseline REINFORCE gradient of -E[reward]
 * with respect to the logits of the desired moves: the score of logit k is
 * n1_k - (n1_k + n0_k) p_k (moves made at decision k), times advantage / G.
 */
export function addReinforceTerm(gradient: Float64Array, policy: Policy, counts: DecisionCounts, advantage: number, groupSize: number): void {
  const n = requirePolicy(policy).desired.length;
  if (!(gradient instanceof Float64Array) || gradient.length !== n) {
    throw new RangeError(`gradient must be a Float64Array of ${n} entries, got ${describe(gradient)}`);
  }
  const { desired, alternative } = sampling().requireDecisionCounts(policy.shape, counts);
  requireFinite("advantage", advantage);
  requireInteger("groupSize", groupSize, 1, Number.MAX_SAFE_INTEGER);
  for (let k = 0; k < gradient.length; k++) {
    const made = desired[k] + alternative[k];
    if (made > 0) gradient[k] -= (advantage * (desired[k] - made * policy.desired[k])) / groupSize;
  }
}

/** Theorem 3: trains the edge-state policy by RLVR; every family goes to 1. */
export function trainRlvr(shape: GraphShape, options: RlvrOptions = {}): TrainingResult {
  requireShape(shape);
  const given = requireOptions("options", options, RLVR_OPTIONS);
  const o = loopOptions(given.mode === "sampled" ? RLVR_SAMPLED_DEFAULTS : RLVR_DEFAULTS, given, RLVR_OPTIONS);
  requireOneOf("mode", o.mode, ["exact", "sampled"]);
  const run = startRun(shape, o);
  const update = o.mode === "exact" ? exactUpdate(shape) : sampledUpdate(shape, o);
  for (let step = 0; ; step++) {
    const { gradient, hittingTime, meanReward } = update(run.policy);
    run.record(step, { hittingTime, meanReward });
    if (step === o.steps) break;
    run.update(gradient, step);
  }
  return run.result();
}

/** One update's gradient (of the objective minimised) and what to record with it. */
type Update = (policy: Policy) => { gradient: Float64Array; hittingTime?: number; meanReward?: number };

function exactUpdate(shape: GraphShape): Update {
  const analyse = createPolicyGradient(shape);
  let updates = 0;
  return (policy) => {
    try {
      const analysis = analyse(policy);
      updates++;
      return { gradient: analysis.gradient, hittingTime: analysis.hittingTime };
    } catch (error) {
      if (!(error instanceof BeyondDoubleRangeError)) throw error;
      throw new RangeError(
        `the expected hitting time went beyond the double range after step ${updates} ` +
          `(log10 E[T] = ${error.log10HittingTime.toPrecision(6)} on ${describeShape(shape)}): ` +
          `exact RLVR works in doubles, so training cannot go on`,
      );
    }
  };
}

/**
 * The most steps sampled RLVR may walk in one run, at worst (every rollout using
 * its whole budget): a walk step costs about 22 ns (G(15, 15, 5)), so about four minutes.
 */
const MAX_ROLLOUT_STEPS = 1e10;

function sampledUpdate(shape: GraphShape, o: typeof RLVR_DEFAULTS & RlvrOptions): Update {
  const { createRng, sampleRollout, samplingTablesByTarget } = sampling();
  const { emptyCounts, uniformTarget } = sftSampling();
  // One table per target branch: each rollout is a problem with its target drawn uniformly.
  const tableFor = samplingTablesByTarget(shape);
  const G = requireInteger("groupSize", o.groupSize, 2, 1_000_000);
  const lengthPenalty = requirePositiveFinite("lengthPenalty", o.lengthPenalty);
  const golden = goldenPathLength(shape);
  const budget = requireInteger("budget", o.budget ?? defaultBudget(shape), golden, 1e12);
  if (o.steps * G * budget > MAX_ROLLOUT_STEPS) {
    throw new RangeError(
      `steps * groupSize * budget must be at most ${MAX_ROLLOUT_STEPS} rollout steps (some minutes of walking), ` +
        `got ${o.steps} * ${G} * ${budget}`,
    );
  }
  requireStoredNumbers(shape, "a group's rollout tallies (two per decision)", G, 2 * decisionCount(shape), "groupSize");
  const rng = createRng(o.seed);
  const rollouts: DecisionCounts[] = Array.from({ length: G }, () => emptyCounts(shape));
  const rewards = new Float64Array(G);
  const gradient = new Float64Array(decisionCount(shape));
  return (policy) => {
    let meanReward = 0;
    for (let i = 0; i < G; i++) {
      rollouts[i].desired.fill(0);
      rollouts[i].alternative.fill(0);
      const table = tableFor(uniformTarget(shape, rng));
      const steps = sampleRollout(table, policy, rng, budget, rollouts[i]);
      rewards[i] = rolloutReward(steps, budget, lengthPenalty);
      meanReward += rewards[i] / G;
    }
    // d E[reward] / d theta_k = E[advantage * (n1 - (n1 + n0) p_k)]; we descend its negative.
    gradient.fill(0);
    for (let i = 0; i < G; i++) {
      const advantage = rewards[i] - meanReward;
      if (advantage !== 0) addReinforceTerm(gradient, policy, rollouts[i], advantage, G);
    }
    return { gradient, meanReward };
  };
}
