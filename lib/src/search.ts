/**
 * Decoding strategies on a materialised graph (notebook 05; Corollary 1): plain
 * sampling, restarts, best-of-n, and duplicate-edge rejection. Each strategy turns
 * one problem into a number of edges walked (its work), so strategies can be
 * compared under one budget of inference-time compute.
 *
 * Duplicate-edge rejection works on directed edges: an edge id and a direction.
 * The L parallel copies of a diamond are L distinct edges, so a walker may cross
 * a diamond L times in each direction before running out of fresh copies; this is
 * why SFT still needs Theta(W K L) steps with rejection, and RLVR Theta(W K).
 *
 * Rejection needs the parallel copies apart, so its chain is compiled once per
 * graph into flat tables with one entry per (edge-state, parallel copy) option: a
 * step is a scan of a handful of options and one call of the generator, with no
 * allocation. Restarts and best-of-n are plain walks of sample.ts.
 */
import type { ExplicitGraph, GraphShape, Walk } from "./graph";
import { requireGraph, requirePathStar } from "./graph";
import type { Move, Policy } from "./policy";
import { requirePolicyFor } from "./policy";
import { compileSamplingTable, requireBudget, requireWalkCount, SAMPLE_LIMITS, sampleHittingTimes, sampleRollout } from "./sample";
import { compileChain, decisionProbability } from "./edge-chain";
import { cached } from "./cache";
import { describe, optionKeys, requireFunction, requireInteger, requireNumberList, requireOneOf, requireOptions, requireUnitDraw } from "./validate";

/** What duplicate-edge rejection does when every move out of the current node has been walked. */
export type WhenStuck = "repeat" | "fail";

/**
 * A decoding strategy. `work` below means edges walked, summed over every walk
 * the strategy starts; a problem is solved within budget B when its work is at most B.
 *
 * - `sample`: one walk from s under the policy (the plain decoder).
 * - `restarts`: one walk, sent back to s after every `restartEvery` steps
 *   without reaching the target; all steps count.
 * - `best-of-n`: n independent walks, each allowed B / n steps (rounded down);
 *   solved if any of them reaches the target. They run side by side and all stop
 *   when the first one arrives, so the work is n times that walk's length.
 * - `dedup`: one walk that never walks a directed edge twice (see `sampleDedupHittingTimes`).
 */
export type Strategy =
  | { readonly kind: "sample" }
  | { readonly kind: "restarts"; readonly restartEvery: number }
  | { readonly kind: "best-of-n"; readonly n: number }
  | { readonly kind: "dedup"; readonly whenStuck?: WhenStuck };

export interface SearchOptions {
  /** Number of independent problems (one walk each, or a group of n walks for best-of-n). Defaults to 1000. */
  problems?: number;
  /** Total steps allowed per problem; work above it is reported as -1. Defaults to 1e7. */
  budget?: number;
}

export interface DedupOptions extends SearchOptions {
  /** What to do when no fresh move is left; defaults to "repeat" (see `sampleDedupHittingTimes`). */
  whenStuck?: WhenStuck;
}

export interface RestartOptions extends SearchOptions {
  /** Steps after which an unsuccessful walk is sent back to s. Required; an integer from 1 to 1e12. */
  restartEvery: number;
}

export interface BestOfNOptions extends SearchOptions {
  /** Independent walks per problem. Required; an integer from 1 to the budget. */
  n: number;
}

const SEARCH_OPTIONS = optionKeys<SearchOptions>({ problems: true, budget: true });
const DEDUP_OPTIONS = optionKeys<DedupOptions>({ problems: true, budget: true, whenStuck: true });
const DEDUP_WALK_OPTIONS = optionKeys<{ budget?: number; whenStuck?: WhenStuck }>({ budget: true, whenStuck: true });
const RESTART_OPTIONS = optionKeys<RestartOptions>({ problems: true, budget: true, restartEvery: true });
const BEST_OF_N_OPTIONS = optionKeys<BestOfNOptions>({ problems: true, budget: true, n: true });

export interface BudgetCurveOptions {
  /** Number of independent problems. Defaults to 1000. */
  problems?: number;
  /** Total step budgets at which to report the fraction solved. Required, non-empty; integers from 1 to 1e12. */
  budgets: ArrayLike<number>;
}

