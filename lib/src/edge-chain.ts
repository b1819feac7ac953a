/**
 * The edge-state chain of a materialised graph: its states (previous node,
 * current node), the moves out of each, and their probabilities under a policy.
 * The generic solver (sparse.ts), the samplers and the search decoders all run
 * on it; none of them uses the branch structure.
 */
import type { ExplicitGraph } from "./graph";
import { describeShape, requireGraph } from "./graph";
import type { Move, Policy } from "./policy";
import { decisionName, movesFrom, requirePolicy, requirePolicyFor } from "./policy";
import { describe, requireInteger } from "./validate";
import { InfiniteHittingTimeError } from "./chain";

/** State-space sizes above these are refused before the system is built. */
export const SPARSE_LIMITS = { maxStates: 300_000, maxRationalStates: 20_000 };

/** The edge-state chain of a graph: states, and the moves out of each. */
export interface CompiledChain {
  readonly graph: ExplicitGraph;
  /** Node before and node at each state; state 0 is the start (previous = -1). */
  readonly previous: Int32Array;
  readonly current: Int32Array;
  /** Moves out of each state (`to` is a state); the target's states have none. */
  readonly moves: ReadonlyArray<ReadonlyArray<Move>>;
  /** States in the order they were first reached from the start (breadth first). */
  readonly size: number;
}

/** Enumerates the edge-states reachable from the start, breadth first. */
export function compileChain(graph: ExplicitGraph): CompiledChain {
  requireGraph(graph);
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
  const moves: Move[][] = [];
  for (let s = 0; s < previous.length; s++) {
    moves.push(movesFrom(graph, previous[s], current[s]).map((m) => ({ ...m, to: intern(current[s], m.to) })));
  }
  return { graph, previous: Int32Array.from(previous), current: Int32Array.from(current), moves, size: previous.length };
}

/** Throws unless `value` is a chain as compileChain builds it. */
function requireChain(value: unknown): CompiledChain {
  const chain = value as CompiledChain;
  if (typeof value !== "object" || value === null || !Array.isArray(chain.moves) || chain.moves.length !== chain.size || !(chain.current instanceof Int32Array)) {
    throw new RangeError(`chain must be a chain made by compileChain, got ${describe(value)}`);
  }
  requireGraph(chain.graph, "chain.graph");
  return chain;
}

/**
 * A move's probability before the fork's share is divided out: the decision's
 * desired or alternative probability, or `one` where there is no decision. In any
 * number type (doubles here, exact rationals in sparse.ts).
 */
export function decisionProbability<T>(move: Move, desired: ArrayLike<T>, alternative: ArrayLike<T>, one: T): T {
  requireMove(move, Math.min(desired?.length, alternative?.length));
  return probabilityOf(move, desired, alternative, one);
}

function probabilityOf<T>(move: Move, desired: ArrayLike<T>, alternative: ArrayLike<T>, one: T): T {
  if (move.decision < 0) return one;
  return move.desired ? desired[move.decision] : alternative[move.decision];
}

/** Throws unless `value` is a move (from movesFrom) whose decision is one of `decisions`. */
function requireMove(value: unknown, decisions: number): Move {
  const move = value as Move;
  if (!(decisions >= 0)) throw new RangeError("desired and alternative must be arrays of one probability per decision");
  if (typeof value !== "object" || value === null || typeof move.desired !== "boolean") {
    throw new RangeError(`move must be a move (from movesFrom or compileChain), got ${describe(value)}`);
  }
  requireInteger("move.decision", move.decision, -1, decisions - 1);
  requireInteger("move.share", move.share, 1, Number.MAX_SAFE_INTEGER);
  return move;
}

/** P(move) under `policy`: the one definition the solvers, samplers and decoders share. */
export function moveProbability(policy: Policy, move: Move): number {
  requirePolicy(policy);
  requireMove(move, policy.desired.length);
  return probabilityOf(move, policy.desired, policy.alternative, 1) / move.share;
}

/**
 * Whether `move` can happen under `policy`: its decision's probability is above 0.
 * Tested before the fork's share is divided out, which can round a tiny
 * probability (subnormal) to 0 although the move is possible.
 */
function possible(policy: Policy, move: Move): boolean {
  return probabilityOf(move, policy.desired, policy.alternative, 1) > 0;
}

/**
 * The states from which the target is reached with probability 1 (1 in the
 * result): those that cannot reach, by moves of positive probability, a state
 * from which the target is unreachable. Throws InfiniteHittingTimeError when the
 * start is not one of them, naming a decision whose zero-probability move would
 * have led out of the trap.
 */
export function surelyAbsorbed(chain: CompiledChain, policy: Policy): Uint8Array {
  requireChain(chain);
  requirePolicyFor(chain.graph.shape, policy);
  const n = chain.size;
  const into: number[][] = Array.from({ length: n }, () => []);
  chain.moves.forEach((moves, s) => moves.forEach((m) => possible(policy, m) && into[m.to].push(s)));
  // Mark every state that can reach a seed state, walking moves of positive probability backward.
  const backwardClosure = (seeds: number[]) => {
    const marked = new Uint8Array(n);
    const stack = [...seeds];
    seeds.forEach((s) => (marked[s] = 1));
    while (stack.length > 0) {
      for (const s of into[stack.pop() as number]) {
        if (!marked[s]) {
          marked[s] = 1;
          stack.push(s);
        }
      }
    }
    return marked;
  };
  const canFinish = backwardClosure(chain.moves.flatMap((m, s) => (m.length === 0 ? [s] : [])));
  const stuck = chain.moves.flatMap((_, s) => (canFinish[s] ? [] : [s]));
  const unsure = backwardClosure(stuck);
  if (unsure[0]) throw trapError(chain, policy, canFinish);
  return unsure.map((u) => 1 - u);
}

/**
 * The error for a start that may never finish: it names a zero-probability move
 * out of a trap into states that finish, preferring traps the walker can reach.
 */
function trapError(chain: CompiledChain, policy: Policy, canFinish: Uint8Array): InfiniteHittingTimeError {
  const { graph } = chain;
  const reachable = new Uint8Array(chain.size);
  const stack = [0];
  reachable[0] = 1;
  while (stack.length > 0) {
    for (const m of chain.moves[stack.pop() as number]) {
      if (!reachable[m.to] && possible(policy, m)) {
        reachable[m.to] = 1;
        stack.push(m.to);
      }
    }
  }
  const label = (s: number) => graph.nodes[chain.current[s]].label;
  for (const mustBeReachable of [true, false]) {
    for (let s = 0; s < chain.size; s++) {
      if (canFinish[s] || (mustBeReachable && !reachable[s])) continue;
      const wayOut = chain.moves[s].find((m) => canFinish[m.to] && !possible(policy, m));
      if (wayOut) {
        const k = wayOut.decision;
        const from = chain.previous[s] < 0 ? label(s) : `${graph.nodes[chain.previous[s]].label} -> ${label(s)}`;
        return new InfiniteHittingTimeError(
          graph.shape,
          k,
          `P(${decisionName(graph.shape, k)}) = ${wayOut.desired ? 0 : 1}: after ${from} the walker never moves on to ` +
            `${label(wayOut.to)}, and without that move the target can never be reached`,
        );
      }
    }
  }
  return new InfiniteHittingTimeError(graph.shape, -1, "the target can never be reached");
}
