/**
 * What a policy does where backtracking is decided (appendix notebook A3), read on
 * probe walks every policy is shown alike: walks of the depth-first searcher, which
 * go down dead branches, back out of them and re-decide at the fork. At each token
 * of a probe walk the policy's move probabilities are read (the walk itself goes on
 * as the searcher walked it) and averaged per context, each context weighing the same:
 *   a   at r, arrived forward:   P(on forward)
 *   b   at r, back from a dead end: P(back through the diamond)
 *   c   at l, arrived forward:   P(into the diamond)
 *   d   at l, back through the diamond: P(back along the connector)
 *   back         b and d pooled: P(keep backing out) after a dead end
 *   forkReentry  at the fork after a dead end: P(entering a branch already entered)
 * and, for forkReentry, what a uniform choice would give (explored / W).
 */
import type { GraphShape } from "../graph";
import type { SequencePolicy, SampledWalk } from "./walk";
import { sampleTokenWalks } from "./walk";
import { depthFirstSearch } from "./reference-policies";
import { EDGE_OFFSET, MOVES, TOKENS } from "./tokens";

export interface BackOffProbabilities {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly back: number;
  readonly forkReentry: number;
  /** forkReentry of a uniform choice at the same contexts. */
  readonly forkReentryUniform: number;
  /** Contexts averaged over, per entry (b + d for back). */
  readonly contexts: { a: number; b: number; c: number; d: number; fork: number };
}

/** Probe walks: `walks` walks of the depth-first searcher (no budget binds: it needs 2(2K + 1)W + 1 moves at most). */
export function probeWalks(shape: GraphShape, rng: () => number, walks: number): SampledWalk[] {
  return sampleTokenWalks(shape, depthFirstSearch, rng, walks, 2 * (2 * shape.K + 1) * shape.W + 1);
}

/** Softmax probabilities over the legal moves of row t. */
function legalSoftmax(logits: ArrayLike<number>, legal: Uint8Array, row: number, moves: number): Float64Array {
  const p = new Float64Array(moves);
  let max = -Infinity;
  for (let m = 0; m < moves; m++) if (legal[row + m] && logits[m] > max) max = logits[m];
  let total = 0;
  for (let m = 0; m < moves; m++) if (legal[row + m]) total += p[m] = Math.exp(logits[m] - max);
  for (let m = 0; m < moves; m++) p[m] /= total;
  return p;
}

/** The policy's back-off probabilities on the probe walks. */
export function backOffProbabilities(policy: SequencePolicy, probes: readonly SampledWalk[]): BackOffProbabilities {
  const sums = { a: 0, b: 0, c: 0, d: 0, fork: 0, uniform: 0 };
  const counts = { a: 0, b: 0, c: 0, d: 0, fork: 0 };
  for (const walk of probes) {
    const v = walk.episode.vocabulary;
    const reader = policy.reader(v);
    const entered = new Uint8Array(v.W);
    let enteredCount = 0;
    for (let t = 0; t < walk.moves.length; t++) {
      const token = walk.tokens[t];
      const label = v.enteredLabel(token);
      if (label >= 0 && !entered[label]) {
        entered[label] = 1;
        enteredCount++;
      }
      const p = legalSoftmax(reader.push(token), walk.legal, t * v.moves, v.moves);
      let edges = 0;
      for (let e = 0; e < v.L; e++) edges += p[EDGE_OFFSET + e];
      if (token === TOKENS.RIGHT_FORWARD) (sums.a += p[MOVES.FORWARD]), counts.a++;
      else if (token === TOKENS.RIGHT_BACK) (sums.b += edges), counts.b++;
      else if (token === TOKENS.LEFT_FORWARD || label >= 0) (sums.c += edges), counts.c++;
      else if (token === TOKENS.LEFT_BACK) (sums.d += p[MOVES.BACK]), counts.d++;
      else if (token === TOKENS.FORK_BACK) {
        let again = 0;
        for (let b = 0; b < v.W; b++) if (entered[b]) again += p[v.branch(b)];
        sums.fork += again;
        sums.uniform += enteredCount / v.W;
        counts.fork++;
      }
    }
  }
  const mean = (sum: number, n: number) => (n > 0 ? sum / n : NaN);
  return {
    a: mean(sums.a, counts.a),
    b: mean(sums.b, counts.b),
    c: mean(sums.c, counts.c),
    d: mean(sums.d, counts.d),
    back: mean(sums.b + sums.d, counts.b + counts.d),
    forkReentry: mean(sums.fork, counts.fork),
    forkReentryUniform: mean(sums.uniform, counts.fork),
    contexts: counts,
  };
}
