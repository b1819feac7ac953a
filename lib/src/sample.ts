/**
 * Seeded Monte Carlo walks (notebooks 01, 05, 06 and A1). The random generator is
 * always an argument: `createRng("fig3")` or any `() => number` in [0, 1).
 *
 * The edge-state chain is compiled once into typed arrays, so a step is a table
 * look-up and one or two calls of the generator, with no allocation.
 */
import seedrandom from "seedrandom";
import type { ExplicitGraph, GraphShape, Walk } from "./graph";
import { buildGraph, describeShape, edgeStateCount, pickEdge, requireExplicitSize, requireGraph } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, requirePolicyFor } from "./policy";
import { compileChain, SPARSE_LIMITS } from "./edge-chain";
import { cached } from "./cache";
import { describe, optionKeys, requireFinite, requireFunction, requireInteger, requireNumberList, requireOptions, requirePositiveFinite, requireUnitDraw } from "./validate";

/** A seeded generator of numbers in [0, 1): seedrandom's Alea, the fastest of its generators. */
export function createRng(seed: string): () => number {
  if (typeof seed !== "string") throw new RangeError(`seed must be a string, got ${describe(seed)}`);
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
  requireGraph(graph);
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

/**
 * Throws unless the samplers can walk `shape`: its graph must fit in memory and
 * its edge-states within the chain compiler's limit. Checked on the shape, before
 * anything is built.
 */
export function requireSampleable(shape: GraphShape): void {
  requireExplicitSize(shape, "sampling");
  const states = edgeStateCount(shape);
  if (states > SPARSE_LIMITS.maxStates) {
    throw new RangeError(
      `${describeShape(shape)} has ${states} edge-states; sampling compiles them into a table, which is limited to ` +
        `${SPARSE_LIMITS.maxStates} (SPARSE_LIMITS.maxStates). Exact modes need no table.`,
    );
  }
}

/** One sampling table per target branch of `shape`, each compiled when first asked for; sizes checked now. */
export function samplingTablesByTarget(shape: GraphShape): (target: number) => SamplingTable {
  requireSampleable(shape);
  return cached((target: number) => compileSamplingTable(buildGraph(shape, target)));
}

/** Throws unless `value` is a table made by compileSamplingTable. */
function requireTable(value: unknown): SamplingTable {
  const table = value as SamplingTable;
  if (typeof value !== "object" || value === null || !(table.decision instanceof Int32Array) || !(table.isTarget instanceof Uint8Array)) {
    throw new RangeError(`table must be a table made by compileSamplingTable, got ${describe(value)}`);
  }
  requireGraph(table.graph, "table.graph");
  return table;
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
  else if (requireUnitDraw(rng()) < desired[k]) {
    next = table.desiredNext[state];
    if (counts) counts.desired[k]++;
  } else {
    next = table.alternativeNext[state];
    if (counts) counts.alternative[k]++;
  }
  return next === PICK_BRANCH ? table.branchState[Math.floor(requireUnitDraw(rng()) * table.branchState.length)] : next;
}

export interface SampleOptions {
  /** Number of independent walks. Defaults to 1000. */
  walks?: number;
  /** Steps after which a walk is abandoned. Defaults to 1e7. */
  budget?: number;
}

/** The maximal number of walks and of steps per walk. */
export const SAMPLE_LIMITS = { maxWalks: 100_000_000, maxBudget: 1e12 };

/** A number of independent walks (or problems, as `name` says), checked, with its default 1000. */
export function requireWalkCount(name: string, value: number | undefined): number {
  return requireInteger(name, value ?? 1000, 1, SAMPLE_LIMITS.maxWalks);
}

/** A step budget, checked, with its default 1e7. */
export function requireBudget(value: number | undefined): number {
  return requireInteger("budget", value ?? 1e7, 1, SAMPLE_LIMITS.maxBudget);
}

const SAMPLE_OPTIONS = optionKeys<SampleOptions>({ walks: true, budget: true });

/** The number of walks and the step budget, checked, with their defaults (1000 and 1e7). */
export function walksAndBudget(options: SampleOptions): { walks: number; budget: number } {
  options = requireOptions("options", options, SAMPLE_OPTIONS);
  return { walks: requireWalkCount("walks", options.walks), budget: requireBudget(options.budget) };
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
  requireTable(table);
  requirePolicyFor(table.graph.shape, policy);
  requireFunction("rng", rng);
  const { walks, budget } = walksAndBudget(options);
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
  requireTable(table);
  requirePolicyFor(table.graph.shape, policy);
  requireFunction("rng", rng);
  requireInteger("budget", budget, 0, SAMPLE_LIMITS.maxBudget);
  if (counts !== null) requireDecisionCounts(table.graph.shape, counts);
  return walkLength(table, policy.desired, rng, budget, counts);
}

/** Throws unless `value` holds one desired and one alternative tally per decision of `shape`. */
export function requireDecisionCounts(shape: GraphShape, value: unknown): DecisionCounts {
  const counts = value as DecisionCounts;
  const n = decisionCount(shape);
  const ok = (x: unknown) => x instanceof Float64Array && x.length === n;
  if (typeof value !== "object" || value === null || !ok(counts.desired) || !ok(counts.alternative)) {
    throw new RangeError(`counts must be { desired, alternative }, two Float64Arrays of ${n} entries (decisionCount), got ${describe(value)}`);
  }
  return counts;
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
  requireTable(table);
  requirePolicyFor(table.graph.shape, policy);
  requireFunction("rng", rng);
  requireInteger("budget", budget, 1, SAMPLE_LIMITS.maxBudget);
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
  options: SampleOptions & { z?: number } = {},
): SampledNodeVisits {
  requireGraph(graph);
  requirePolicyFor(graph.shape, policy);
  requireFunction("rng", rng);
  options = requireOptions("options", options, [...SAMPLE_OPTIONS, "z"]);
  const { walks, budget } = walksAndBudget({ walks: options.walks, budget: options.budget });
  requireInteger("walks", walks, 2, SAMPLE_LIMITS.maxWalks);
  const z = requirePositiveFinite("z", options.z ?? 4);
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
  const mean = new Float64Array(n);
  const halfWidth = new Float64Array(n);
  for (let v = 0; v < n; v++) ({ mean: mean[v], halfWidth: halfWidth[v] } = intervalFromSums(walks, sum[v], sumSquares[v], z));
  return { mean, halfWidth, walks, z };
}

/** Mean of n samples and the half-width of a z-standard-error interval, from their sum and sum of squares. */
function intervalFromSums(n: number, sum: number, sumSquares: number, z: number): { mean: number; halfWidth: number } {
  const mean = sum / n;
  const variance = Math.max(sumSquares - n * mean * mean, 0) / (n - 1);
  return { mean, halfWidth: (z * Math.sqrt(variance)) / Math.sqrt(n) };
}

/**
 * Mean of the finished walks (entries >= 0; a negative entry is an unfinished
 * walk) and the half-width of a z-standard-error interval.
 */
export function meanWithInterval(steps: ArrayLike<number>, z = 4): { mean: number; halfWidth: number; finished: number } {
  requireNumberList("steps", steps);
  requirePositiveFinite("z", z);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < steps.length; i++) {
    if (!Number.isFinite(steps[i])) requireFinite(`steps[${i}]`, steps[i]);
    if (steps[i] < 0) continue;
    n++;
    sum += steps[i];
    sumSquares += steps[i] * steps[i];
  }
  if (n < 2) throw new RangeError(`at least 2 finished walks are needed for an interval, got ${n}`);
  return { ...intervalFromSums(n, sum, sumSquares, z), finished: n };
}