/**
 * The edge-state chain with one option per parallel copy, in compressed rows:
 * the options of state s are `optionStart[s]` to `optionStart[s + 1] - 1`.
 * State 0 is the start.
 */
const BUDGET_CURVE_OPTIONS = optionKeys<BudgetCurveOptions>({ problems: true, budgets: true });

export interface SearchTable {
  readonly graph: ExplicitGraph;
  /** The node each state stands at. */
  readonly node: Int32Array;
  /** 1 where the state stands at the target. */
  readonly isTarget: Uint8Array;
  readonly optionStart: Int32Array;
  /** The state an option leads to. */
  readonly optionNext: Int32Array;
  /** The directed edge an option walks: 2 * edge id, plus 1 when walked from the edge's v to its u. */
  readonly optionDirectedEdge: Int32Array;
  /** The chain's move behind the option; its probability is shared by the move's parallel copies. */
  readonly optionMove: readonly Move[];
  /** The number of parallel copies of the option's move. */
  readonly optionCopies: Int32Array;
}

/** Compiles the chain of `graph` into a `SearchTable` (cached per graph object by the samplers). */
function compileSearchTable(graph: ExplicitGraph): SearchTable {
  requireGraph(graph);
  const chain = compileChain(graph);
  const n = chain.size;
  const optionStart = new Int32Array(n + 1);
  const next: number[] = [];
  const directed: number[] = [];
  const moves: Move[] = [];
  const copyCounts: number[] = [];
  const isTarget = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    optionStart[s] = next.length;
    const here = chain.current[s];
    if (chain.moves[s].length === 0) isTarget[s] = 1;
    for (const m of chain.moves[s]) {
      const there = chain.current[m.to];
      const copies: number[] = [];
      for (const id of graph.incident[here]) {
        const e = graph.edges[id];
        if (e.u === here && e.v === there) copies.push(2 * id);
        else if (e.v === here && e.u === there) copies.push(2 * id + 1);
      }
      for (const d of copies) {
        next.push(m.to);
        directed.push(d);
        moves.push(m);
        copyCounts.push(copies.length);
      }
    }
  }
  optionStart[n] = next.length;
  return {
    graph,
    node: chain.current,
    isTarget,
    optionStart,
    optionNext: Int32Array.from(next),
    optionDirectedEdge: Int32Array.from(directed),
    optionMove: moves,
    optionCopies: Int32Array.from(copyCounts),
  };
}

// Each graph object's tables are compiled once, and forgotten with the graph.
const searchTableOf = cached(compileSearchTable, new WeakMap<ExplicitGraph, SearchTable>());
const samplingTableOf = cached(compileSamplingTable, new WeakMap());

/** The number of problems and the step budget, checked, with their defaults (1000 and 1e7). */
function problemsAndBudget(options: SearchOptions): { problems: number; budget: number } {
  return { problems: requireWalkCount("problems", options.problems), budget: requireBudget(options.budget) };
}

/** The checks every sampler here starts with. */
function requireSearchArguments(graph: ExplicitGraph, policy: Policy, rng: () => number): void {
  requireGraph(graph);
  requirePolicyFor(graph.shape, policy);
  requireFunction("rng", rng);
}

/** Each option's probability under `policy`, before any rejection. */
function optionWeights(table: SearchTable, policy: Policy): Float64Array {
  const count = table.optionNext.length;
  const weights = new Float64Array(count);
  for (let o = 0; o < count; o++) weights[o] = decisionProbability(table.optionMove[o], policy.desired, policy.alternative, 1) / table.optionMove[o].share / table.optionCopies[o];
  return weights;
}

/** An unrestricted step: an option drawn with the policy's probabilities. */
function drawOption(table: SearchTable, weights: Float64Array, state: number, rng: () => number): number {
  const first = table.optionStart[state];
  const end = table.optionStart[state + 1];
  let u = requireUnitDraw(rng());
  let lastPositive = first;
  for (let o = first; o < end; o++) {
    const w = weights[o];
    if (w <= 0) continue;
    if (u < w) return o;
    u -= w;
    lastPositive = o;
  }
  return lastPositive; // only reached through rounding: the weights sum to 1 up to it
}

/** Marks a directed edge walked in the current walk (walked when it holds the walk's stamp). */
interface DedupMemory {
  readonly stamp: Int32Array;
  current: number;
}

