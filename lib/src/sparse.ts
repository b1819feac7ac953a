/**
 * A generic absorbing-chain solver over edge-states (previous node, current node)
 * of any materialised graph: no use of the branch structure, so it checks chain.ts
 * and solves the variants chain.ts does not handle (notebook 06). It runs in
 * doubles, or in exact rationals (mathjs fractions, bigint-backed) on small graphs.
 */
import type { Fraction } from "mathjs";
import type { ExplicitGraph, GraphShape } from "./graph";
import { buildGraph, describeShape } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, movesFrom, requirePolicyFor } from "./policy";

/** State-space sizes above these are refused before the system is built. */
export const SPARSE_LIMITS = { maxStates: 300_000, maxRationalStates: 20_000 };

/** The edge-state chain of a graph: states, and the moves out of each. */
export interface CompiledChain {
  readonly graph: ExplicitGraph;
  /** Node before and node at each state; state 0 is the start (previous = -1). */
  readonly previous: Int32Array;
  readonly current: Int32Array;
  /** Moves out of each state; the target's states have none. */
  readonly moves: ReadonlyArray<ReadonlyArray<{ to: number; decision: number; desired: boolean; share: number }>>;
  /** States in the order they were first reached from the start (breadth first). */
  readonly size: number;
}

/** Enumerates the edge-states reachable from the start, breadth first. */
export function compileChain(graph: ExplicitGraph): CompiledChain {
  const numNodes = graph.nodes.length;
  const index = new Map<number, number>();
  const previous: number[] = [];
  const current: number[] = [];
  const key = (prev: number, cur: number) => (prev + 1) * numNodes + cur;
  const intern = (prev: number, cur: number) => {
    const k = key(prev, cur);
    let id = index.get(k);
    if (id === undefined) {
      id = previous.length;
      if (id >= SPARSE_LIMITS.maxStates) {
        throw new RangeError(
          `${describeShape(graph.shape)} has more than ${SPARSE_LIMITS.maxStates} edge-states, the generic ` +
            `solver's limit (SPARSE_LIMITS.maxStates)`,
        );
      }
      index.set(k, id);
      previous.push(prev);
      current.push(cur);
    }
    return id;
  };
  intern(-1, graph.start);
  const moves: CompiledChain["moves"][number][] = [];
  for (let s = 0; s < previous.length; s++) {
    moves.push(movesFrom(graph, previous[s], current[s]).map((m) => ({ ...m, to: intern(current[s], m.to) })));
  }
  return { graph, previous: Int32Array.from(previous), current: Int32Array.from(current), moves, size: previous.length };
}

/** The arithmetic a solve runs in. */
interface Field<T> {
  zero: T;
  one: T;
  add(x: T, y: T): T;
  sub(x: T, y: T): T;
  mul(x: T, y: T): T;
  div(x: T, y: T): T;
  isZero(x: T): boolean;
}

const doubles: Field<number> = {
  zero: 0,
  one: 1,
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  isZero: (x) => x === 0,
};

/**
 * Solves A x = b by sparse Gaussian elimination in the given order, without
 * pivoting: A = I - P of a transient chain (or its transpose) is a nonsingular
 * M-matrix, for which elimination in any order is safe. Eliminating the states
 * far from the start first keeps the fill-in near the fork.
 */
