/**
 * Episodes of the token environment (appendix notebook A3). Each episode draws the
 * target branch uniformly and a fresh permutation of the branch labels and of the
 * diamond's edge labels, so the label of the target is uniform and no model can
 * learn where the answer is: it has to search. A walker's moves are checked
 * against the moves legal where it stands; each move returns the token seen next.
 *
 * The edge labels are permuted for completeness of the protocol, but a diamond's
 * copies all lead to the same node and the tokens do not name the copy taken, so
 * they change nothing a model can see (the walk records the copy for replays).
 */
import type { GraphShape } from "../graph";
import { describeShape, requireShape } from "../graph";
import { requireFunction, requireInteger } from "../validate";
import type { Vocabulary } from "./tokens";
import { EDGE_OFFSET, ENTER_OFFSET, MOVES, SEQUENCE_LIMITS, TOKENS, vocabulary } from "./tokens";

export interface Episode {
  readonly shape: GraphShape;
  readonly vocabulary: Vocabulary;
  /** The physical branch (0 .. W-1) whose leaf is the answer. */
  readonly targetBranch: number;
  /** The physical branch behind each label. */
  readonly branchOfLabel: Int32Array;
  /** The physical parallel copy behind each edge label. */
  readonly copyOfEdgeLabel: Int32Array;
}

/** The token interface's sizes: G(W, K, L) within SEQUENCE_LIMITS, the paper's graph only. */
export function requireSequenceShape(shape: GraphShape): GraphShape {
  requireShape(shape);
  if (shape.variant !== "path-star") throw new RangeError(`the token environment is defined on G(W, K, L) only, not ${describeShape(shape)}`);
  requireInteger("W", shape.W, 1, SEQUENCE_LIMITS.maxW);
  requireInteger("K", shape.K, 1, SEQUENCE_LIMITS.maxK);
  requireInteger("L", shape.L, 1, SEQUENCE_LIMITS.maxL);
  return shape;
}

/** A uniformly random permutation of 0 .. n-1 (Fisher-Yates). */
function permutation(n: number, rng: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** One problem: its target and its labels, drawn from `rng`. */
export function drawEpisode(shape: GraphShape, rng: () => number): Episode {
  requireSequenceShape(shape);
  requireFunction("rng", rng);
  const targetBranch = Math.floor(rng() * shape.W);
  return {
    shape,
    vocabulary: vocabulary(shape.W, shape.L),
    targetBranch,
    branchOfLabel: permutation(shape.W, rng),
    copyOfEdgeLabel: permutation(shape.L, rng),
  };
}

/** Where a walker stands: s, the fork, or a position along a branch. */
export interface Place {
  /** Physical branch, or -1 at s and the fork. */
  readonly branch: number;
  /** -1 at s, 0 at the fork, 1 .. 2K+1 along a branch: l(j) at 2j - 1, r(j) at 2j, the leaf at 2K + 1. */
  readonly position: number;
}

/** A walk in progress. `token` is the last token seen, `steps` the moves made. */
export interface Walker {
  readonly episode: Episode;
  token: number;
  steps: number;
  branch: number;
  position: number;
  /** The physical copy crossed by the last move, when it crossed a diamond (-1 otherwise). */
  copy: number;
}

export function startWalker(episode: Episode): Walker {
  return { episode, token: TOKENS.START, steps: 0, branch: -1, position: -1, copy: -1 };
}

export function reachedAnswer(walker: Walker): boolean {
  return walker.token === TOKENS.ANSWER;
}

/** Writes into `legal` (length vocabulary.moves) 1 for each move allowed where the walker stands. */
export function legalMoves(walker: Walker, legal: Uint8Array): Uint8Array {
  const v = walker.episode.vocabulary;
  const leaf = 2 * walker.episode.shape.K + 1;
  legal.fill(0);
  const p = walker.position;
  if (walker.token === TOKENS.ANSWER) return legal;
  if (p === -1) legal[MOVES.FORWARD] = 1;
  else if (p === 0) legal.fill(1, v.branch(0), v.branch(0) + v.W);
  else if (p === leaf) legal[MOVES.BACK] = 1;
  else {
    legal.fill(1, EDGE_OFFSET, EDGE_OFFSET + v.L);
    legal[p % 2 === 1 ? MOVES.BACK : MOVES.FORWARD] = 1;
  }
  return legal;
}

/** Makes `move` (refused unless legal) and returns the token seen after it. */
export function makeMove(walker: Walker, move: number): number {
  const { vocabulary: v, shape, branchOfLabel, copyOfEdgeLabel, targetBranch } = walker.episode;
  const leaf = 2 * shape.K + 1;
  const p = walker.position;
  const refuse = (): never => {
    throw new RangeError(`move ${move} is not legal at position ${p} (token ${walker.token})`);
  };
  if (walker.token === TOKENS.ANSWER) refuse();
  walker.copy = -1;
  const label = v.branchLabel(move);
  if (p === 0) {
    if (label < 0) refuse();
    walker.branch = branchOfLabel[label];
    walker.position = 1;
    walker.token = ENTER_OFFSET + label;
  } else if (move === MOVES.FORWARD) {
    if (p === -1) {
      walker.position = 0;
      walker.token = TOKENS.FORK_FORWARD;
    } else if (p % 2 === 0) {
      walker.position = p + 1;
      walker.token = p + 1 < leaf ? TOKENS.LEFT_FORWARD : walker.branch === targetBranch ? TOKENS.ANSWER : TOKENS.DEAD_END;
    } else refuse();
  } else if (move === MOVES.BACK) {
    if (p === leaf || (p > 0 && p % 2 === 1)) {
      walker.position = p - 1;
      walker.token = p === 1 ? TOKENS.FORK_BACK : TOKENS.RIGHT_BACK;
      if (p === 1) walker.branch = -1;
    } else refuse();
  } else if (move >= EDGE_OFFSET && move < EDGE_OFFSET + v.L && p > 0 && p < leaf) {
    walker.copy = copyOfEdgeLabel[move - EDGE_OFFSET];
    walker.position = p % 2 === 1 ? p + 1 : p - 1;
    walker.token = p % 2 === 1 ? TOKENS.RIGHT_FORWARD : TOKENS.LEFT_BACK;
  } else refuse();
  walker.steps++;
  return walker.token;
}
