/**
 * The walk on G(W, K, L) as a token sequence (appendix notebook A3). A token says
 * what a reasoner sees on arriving at a node, locally: the kind of node and the
 * direction it came from, the label of the branch it entered at the fork, a dead
 * end, the answer. It never says the depth or which branch is the target: a
 * model that reads only the last token sees exactly the paper's edge state (less
 * the depth), and a model that reads the whole walk sees which branches it has
 * searched.
 *
 * The action after each token is the next move, one of the moves legal where the
 * walker stands (the environment masks the others):
 *   FORWARD   the single edge away from the start (s to f, r(j) to l(j+1) or to the leaf)
 *   BACK      the single edge toward the start (l(j) to r(j-1) or to f, a leaf to r(K))
 *   EDGE e    parallel edge e of the diamond (l(j) to r(j), or r(j) back to l(j))
 *   BRANCH b  from the fork into the branch labelled b
 * Only the fork's choice is not toward or away from the start: as in the paper's base
 * model, the fork never sends the walker back to s.
 */
import { requireInteger } from "../validate";

/** Input tokens before the W branch-entry tokens ENTER_0 .. ENTER_{W-1}. */
export const TOKENS = {
  /** At s, the first token of every walk. */
  START: 0,
  /** At the fork, from s. */
  FORK_FORWARD: 1,
  /** At the fork, back out of a branch (which one is not said). */
  FORK_BACK: 2,
  /** At l(j), forward along a connector from r(j - 1). */
  LEFT_FORWARD: 3,
  /** At l(j), back through the diamond from r(j). */
  LEFT_BACK: 4,
  /** At r(j), forward through the diamond from l(j). */
  RIGHT_FORWARD: 5,
  /** At r(j), back along the connector from l(j + 1) or from the leaf. */
  RIGHT_BACK: 6,
  /** At a leaf that is not the target. */
  DEAD_END: 7,
  /** At the target leaf: the walk ends here. */
  ANSWER: 8,
} as const;

/** ENTER_b, at l(1) of the branch labelled b, is token ENTER_OFFSET + b. */
export const ENTER_OFFSET = 9;

/** Output moves before the L edge moves and the W branch moves. */
export const MOVES = { FORWARD: 0, BACK: 1 } as const;
/** EDGE_e is move EDGE_OFFSET + e. */
export const EDGE_OFFSET = 2;

/** Sizes the token interface accepts: the vocabulary grows with W and L, the walks with K. */
export const SEQUENCE_LIMITS = { maxW: 64, maxK: 64, maxL: 16 };

/** The token and move alphabets of one (W, L). */
export interface Vocabulary {
  readonly W: number;
  readonly L: number;
  /** Input tokens: 9 + W. */
  readonly size: number;
  /** Output moves: 2 + L + W. */
  readonly moves: number;
  enter(label: number): number;
  edge(label: number): number;
  branch(label: number): number;
  /** The branch label of an ENTER token, or -1 for any other token. */
  enteredLabel(token: number): number;
  /** The branch label of a BRANCH move, or -1 for any other move. */
  branchLabel(move: number): number;
}

export function vocabulary(W: number, L: number): Vocabulary {
  requireInteger("W", W, 1, SEQUENCE_LIMITS.maxW);
  requireInteger("L", L, 1, SEQUENCE_LIMITS.maxL);
  const branchOffset = EDGE_OFFSET + L;
  return Object.freeze({
    W,
    L,
    size: ENTER_OFFSET + W,
    moves: branchOffset + W,
    enter: (label: number) => ENTER_OFFSET + requireInteger("label", label, 0, W - 1),
    edge: (label: number) => EDGE_OFFSET + requireInteger("label", label, 0, L - 1),
    branch: (label: number) => branchOffset + requireInteger("label", label, 0, W - 1),
    enteredLabel: (token: number) => (token >= ENTER_OFFSET && token < ENTER_OFFSET + W ? token - ENTER_OFFSET : -1),
    branchLabel: (move: number) => (move >= branchOffset && move < branchOffset + W ? move - branchOffset : -1),
  });
}

const TOKEN_NAMES = ["start", "fork (from s)", "fork (back)", "l (forward)", "l (back)", "r (forward)", "r (back)", "dead end", "answer"];

/** A token's name as the notebook's table writes it. */
export function tokenName(v: Vocabulary, token: number): string {
  requireInteger("token", token, 0, v.size - 1);
  return token < ENTER_OFFSET ? TOKEN_NAMES[token] : `entered branch ${token - ENTER_OFFSET + 1}`;
}

/** A move's name as the notebook's table writes it. */
export function moveName(v: Vocabulary, move: number): string {
  requireInteger("move", move, 0, v.moves - 1);
  if (move === MOVES.FORWARD) return "forward";
  if (move === MOVES.BACK) return "back";
  const label = v.branchLabel(move);
  return label >= 0 ? `branch ${label + 1}` : `edge ${move - EDGE_OFFSET + 1}`;
}
