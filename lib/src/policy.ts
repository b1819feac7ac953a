/**
 * The edge-state (trigram) policy of the paper: the next node depends on the
 * current node and the one before it. Parallel edges are interchangeable, so at
 * each diamond depth j the policy is four binary decisions (notebook 01):
 *
 *   a_j  at r(j), arrived forward   desired: on along the connector   else: back through the diamond
 *   b_j  at r(j), arrived backward  desired: back through the diamond else: forward again
 *   c_j  at l(j), arrived forward   desired: into the diamond         else: back along the connector
 *   d_j  at l(j), arrived backward  desired: back along the connector else: into the diamond again
 *
 * Each decision's probability of the desired move is sigmoid(theta + offset), with
 * the offset that makes theta = 0 the pretrained random walk. On the stem variant
 * one more decision sits at the fork: into a branch (desired) or back into the stem.
 */
import type { GraphShape, ExplicitGraph } from "./graph";
import { depthCount, describeShape, LIMITS, requireGraph, requireShape } from "./graph";
import { describe, requireFinite, requireInteger, requireNumberList, requireOneOf, requireProbability } from "./validate";

export const FAMILIES = ["a", "b", "c", "d"] as const;
export type Family = (typeof FAMILIES)[number];
/** The fork's decision on the stem variant. */
export const FORK_FAMILY = "fork";

/** An exact rational probability, for the rational cross-check solver. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Probabilities of the desired move at every decision, and their complements. */
export interface Policy {
  readonly shape: GraphShape;
  /** P(desired move), one entry per decision (see `decisionIndex`). */
  readonly desired: Float64Array;
  /** 1 - P(desired move), kept separately so probabilities near 1 keep their digits. */
  readonly alternative: Float64Array;
  /** Decision k's P(desired) as an exact rational, when the policy was built from rationals. */
  readonly exactAt: ((k: number) => Rational) | null;
}

/**
 * Throws unless `value` is a policy as this module builds it: a valid shape, two
 * Float64Arrays with one entry per decision, and at every decision a pair of
 * probabilities (see `requireProbabilityPair`). The arrays are plain typed arrays
 * a caller can write into after the policy was built, so the entries are checked
 * on every call: O(decisions), as every solver and sampler is at least.
 */
export function requirePolicy(value: unknown, name = "policy"): Policy {
  const policy = requirePolicyArrays(value, name);
  const { desired, alternative } = policy;
  for (let k = 0; k < desired.length; k++) {
    if (!isProbabilityPair(desired[k], alternative[k])) requireProbabilityPair(policy, k, name);
  }
  return policy;
}

/**
 * The two stored probabilities of one decision add up to 1 up to the rounding of
 * the builders: each is within a few units of roundoff (u = 2^-53) of its exact
 * value (a sigmoid from one exponential, a quotient of two rounded integers), so
 * their sum is within 8u of 1.
 */
const PAIR_SUM_TOLERANCE = 8 * 2 ** -53;

function isProbabilityPair(desired: number, alternative: number): boolean {
  return desired >= 0 && desired <= 1 && alternative >= 0 && alternative <= 1 && Math.abs(desired + alternative - 1) <= PAIR_SUM_TOLERANCE;
}

/** Throws the error that names what is wrong with decision `k`'s pair. */
function requireProbabilityPair(policy: Policy, k: number, name: string): void {
  const decision = `${decisionName(policy.shape, k)}`;
  const d = policy.desired[k];
  const a = policy.alternative[k];
  requireProbability(`${name}.desired[${k}] (${decision})`, d);
  requireProbability(`${name}.alternative[${k}] (${decision})`, a);
  throw new RangeError(
    `${name}.desired[${k}] + ${name}.alternative[${k}] (${decision}) must be 1 within ${PAIR_SUM_TOLERANCE}, got ${d} + ${a}: ` +
      `change a policy's probabilities only through setPolicyFromTheta, or build a new one (policyFromProbabilities)`,
  );
}