/** Records a walk's nodes and edges (for tests and drawings), and how it went. */
interface WalkRecord {
  readonly nodes: number[];
  readonly edges: number[];
  repeatedSteps: number;
  stuck: boolean;
}

const STUCK = -1;

/**
 * A step of duplicate-edge rejection: an option drawn from the policy restricted
 * to fresh directed edges and renormalised. When the fresh options all have
 * probability 0 (the policy's only choice was already walked), a fresh option is
 * drawn uniformly: the limit of renormalising a policy whose probabilities tend
 * to 0 and 1, since every option then belongs to one move (or to the fork's equal
 * shares). Returns STUCK when no fresh option is left.
 */
function drawFreshOption(table: SearchTable, weights: Float64Array, memory: DedupMemory, state: number, rng: () => number): number {
  const first = table.optionStart[state];
  const end = table.optionStart[state + 1];
  const { stamp, current } = memory;
  const directed = table.optionDirectedEdge;
  let total = 0;
  let fresh = 0;
  for (let o = first; o < end; o++) {
    if (stamp[directed[o]] === current) continue;
    total += weights[o];
    fresh++;
  }
  if (fresh === 0) return STUCK;
  if (total > 0) {
    let u = requireUnitDraw(rng()) * total;
    let lastPositive = -1;
    for (let o = first; o < end; o++) {
      const w = weights[o];
      if (stamp[directed[o]] === current || w <= 0) continue;
      if (u < w) return o;
      u -= w;
      lastPositive = o;
    }
    return lastPositive; // rounding only
  }
  let pick = Math.floor(requireUnitDraw(rng()) * fresh);
  for (let o = first; o < end; o++) {
    if (stamp[directed[o]] === current) continue;
    if (pick === 0) return o;
    pick--;
  }
  return STUCK; // unreachable
}

/** One dedup walk from s; the number of steps to the target, or -1 (over budget, or stuck with "fail"). */
function dedupWalk(
  table: SearchTable,
  weights: Float64Array,
  memory: DedupMemory,
  rng: () => number,
  budget: number,
  whenStuck: WhenStuck,
  record: WalkRecord | null,
): number {
  memory.current++;
  const { isTarget } = table;
  let state = 0;
  let t = 0;
  while (isTarget[state] === 0 && t < budget) {
    let option = drawFreshOption(table, weights, memory, state, rng);
    if (option === STUCK) {
      if (record !== null) record.stuck = true;
      if (whenStuck === "fail") return -1;
      option = drawOption(table, weights, state, rng);
      if (record !== null) record.repeatedSteps++;
    }
    memory.stamp[table.optionDirectedEdge[option]] = memory.current;
    state = table.optionNext[option];
    t++;
    if (record !== null) {
      record.edges.push(table.optionDirectedEdge[option] >> 1);
      record.nodes.push(table.node[state]);
    }
  }
  return isTarget[state] === 1 ? t : -1;
}

function newMemory(table: SearchTable): DedupMemory {
  return { stamp: new Int32Array(2 * table.graph.edges.length), current: 0 };
}

const WHEN_STUCK: readonly WhenStuck[] = ["repeat", "fail"];

/**
 * Duplicate-edge rejection decoding (Corollary 1; notebook 05). At each step the
 * next move is drawn from the policy's edge-state distribution restricted to the
 * directed edges this walk has not yet walked, renormalised. A move's probability
 * is spread evenly over the parallel copies joining the two nodes, so a diamond
 * offers L fresh copies in each direction.
 *
 * - If the fresh moves all have probability 0 under the policy (say a = 1 but the
 *   connector ahead was already walked), a fresh move is drawn uniformly over the
 *   fresh copies: the limit of the renormalised policy as its probabilities tend
 *   to 0 and 1, so a trained policy near the limit behaves continuously.
 * - If no fresh move is left at all, the walk is stuck. A trail can get stuck
 *   only where the policy offers fewer moves than the node has edges: at s, and at
 *   the fork of G(W, K, L), which never steps back to s, once every branch has
 *   been entered and left. `whenStuck: "repeat"` (the default) then takes one
 *   unrestricted step of the policy, walking a used edge again, and goes on
 *   rejecting; `"fail"` ends the walk unsolved (-1). The optimal and SFT limit
 *   policies never get stuck on G(W, K, L): they never leave the target branch.
 *
 * Returns the number of edges walked to the target for each of `problems` walks, or
 * -1 for a walk over budget (or stuck, with "fail").
 */
