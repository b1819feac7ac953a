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
import { buildGraph, goldenPath, goldenPathLength, requireExplicitSize, requireGraph, requireShape } from "../graph";
import type { Policy } from "../policy";
import { decisionCount, movesFrom, requirePolicy } from "../policy";
import type { DecisionCounts } from "../sample";
import { createRng, requireDecisionCounts } from "../sample";
import { cached } from "../cache";
import { describe, optionKeys, requireFunction, requireInteger, requireOneOf, requireOptions, requireUnitDraw } from "../validate";
import type { LoopOptions, OptimizerName } from "./optimizer";
import { LOOP_OPTIONS } from "./optimizer";
import type { TrainingResult } from "./history";
import { loopOptions, requireStoredNumbers, startRun } from "./run";

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

export const SFT_MODES = ["population", "sampled"] as const;

const SFT_OPTIONS = optionKeys<SftOptions>({ ...LOOP_OPTIONS, mode: true, traces: true, batchSize: true });

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
  requireGraph(graph);
  if (typeof walk !== "object" || walk === null || !Array.isArray(walk.nodes)) throw new RangeError(`walk must be { nodes, edges }, got ${describe(walk)}`);
  requireDecisionCounts(graph.shape, counts);
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
  requireShape(shape);
  const o = loopOptions(SFT_DEFAULTS, options, SFT_OPTIONS);
  const batchSize = requireInteger("batchSize", o.batchSize, 1, 1_000_000);
  requireDemonstrations(data);
  const run = startRun(shape, o);
  const rng = createRng(o.seed);
  run.record(0);
  const batch = emptyCounts(shape);
  const gradient = new Float64Array(decisionCount(shape));
  for (let step = 1; step <= o.steps; step++) {
    const counts = data.kind === "population" ? data.expected : drawBatch(data.perWalk, batchSize, rng, batch);
    const loss = crossEntropyGradient(run.policy, counts, gradient);
    run.update(gradient, step - 1);
    run.record(step, { loss });
  }
  return run.result();
}

function requireDemonstrations(data: Demonstrations): void {
  const kind = requireOneOf("data.kind", (requireOptions("data", data, ["kind", "expected", "perWalk"]) as { kind?: unknown }).kind, ["population", "sampled"]);
  if (kind === "sampled" && (!Array.isArray((data as { perWalk?: unknown }).perWalk) || (data as { perWalk: unknown[] }).perWalk.length === 0)) {
    throw new RangeError("data.perWalk must hold at least 1 demonstration");
  }
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
  requirePolicy(policy);
  if (!(gradient instanceof Float64Array) || gradient.length !== policy.desired.length) {
    throw new RangeError(`gradient must be a Float64Array of ${policy.desired.length} entries, got ${describe(gradient)}`);
  }
  requireDecisionCounts(policy.shape, counts);
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
  requireExplicitSize(shape, "sampleGoldenPaths");
  requireInteger("traces", count, 1, 10_000_000);
  requireFunction("rng", rng);
  // A golden path keeps its nodes and edges; its tallies then take two numbers per decision.
  requireStoredNumbers(shape, "golden paths and their decision tallies", count, 2 * (goldenPathLength(shape) + 1) + 2 * decisionCount(shape), "traces");
  const graphOf = cached((target: number) => buildGraph(shape, target));
  const paths: { graph: ExplicitGraph; walk: Walk }[] = [];
  for (let i = 0; i < count; i++) {
    const graph = graphOf(uniformTarget(shape, rng));
    paths.push({ graph, walk: goldenPath(graph, rng) });
  }
  return paths;
}

/** A target branch drawn uniformly with `rng`, the draw checked. */
export function uniformTarget(shape: GraphShape, rng: () => number): number {
  requireShape(shape);
  requireFunction("rng", rng);
  return Math.floor(requireUnitDraw(rng()) * shape.W);
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
  requireShape(shape);
  const o = loopOptions(SFT_DEFAULTS, options, SFT_OPTIONS);
  if (requireOneOf("mode", o.mode, SFT_MODES) === "population") {
    return fitDemonstrations(shape, { kind: "population", expected: goldenDecisionCounts(shape) }, o);
  }
  const paths = sampleGoldenPaths(shape, o.traces, createRng(`${o.seed}/data`));
  const perWalk = paths.map(({ graph, walk }) => countDecisions(graph, walk, emptyCounts(shape)));
  return fitDemonstrations(shape, { kind: "sampled", perWalk }, o);
}