/** The constant-time part of `requirePolicy`: the shape and the arrays' lengths, not their entries. */
function requirePolicyArrays(value: unknown, name: string): Policy {
  const policy = value as Policy;
  if (typeof value !== "object" || value === null || !(policy.desired instanceof Float64Array) || !(policy.alternative instanceof Float64Array)) {
    throw new RangeError(`${name} must be a policy (from basePolicy, policyFromTheta, a trainer, ...), got ${describe(value)}`);
  }
  const n = decisionCount(requireShape(policy.shape, `${name}.shape`));
  if (policy.desired.length !== n || policy.alternative.length !== n) {
    throw new RangeError(`${name} must have ${n} decisions for ${describeShape(policy.shape)}, got ${policy.desired.length}`);
  }
  return policy;
}

/** Throws unless `policy` is a policy built for `shape` (same variant and sizes); `name` as the caller calls it. */
export function requirePolicyFor(shape: GraphShape, policy: Policy, name = "policy"): void {
  requireShape(shape);
  const p = requirePolicy(policy, name).shape;
  if (p.variant !== shape.variant || p.W !== shape.W || p.K !== shape.K || p.L !== shape.L || p.S !== shape.S) {
    throw new RangeError(`the ${name} was built for ${describeShape(p)}, not for ${describeShape(shape)}`);
  }
}

/**
 * Number of binary decisions: four families per depth, plus the fork on the stem
 * variant. Refuses depths whose policy arrays would not fit in memory.
 */
export function decisionCount(shape: GraphShape): number {
  const D = depthCount(shape);
  if (D > LIMITS.maxDepth) {
    throw new RangeError(`K + S must be at most ${LIMITS.maxDepth} (LIMITS.maxDepth, memory), got ${D}`);
  }
  return 4 * D + (shape.variant === "stem-path-star" ? 1 : 0);
}

/** Index of family `family` at depth `depth` (1-based) in a policy's arrays. */
export function decisionIndex(shape: GraphShape, family: Family, depth: number): number {
  const D = depthCount(shape);
  requireOneOf("family", family, FAMILIES);
  requireInteger("depth", depth, 1, D);
  return FAMILIES.indexOf(family) * D + (depth - 1);
}

/** Index of the fork decision (stem variant only). */
export function forkDecisionIndex(shape: GraphShape): number {
  if (requireShape(shape).variant !== "stem-path-star") throw new RangeError("only the stem variant has a fork decision");
  return 4 * depthCount(shape);
}

/** A readable name for decision `index`, such as "b_3" or "fork". */
export function decisionName(shape: GraphShape, index: number): string {
  const D = depthCount(shape);
  requireInteger("index", index, 0, decisionCount(shape) - 1);
  if (index === 4 * D) return FORK_FAMILY;
  return `${FAMILIES[Math.floor(index / D)]}_${(index % D) + 1}`;
}

/**
 * Logit offsets that make theta = 0 the base random walk: -ln L for a and d
 * (base probability 1/(L+1)), +ln L for b and c (L/(L+1)), +ln W at the fork.
 */
export function baseOffsets(shape: GraphShape): Float64Array {
  const offsets = new Float64Array(decisionCount(shape));
  const D = depthCount(shape);
  const lnL = Math.log(shape.L);
  for (let j = 0; j < D; j++) {
    offsets[j] = -lnL;
    offsets[D + j] = lnL;
    offsets[2 * D + j] = lnL;
    offsets[3 * D + j] = -lnL;
  }
  if (shape.variant === "stem-path-star") offsets[4 * D] = Math.log(shape.W);
  return offsets;
}

/** baseOffsets, computed once per shape object (a trainer builds a policy from theta at every step). */
const offsetsCache = new WeakMap<GraphShape, Float64Array>();
function offsetsOf(shape: GraphShape): Float64Array {
  let offsets = offsetsCache.get(shape);
  if (offsets === undefined) offsetsCache.set(shape, (offsets = baseOffsets(shape)));
  return offsets;
}