export function sampleDedupHittingTimes(
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: DedupOptions = {},
): Float64Array {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, DEDUP_OPTIONS);
  const { problems, budget } = problemsAndBudget(options);
  const whenStuck = requireOneOf("whenStuck", options.whenStuck ?? "repeat", WHEN_STUCK);
  const table = searchTableOf(graph);
  const weights = optionWeights(table, policy);
  const memory = newMemory(table);
  const steps = new Float64Array(problems);
  for (let w = 0; w < problems; w++) steps[w] = dedupWalk(table, weights, memory, rng, budget, whenStuck, null);
  return steps;
}

/** One dedup walk with its nodes and edges, as `sampleDedupHittingTimes` draws it. */
export interface DedupWalk extends Walk {
  readonly reached: boolean;
  /** True when the walk found no fresh move at some step. */
  readonly stuck: boolean;
  /** Steps that walked a used directed edge again (only after getting stuck, with "repeat"). */
  readonly repeatedSteps: number;
}

/** One duplicate-edge rejection walk from s, recorded (for checks and drawings; notebook 05). */
export function sampleDedupWalk(
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: { budget?: number; whenStuck?: WhenStuck } = {},
): DedupWalk {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, DEDUP_WALK_OPTIONS);
  const budget = requireBudget(options.budget);
  const whenStuck = requireOneOf("whenStuck", options.whenStuck ?? "repeat", WHEN_STUCK);
  const table = searchTableOf(graph);
  const record: WalkRecord = { nodes: [graph.start], edges: [], repeatedSteps: 0, stuck: false };
  const steps = dedupWalk(table, optionWeights(table, policy), newMemory(table), rng, budget, whenStuck, record);
  return { nodes: record.nodes, edges: record.edges, reached: steps >= 0, stuck: record.stuck, repeatedSteps: record.repeatedSteps };
}

/**
 * Plain sampling with restarts (notebook 05): after every `restartEvery` steps
 * without reaching the target the walk is sent back to s, forgetting where it was.
 * Returns the total steps to the target, restarts included, or -1 over budget.
 */
export function sampleRestartHittingTimes(
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: RestartOptions,
): Float64Array {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, RESTART_OPTIONS);
  const { problems, budget } = problemsAndBudget(options);
  const restartEvery = requireInteger("restartEvery", options.restartEvery, 1, SAMPLE_LIMITS.maxBudget);
  const table = samplingTableOf(graph);
  const steps = new Float64Array(problems).fill(-1);
  for (let w = 0; w < problems; w++) {
    // Each restart is a fresh walk from s with what is left of its restartEvery steps.
    for (let spent = 0; spent < budget; spent += restartEvery) {
      const length = sampleRollout(table, policy, rng, Math.min(restartEvery, budget - spent));
      if (length >= 0) {
        steps[w] = spent + length;
        break;
      }
    }
  }
  return steps;
}

/**
 * Best-of-n (notebook 05): per problem, n independent walks of at most
 * floor(budget / n) steps each; solved when any reaches the target. The walks run
 * side by side and stop together when the first arrives, so the work is
 * n * (the shortest walk's length), or -1 when none arrives within its share.
 */
export function sampleBestOfNWork(
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: BestOfNOptions,
): Float64Array {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, BEST_OF_N_OPTIONS);
  const { problems, budget } = problemsAndBudget(options);
  const n = requireInteger("n", options.n, 1, budget);
  const share = Math.floor(budget / n);
  const table = samplingTableOf(graph);
  const work = new Float64Array(problems);
  for (let w = 0; w < problems; w++) {
    let shortest = -1;
    for (let i = 0; i < n; i++) {
      // A walk longer than the shortest so far cannot change the outcome: stop it there.
      const length = sampleRollout(table, policy, rng, shortest < 0 ? share : shortest - 1);
      if (length >= 0) shortest = length;
    }
    work[w] = shortest < 0 ? -1 : n * shortest;
  }
  return work;
}

/**
 * The work (edges walked) each strategy spends on each of `problems` independent
 * problems, or -1 where it did not solve the problem within `budget` steps.
 * `sample`, `restarts` and `best-of-n` walk sample.ts's table; `dedup` walks a
 * `SearchTable`, which tells the parallel copies apart. Both are compiled once per graph.
 */
