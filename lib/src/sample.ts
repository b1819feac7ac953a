/**
 * Seeded Monte Carlo walks (notebooks 01, 05, 06 and A1). The random generator is
 * always an argument: `createRng("fig3")` or any `() => number` in [0, 1).
 *
 * The edge-state chain is compiled once into typed arrays, so a step is a table
 * look-up and one or two calls of the generator, with no allocation.
 */
import seedrandom from "seedrandom";
import type { ExplicitGraph, Walk } from "./graph";
import { describeShape, pickEdge } from "./graph";
import type { Policy } from "./policy";
import { requirePolicyFor } from "./policy";
import { compileChain } from "./edge-chain";
import { requireInteger } from "./validate";

/** A seeded generator of numbers in [0, 1): seedrandom's Alea, the fastest of its generators. */
export function createRng(seed: string): () => number {
  return seedrandom.alea(seed);
}

/** Marks a move that picks one of the fork's branches uniformly. */
const PICK_BRANCH = -2;

/** The chain as flat tables, for fast sampling. */
export interface SamplingTable {
  readonly graph: ExplicitGraph;
  /** The node each state stands at. */
  readonly node: Int32Array;
  /** The state's binary decision, or -1 where there is none. */
  readonly decision: Int32Array;
  /** The next state after the desired (or only) move, or PICK_BRANCH. */
  readonly desiredNext: Int32Array;
  /** The next state after the alternative move. */
  readonly alternativeNext: Int32Array;
  /** The states entered by stepping from the fork into each branch. */
  readonly branchState: Int32Array;
  /** 1 where the state stands at the target. */
  readonly isTarget: Uint8Array;
}

export function compileSamplingTable(graph: ExplicitGraph): SamplingTable {
  const chain = compileChain(graph);
  const n = chain.size;
  const decision = new Int32Array(n).fill(-1);
  const desiredNext = new Int32Array(n).fill(-1);
  const alternativeNext = new Int32Array(n).fill(-1);
  const isTarget = new Uint8Array(n);
  const branchState = new Int32Array(graph.shape.W);
  for (let s = 0; s < n; s++) {
    const moves = chain.moves[s];
    if (moves.length === 0) isTarget[s] = 1;
    for (const m of moves) {
      if (m.share > 1) {
        branchState[graph.branchEntries.indexOf(chain.current[m.to])] = m.to;
        desiredNext[s] = PICK_BRANCH;
      } else if (m.desired) desiredNext[s] = m.to;
      else alternativeNext[s] = m.to;
      decision[s] = m.decision;
    }
  }
  return { graph, node: chain.current, decision, desiredNext, alternativeNext, branchState, isTarget };
}

/** How often each decision's desired and alternative moves were taken. */
export interface DecisionCounts {
  readonly desired: Float64Array;
  readonly alternative: Float64Array;
}

/**
 * One step of the chain: the state after `state`, drawn with `rng`. When `counts`
 * is given, the decision taken is tallied there.
 */
function nextState(
  table: SamplingTable,
  desired: Float64Array,
  state: number,
  rng: () => number,
  counts: DecisionCounts | null,
): number {
  const k = table.decision[state];
  let next: number;
  if (k < 0) next = table.desiredNext[state];
  else if (rng() < desired[k]) {
    next = table.desiredNext[state];
    if (counts) counts.desired[k]++;
  } else {
    next = table.alternativeNext[state];
    if (counts) counts.alternative[k]++;
  }
  return next === PICK_BRANCH ? table.branchState[Math.floor(rng() * table.branchState.length)] : next;
}

export interface SampleOptions {
  /** Number of independent walks. Defaults to 1000. */
  walks?: number;
  /** Steps after which a walk is abandoned. Defaults to 1e7. */
  budget?: number;
}

/** The maximal number of walks and of steps per walk. */
export const SAMPLE_LIMITS = { maxWalks: 100_000_000, maxBudget: 1e12 };

/** The number of walks and the step budget, checked, with their defaults (1000 and 1e7). */
export function walksAndBudget(options: SampleOptions): { walks: number; budget: number } {
  return {
    walks: requireInteger("walks", options.walks ?? 1000, 1, SAMPLE_LIMITS.maxWalks),
    budget: requireInteger("budget", options.budget ?? 1e7, 1, SAMPLE_LIMITS.maxBudget),
  };
}

/**
 * Lengths of independent walks from s to the target: steps[i] is the number of
 * edges walked, or -1 where the walk used its whole budget without reaching it.
 */
