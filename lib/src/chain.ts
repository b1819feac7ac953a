/**
 * Exact inference on G(W, K, L) from the branch structure (notebooks 01 to 04).
 *
 * Every branch is a line f, l(1), r(1), ..., l(K), r(K), t of positions
 * n = 0 (the fork), 1, ..., N = 2K + 1 (the leaf). A walker at position n who
 * arrived moving forward keeps going with probability pf(n) (c at l, a at r);
 * one who arrived moving backward keeps going with pb(n) (d at l, b at r).
 *
 * Two independent derivations of the expected hitting time live here:
 * - edge flows (`flowHittingTime`): expected crossings of each edge per excursion,
 *   a product of ratios pf/pb in a dead branch and a backward recurrence in the
 *   target branch; all terms positive, so it also runs in log space;
 * - first-step analysis (`firstStepAnalysis`): expected times to come back to the
 *   fork, which also give the state values behind the exact policy gradient.
 * The generic solver in sparse.ts is the third, structure-free check.
 */
import type { GraphShape } from "./graph";
import { branchLength, describeShape } from "./graph";
import type { Policy } from "./policy";
import { decisionCount, requirePolicyFor } from "./policy";
import { solveChainValues } from "./sparse";

/** Continue-probabilities along one branch, indexed by position 1..N-1. */
export interface BranchProbabilities {
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

export function branchProbabilities(policy: Policy): BranchProbabilities {
  const shape = requireStructured(policy.shape);
  const N = branchLength(shape);
  const pf = new Float64Array(N + 1);
  const pfc = new Float64Array(N + 1);
  const pb = new Float64Array(N + 1);
  const pbc = new Float64Array(N + 1);
  const forwardDecision = new Int32Array(N + 1).fill(-1);
  const backwardDecision = new Int32Array(N + 1).fill(-1);
  // Decision k of family f at depth j sits at f * K + (j - 1) (see policy.decisionIndex).
  const [a, b, c, d] = [0, 1, 2, 3].map((family) => family * shape.K);
  for (let n = 1; n < N; n++) {
    const depthOffset = Math.ceil(n / 2) - 1;
    const atLeft = n % 2 === 1;
    forwardDecision[n] = (atLeft ? c : a) + depthOffset;
    backwardDecision[n] = (atLeft ? d : b) + depthOffset;
    pf[n] = policy.desired[forwardDecision[n]];
    pfc[n] = policy.alternative[forwardDecision[n]];
    pb[n] = policy.desired[backwardDecision[n]];
    pbc[n] = policy.alternative[backwardDecision[n]];
  }
  return { N, pf, pfc, pb, pbc, forwardDecision, backwardDecision };
}

function requireStructured(shape: GraphShape): GraphShape {
  if (shape.variant !== "path-star") {
    throw new RangeError(`the structured solver handles G(W, K, L) only, not ${describeShape(shape)}`);
  }
  return shape;
}

/** Positive-number arithmetic, either on the values or on their natural logs. */
interface PositiveArithmetic {
  lift(probability: number): number;
  add(x: number, y: number): number;
  mul(x: number, y: number): number;
  div(x: number, y: number): number;
}

const linear: PositiveArithmetic = {
  lift: (p) => p,
  add: (x, y) => x + y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

const logarithmic: PositiveArithmetic = {
  lift: Math.log,
  add: (x, y) => {
    if (x === -Infinity) return y;
    if (y === -Infinity) return x;
    const high = Math.max(x, y);
    return high + Math.log1p(Math.exp(Math.min(x, y) - high));
  },
  mul: (x, y) => x + y,
  div: (x, y) => x - y,
};

/**
 * The expected hitting time by edge flows, in the given arithmetic.
 * Dead branch, per excursion: u(1) = 1 crossing of f-l(1) each way, and
 * u(n+1) = u(n) pf(n) / pb(n), since the flow into position n+1 must come back.
 * Target branch, over the whole run: net flow 1 through every edge, so the forward
 * crossings U(n) = (pb(n) U(n+1) + pbc(n)) / pf(n), from U(N) = 1, and the backward
 * ones Wb(n) = pfc(n) U(n) + pb(n) Wb(n+1), from Wb(N) = 0. U(1) target excursions
 * mean (W - 1) U(1) dead ones, by symmetry of the fork.
 */
function flowHittingTime(arith: PositiveArithmetic, W: number, probs: BranchProbabilities): number {
  const { N } = probs;
  const one = arith.lift(1);
  let deadFlow = one;
  let deadTotal = one;
  for (let n = 1; n < N; n++) {
    deadFlow = arith.div(arith.mul(deadFlow, arith.lift(probs.pf[n])), arith.lift(probs.pb[n]));
    deadTotal = arith.add(deadTotal, deadFlow);
  }
  let forward = one;
  let backward = arith.lift(0);
  let targetCrossings = one;
  for (let n = N - 1; n >= 1; n--) {
    const pb = arith.lift(probs.pb[n]);
    forward = arith.div(arith.add(arith.mul(pb, forward), arith.lift(probs.pbc[n])), arith.lift(probs.pf[n]));
    backward = arith.add(arith.mul(arith.lift(probs.pfc[n]), forward), arith.mul(pb, backward));
    targetCrossings = arith.add(targetCrossings, arith.add(forward, backward));
  }
  let total = arith.add(one, targetCrossings);
  if (W > 1) {
    const deadExcursions = arith.mul(arith.lift(W - 1), forward);
    total = arith.add(total, arith.mul(arith.mul(arith.lift(2), deadExcursions), deadTotal));
  }
  return total;
}

/**
 * log10 of the expected number of edges walked from s until the target leaf is hit.
 * On G(W, K, L) it works far beyond the double range (the SFT policy at large K);
 * on the stem variant it is the log of the generic solve, so within that range.
 */
export function log10ExpectedHittingTime(shape: GraphShape, policy: Policy): number {
  requirePolicyFor(shape, policy);
  if (shape.variant !== "path-star") return Math.log10(expectedHittingTime(shape, policy));
  const value = flowHittingTime(logarithmic, shape.W, branchProbabilities(policy)) / Math.LN10;
  return requireFiniteExpectation(value, shape);
}

/**
 * The expected number of edges walked from s until the target leaf is hit (the
 * s-f edge counts): the paper's inference-time compute. Exact up to rounding.
 * Throws a RangeError pointing to `log10ExpectedHittingTime` when the value
 * exceeds the double range. Notebooks 01 to 04; Theorems 2 to 4.
 */
export function expectedHittingTime(shape: GraphShape, policy: Policy): number {
  requirePolicyFor(shape, policy);
  if (shape.variant !== "path-star") return solveChainValues(shape, policy).hittingTime;
  const value = flowHittingTime(linear, shape.W, branchProbabilities(policy));
  if (Number.isFinite(value)) return value;
  const log10 = log10ExpectedHittingTime(shape, policy);
  throw new RangeError(
    `the expected hitting time of ${describeShape(shape)} is about 10^${log10.toFixed(1)}, beyond the ` +
      `double range: use log10ExpectedHittingTime`,
  );
}

function requireFiniteExpectation(log10: number, shape: GraphShape): number {
  if (log10 === Infinity || Number.isNaN(log10)) {
    throw new RangeError(
      `the expected hitting time of ${describeShape(shape)} is infinite under this policy: some ` +
        `decision has probability 0 and the target can no longer be reached surely`,
    );
  }
  return log10;
}

/** What first-step analysis gives on G(W, K, L). Arrays are indexed by position 1..N. */
export interface FirstStepAnalysis {
  readonly probabilities: BranchProbabilities;
  /** The expected hitting time from s (equal to the flow method's). */
  readonly hittingTime: number;
  /** Expected steps of one excursion into a dead branch: f to l(1) and back to f. */
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
}

/**
 * First-step analysis along a branch. Dead branch, from the leaf inwards:
 *   crossBack(n) = (1 + pbc(n) return(n+1)) / pb(n)
 *   return(n)    = 1 + pf(n) (return(n+1) + crossBack(n)),   return(N) = 1.
 * Target branch: the value after arriving at n is affine in the value at n-1,
 * V(n) = alpha(n) + beta(n) V(back at n-1), solved from the target outwards; the
 * probability of reaching the target, q = 1 - beta, is carried separately so
 * that neither is computed by a cancelling subtraction.
 */
export function firstStepAnalysis(shape: GraphShape, policy: Policy): FirstStepAnalysis {
  requirePolicyFor(shape, policy);
  return firstStepAlong(shape.W, branchProbabilities(policy));
}

function firstStepAlong(W: number, probabilities: BranchProbabilities): FirstStepAnalysis {
  const { N, pf, pfc, pb, pbc } = probabilities;

  const returnTime = new Float64Array(N + 1);
  const crossBackTime = new Float64Array(N + 1);
  returnTime[N] = 1;
  for (let n = N - 1; n >= 1; n--) {
    crossBackTime[n] = (1 + pbc[n] * returnTime[n + 1]) / pb[n];
    returnTime[n] = 1 + pf[n] * (returnTime[n + 1] + crossBackTime[n]);
  }

  // Forward arrival at n: value alpha + beta * V(back at n-1); reach probability q.
  // Backward arrival at n: value gamma + delta * V(back at n-1).
  const alpha = new Float64Array(N + 2);
  const beta = new Float64Array(N + 2);
  const reach = new Float64Array(N + 2);
  const gamma = new Float64Array(N + 1);
  const delta = new Float64Array(N + 1);
  reach[N] = 1;
  for (let n = N - 1; n >= 1; n--) {
    const stayAway = pb[n] + pbc[n] * reach[n + 1]; // = 1 - pbc(n) beta(n+1)
    gamma[n] = (1 + pbc[n] * alpha[n + 1]) / stayAway;
    delta[n] = pb[n] / stayAway;
    alpha[n] = 1 + pf[n] * (alpha[n + 1] + beta[n + 1] * gamma[n]);
    beta[n] = pfc[n] + pf[n] * beta[n + 1] * delta[n];
    reach[n] = (pf[n] * reach[n + 1]) / stayAway;
  }

  const fromFork = (W + alpha[1] + (W - 1) * returnTime[1]) / reach[1];
  const targetValueForward = new Float64Array(N + 1);
  const targetValueBackward = new Float64Array(N + 1);
  let behind = fromFork; // value after arriving backward at n-1 (the fork for n = 1)
  for (let n = 1; n < N; n++) {
    targetValueForward[n] = alpha[n] + beta[n] * behind;
    targetValueBackward[n] = gamma[n] + delta[n] * behind;
    behind = targetValueBackward[n];
  }

  let exitTimeFromDeadLeaf = 1;
  for (let n = 1; n < N; n++) exitTimeFromDeadLeaf += crossBackTime[n];

  return {
    probabilities,
    hittingTime: 1 + fromFork,
    deadExcursionTime: 1 + returnTime[1],
    exitTimeFromDeadLeaf,
    targetSuccessProbability: reach[1],
    returnTime,
    crossBackTime,
    targetValueForward,
    targetValueBackward,
  };
}

/** Expected steps from arriving at a dead leaf back to the fork (Theorem 4's exit time). */
export function expectedExitTime(shape: GraphShape, policy: Policy): number {
  return firstStepAnalysis(shape, policy).exitTimeFromDeadLeaf;
}

/** Expected visits of each edge-state along one branch, by position 1..N. */
export interface BranchOccupancy {
  /** Arrivals at position n moving forward (n = N: arrivals at the leaf). */
  readonly forward: Float64Array;
  /** Arrivals at position n moving backward. */
  readonly backward: Float64Array;
}

/** Expected visits over the whole run, in the target branch and in each dead branch. */
export interface Occupancy {
  readonly target: BranchOccupancy;
  readonly eachDeadBranch: BranchOccupancy;
  /** Arrivals at the fork, the first one from s included. */
  readonly fork: number;
}

/** Expected visit counts of every edge-state, by the flow recurrences (see flowHittingTime). */
export function occupancy(shape: GraphShape, policy: Policy): Occupancy {
  requirePolicyFor(shape, policy);
  return occupancyAlong(shape.W, branchProbabilities(policy));
}

function occupancyAlong(W: number, { N, pf, pfc, pb, pbc }: BranchProbabilities): Occupancy {
  const target = { forward: new Float64Array(N + 1), backward: new Float64Array(N + 1) };
  target.forward[N] = 1;
  for (let n = N - 1; n >= 1; n--) {
    target.forward[n] = (pb[n] * target.forward[n + 1] + pbc[n]) / pf[n];
    target.backward[n] = pfc[n] * target.forward[n] + pb[n] * target.backward[n + 1];
  }
  // Backward arrivals at n cross the edge (n, n+1): in the target branch they were
  // computed as crossings of (n-1, n), so shift them by one position.
  const targetCrossingsBack = target.backward.slice();
  target.backward.fill(0);
  for (let n = 1; n < N; n++) target.backward[n] = targetCrossingsBack[n + 1];

  const targetExcursions = target.forward[1];
  const eachDeadBranch = { forward: new Float64Array(N + 1), backward: new Float64Array(N + 1) };
  let flow = targetExcursions;
  for (let n = 1; n <= N; n++) {
    eachDeadBranch.forward[n] = flow;
    if (n < N) {
      flow = (flow * pf[n]) / pb[n];
      eachDeadBranch.backward[n] = flow;
    }
  }
  return { target, eachDeadBranch, fork: W * targetExcursions };
}

/** Per decision: how often it is made, what the desired move saves, and the gradient. */
export interface DecisionAnalysis {
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
  /** d E[T] / d theta for each decision's logit: sum of visits * p (1 - p) * (V(desired) - V(alternative)). */
  readonly gradient: Float64Array;
}

/**
 * The exact policy gradient of the expected hitting time, as visit counts times
 * value differences (the policy-gradient theorem). Theorem 3; notebooks 03 and 06.
 */
export function analyseDecisions(shape: GraphShape, policy: Policy): DecisionAnalysis {
  if (shape.variant !== "path-star") {
    const solution = solveChainValues(shape, policy);
    return { hittingTime: solution.hittingTime, ...solution.decisions };
  }
  requirePolicyFor(shape, policy);
  const probabilities = branchProbabilities(policy);
  const fs = firstStepAlong(shape.W, probabilities);
  const occ = occupancyAlong(shape.W, probabilities);
  const { N, forwardDecision, backwardDecision } = fs.probabilities;
  const n_ = decisionCount(shape);
  const visits = new Float64Array(n_);
  const weightedGap = new Float64Array(n_);
  const gradient = new Float64Array(n_);
  const add = (k: number, v: number, desiredMinusAlternative: number) => {
    visits[k] += v;
    weightedGap[k] -= v * desiredMinusAlternative;
    gradient[k] += v * policy.desired[k] * policy.alternative[k] * desiredMinusAlternative;
  };
  const dead = shape.W - 1;
  for (let n = 1; n < N; n++) {
    // Dead branch: going on from n costs return(n+1) + crossBack(n) more than turning back.
    const deadGap = fs.returnTime[n + 1] + fs.crossBackTime[n];
    add(forwardDecision[n], dead * occ.eachDeadBranch.forward[n], deadGap);
    add(backwardDecision[n], dead * occ.eachDeadBranch.backward[n], -deadGap);
    // Target branch: values after the two possible moves.
    const ahead = n + 1 === N ? 0 : fs.targetValueForward[n + 1];
    const behind = n === 1 ? fs.hittingTime - 1 : fs.targetValueBackward[n - 1];
    add(forwardDecision[n], occ.target.forward[n], ahead - behind);
    add(backwardDecision[n], occ.target.backward[n], behind - ahead);
  }
  const stepsSaved = weightedGap.map((g, k) => (visits[k] > 0 ? g / visits[k] : 0));
  return { hittingTime: fs.hittingTime, visits, stepsSaved, gradient };
}
