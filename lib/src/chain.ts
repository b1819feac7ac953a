/**
 * Exact inference on G(W, K, L) and on the stem variant, from the line structure
 * (notebooks 01 to 04 and 06).
 *
 * The stem and every branch are lines of positions. A branch is f, l(1), r(1), ...,
 * l(K), r(K), t: positions n = 0 (the fork), 1, ..., N = 2K + 1 (the leaf). The stem
 * is s, l(1), r(1), ..., l(S), r(S), f: positions 0 (the start), 1, ..., 2S + 1 (the
 * fork). A walker at position n who arrived moving forward keeps going with
 * probability pf(n) (c at l, a at r); one who arrived moving backward keeps going
 * with pb(n) (d at l, b at r). On G(W, K, L) the stem is the single edge s-f.
 *
 * Two independent derivations live here, both sums and products of positive terms
 * only (no subtraction, so no cancellation; see `hittingTimeRelativeAccuracy`):
 * - first passage (`passage`): the expected time from arriving backward at n - 1 to
 *   arriving forward at n + 1, position by position from the start to the target.
 *   It gives the hitting time (also in scaled arithmetic, beyond the double range)
 *   and the value differences behind the exact policy gradient;
 * - edge flows (`flows`): expected arrivals at every edge-state, the visit counts.
 * Their sum of visits equals the hitting time, which the tests check; the generic
 * sparse solver (sparse.ts) and exact rationals are the structure-free checks.
 */
import type { GraphShape } from "./graph";
import { branchLength, depthCount, describeShape, LIMITS } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, decisionName, forkDecisionIndex, requirePolicy, requirePolicyFor } from "./policy";
import type { PositiveArithmetic } from "./positive-arithmetic";
import { doubles, fromLog10, scaled, scaledLog10, scaledToNumber } from "./positive-arithmetic";
import { requireFinite, requireInteger } from "./validate";

/** Continue-probabilities along one line (a branch, or the stem), indexed by position 1..N-1. */
export interface BranchProbabilities {
  /** The position of the line's far end: the leaf of a branch, the fork at the end of the stem. */
  readonly N: number;
  /** P(keep going forward), and its complement, for a walker that arrived moving forward. */
  readonly pf: Float64Array;
  readonly pfc: Float64Array;
  /** P(keep going backward), and its complement, for a walker that arrived moving backward. */
  readonly pb: Float64Array;
  readonly pbc: Float64Array;
  /** The decision index acting at position n: forward arrival, backward arrival. */
  readonly forwardDecision: Int32Array;
  readonly backwardDecision: Int32Array;
}

/**
 * A line read straight from the policy's arrays: N positions, the first diamond at
 * depth `depthsBefore + 1`. Decision k of family f (a, b, c, d = 0..3) at depth j sits
 * at f * D + (j - 1) (policy.decisionIndex); position n is l(j) for odd n, r(j) for even.
 */
interface Line {
  readonly N: number;
  readonly depthsBefore: number;
  readonly D: number;
}

function forwardDecisionAt(line: Line, n: number): number {
  return (n % 2 === 1 ? 2 : 0) * line.D + line.depthsBefore + ((n + 1) >> 1) - 1;
}

function backwardDecisionAt(line: Line, n: number): number {
  return (n % 2 === 1 ? 3 : 1) * line.D + line.depthsBefore + ((n + 1) >> 1) - 1;
}

/** The continue-probabilities along a branch (the same in every branch: the policy cannot tell them apart). */
export function branchProbabilities(policy: Policy): BranchProbabilities {
  const shape = requirePolicy(policy).shape;
  const line: Line = { N: branchLength(shape), depthsBefore: shape.S, D: depthCount(shape) };
  const N = line.N;
  const probabilities = {
    N,
    pf: new Float64Array(N + 1),
    pfc: new Float64Array(N + 1),
    pb: new Float64Array(N + 1),
    pbc: new Float64Array(N + 1),
    forwardDecision: new Int32Array(N + 1).fill(-1),
    backwardDecision: new Int32Array(N + 1).fill(-1),
  };
  for (let n = 1; n < N; n++) {
    const forward = (probabilities.forwardDecision[n] = forwardDecisionAt(line, n));
    const backward = (probabilities.backwardDecision[n] = backwardDecisionAt(line, n));
    probabilities.pf[n] = policy.desired[forward];
    probabilities.pfc[n] = policy.alternative[forward];
    probabilities.pb[n] = policy.desired[backward];
    probabilities.pbc[n] = policy.alternative[backward];
  }
  return probabilities;
}