export function sampleWork(
  strategy: Strategy,
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: SearchOptions = {},
): Float64Array {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, SEARCH_OPTIONS);
  const { problems, budget } = problemsAndBudget(options);
  const checked = requireStrategy(strategy);
  switch (checked.kind) {
    case "sample":
      return sampleHittingTimes(samplingTableOf(graph), policy, rng, { walks: problems, budget });
    case "restarts":
      return sampleRestartHittingTimes(graph, policy, rng, { problems, budget, restartEvery: checked.restartEvery });
    case "best-of-n":
      return sampleBestOfNWork(graph, policy, rng, { problems, budget, n: checked.n });
    case "dedup":
      return sampleDedupHittingTimes(graph, policy, rng, { problems, budget, whenStuck: checked.whenStuck });
  }
}

const STRATEGY_KINDS: readonly Strategy["kind"][] = ["sample", "restarts", "best-of-n", "dedup"];

function requireStrategy(value: unknown): Strategy {
  if (typeof value !== "object" || value === null) throw new RangeError(`strategy must be an object with a kind, got ${describe(value)}`);
  requireOneOf("strategy.kind", (value as { kind: unknown }).kind, STRATEGY_KINDS);
  return value as Strategy;
}

/**
 * For each total step budget, the fraction of `problems` independent problems the
 * strategy solves within it (notebook 05: where to spend inference-time compute).
 * One set of walks serves every budget (common random numbers), so the curve is
 * non-decreasing in the budget: a problem counts as solved at budget B when its
 * work is at most B. For best-of-n, the walks have floor(B / n) steps each at
 * every budget B, so every budget must be at least n.
 */
export function successProbabilityByBudget(
  strategy: Strategy,
  graph: ExplicitGraph,
  policy: Policy,
  rng: () => number,
  options: BudgetCurveOptions,
): Float64Array {
  requireSearchArguments(graph, policy, rng);
  options = requireOptions("options", options, BUDGET_CURVE_OPTIONS);
  const budgets = options.budgets;
  if (budgets === undefined || requireNumberList("budgets", budgets).length === 0) throw new RangeError("budgets must be a non-empty list of step budgets");
  const checked = requireStrategy(strategy);
  const least = checked.kind === "best-of-n" ? requireInteger("n", checked.n, 1, SAMPLE_LIMITS.maxBudget) : 1;
  let largest = 0;
  for (let i = 0; i < budgets.length; i++) {
    const b = requireInteger(`budgets[${i}]`, budgets[i], least, SAMPLE_LIMITS.maxBudget);
    largest = Math.max(largest, b);
  }
  const problems = requireWalkCount("problems", options.problems);
  const work = sampleWork(strategy, graph, policy, rng, { problems, budget: largest });
  const sorted = work.filter((x) => x >= 0).sort();
  const solved = new Float64Array(budgets.length);
  for (let i = 0; i < budgets.length; i++) solved[i] = countAtMost(sorted, budgets[i]) / problems;
  return solved;
}

/** The number of entries of an ascending array that are at most x. */
function countAtMost(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Proposition (this project): the optimal policy under duplicate-edge rejection
 * takes E[T] = (2K + 1) W + 1 on G(W, K, L). Rejection makes the fork draw its
 * branches without replacement, so about (W - 1) / 2 dead branches are searched
 * instead of W - 1 (compare 4WK + 2W - 2K without rejection). Notebook 05.
 */
export function dedupOptimalHittingTime(shape: GraphShape): number {
  const { W, K } = requirePathStar(shape);
  return (2 * K + 1) * W + 1;
}

/**
 * Proposition (this project), the exact form of Corollary 1's SFT bound: the SFT
 * limit policy under duplicate-edge rejection takes
 *   E[T] = (2K + 1) W + 1 + (W - 1) K (L - 1) / 2   on G(W, K, L).
 * On the way back out of a dead branch the walker re-enters each diamond a
 * number of times uniform on 0..L-1 (each re-entry uses a fresh copy each way),
 * and about (W - 1) / 2 dead branches are searched: Theta(W K L). Notebook 05.
 */
export function dedupSftLimitHittingTime(shape: GraphShape): number {
  const { W, K, L } = requirePathStar(shape);
  return (2 * K + 1) * W + 1 + ((W - 1) * K * (L - 1)) / 2;
}
