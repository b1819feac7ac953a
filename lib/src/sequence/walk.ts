/**
 * A policy over tokens and the walks it samples (appendix notebook A3). A policy is
 * anything that reads the walk token by token and answers with a logit per move:
 * the reference searchers of reference-policies.ts and a transformer's decoder
 * alike. The environment masks illegal moves; the move is drawn from the softmax
 * of the legal moves' logits (a logit of -Infinity never is).
 */
import type { GraphShape } from "../graph";
import { requireFunction, requireInteger } from "../validate";
import type { Episode, Walker } from "./environment";
import { drawEpisode, legalMoves, makeMove, reachedAnswer, startWalker } from "./environment";
import type { Vocabulary } from "./tokens";

/** Reads one token, answers the logits of the next move (length vocabulary.moves). */
export interface SequenceReader {
  push(token: number): ArrayLike<number>;
}

/** A fresh reader per walk; `name` labels it in tables. */
export interface SequencePolicy {
  readonly name: string;
  reader(v: Vocabulary): SequenceReader;
}

/** Largest number of moves a walk may be sampled for (the arrays it keeps are this long). */
export const WALK_LIMITS = { maxBudget: 1_000_000 };

/** One sampled walk: tokens[t] was read before moves[t]; tokens has one more entry, the last seen. */
export interface SampledWalk {
  readonly episode: Episode;
  readonly tokens: Int32Array;
  readonly moves: Int32Array;
  /** Legal moves before each move: row t (vocabulary.moves entries) belongs to moves[t]. */
  readonly legal: Uint8Array;
  /** Moves made: the hitting time when `reached`, the budget when censored. */
  readonly steps: number;
  readonly reached: boolean;
  /** Positions visited, for replays: place t after t moves (branch * (2K + 2) + position + 1, 0 at s). */
  readonly places: Int32Array;
}

/** Draws a move from the softmax of `logits` over the moves `legal` allows (starting at `row` * moves). */
export function drawMove(logits: ArrayLike<number>, legal: Uint8Array, row: number, moves: number, rng: () => number): number {
  let max = -Infinity;
  for (let m = 0; m < moves; m++) if (legal[row + m] && logits[m] > max) max = logits[m];
  if (!(max > -Infinity)) throw new RangeError("the policy gives every legal move a logit of -Infinity (or NaN)");
  let total = 0;
  for (let m = 0; m < moves; m++) if (legal[row + m]) total += Math.exp(logits[m] - max);
  let u = rng() * total;
  let last = -1;
  for (let m = 0; m < moves; m++) {
    if (!legal[row + m]) continue;
    const w = Math.exp(logits[m] - max);
    if (w === 0) continue;
    last = m;
    u -= w;
    if (u < 0) return m;
  }
  return last;
}

function placeOf(walker: Walker): number {
  const stride = 2 * walker.episode.shape.K + 2;
  return walker.position < 0 ? 0 : walker.branch < 0 ? 1 : walker.branch * stride + walker.position + 1;
}

/** Samples one walk of `policy` on `episode`, at most `budget` moves. */
export function sampleTokenWalk(episode: Episode, policy: SequencePolicy, rng: () => number, budget: number): SampledWalk {
  requireInteger("budget", budget, 1, WALK_LIMITS.maxBudget);
  requireFunction("rng", rng);
  const v = episode.vocabulary;
  const walker = startWalker(episode);
  const reader = policy.reader(v);
  const tokens: number[] = [walker.token];
  const moves: number[] = [];
  const places: number[] = [placeOf(walker)];
  const legalRows: Uint8Array[] = [];
  const legal = new Uint8Array(v.moves);
  while (!reachedAnswer(walker) && walker.steps < budget) {
    const logits = reader.push(walker.token);
    legalMoves(walker, legal);
    legalRows.push(legal.slice());
    const move = drawMove(logits, legal, 0, v.moves, rng);
    moves.push(move);
    tokens.push(makeMove(walker, move));
    places.push(placeOf(walker));
  }
  const allLegal = new Uint8Array(legalRows.length * v.moves);
  legalRows.forEach((row, t) => allLegal.set(row, t * v.moves));
  return {
    episode,
    tokens: Int32Array.from(tokens),
    moves: Int32Array.from(moves),
    legal: allLegal,
    steps: walker.steps,
    reached: reachedAnswer(walker),
    places: Int32Array.from(places),
  };
}

/** `walks` walks of `policy`, each on a fresh episode of `shape`, all from one generator. */
export function sampleTokenWalks(shape: GraphShape, policy: SequencePolicy, rng: () => number, walks: number, budget: number): SampledWalk[] {
  requireInteger("walks", walks, 1, 10_000_000);
  return Array.from({ length: walks }, () => sampleTokenWalk(drawEpisode(shape, rng), policy, rng, budget));
}