/**
 * Thrown when the expected hitting time is infinite: some decision has
 * probability 0 (or 1) in a way that makes the target unreachable or traps the
 * walker. Every exact solver throws it, with the decision named.
 */
export class InfiniteHittingTimeError extends RangeError {
  /** The decision responsible, as a policy index (-1 where none can be singled out). */
  readonly decision: number;
  constructor(shape: GraphShape, decision: number, why: string) {
    super(`the expected hitting time of ${describeShape(shape)} is infinite under this policy: ${why}`);
    this.name = "InfiniteHittingTimeError";
    this.decision = decision;
  }
}

/**
 * Thrown by the solvers that work in doubles when the expected hitting time exceeds
 * the double range (about 1.8e308); `log10ExpectedHittingTime` still gives it.
 */
export class BeyondDoubleRangeError extends RangeError {
  /** log10 of the expected hitting time. */
  readonly log10HittingTime: number;
  /** `what` is the function that refused; `instead` the log10 function that gives the value. */
  constructor(shape: GraphShape, log10HittingTime: number, what: string, instead = "log10ExpectedHittingTime") {
    super(
      `${what} works in doubles, and the expected hitting time of ${describeShape(shape)} is about ` +
        `10^${log10HittingTime.toFixed(1)}, beyond the double range: use ${instead}`,
    );
    this.name = "BeyondDoubleRangeError";
    this.log10HittingTime = log10HittingTime;
  }
}

type TableName = "stemAhead" | "stemBack" | "targetAhead" | "targetBack" | "deadReturn" | "deadCrossBack";

/**
 * First-passage times along the lines (see `passage`), indexed by position:
 * stemAhead(m), targetAhead(n): from arriving forward at m to arriving forward at m + 1;
 * stemBack(m), targetBack(n): from arriving backward at m to arriving forward at m + 1
 *   (stemBack(0) = 1 at the start; targetBack(0): from the fork to the target branch's l(1));
 * deadReturn(n): dead branch, from arriving forward at n to arriving back at n - 1
 *   (deadReturn(N) = 1 at the leaf); deadCrossBack(n): from arriving backward at n to n - 1.
 */
type PassageTables<T> = Record<TableName, { [position: number]: T }>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A policy loaded for solving, with the tables and flows of the linear solve when asked for. */
interface Workspace {
  readonly shape: GraphShape;
  readonly stem: Line;
  readonly branch: Line;
  desired: Float64Array;
  alternative: Float64Array;
  /** The fork's decision (stem variant), else -1 with P(into a branch) = 1. */
  readonly forkDecision: number;
  forkDesired: number;
  forkAlternative: number;
  readonly tables: Record<TableName, Float64Array> | null;
  readonly flows: Mutable<Occupancy> | null;
}

function createWorkspace(shape: GraphShape, withTables: boolean): Workspace {
  const D = depthCount(shape);
  const S2 = 2 * shape.S;
  const N = branchLength(shape);
  const zeros = (length: number) => new Float64Array(length + 1);
  const lineOccupancy = (length: number) => ({ forward: zeros(length), backward: zeros(length) });
  return {
    shape,
    stem: { N: S2 + 1, depthsBefore: 0, D },
    branch: { N, depthsBefore: shape.S, D },
    desired: new Float64Array(0),
    alternative: new Float64Array(0),
    forkDecision: shape.variant === "stem-path-star" ? forkDecisionIndex(shape) : -1,
    forkDesired: 1,
    forkAlternative: 0,
    tables: withTables
      ? { stemAhead: zeros(S2), stemBack: zeros(S2), targetAhead: zeros(N), targetBack: zeros(N), deadReturn: zeros(N), deadCrossBack: zeros(N) }
      : null,
    flows: withTables ? { stem: lineOccupancy(S2 + 1), target: lineOccupancy(N), eachDeadBranch: lineOccupancy(N), start: 0, fork: 0 } : null,
  };
}