function solveSparse<T>(field: Field<T>, rows: Map<number, T>[], rhs: T[], order: number[]): T[] {
  const n = rows.length;
  const columns: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  rows.forEach((row, i) => row.forEach((_, j) => columns[j].add(i)));
  const eliminated = new Uint8Array(n);
  for (const k of order) {
    const pivotRow = rows[k];
    const pivot = pivotRow.get(k) as T;
    for (const i of columns[k]) {
      if (i === k || eliminated[i]) continue;
      const row = rows[i];
      const factor = field.div(row.get(k) as T, pivot);
      row.delete(k);
      pivotRow.forEach((value, j) => {
        if (j === k) return;
        const updated = field.sub(row.get(j) ?? field.zero, field.mul(factor, value));
        if (field.isZero(updated)) {
          row.delete(j);
          columns[j].delete(i);
        } else {
          row.set(j, updated);
          columns[j].add(i);
        }
      });
      rhs[i] = field.sub(rhs[i], field.mul(factor, rhs[k]));
    }
    eliminated[k] = 1;
  }
  const x: T[] = new Array(n).fill(field.zero);
  for (let m = order.length - 1; m >= 0; m--) {
    const k = order[m];
    let sum = rhs[k];
    rows[k].forEach((value, j) => {
      if (j !== k) sum = field.sub(sum, field.mul(value, x[j]));
    });
    x[k] = field.div(sum, rows[k].get(k) as T);
  }
  return x;
}

/**
 * Values V (expected steps to the target from each state) and visits v (expected
 * arrivals at each state from the start): (I - P) V = 1 and (I - P)^T v = e_start,
 * over the transient states. `probability(decision, desired)` gives P(move) before
 * the share of the fork's branches is divided out.
 */
function solveValuesAndVisits<T>(
  field: Field<T>,
  chain: CompiledChain,
  probability: (decision: number, desired: boolean) => T,
  share: (count: number) => T,
): { values: T[]; visits: T[] } {
  const n = chain.size;
  const values: Map<number, T>[] = Array.from({ length: n }, () => new Map<number, T>());
  const visits: Map<number, T>[] = Array.from({ length: n }, () => new Map<number, T>());
  const absorbing = chain.moves.map((m) => m.length === 0);
  for (let s = 0; s < n; s++) {
    values[s].set(s, field.one);
    visits[s].set(s, field.one);
  }
  for (let s = 0; s < n; s++) {
    for (const m of chain.moves[s]) {
      if (absorbing[m.to]) continue;
      const p = field.div(probability(m.decision, m.desired), share(m.share));
      values[s].set(m.to, field.sub(values[s].get(m.to) ?? field.zero, p));
      visits[m.to].set(s, field.sub(visits[m.to].get(s) ?? field.zero, p));
    }
  }
  // Absorbing states are their own trivial rows: value 0, and visits solved like the rest.
  const order: number[] = [];
  for (let s = n - 1; s >= 0; s--) order.push(s);
  const valuesRhs = absorbing.map((a) => (a ? field.zero : field.one));
  const visitsRhs = Array.from({ length: n }, (_, s) => (s === 0 ? field.one : field.zero));
  return { values: solveSparse(field, values, valuesRhs, order), visits: solveSparse(field, visits, visitsRhs, order) };
}

/** Everything the generic double solve gives. */
export interface ChainSolution {
  readonly chain: CompiledChain;
  /** Expected steps from each state to the target. */
  readonly values: Float64Array;
  /** Expected arrivals at each state in one run from the start. */
  readonly visits: Float64Array;
  readonly hittingTime: number;
  /** Per decision: visits, steps the desired move saves, and d E[T] / d theta (as in chain.ts). */
  readonly decisions: { visits: Float64Array; stepsSaved: Float64Array; gradient: Float64Array };
}

/** Solves the edge-state chain of `graph` in doubles. */
export function solveChain(graph: ExplicitGraph, policy: Policy): ChainSolution {
  requirePolicyFor(graph.shape, policy);
  const chain = compileChain(graph);
  const { values, visits } = solveValuesAndVisits(
    doubles,
    chain,
    (k, desired) => (k < 0 ? 1 : desired ? policy.desired[k] : policy.alternative[k]),
    (count) => count,
  );
  const V = Float64Array.from(values);
  const v = Float64Array.from(visits);
  const count = decisionCount(graph.shape);
  const decisionVisits = new Float64Array(count);
  const weightedGap = new Float64Array(count);
  const gradient = new Float64Array(count);
  for (let s = 0; s < chain.size; s++) {
    const moves = chain.moves[s];
    if (moves.length === 0 || moves[0].decision < 0) continue;
    const k = moves[0].decision;
    let desiredValue = 0;
    let alternativeValue = 0;
    for (const m of moves) {
      if (m.desired) desiredValue += V[m.to] / m.share;
      else alternativeValue += V[m.to] / m.share;
    }
    decisionVisits[k] += v[s];
    weightedGap[k] += v[s] * (alternativeValue - desiredValue);
    gradient[k] += v[s] * policy.desired[k] * policy.alternative[k] * (desiredValue - alternativeValue);
  }
  return {
    chain,
    values: V,
    visits: v,
    hittingTime: V[0],
    decisions: {
      visits: decisionVisits,
      stepsSaved: weightedGap.map((g, k) => (decisionVisits[k] > 0 ? g / decisionVisits[k] : 0)),
      gradient,
    },
  };
}

