/**
 * The reference searchers over the token interface (appendix notebook A3). Each
 * reads only the tokens, as a model would:
 *   uniformWalk      the base random walk: every legal move equally likely;
 *   edgeStateOptimum the paper's optimal edge-state policy, a function of the last
 *                    token alone: on to the leaf, and from a dead end straight back
 *                    to the fork, where it picks a label uniformly (E[T] = 4WK + 2W - 2K);
 *   depthFirstSearch the same, but at the fork it picks uniformly among the labels it
 *                    has not yet entered (E[T] = 2WK + W + 1), which needs the history;
 *   lastBranchSearch the same, but remembering only the label it entered last, which it
 *                    avoids back at the fork (E[T] = 1 + (2K + 1)(1 + 2(W - 1)^2/W)).
 */
import type { SequencePolicy } from "./walk";
import type { Vocabulary } from "./tokens";
import { EDGE_OFFSET, MOVES, TOKENS } from "./tokens";

/** Logits that allow only `allowed` moves (0 for them, -Infinity elsewhere); the environment masks the rest. */
function only(v: Vocabulary, allowed: (move: number) => boolean): Float64Array {
  return Float64Array.from({ length: v.moves }, (_, m) => (allowed(m) ? 0 : -Infinity));
}

export const uniformWalk: SequencePolicy = {
  name: "random walk",
  reader(v) {
    const logits = new Float64Array(v.moves);
    return { push: () => logits };
  },
};

/**
 * A policy of the last token alone: `logitsAfter(v, token)` is what it answers
 * after every token. This is all an edge-state model can be on the token interface.
 */
export function lastTokenPolicy(name: string, logitsAfter: (v: Vocabulary, token: number) => ArrayLike<number>): SequencePolicy {
  return { name, reader: (v) => ({ push: (token) => logitsAfter(v, token) }) };
}

const isEdge = (v: Vocabulary) => (m: number) => m >= EDGE_OFFSET && m < EDGE_OFFSET + v.L;

/** The efficient searcher's moves away from the fork: forward along connectors, any edge through a diamond, back from a dead end. */
function searcherLogits(v: Vocabulary, token: number): Float64Array {
  switch (token) {
    case TOKENS.START:
    case TOKENS.RIGHT_FORWARD:
      return only(v, (m) => m === MOVES.FORWARD);
    case TOKENS.RIGHT_BACK:
      return only(v, isEdge(v));
    case TOKENS.LEFT_BACK:
    case TOKENS.DEAD_END:
      return only(v, (m) => m === MOVES.BACK);
    case TOKENS.FORK_FORWARD:
    case TOKENS.FORK_BACK:
      return only(v, (m) => v.branchLabel(m) >= 0);
    default: // at l(j), arrived forward: into the diamond
      return only(v, isEdge(v));
  }
}

export const edgeStateOptimum: SequencePolicy = lastTokenPolicy("edge-state optimum", searcherLogits);

export const depthFirstSearch: SequencePolicy = {
  name: "depth-first search with memory",
  reader(v) {
    const entered = new Uint8Array(v.W);
    return {
      push(token) {
        const label = v.enteredLabel(token);
        if (label >= 0) entered[label] = 1;
        if (token !== TOKENS.FORK_FORWARD && token !== TOKENS.FORK_BACK) return searcherLogits(v, token);
        return only(v, (m) => v.branchLabel(m) >= 0 && !entered[v.branchLabel(m)]);
      },
    };
  },
};

export const lastBranchSearch: SequencePolicy = {
  name: "search remembering the branch just left",
  reader(v) {
    let last = -1;
    return {
      push(token) {
        const label = v.enteredLabel(token);
        if (label >= 0) last = label;
        if (token !== TOKENS.FORK_BACK) return searcherLogits(v, token);
        return only(v, (m) => v.branchLabel(m) >= 0 && v.branchLabel(m) !== last);
      },
    };
  },
};

export const REFERENCE_POLICIES: readonly SequencePolicy[] = [uniformWalk, edgeStateOptimum, depthFirstSearch, lastBranchSearch];