/** Loads `policy` into the workspace; throws InfiniteHittingTimeError if the hitting time is infinite. */
function load(w: Workspace, policy: Policy): Workspace {
  requirePolicyFor(w.shape, policy);
  w.desired = policy.desired;
  w.alternative = policy.alternative;
  if (w.forkDecision >= 0) {
    w.forkDesired = policy.desired[w.forkDecision];
    w.forkAlternative = policy.alternative[w.forkDecision];
  }
  requireFiniteHittingTime(w);
  return w;
}

/**
 * The hitting time is finite exactly when the walker can always go on (every pf
 * and the fork's P(into a branch) above 0) and, when there are dead branches,
 * always come back out of one (every pb in a branch above 0).
 */
function requireFiniteHittingTime(w: Workspace): void {
  const { shape, desired } = w;
  const never = "a walker arriving there moving forward always turns back, so the target is never reached";
  for (let n = 1; n < w.stem.N; n++) {
    if (desired[forwardDecisionAt(w.stem, n)] === 0) throw infiniteBecause(shape, forwardDecisionAt(w.stem, n), never);
  }
  for (let n = 1; n < w.branch.N; n++) {
    if (desired[forwardDecisionAt(w.branch, n)] === 0) throw infiniteBecause(shape, forwardDecisionAt(w.branch, n), never);
  }
  if (w.forkDesired === 0) throw infiniteBecause(shape, w.forkDecision, "the walker never enters a branch");
  if (shape.W === 1) return;
  for (let n = 1; n < w.branch.N; n++) {
    const k = backwardDecisionAt(w.branch, n);
    if (desired[k] === 0) {
      throw infiniteBecause(shape, k, "a walker coming back out of a dead branch always turns around there, so it never returns to the fork");
    }
  }
}

function infiniteBecause(shape: GraphShape, k: number, why: string): InfiniteHittingTimeError {
  return new InfiniteHittingTimeError(shape, k, `P(${decisionName(shape, k)}) = 0: ${why}`);
}

/**
 * Walks one line by first passage, from `back` = the time from arriving backward at
 * position 0 to arriving forward at 1:
 *   ahead(m) = (1 + pfc(m) back(m-1)) / pf(m)      forward at m to forward at m+1
 *   back(m)  = 1 + pb(m) (back(m-1) + ahead(m))    backward at m to forward at m+1
 * Returns back(N-1) and `total` plus every ahead(m).
 */
function alongLine<T>(
  ar: PositiveArithmetic<T>,
  w: Workspace,
  line: Line,
  back: T,
  total: T,
  aheadOut: { [m: number]: T } | null,
  backOut: { [m: number]: T } | null,
): { back: T; total: T } {
  const { desired, alternative } = w;
  const one = ar.one;
  if (backOut) backOut[0] = back;
  for (let m = 1; m < line.N; m++) {
    const forward = forwardDecisionAt(line, m);
    const backward = backwardDecisionAt(line, m);
    const ahead = ar.over(ar.add(one, ar.times(back, alternative[forward])), desired[forward]);
    back = ar.add(one, ar.times(ar.add(back, ahead), desired[backward]));
    total = ar.add(total, ahead);
    if (aheadOut && backOut) {
      aheadOut[m] = ahead;
      backOut[m] = back;
    }
  }
  return { back, total };
}

/**
 * The expected hitting time by first passage. The walker crosses the stem (the
 * start sends it straight on: back(0) = 1), then from the fork needs
 *   entry = 1 + (W - 1) D + W (P(back into the stem) / P(into a branch)) R
 * steps to arrive forward at the target branch's l(1), where R = 1 + back(2S) is a
 * stem excursion and D = 1 + return(1) a dead-branch one, from the leaf inwards:
 *   crossBack(n) = (1 + pbc(n) return(n+1)) / pb(n)
 *   return(n)    = 1 + pf(n) (return(n+1) + crossBack(n)),   return(N) = 1;
 * then it crosses the target branch. The hitting time is 1 + every ahead(m) of the
 * stem + entry + every ahead(n) of the target branch. With `tables` (T = number),
 * every term is kept.
 */