/**
 * Expected arrivals at each node in one run from s (the start counts once, the
 * target once): the generic solve's edge-state visits summed per node. They add
 * up to the expected hitting time plus one. Notebook 06.
 */
export function expectedNodeVisits(graph: ExplicitGraph, policy: Policy): Float64Array {
  const { chain, visits } = solveChain(graph, policy);
  const perNode = new Float64Array(graph.nodes.length);
  // The solve counts visits of transient states (one step leaves each): they add up to E[T].
  for (let s = 0; s < chain.size; s++) if (chain.moves[s].length > 0) perNode[chain.current[s]] += visits[s];
  perNode[graph.target] += 1; // the one arrival at the target ends the run
  return perNode;
}

/** The generic double solve on the shape's graph, target in branch 0 (any branch, by symmetry). */
export function solveChainValues(shape: GraphShape, policy: Policy): ChainSolution {
  return solveChain(buildGraph(shape), policy);
}

/** A double as the exact rational it stores (every finite double is a dyadic rational). */
function exactFraction(FractionClass: typeof Fraction, x: number): Fraction {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & ((1n << 52n) - 1n);
  const mantissa = exponentBits === 0 ? fractionBits : fractionBits | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  const sign = x < 0 ? -1n : 1n;
  return exponent >= 0
    ? new FractionClass(sign * (mantissa << BigInt(exponent)))
    : new FractionClass(sign * mantissa, 1n << BigInt(-exponent));
}

/**
 * The exact expected hitting time as a fraction, by exact rational elimination on
 * the edge-state chain. Uses the policy's exact rationals when it has them
 * (basePolicy, optimalPolicy, sftLimitPolicy), else the exact value of each double.
 */
export function exactHittingTime(shape: GraphShape, policy: Policy): Fraction {
  requirePolicyFor(shape, policy);
  const chain = compileChain(buildGraph(shape));
  if (chain.size > SPARSE_LIMITS.maxRationalStates) {
    throw new RangeError(
      `${describeShape(shape)} has ${chain.size} edge-states; the exact rational solve is limited to ` +
        `${SPARSE_LIMITS.maxRationalStates} (SPARSE_LIMITS.maxRationalStates)`,
    );
  }
  // mathjs is loaded here, not at import, because it takes a second or two to load.
  const FractionClass: typeof Fraction = require("mathjs").Fraction;
  const one = new FractionClass(1);
  const desired = policy.desired.length;
  const p: Fraction[] = [];
  for (let k = 0; k < desired; k++) {
    const r = policy.exactAt?.(k);
    p.push(r ? new FractionClass(r.num, r.den) : exactFraction(FractionClass, policy.desired[k]));
  }
  const rationals: Field<Fraction> = {
    zero: new FractionClass(0),
    one,
    add: (x, y) => x.add(y),
    sub: (x, y) => x.sub(y),
    mul: (x, y) => x.mul(y),
    div: (x, y) => x.div(y),
    isZero: (x) => x.n === 0n,
  };
  const { values } = solveValuesAndVisits(
    rationals,
    chain,
    (k, isDesired) => (k < 0 ? one : isDesired ? p[k] : one.sub(p[k])),
    (count) => new FractionClass(count),
  );
  return values[0];
}
