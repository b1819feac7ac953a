/**
 * Proposition (this project), appendix A2: the best searcher with memory, and a
 * small history-aware policy trained by sampled RLVR to approach it.
 *
 * An edge-state policy forgets which branches it has tried: its fork choice is a
 * fresh uniform guess, so it tries W - 1 dead branches on average (geometric
 * number of misses) and needs at best 4WK + 2W - 2K steps. A searcher that
 * remembers never re-enters an explored branch. A branch tells nothing about the
 * target until its leaf is reached, so the best it can do is to walk each chosen
 * branch to its leaf and, if dead, straight back: 2K + 1 edges down, 2K + 1 up.
 * Its order of branches is a uniform permutation from the target's point of view
 * (the target is uniform), so the target comes at a uniform position among W and
 * (W - 1) / 2 dead branches are walked on average:
 *   E[T] = 1 + (W - 1) / 2 * (4K + 2) + (2K + 1) = 2WK + W + 1,
 * about half the edge-state optimum. L plays no role: parallel edges are equal.
 */
import type { ExplicitGraph, GraphShape } from "../graph";
import { buildGraph, requireShape } from "../graph";
import { movesFrom } from "../policy";
import { createRng, meanWithInterval } from "../sample";
import { optionKeys, requireFunction, requireInteger, requirePositiveFinite, requireUnitDraw } from "../validate";
import type { OptimizerName } from "./optimizer";
import { createOptimizer } from "./optimizer";
import { loopOptions } from "./run";
import { rolloutReward } from "./rlvr";

/** 2WK + W + 1: the expected hitting time of the best searcher that remembers explored branches. */
export function memorySearchHittingTime(shape: GraphShape): number {
  if (requireShape(shape).variant !== "path-star") throw new RangeError("the memory searcher is derived on the path-star graph");
  return 2 * shape.W * shape.K + shape.W + 1;
}

/**
 * E[T] of the searcher that remembers only the branch it has just left (Proposition, this
 * project; notebook A3): the edge-state optimum's moves, and back at the fork a uniform
 * choice among the other W - 1 branches. A branch walked to its leaf costs 2K + 1 moves each
 * way; the first choice is wrong with probability (W - 1)/W, and every later one finds the
 * target with probability 1/(W - 1), so (W - 1)^2/W wrong branches are expected:
 * E[T] = 1 + (2K + 1)(1 + 2(W - 1)^2/W). At W <= 2 it is the memory optimum 2WK + W + 1.
 */
export function lastBranchSearchHittingTime(shape: GraphShape): number {
  if (requireShape(shape).variant !== "path-star") throw new RangeError("the last-branch searcher is derived on the path-star graph");
  const { W, K } = shape;
  return 1 + (2 * K + 1) * (1 + (2 * (W - 1) ** 2) / W);
}

/**
 * What a history-aware fork sees of branch i: [entered before, the branch just
 * left]. Its logit is the dot product with the fork's weights; the choice is a
 * softmax over the W branches.
 */
export const MEMORY_FORK_FEATURES = ["entered before", "just left"] as const;

/** The fork's choice of branch (0..W-1), given which branches were entered and the one just left (-1 if none). */
type ForkChooser = (entered: Uint8Array, justLeft: number, rng: () => number) => number;

/**
 * One walk from s on `graph`: the optimal edge-state moves inside the branches
 * (every decision takes its desired move), `choose` at the fork. Returns the
 * steps to the target, or -1 past `budget`.
 */
function walkWithFork(graph: ExplicitGraph, choose: ForkChooser, rng: () => number, budget: number): number {
  const entered = new Uint8Array(graph.shape.W);
  let justLeft = -1;
  let previous = -1;
  let current = graph.start;
  let steps = 0;
  while (current !== graph.target) {
    if (steps === budget) return -1;
    let next: number;
    if (current === graph.fork) {
      if (previous !== graph.start) justLeft = graph.branchEntries.indexOf(previous);
      const branch = choose(entered, justLeft, rng);
      entered[branch] = 1;
      next = graph.branchEntries[branch];
    } else {
      next = movesFrom(graph, previous, current).find((m) => m.decision < 0 || m.desired)!.to;
    }
    previous = current;
    current = next;
    steps++;
  }
  return steps;
}

/** Mean and standard error of `walks` walks, each on a target branch drawn uniformly. */
function sampleWalks(shape: GraphShape, choose: ForkChooser, walks: number, rng: () => number): { mean: number; standardError: number } {
  requireShape(shape);
  requireInteger("walks", walks, 2, 10_000_000);
  requireFunction("rng", rng);
  const graphs = new Map<number, ExplicitGraph>();
  const steps = new Float64Array(walks);
  for (let w = 0; w < walks; w++) {
    const target = Math.floor(requireUnitDraw(rng()) * shape.W);
    let graph = graphs.get(target);
    if (!graph) graphs.set(target, (graph = buildGraph(shape, target)));
    // Every fork below chooses a branch with positive probability, so the walk ends.
    steps[w] = walkWithFork(graph, choose, rng, Infinity);
  }
  // An interval of one standard error is the standard error.
  const { mean, halfWidth } = meanWithInterval(steps, 1);
  return { mean, standardError: halfWidth };
}