function passage<T>(ar: PositiveArithmetic<T>, w: Workspace, tables: PassageTables<T> | null): T {
  const { shape, branch, desired, alternative } = w;
  const one = ar.one;
  const stem = alongLine(ar, w, w.stem, one, one, tables?.stemAhead ?? null, tables?.stemBack ?? null);
  let entry = one;
  if (w.forkAlternative > 0) {
    const stemExcursion = ar.add(one, stem.back);
    const returnsPerEntry = ar.times(ar.over(ar.of(w.forkAlternative), w.forkDesired), shape.W);
    entry = ar.add(entry, ar.mul(returnsPerEntry, stemExcursion));
  }
  // With W = 1 there is no dead branch: the tables still describe one (for the exit time).
  if (shape.W > 1 || tables) {
    let deadReturn = one;
    if (tables) tables.deadReturn[branch.N] = one;
    for (let n = branch.N - 1; n >= 1; n--) {
      const forward = forwardDecisionAt(branch, n);
      const backward = backwardDecisionAt(branch, n);
      const crossBack = ar.over(ar.add(one, ar.times(deadReturn, alternative[backward])), desired[backward]);
      deadReturn = ar.add(one, ar.times(ar.add(deadReturn, crossBack), desired[forward]));
      if (tables) {
        tables.deadCrossBack[n] = crossBack;
        tables.deadReturn[n] = deadReturn;
      }
    }
    if (shape.W > 1) entry = ar.add(entry, ar.times(ar.add(one, deadReturn), shape.W - 1));
  }
  return alongLine(ar, w, branch, entry, ar.add(stem.total, entry), tables?.targetAhead ?? null, tables?.targetBack ?? null).total;
}

/**
 * A bound on the relative rounding error of the double-precision structured
 * solvers on `shape` (expectedHittingTime, firstStepAnalysis's hitting time, and
 * log10ExpectedHittingTime's value before its log): every term is positive, so a
 * result after c rounded operations and probability uses is within
 * gamma(c) = c u / (1 - c u) of exact (u = 2^-53, the unit roundoff). Each line
 * position costs 6 operations and 3 probability uses on the longest chain, and a
 * probability as stored (desired, alternative) may differ from its normalised pair
 * desired / (desired + alternative) by 3u, so it counts 3; the target branch
 * (2K positions) follows the longer of the stem (2S) and a dead branch (2K):
 *   c = 15 (2K + max(2K, 2S)) + 20.
 * The exact reference is the chain with the normalised pairs, as exactHittingTime
 * solves it. About 1e-13 at G(15, 15, 5); 7e-9 at K = 10^6.
 */
export function hittingTimeRelativeAccuracy(shape: GraphShape): number {
  const K = requireInteger("shape.K", shape?.K, 1, LIMITS.maxSize);
  const S = requireInteger("shape.S", shape?.S, 0, LIMITS.maxSize);
  const c = 15 * (2 * K + Math.max(2 * K, 2 * S)) + 20;
  const cu = c * 2 ** -53;
  return cu / (1 - cu);
}

/**
 * A bound on the absolute error of log10ExpectedHittingTime at a value `log10`:
 * the relative bound carried through the log, plus the rounding of the log itself.
 */
export function log10HittingTimeAccuracy(shape: GraphShape, log10: number): number {
  const relative = hittingTimeRelativeAccuracy(shape);
  requireFinite("log10", log10);
  return -Math.log10(1 - relative) + 4 * 2 ** -53 * (Math.abs(log10) + 100);
}

/**
 * log10 of the expected number of edges walked from s until the target leaf is
 * hit. Works far beyond the double range (the SFT policy at large K) on both
 * variants, to within `log10HittingTimeAccuracy`. Throws InfiniteHittingTimeError
 * for an infinite expectation.
 */