/** The policy with P(desired) = sigmoid(theta + offset) at every decision. */
export function policyFromTheta(shape: GraphShape, theta: ArrayLike<number>): Policy {
  const n = decisionCount(shape);
  const policy = { shape, desired: new Float64Array(n), alternative: new Float64Array(n), exactAt: null };
  setPolicyFromTheta(policy, theta);
  return policy;
}

/**
 * For training loops: overwrites `policy`'s probabilities with those of `theta`, as
 * policyFromTheta would build them, without a new policy per step.
 */
export function setPolicyFromTheta(policy: Policy, theta: ArrayLike<number>): void {
  // Every entry is overwritten: only the arrays are checked, not what they held.
  const { shape, desired, alternative } = requirePolicyArrays(policy, "policy");
  const n = desired.length;
  requireNumberList("theta", theta);
  if (theta.length !== n) throw new RangeError(`theta must have ${n} entries (decisionCount), got ${theta.length}`);
  const offsets = offsetsOf(shape);
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(theta[k])) requireFinite(`theta[${k}] (${decisionName(shape, k)})`, theta[k]);
    const logit = theta[k] + offsets[k];
    // sigmoid(logit) and sigmoid(-logit) from one exponential: bit for bit what `sigmoid` gives.
    const e = Math.exp(-Math.abs(logit));
    desired[k] = logit >= 0 ? 1 / (1 + e) : e / (1 + e);
    alternative[k] = logit >= 0 ? e / (1 + e) : 1 / (1 + e);
  }
}

/** The trainable logits of a policy: logit(P(desired)) - offset. Infinite where a probability is 0 or 1. */
export function thetaOf(policy: Policy): Float64Array {
  requirePolicy(policy);
  const offsets = baseOffsets(policy.shape);
  return policy.desired.map((p, k) => Math.log(p) - Math.log(policy.alternative[k]) - offsets[k]);
}