/**
 * Monte Carlo check of the derivation: the optimal moves inside the branches,
 * and at the fork a uniform choice among the branches not yet entered.
 */
export function sampleMemorySearch(shape: GraphShape, walks: number, rng: () => number): { mean: number; standardError: number } {
  const fresh: ForkChooser = (entered, _justLeft, r) => {
    const open: number[] = [];
    entered.forEach((e, i) => e === 0 && open.push(i));
    return open[Math.floor(r() * open.length)];
  };
  return sampleWalks(shape, fresh, walks, rng);
}

/** P(branch i) at the fork: softmax of weights . features(i). */
function forkProbabilities(weights: Float64Array, entered: Uint8Array, justLeft: number): Float64Array {
  const logits = Array.from(entered, (e, i) => weights[0] * e + weights[1] * (i === justLeft ? 1 : 0));
  const top = Math.max(...logits);
  const p = Float64Array.from(logits, (z) => Math.exp(z - top));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

function sampleIndex(p: Float64Array, rng: () => number): number {
  let u = rng();
  for (let i = 0; i < p.length - 1; i++) {
    if ((u -= p[i]) < 0) return i;
  }
  return p.length - 1;
}

/** The fork with these weights as a chooser; `score`, when given, adds d log P(choice) / d weights. */
function memoryFork(weights: Float64Array, score: Float64Array | null = null): ForkChooser {
  return (entered, justLeft, rng) => {
    const p = forkProbabilities(weights, entered, justLeft);
    const chosen = sampleIndex(p, rng);
    if (score) {
      // Softmax score: features(chosen) - sum_i p_i features(i).
      score[0] += entered[chosen];
      score[1] += chosen === justLeft ? 1 : 0;
      p.forEach((pi, i) => {
        score[0] -= pi * entered[i];
        score[1] -= pi * (i === justLeft ? 1 : 0);
      });
    }
    return chosen;
  };
}

export interface MemoryForkOptions {
  steps?: number;
  learningRate?: number;
  optimizer?: OptimizerName;
  /** Rollouts per update (G). */
  groupSize?: number;
  /** Step budget of a rollout; reward 1 - steps / budget within it, else 0. */
  budget?: number;
  seed?: string;
  /** Walks for the Monte Carlo estimate of the trained fork's hitting time. */
  evaluationWalks?: number;
}

const MEMORY_FORK_OPTIONS = optionKeys<MemoryForkOptions>({
  steps: true, learningRate: true, optimizer: true, groupSize: true, budget: true, seed: true, evaluationWalks: true,
});

export const MEMORY_FORK_DEFAULTS = { steps: 200, learningRate: 0.05, optimizer: "adam" as OptimizerName, groupSize: 32, seed: "memory", evaluationWalks: 4000 };

export interface MemoryForkResult {
  /** The fork's weights on MEMORY_FORK_FEATURES after training. */
  readonly weights: Float64Array;
  /** Per update: the weights before it and the group's mean reward. */
  readonly history: { step: number; weights: number[]; meanReward: number }[];
  /** Monte Carlo estimate of the trained searcher's expected hitting time. */
  readonly hittingTime: { mean: number; standardError: number };
}

/**
 * A history-aware fork trained by group-baseline REINFORCE from the uniform fork
 * (weights 0, the edge-state optimum), with the optimal moves inside branches.
 * Its hitting time needs Monte Carlo: the policy is not Markov on edge states.
 */
export function trainMemoryFork(shape: GraphShape, options: MemoryForkOptions = {}): MemoryForkResult {
  requireShape(shape);
  const o = loopOptions(MEMORY_FORK_DEFAULTS, options, MEMORY_FORK_OPTIONS);
  const G = requireInteger("groupSize", o.groupSize, 2, 1_000_000);
  const budget = requirePositiveFinite("budget", o.budget ?? 4 * memorySearchHittingTime(shape));
  const rng = createRng(o.seed);
  const weights = new Float64Array(MEMORY_FORK_FEATURES.length);
  const optimizer = createOptimizer(o.optimizer, o.learningRate, weights.length);
  const graphs = Array.from({ length: shape.W }, (_, target) => buildGraph(shape, target));
  const history: MemoryForkResult["history"] = [];
  for (let step = 0; step < o.steps; step++) {
    const scores = Array.from({ length: G }, () => new Float64Array(weights.length));
    const rewards = scores.map((score) => {
      const steps = walkWithFork(graphs[Math.floor(rng() * shape.W)], memoryFork(weights, score), rng, budget);
      return rolloutReward(steps, budget);
    });
    const meanReward = rewards.reduce((s, r) => s + r, 0) / G;
    history.push({ step, weights: Array.from(weights), meanReward });
    const gradient = new Float64Array(weights.length);
    rewards.forEach((r, i) => scores[i].forEach((s, k) => (gradient[k] -= ((r - meanReward) * s) / G)));
    optimizer.step(weights, gradient);
  }
  const hittingTime = sampleWalks(shape, memoryFork(weights), o.evaluationWalks, createRng(`${o.seed}/evaluation`));
  return { weights, history, hittingTime };
}