export function log10ExpectedHittingTime(shape: GraphShape, policy: Policy): number {
  const w = load(createWorkspace(shape, false), policy);
  const value = passage(doubles, w, null);
  return value < Infinity ? Math.log10(value) : scaledLog10(passage(scaled, w, null));
}

/**
 * The expected number of edges walked from s until the target leaf is hit (the
 * s-f edge counts): the paper's inference-time compute, on both variants, exact to
 * within `hittingTimeRelativeAccuracy`. Throws InfiniteHittingTimeError for an
 * infinite expectation, and a RangeError pointing to `log10ExpectedHittingTime`
 * when the value exceeds the double range. Notebooks 01 to 04 and 06; Theorems 2 to 4.
 */
export function expectedHittingTime(shape: GraphShape, policy: Policy): number {
  const w = load(createWorkspace(shape, false), policy);
  const value = passage(doubles, w, null);
  if (value < Infinity) return value;
  const big = passage(scaled, w, null);
  const asDouble = scaledToNumber(big);
  if (asDouble < Infinity) return asDouble;
  throw new BeyondDoubleRangeError(shape, scaledLog10(big), "expectedHittingTime");
}

/** A hitting time as rows and records keep it: the value, or null beyond the double range, and its log. */
export interface HittingTimeValue {
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
}

/**
 * The exact expected hitting time of `policy` on `shape` as a HittingTimeValue:
 * the value where it is a double, its log10 always (what the trainers record,
 * the figures draw and the command line prints).
 */
export function hittingTimeValue(shape: GraphShape, policy: Policy): HittingTimeValue {
  const log10 = log10ExpectedHittingTime(shape, policy);
  return { hittingTime: fromLog10(log10) === null ? null : expectedHittingTime(shape, policy), log10HittingTime: log10 };
}

/** The linear first-passage solve keeping every term; throws when it leaves the double range. */
function solveTables(w: Workspace, tables: Record<TableName, Float64Array>, what: string): number {
  const hittingTime = passage(doubles, w, tables);
  if (!(hittingTime < Infinity)) throw new BeyondDoubleRangeError(w.shape, scaledLog10(passage(scaled, w, null)), what);
  return hittingTime;
}

/** What first-step analysis gives. Arrays are indexed by position along a line. */
export interface FirstStepAnalysis {
  readonly probabilities: BranchProbabilities;
  /** The expected hitting time from s. */
  readonly hittingTime: number;
  /** Expected steps from the fork to the target. */
  readonly forkValue: number;
  /**
   * Expected steps of one excursion into a dead branch: f to l(1) and back to f.
   * With W = 1 (no dead branch) the dead-branch fields describe one as if it were
   * there, and are Infinity where such a walker could never come back.
   */
  readonly deadExcursionTime: number;
  /** Expected steps from arriving at a dead leaf to arriving back at the fork. */
  readonly exitTimeFromDeadLeaf: number;
  /** Probability that an excursion into the target branch hits the target. */
  readonly targetSuccessProbability: number;
  /** Dead branch: steps from arriving forward at n until first arriving back at n-1. */
  readonly returnTime: Float64Array;
  /** Dead branch: steps from arriving backward at n until first arriving at n-1. */
  readonly crossBackTime: Float64Array;
  /** Target branch: expected steps to the target after arriving at n forward / backward. */
  readonly targetValueForward: Float64Array;
  readonly targetValueBackward: Float64Array;
  /** Stem positions 1..2S (none on G(W, K, L)): expected steps to the target after arriving at m. */
  readonly stemValueForward: Float64Array;
  readonly stemValueBackward: Float64Array;
}

/**
 * First-step analysis: expected steps to the target from every edge-state of the
 * stem and the target branch, and the dead-branch return times, all sums of the
 * positive first-passage terms of `passage`. Both variants; throws as
 * expectedHittingTime does.
 */
