/**
 * Supervised fine-tuning: cross-entropy of the policy on demonstration walks
 * (Theorem 2 on golden paths, notebook 02; the same core distils in distill.ts).
 *
 * A walk's likelihood under the edge-state policy factors into its binary
 * decisions, so all the data a gradient needs is how often each decision's
 * desired and alternative moves were demonstrated: with n1 and n0 of them at
 * decision k, d(cross-entropy)/d theta_k = -(n1 - (n1 + n0) p_k) / (tokens).
 * Decisions the data never visits get exactly zero gradient and keep their logits.
 */
import type { ExplicitGraph, GraphShape, Walk } from "../graph";
import { buildGraph, goldenPath } from "../graph";
import type { Policy } from "../policy";
import { decisionCount, movesFrom, policyFromTheta } from "../policy";
import type { DecisionCounts } from "../sample";
import { createRng } from "../sample";
import { requireInteger } from "../validate";
import type { LoopOptions, OptimizerName } from "./optimizer";
import { checkLoopOptions, createOptimizer } from "./optimizer";
import type { TrainingRecord, TrainingResult } from "./history";
import { recordOf } from "./history";

export interface SftOptions extends LoopOptions {
  /**
   * "population": the exact expected gradient over the data distribution (gradient
   * flow); "sampled": minibatch steps over `traces` seeded demonstrations.
   */
  mode?: "population" | "sampled";
  /** Sampled mode: the number of demonstrations in the data set. */
  traces?: number;
  /** Sampled mode: demonstrations per update, drawn with replacement. */
  batchSize?: number;
}

export const SFT_DEFAULTS = {
  steps: 500,
  learningRate: 0.5,
  optimizer: "gradient" as OptimizerName,
  mode: "population" as "population" | "sampled",
  traces: 256,
  batchSize: 32,
  seed: "sft",
};

/** Empty tallies for every decision of `shape`. */
export function emptyCounts(shape: GraphShape): DecisionCounts {
  const n = decisionCount(shape);
  return { desired: new Float64Array(n), alternative: new Float64Array(n) };
}

/** Adds the decisions a walk on `graph` takes to `counts`. */
export function countDecisions(graph: ExplicitGraph, walk: Walk, counts: DecisionCounts): DecisionCounts {
  let previous = -1;
  for (let i = 0; i + 1 < walk.nodes.length; i++) {
    const current = walk.nodes[i];
    const next = walk.nodes[i + 1];
    const move = movesFrom(graph, previous, current).find((m) => m.to === next);
    if (!move) throw new RangeError(`the walk steps from ${graph.nodes[current].label} to ${graph.nodes[next].label}, which is not a move`);
    if (move.decision >= 0) (move.desired ? counts.desired : counts.alternative)[move.decision]++;
    previous = current;
  }
  return counts;
}

/** Demonstrations for the SFT core: a fixed expectation, or a set to draw minibatches from. */
export type Demonstrations =
  | { kind: "population"; expected: DecisionCounts }
  | { kind: "sampled"; perWalk: DecisionCounts[] };

/**
 * The SFT core: minimises the cross-entropy of the demonstrations from
 * `options.initialTheta` (the base model by default). Shared by trainSft and distill.
 */
export function fitDemonstrations(shape: GraphShape, data: Demonstrations, options: SftOptions = {}): TrainingResult {
  const o = { ...SFT_DEFAULTS, ...options };
  checkLoopOptions(o);
  const batchSize = requireInteger("batchSize", o.batchSize, 1, 1_000_000);
  if (data.kind === "sampled" && data.perWalk.length === 0) throw new RangeError("traces must be at least 1, got 0 demonstrations");
  const n = decisionCount(shape);
  const theta = Float64Array.from(o.initialTheta ?? new Float64Array(n));
  if (theta.length !== n) throw new RangeError(`initialTheta must have ${n} entries, got ${theta.length}`);
  const optimizer = createOptimizer(o.optimizer, o.learningRate, n);
  const rng = createRng(o.seed);
  const history: TrainingRecord[] = [];
  let policy = policyFromTheta(shape, theta);
  history.push(recordOf(shape, policy, 0));
  const batch = emptyCounts(shape);
  const gradient = new Float64Array(n);
  for (let step = 1; step <= o.steps; step++) {
    const counts = data.kind === "population" ? data.expected : drawBatch(data.perWalk, batchSize, rng, batch);
    const loss = crossEntropyGradient(policy, counts, gradient);
    optimizer.step(theta, gradient);
    policy = policyFromTheta(shape, theta);
    const record = recordOf(shape, policy, step, { loss });
    history.push(record);
    o.onProgress?.(record, o.steps);
  }
  return { history, policy, theta };
}

