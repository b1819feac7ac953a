/**
 * A generic absorbing-chain solver over the edge-state chain (edge-chain.ts) of
 * any materialised graph: no use of the branch structure, so it cross-checks
 * chain.ts on both variants (notebooks 00, 01, 04 and 06). It runs in doubles, or
 * in exact rationals (mathjs fractions, bigint-backed) on small graphs. States from
 * which the target is not surely reached are left out of the system (see
 * `surelyAbsorbed`), so probabilities of exactly 0 or 1 are solved, and an infinite
 * expectation throws InfiniteHittingTimeError as chain.ts does. In doubles the
 * elimination subtracts, so its error grows with the condition number of I - P (at
 * most twice the largest expected time from any state): no accuracy is stated for
 * it, and it throws rather than return NaN where it loses every digit.
 */
import type { Fraction } from "mathjs";
import type { ExplicitGraph, GraphShape } from "./graph";
import { buildGraph, describeShape, requireGraph } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, decisionName, requirePolicyFor } from "./policy";
import type { CompiledChain } from "./edge-chain";
import { BeyondDoubleRangeError, log10ExpectedHittingTime } from "./chain";
import { compileChain, decisionProbability, SPARSE_LIMITS, surelyAbsorbed } from "./edge-chain";
import { describe } from "./validate";

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
 * over the states that surely reach the target (`sure`); the others (and the
 * target's) are trivial rows with V = v = 0, since no sure state moves into them.
 * `probability(move)` is P(move) before the share of the fork's branches is divided out.
 */
function solveValuesAndVisits<T>(
  field: Field<T>,
  chain: CompiledChain,
  sure: Uint8Array,
  probability: (move: CompiledChain["moves"][number][number]) => T,
  share: (count: number) => T,
): { values: T[]; visits: T[] } {
  const n = chain.size;
  const values: Map<number, T>[] = Array.from({ length: n }, () => new Map<number, T>());
  const visits: Map<number, T>[] = Array.from({ length: n }, () => new Map<number, T>());
  const solved = (s: number) => sure[s] === 1 && chain.moves[s].length > 0;
  for (let s = 0; s < n; s++) {
    values[s].set(s, field.one);
    visits[s].set(s, field.one);
  }
  for (let s = 0; s < n; s++) {
    if (!solved(s)) continue;
    for (const m of chain.moves[s]) {
      if (!solved(m.to)) continue;
      const p = field.div(probability(m), share(m.share));
      if (field.isZero(p)) continue;
      values[s].set(m.to, field.sub(values[s].get(m.to) ?? field.zero, p));
      visits[m.to].set(s, field.sub(visits[m.to].get(s) ?? field.zero, p));
    }
  }
  const order: number[] = [];
  for (let s = n - 1; s >= 0; s--) order.push(s);
  const valuesRhs = Array.from({ length: n }, (_, s) => (solved(s) ? field.one : field.zero));
  const visitsRhs = Array.from({ length: n }, (_, s) => (s === 0 ? field.one : field.zero));
  return { values: solveSparse(field, values, valuesRhs, order), visits: solveSparse(field, visits, visitsRhs, order) };
}

/** Everything the generic double solve gives. */
export interface ChainSolution {
  readonly chain: CompiledChain;
  /** Expected steps from each state to the target (Infinity where the target is not surely reached: never visited). */
  readonly values: Float64Array;
  /** Expected arrivals at each state in one run from the start. */
  readonly visits: Float64Array;
  readonly hittingTime: number;
  /** Per decision: visits, steps the desired move saves, and d E[T] / d theta (as in chain.ts). */
  readonly decisions: { visits: Float64Array; stepsSaved: Float64Array; gradient: Float64Array };
}

/** Solves the edge-state chain of `graph` in doubles. */
export function solveChain(graph: ExplicitGraph, policy: Policy): ChainSolution {
  requirePolicyFor(requireGraph(graph).shape, policy);
  const chain = compileChain(graph);
  const sure = surelyAbsorbed(chain, policy);
  const { values, visits } = solveValuesAndVisits(
    doubles,
    chain,
    sure,
    (m) => decisionProbability(m, policy.desired, policy.alternative, 1),
    (count) => count,
  );
  const V = Float64Array.from(values, (value, s) => (sure[s] ? value : Infinity));
  if (!(V[0] >= 1 && V[0] < Infinity)) {
    // A value past the double range is no cancellation: say so, as the structured solvers do.
    const log10 = log10ExpectedHittingTime(graph.shape, policy);
    if (!(10 ** log10 < Infinity)) throw new BeyondDoubleRangeError(graph.shape, log10, "solveChain");
    throw new RangeError(
      `solveChain lost every digit to cancellation on ${describeShape(graph.shape)} (got ${V[0]}): some probability ` +
        `is too near 0 or 1 for elimination in doubles; use expectedHittingTime or exactHittingTime`,
    );
  }
  const v = Float64Array.from(visits);
  const count = decisionCount(graph.shape);
  const decisionVisits = new Float64Array(count);
  const weightedGap = new Float64Array(count);
  const gradient = new Float64Array(count);
  for (let s = 0; s < chain.size; s++) {
    const moves = chain.moves[s];
    if (moves.length === 0 || moves[0].decision < 0 || v[s] === 0) continue;
    const k = moves[0].decision;
    let desiredValue = 0;
    let alternativeValue = 0;
    for (const m of moves) {
      if (m.desired) desiredValue += V[m.to] / m.share;
      else alternativeValue += V[m.to] / m.share;
    }
    decisionVisits[k] += v[s];
    weightedGap[k] += v[s] * (alternativeValue - desiredValue);
    const slope = policy.desired[k] * policy.alternative[k];
    if (slope !== 0) gradient[k] += v[s] * slope * (desiredValue - alternativeValue);
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
 * (basePolicy, optimalPolicy, sftLimitPolicy); else each decision's stored pair
 * (desired, alternative), normalised to add up to 1: desired / (desired +
 * alternative) as exact rationals of the two doubles, so that a probability near 1
 * keeps the alternative's digits. The reference of `hittingTimeRelativeAccuracy`.
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
  const sure = surelyAbsorbed(chain, policy);
  // mathjs is loaded here, not at import, because it takes a second or two to load.
  const FractionClass: typeof Fraction = require("mathjs").Fraction;
  const one = new FractionClass(1);
  const desired: Fraction[] = [];
  const alternative: Fraction[] = [];
  for (let k = 0; k < policy.desired.length; k++) {
    const r = policy.exactAt?.(k);
    if (r) {
      // The doubles are how the policy was built from the rationals: if they differ, they were written to since.
      if (policy.desired[k] !== Number(r.num) / Number(r.den) || policy.alternative[k] !== Number(r.den - r.num) / Number(r.den)) {
        throw new RangeError(
          `policy.desired[${k}] (${decisionName(shape, k)}) is ${policy.desired[k]}, not its exact value ${r.num}/${r.den}: ` +
            `its arrays were changed after it was built; build a new policy instead (policyFromProbabilities)`,
        );
      }
      desired.push(new FractionClass(r.num, r.den));
      alternative.push(new FractionClass(r.den - r.num, r.den));
    } else {
      const d = exactFraction(FractionClass, policy.desired[k]);
      const a = exactFraction(FractionClass, policy.alternative[k]);
      desired.push(d.div(d.add(a)));
      alternative.push(a.div(d.add(a)));
    }
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
    sure,
    (m) => decisionProbability(m, desired, alternative, one),
    (count) => new FractionClass(count),
  );
  return values[0];
}

/**
 * A non-negative fraction as a double (within 2 ulps), even where its numerator and
 * denominator are beyond the double range.
 */
export function fractionToNumber(fraction: Fraction): number {
  if (typeof fraction?.n !== "bigint" || typeof fraction?.d !== "bigint" || fraction.n < 0n || fraction.d <= 0n) {
    throw new RangeError(`fraction must be a non-negative mathjs Fraction (as exactHittingTime returns), got ${describe(fraction)}`);
  }
  // Keep the top 64 bits of each: truncation costs at most 2^-63 relative.
  const top = (x: bigint) => Math.max(0, x.toString(2).length - 64);
  const [shiftN, shiftD] = [top(fraction.n), top(fraction.d)];
  const ratio = Number(fraction.n >> BigInt(shiftN)) / Number(fraction.d >> BigInt(shiftD));
  const exponent = shiftN - shiftD;
  return ratio * 2 ** Math.trunc(exponent / 2) * 2 ** (exponent - Math.trunc(exponent / 2));
}