export function firstStepAnalysis(shape: GraphShape, policy: Policy): FirstStepAnalysis {
  const w = load(createWorkspace(shape, true), policy);
  const tables = w.tables as Record<TableName, Float64Array>;
  const hittingTime = solveTables(w, tables, "firstStepAnalysis");
  const { stemAhead, stemBack, targetAhead, targetBack, deadReturn, deadCrossBack } = tables;
  const N = w.branch.N;
  const targetValueForward = new Float64Array(N + 1);
  const targetValueBackward = new Float64Array(N + 1);
  for (let n = N - 1; n >= 1; n--) {
    targetValueForward[n] = targetAhead[n] + targetValueForward[n + 1];
    targetValueBackward[n] = targetBack[n] + targetValueForward[n + 1];
  }
  const forkValue = targetBack[0] + targetValueForward[1];
  const S2 = w.stem.N - 1;
  const stemValueForward = new Float64Array(S2 + 1);
  const stemValueBackward = new Float64Array(S2 + 1);
  let aheadValue = forkValue; // the value after arriving forward at m + 1
  for (let m = S2; m >= 1; m--) {
    stemValueBackward[m] = stemBack[m] + aheadValue;
    stemValueForward[m] = aheadValue = stemAhead[m] + aheadValue;
  }
  const probabilities = branchProbabilities(policy);
  // Probability that a target excursion reaches the leaf: q(n) = pf q(n+1) / (pb + pbc q(n+1)).
  let reach = 1;
  for (let n = N - 1; n >= 1; n--) {
    reach = (probabilities.pf[n] * reach) / (probabilities.pb[n] + probabilities.pbc[n] * reach);
  }
  let exitTimeFromDeadLeaf = 1;
  for (let n = 1; n < N; n++) exitTimeFromDeadLeaf += deadCrossBack[n];
  return {
    probabilities,
    hittingTime,
    forkValue,
    deadExcursionTime: 1 + deadReturn[1],
    exitTimeFromDeadLeaf,
    targetSuccessProbability: reach,
    returnTime: deadReturn,
    crossBackTime: deadCrossBack,
    targetValueForward,
    targetValueBackward,
    stemValueForward,
    stemValueBackward,
  };
}

/** Expected steps from arriving at a dead leaf back to the fork (Theorem 4's exit time). */
export function expectedExitTime(shape: GraphShape, policy: Policy): number {
  const exit = firstStepAnalysis(shape, policy).exitTimeFromDeadLeaf;
  if (exit < Infinity) return exit;
  throw new RangeError(
    `the exit time from a dead leaf of ${describeShape(shape)} is infinite or beyond the double range under this policy`,
  );
}

/** Expected arrivals at each edge-state along one line, by position. */
export interface BranchOccupancy {
  /** Arrivals at position n moving forward (at the far end: at the leaf, or at the fork from the stem). */
  readonly forward: Float64Array;
  /** Arrivals at position n moving backward (stem only, at 0: arrivals at the start from l(1)). */
  readonly backward: Float64Array;
}

/** Expected visits over the whole run. */
export interface Occupancy {
  readonly target: BranchOccupancy;
  readonly eachDeadBranch: BranchOccupancy;
  /** Stem positions 1..2S (none on G(W, K, L)). */
  readonly stem: BranchOccupancy;
  /** Arrivals at the start, the first one included (more than 1 only on the stem variant). */
  readonly start: number;
  /** Arrivals at the fork, the first one included. */
  readonly fork: number;
}

/**
 * Expected visits by edge flows. In the target branch the net flow is one crossing
 * forward through every edge, so the forward arrivals are
 *   U(n) = (pb(n) U(n+1) + pbc(n)) / pf(n),  U(N) = 1,
 * and the backward ones B(n-1) = pfc(n) U(n) + pb(n) B(n), from B(N-1) = 0. Each
 * branch is entered U(1) times, so the fork is left W U(1) / P(into a branch)
 * times; in a dead branch the flow into n+1 comes back: u(n+1) = u(n) pf(n) / pb(n).
 * The stem carries net flow 1 forward too, plus the returns from the fork.
 */