function drawBatch(perWalk: DecisionCounts[], size: number, rng: () => number, into: DecisionCounts): DecisionCounts {
  into.desired.fill(0);
  into.alternative.fill(0);
  for (let i = 0; i < size; i++) {
    const walk = perWalk[Math.floor(rng() * perWalk.length)];
    for (let k = 0; k < into.desired.length; k++) {
      into.desired[k] += walk.desired[k];
      into.alternative[k] += walk.alternative[k];
    }
  }
  return into;
}

/** Writes d(mean cross-entropy)/d theta into `gradient` and returns the mean cross-entropy per decision. */
export function crossEntropyGradient(policy: Policy, counts: DecisionCounts, gradient: Float64Array): number {
  let tokens = 0;
  let loss = 0;
  for (let k = 0; k < gradient.length; k++) tokens += counts.desired[k] + counts.alternative[k];
  if (tokens === 0) throw new RangeError("the demonstrations make no decisions: nothing to train on");
  for (let k = 0; k < gradient.length; k++) {
    const n1 = counts.desired[k];
    const n0 = counts.alternative[k];
    const p = policy.desired[k];
    gradient[k] = -(n1 - (n1 + n0) * p) / tokens;
    if (n1 > 0) loss -= n1 * Math.log(p);
    if (n0 > 0) loss -= n0 * Math.log(policy.alternative[k]);
  }
  return loss / tokens;
}

/** Seeded golden paths, each with its target branch drawn uniformly. */
export function sampleGoldenPaths(shape: GraphShape, count: number, rng: () => number): { graph: ExplicitGraph; walk: Walk }[] {
  requireInteger("traces", count, 1, 10_000_000);
  const graphs = new Map<number, ExplicitGraph>();
  const paths: { graph: ExplicitGraph; walk: Walk }[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.floor(rng() * shape.W);
    let graph = graphs.get(target);
    if (!graph) graphs.set(target, (graph = buildGraph(shape, target)));
    paths.push({ graph, walk: goldenPath(graph, rng) });
  }
  return paths;
}

/** The decisions of a golden path; every golden path makes the same ones, so this is their expectation. */
export function goldenDecisionCounts(shape: GraphShape): DecisionCounts {
  const graph = buildGraph(shape);
  // The parallel edges the path picks do not change its decisions: any generator will do.
  return countDecisions(graph, goldenPath(graph, createRng("golden")), emptyCounts(shape));
}

/**
 * Theorem 2: SFT on golden paths. Drives a and c toward 1 and leaves b and d
 * exactly at their starting values, since golden paths never visit the states
 * where b and d act. Notebook 02.
 */
export function trainSft(shape: GraphShape, options: SftOptions = {}): TrainingResult {
  const o = { ...SFT_DEFAULTS, ...options };
  if (o.mode === "population") return fitDemonstrations(shape, { kind: "population", expected: goldenDecisionCounts(shape) }, o);
  if (o.mode !== "sampled") throw new RangeError(`mode must be "population" or "sampled", got ${JSON.stringify(o.mode)}`);
  const paths = sampleGoldenPaths(shape, o.traces, createRng(`${o.seed}/data`));
  const perWalk = paths.map(({ graph, walk }) => countDecisions(graph, walk, emptyCounts(shape)));
  return fitDemonstrations(shape, { kind: "sampled", perWalk }, o);
}