export function sigmoid(x: number): number {
  if (typeof x !== "number" || Number.isNaN(x)) throw new RangeError(`x must be a number, got ${describe(x)}`);
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** A policy from one probability per decision (in [0, 1]). */
export function policyFromProbabilities(shape: GraphShape, desired: ArrayLike<number>): Policy {
  const n = decisionCount(shape);
  requireNumberList("probabilities", desired);
  if (desired.length !== n) throw new RangeError(`probabilities must have ${n} entries, got ${desired.length}`);
  const p = new Float64Array(n);
  for (let k = 0; k < n; k++) p[k] = requireProbability(`P(${decisionName(shape, k)})`, desired[k]);
  return { shape, desired: p, alternative: p.map((x) => 1 - x), exactAt: null };
}

/** Builds a policy from exact rationals; `exactAt(k)` gives decision k's P(desired). */
function policyFromRationals(shape: GraphShape, exactAt: (k: number) => Rational): Policy {
  const n = decisionCount(shape);
  const desired = new Float64Array(n);
  const alternative = new Float64Array(n);
  // A handful of distinct rationals serve all 4K decisions: convert each once.
  const converted = new Map<string, [number, number]>();
  for (let k = 0; k < n; k++) {
    const r = exactAt(k);
    const key = `${r.num}/${r.den}`;
    let pair = converted.get(key);
    if (!pair) converted.set(key, (pair = [Number(r.num) / Number(r.den), Number(r.den - r.num) / Number(r.den)]));
    [desired[k], alternative[k]] = pair;
  }
  return { shape, desired, alternative, exactAt };
}

const ONE: Rational = { num: 1n, den: 1n };

/** The family (or the fork) that decision `k` belongs to. */
export function familyOf(shape: GraphShape, k: number): Family | typeof FORK_FAMILY {
  const D = depthCount(shape);
  requireInteger("k", k, 0, decisionCount(shape) - 1);
  return k === 4 * D ? FORK_FAMILY : FAMILIES[Math.floor(k / D)];
}

/** Base-model probability of decision k, exactly: the memoryless uniform random walk. */
function baseRational(shape: GraphShape, k: number): Rational {
  const L = BigInt(shape.L);
  switch (familyOf(shape, k)) {
    case "a":
    case "d":
      return { num: 1n, den: L + 1n };
    case "b":
    case "c":
      return { num: L, den: L + 1n };
    default:
      return { num: BigInt(shape.W), den: BigInt(shape.W) + 1n };
  }
}

/** The pretrained base model: the uniform random walk over the edges at the current node (theta = 0). */
export function basePolicy(shape: GraphShape): Policy {
  return policyFromRationals(shape, (k) => baseRational(shape, k));
}

/** The optimal searcher: every family at 1 (and the fork never returns into the stem). */
export function optimalPolicy(shape: GraphShape): Policy {
  return policyFromRationals(shape, () => ONE);
}

/**
 * The limit of SFT on golden paths (Theorem 2): a = c = 1, while b and d keep
 * their base values because golden paths never visit the states where they act.
 * On the stem variant the fork decision also keeps its base value.
 */
export function sftLimitPolicy(shape: GraphShape): Policy {
  return policyFromRationals(shape, (k) => {
    const family = familyOf(shape, k);
    return family === "a" || family === "c" ? ONE : baseRational(shape, k);
  });
}

/** P(desired) of `family` at every depth 1..depthCount, as a plain array. */
export function familyProbabilities(policy: Policy, family: Family): number[] {
  const D = depthCount(requirePolicy(policy).shape);
  requireOneOf("family", family, FAMILIES);
  const start = FAMILIES.indexOf(family) * D;
  const values: number[] = new Array(D);
  for (let j = 0; j < D; j++) values[j] = policy.desired[start + j];
  return values;
}

/**
 * One possible next node from an edge-state. Its probability is
 * (decision < 0 ? 1 : desired ? P(desired) : 1 - P(desired)) / share.
 */
export interface Move {
  readonly to: number;
  /** The binary decision taken, or -1 where there is none. */
  readonly decision: number;
  readonly desired: boolean;
  /** The move is one of `share` equally likely targets (the fork's branches). */
  readonly share: number;
}

/**
 * The moves from node `current` entered from `previous` (-1 before the first step).
 * The target leaf is absorbing and has no moves. This is the one definition of
 * the dynamics that the generic solver and the sampler compile.
 */
export function movesFrom(graph: ExplicitGraph, previous: number, current: number): Move[] {
  requireGraph(graph);
  requireInteger("previous", previous, -1, graph.nodes.length - 1);
  requireInteger("current", current, 0, graph.nodes.length - 1);
  if (current === graph.target) return [];
  const node = graph.nodes[current];
  const shape = graph.shape;
  const fixed = (to: number): Move => ({ to, decision: -1, desired: true, share: 1 });
  switch (node.kind) {
    case "start":
      return [fixed(graph.forward[current])];
    case "leaf":
      return [fixed(graph.backward[current])];
    case "fork": {
      const branches = Array.from(graph.branchEntries, (to) => ({ to, decision: -1, desired: true, share: shape.W }));
      if (shape.variant === "path-star") return branches;
      const fork = forkDecisionIndex(shape);
      return [
        ...branches.map((m) => ({ ...m, decision: fork })),
        { to: graph.backward[current], decision: fork, desired: false, share: 1 },
      ];
    }
    default: {
      const arrivedForward = previous === graph.backward[current];
      const family: Family =
        node.kind === "right" ? (arrivedForward ? "a" : "b") : arrivedForward ? "c" : "d";
      const decision = decisionIndex(shape, family, node.depth);
      const continueTo = arrivedForward ? graph.forward[current] : graph.backward[current];
      const reverseTo = arrivedForward ? graph.backward[current] : graph.forward[current];
      return [
        { to: continueTo, decision, desired: true, share: 1 },
        { to: reverseTo, decision, desired: false, share: 1 },
      ];
    }
  }
}