function flows(w: Workspace, occ: Mutable<Occupancy>): Occupancy {
  const { shape, branch, desired: p, alternative: q } = w;
  const { target, eachDeadBranch, stem } = occ;
  const N = branch.N;
  target.forward[N] = 1;
  for (let n = N - 1; n >= 1; n--) {
    const forward = forwardDecisionAt(branch, n);
    const backward = backwardDecisionAt(branch, n);
    target.forward[n] = (p[backward] * target.forward[n + 1] + q[backward]) / p[forward];
    if (n > 1) target.backward[n - 1] = q[forward] * target.forward[n] + p[backward] * target.backward[n];
  }
  const entries = target.forward[1];
  if (shape.W > 1) {
    let flow = entries;
    for (let n = 1; n <= N; n++) {
      eachDeadBranch.forward[n] = flow;
      if (n < N) eachDeadBranch.backward[n] = flow = (flow * p[forwardDecisionAt(branch, n)]) / p[backwardDecisionAt(branch, n)];
    }
  }
  occ.fork = (shape.W * entries) / w.forkDesired;
  const S2 = w.stem.N - 1;
  const intoStem = w.forkAlternative === 0 ? 0 : occ.fork * w.forkAlternative;
  stem.forward[S2 + 1] = 1 + intoStem;
  stem.backward[S2] = intoStem;
  for (let m = S2; m >= 1; m--) {
    const forward = forwardDecisionAt(w.stem, m);
    const backward = backwardDecisionAt(w.stem, m);
    stem.forward[m] = (p[backward] * stem.forward[m + 1] + q[backward]) / p[forward];
    stem.backward[m - 1] = q[forward] * stem.forward[m] + p[backward] * stem.backward[m];
  }
  occ.start = 1 + stem.backward[0];
  return occ;
}

/** Expected visit counts of every edge-state, by edge flows (see `flows`). Both variants. */
export function occupancy(shape: GraphShape, policy: Policy): Occupancy {
  const w = load(createWorkspace(shape, true), policy);
  solveTables(w, w.tables as Record<TableName, Float64Array>, "occupancy");
  return flows(w, w.flows as Mutable<Occupancy>);
}

/**
 * The expected hitting time by edge flows: every step arrives at one edge-state,
 * so the hitting time is the total of `occupancy`'s expected arrivals (the leaf's
 * final arrival excluded, the walker's start at s included). A derivation
 * independent of first passage (expectedHittingTime, firstStepAnalysis), for
 * checks; doubles only. Notebooks 00 to 02.
 */
export function edgeFlowHittingTime(shape: GraphShape, policy: Policy): number {
  const occ = occupancy(shape, policy);
  const sum = (a: Float64Array, from: number, to: number) => {
    let total = 0;
    for (let i = from; i < to; i++) total += a[i];
    return total;
  };
  const S2 = 2 * shape.S;
  const N = 2 * shape.K + 1;
  const stem = sum(occ.stem.forward, 1, S2 + 1) + sum(occ.stem.backward, 1, S2 + 1);
  const target = sum(occ.target.forward, 1, N) + sum(occ.target.backward, 1, N);
  const dead = sum(occ.eachDeadBranch.forward, 0, N + 1) + sum(occ.eachDeadBranch.backward, 0, N + 1);
  return occ.start + stem + occ.fork + target + (shape.W - 1) * dead;
}

/** Per decision: how often it is made, what the desired move saves, and the gradient. */
export interface PolicyGradient {
  /** The expected hitting time of the policy, from the same solve. */
  readonly hittingTime: number;
  /** Expected number of times each decision is made in one run from s. */
  readonly visits: Float64Array;
  /**
   * Visit-weighted mean of V(alternative) - V(desired): the expected steps the
   * desired move saves over the alternative where this decision is made
   * (negative where the desired move costs time, as moving on in a dead branch).
   */
  readonly stepsSaved: Float64Array;
  /**
   * d E[T] / d theta for each decision's logit: sum of visits * p (1 - p) * (V(desired) - V(alternative)).
   * An entry whose size exceeds the double range (hitting times near 10^154 and up) is +-Infinity.
   */
  readonly gradient: Float64Array;
}

/**
 * For training loops: a policy-gradient solver of `shape` that reuses one workspace, so a step
 * allocates nothing. Each call overwrites the arrays the previous call returned.
 */