export function sampleHittingTimes(
  table: SamplingTable,
  policy: Policy,
  rng: () => number,
  options: SampleOptions = {},
): Float64Array {
  const { walks, budget } = walksAndBudget(options);
  requirePolicyFor(table.graph.shape, policy);
  const steps = new Float64Array(walks);
  for (let w = 0; w < walks; w++) steps[w] = walkLength(table, policy.desired, rng, budget, null);
  return steps;
}

/**
 * One walk from s of at most `budget` steps (0 allowed). Returns the steps walked
 * to the target, or -1 when the budget ran out first. With `counts`, the walk
 * tallies its decisions there (added to, not reset): what a policy-gradient
 * update needs from a rollout. The decoders of search.ts build on it.
 */
export function sampleRollout(
  table: SamplingTable,
  policy: Policy,
  rng: () => number,
  budget: number,
  counts: DecisionCounts | null = null,
): number {
  requireInteger("budget", budget, 0, SAMPLE_LIMITS.maxBudget);
  requirePolicyFor(table.graph.shape, policy);
  return walkLength(table, policy.desired, rng, budget, counts);
}

/** Steps of one walk from s to the target, or -1 past the budget. */
function walkLength(
  table: SamplingTable,
  desired: Float64Array,
  rng: () => number,
  budget: number,
  counts: DecisionCounts | null,
): number {
  let state = 0;
  let t = 0;
  while (table.isTarget[state] === 0 && t < budget) {
    state = nextState(table, desired, state, rng, counts);
    t++;
  }
  return table.isTarget[state] === 1 ? t : -1;
}

/** One walk from s, with the nodes and the edges (a uniform parallel copy in each diamond). */
export function sampleWalk(table: SamplingTable, policy: Policy, rng: () => number, budget = 1e7): Walk & { reached: boolean } {
  requireInteger("budget", budget, 1, SAMPLE_LIMITS.maxBudget);
  requirePolicyFor(table.graph.shape, policy);
  const { graph, node, isTarget } = table;
  const nodes = [graph.start];
  const edges: number[] = [];
  let state = 0;
  while (isTarget[state] === 0 && edges.length < budget) {
    const next = nextState(table, policy.desired, state, rng, null);
    edges.push(pickEdge(graph, node[state], node[next], rng));
    nodes.push(node[next]);
    state = next;
  }
  return { nodes, edges, reached: isTarget[state] === 1 };
}

/** Monte Carlo visits per node: means over walks and the half-width of a z-standard-error interval. */
export interface SampledNodeVisits {
  readonly mean: Float64Array;
  readonly halfWidth: Float64Array;
  readonly walks: number;
  readonly z: number;
}

/**
 * Arrivals at each node counted over `walks` seeded walks from s (start and
 * target once each), with a `z`-standard-error interval per node: the Monte Carlo
 * check of `expectedNodeVisits`. Every walk must reach the target within `budget`.
 */
export function sampledNodeVisits(
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: { walks?: number; budget?: number; z?: number } = {},
): SampledNodeVisits {
  const walks = requireInteger("walks", options.walks ?? 1000, 2, SAMPLE_LIMITS.maxWalks);
  const budget = requireInteger("budget", options.budget ?? 1e7, 1, SAMPLE_LIMITS.maxBudget);
  const z = options.z ?? 4;
  const table = compileSamplingTable(graph);
  const n = graph.nodes.length;
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const count = new Float64Array(n);
  for (let w = 0; w < walks; w++) {
    const walk = sampleWalk(table, policy, rng, budget);
    if (!walk.reached) throw new RangeError(`a walk did not reach the target within budget ${budget} on ${describeShape(graph.shape)}`);
    count.fill(0);
    for (const node of walk.nodes) count[node]++;
    for (let v = 0; v < n; v++) {
      sum[v] += count[v];
      sumSquares[v] += count[v] * count[v];
    }
  }
  const mean = sum.map((s) => s / walks);
  const halfWidth = mean.map((m, v) => (z * Math.sqrt(Math.max(sumSquares[v] / walks - m * m, 0) * (walks / (walks - 1)))) / Math.sqrt(walks));
  return { mean, halfWidth, walks, z };
}

/** Mean of the finished walks and the half-width of a z-standard-error interval. */
export function meanWithInterval(steps: ArrayLike<number>, z = 4): { mean: number; halfWidth: number; finished: number } {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] < 0) continue;
    n++;
    sum += steps[i];
    sumSquares += steps[i] * steps[i];
  }
  if (n < 2) throw new RangeError(`at least 2 finished walks are needed for an interval, got ${n}`);
  const mean = sum / n;
  const variance = (sumSquares - n * mean * mean) / (n - 1);
  return { mean, halfWidth: (z * Math.sqrt(Math.max(variance, 0))) / Math.sqrt(n), finished: n };
}