export function createPolicyGradient(shape: GraphShape): (policy: Policy) => PolicyGradient {
  const w = createWorkspace(shape, true);
  const tables = w.tables as Record<TableName, Float64Array>;
  const occ = w.flows as Mutable<Occupancy>;
  const count = decisionCount(shape);
  const result = { hittingTime: 0, visits: new Float64Array(count), stepsSaved: new Float64Array(count), gradient: new Float64Array(count) };
  return (policy) => {
    load(w, policy);
    result.hittingTime = solveTables(w, tables, "policyGradient");
    decisionsOf(w, tables, flows(w, occ), result);
    return result;
  };
}

/**
 * The exact policy gradient of the expected hitting time, as visit counts times
 * value differences (the policy-gradient theorem). Where the two moves of a decision
 * at position n lead to arriving forward at n+1 and backward at n-1, their values
 * differ by the first-passage time from the one to the other: back(n-1) + ahead(n),
 * a positive sum. In a dead branch they differ by return(n+1) + crossBack(n), and at
 * the fork by R / P(into a branch). Both variants. Theorem 3; notebooks 03 and 06.
 */
export function policyGradient(shape: GraphShape, policy: Policy): PolicyGradient {
  const { hittingTime, visits, stepsSaved, gradient } = createPolicyGradient(shape)(policy);
  return { hittingTime, visits, stepsSaved, gradient };
}

/**
 * Fills each decision's visits, stepsSaved and gradient from the first-passage tables
 * and the flows. A decision is made at one position of one line (its family and depth
 * fix it): on the stem by every walker there; in a branch by walkers in the target
 * branch and in each of the W - 1 dead ones, where the desired move saves `gap` and
 * `-deadGap` steps; at the fork on the stem variant. Visits first, so that stepsSaved
 * is a weighted mean of terms no larger than its largest.
 */
function decisionsOf(
  w: Workspace,
  t: Record<TableName, Float64Array>,
  occ: Occupancy,
  out: { visits: Float64Array; stepsSaved: Float64Array; gradient: Float64Array },
): void {
  const { stem, branch } = w;
  const { visits, stepsSaved, gradient } = out;
  // Decision k made `times` times where its desired move saves `saved` steps, and `times2` times saving `saved2`.
  const decision = (k: number, times: number, saved: number, times2 = 0, saved2 = 0) => {
    const all = (visits[k] = times + times2);
    const slope = w.desired[k] * w.alternative[k];
    let mean = 0;
    let total = 0;
    if (times !== 0) {
      mean += (times / all) * saved;
      total -= times * slope * saved;
    }
    if (times2 !== 0) {
      mean += (times2 / all) * saved2;
      total -= times2 * slope * saved2;
    }
    stepsSaved[k] = mean;
    gradient[k] = slope === 0 ? 0 : total;
  };
  for (let m = 1; m < stem.N; m++) {
    const gap = t.stemBack[m - 1] + t.stemAhead[m];
    decision(forwardDecisionAt(stem, m), occ.stem.forward[m], gap);
    decision(backwardDecisionAt(stem, m), occ.stem.backward[m], -gap);
  }
  if (w.forkDecision >= 0) decision(w.forkDecision, occ.fork, (1 + t.stemBack[stem.N - 1]) / w.forkDesired);
  const dead = w.shape.W - 1;
  for (let n = 1; n < branch.N; n++) {
    const gap = t.targetBack[n - 1] + t.targetAhead[n];
    if (dead === 0) {
      decision(forwardDecisionAt(branch, n), occ.target.forward[n], gap);
      decision(backwardDecisionAt(branch, n), occ.target.backward[n], -gap);
    } else {
      const deadGap = t.deadReturn[n + 1] + t.deadCrossBack[n];
      decision(forwardDecisionAt(branch, n), occ.target.forward[n], gap, dead * occ.eachDeadBranch.forward[n], -deadGap);
      decision(backwardDecisionAt(branch, n), occ.target.backward[n], -gap, dead * occ.eachDeadBranch.backward[n], deadGap);
    }
  }
}
