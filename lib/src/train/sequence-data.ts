/**
 * The walks the sequence trainers learn from (appendix notebook A3), each on a fresh
 * episode: golden paths (walked by an oracle that knows the target's label), random
 * walks (the pretraining data), the depth-first searcher's walks (the backtracking
 * demonstrations of a control), and a teacher model's successful walks (distillation).
 */
import type { GraphShape } from "../graph";
import { pathStar } from "../graph";
import type { Transformer } from "../nn/transformer";
import type { Episode } from "../sequence/environment";
import { drawEpisode } from "../sequence/environment";
import type { SampledWalk, SequencePolicy } from "../sequence/walk";
import { sampleTokenWalk } from "../sequence/walk";
import { depthFirstSearch, lastTokenPolicy, uniformWalk } from "../sequence/reference-policies";
import { EDGE_OFFSET, MOVES, TOKENS } from "../sequence/tokens";
import { requireInteger } from "../validate";
import { transformerPolicy } from "./sequence-model";

/** The golden path's walker: straight to the target's label, any edge through each diamond. */
function oracle(episode: Episode): SequencePolicy {
  const target = Array.from(episode.branchOfLabel).indexOf(episode.targetBranch);
  return lastTokenPolicy("golden path", (v, token) =>
    Float64Array.from({ length: v.moves }, (_, m) => {
      if (token === TOKENS.START || token === TOKENS.RIGHT_FORWARD) return m === MOVES.FORWARD ? 0 : -Infinity;
      if (token === TOKENS.FORK_FORWARD) return m === v.branch(target) ? 0 : -Infinity;
      return m >= EDGE_OFFSET && m < EDGE_OFFSET + v.L ? 0 : -Infinity;
    }),
  );
}

/** A depth drawn uniformly from `depths` for each walk (all of G(W, ·, L)). */
export function depthShapes(W: number, L: number, depths: readonly number[]): GraphShape[] {
  if (depths.length === 0) throw new RangeError("depths must list at least one depth");
  return depths.map((K) => pathStar(W, K, L));
}

function walksOf(
  W: number, L: number, depths: readonly number[], rng: () => number, count: number, budget: number,
  policyFor: (episode: Episode) => SequencePolicy,
): SampledWalk[] {
  const graphs = depthShapes(W, L, depths);
  requireInteger("count", count, 0, 1_000_000);
  return Array.from({ length: count }, () => {
    const episode = drawEpisode(graphs[Math.floor(rng() * graphs.length)], rng);
    return sampleTokenWalk(episode, policyFor(episode), rng, budget);
  });
}

export function goldenWalks(W: number, L: number, depths: readonly number[], rng: () => number, count: number): SampledWalk[] {
  return walksOf(W, L, depths, rng, count, 2 * Math.max(...depths) + 2, oracle);
}

/** Random walks, cut after `maxLength` moves (a prefix of a walk is still next-move data). */
export function randomWalks(W: number, L: number, depths: readonly number[], rng: () => number, count: number, maxLength: number): SampledWalk[] {
  return walksOf(W, L, depths, rng, count, maxLength, () => uniformWalk);
}

export function searchDemonstrations(W: number, L: number, depths: readonly number[], rng: () => number, count: number): SampledWalk[] {
  return walksOf(W, L, depths, rng, count, 2 * (2 * Math.max(...depths) + 1) * W + 1, () => depthFirstSearch);
}

/** Walks of `teacher` that found the answer within `budget`, out of `attempts` (the others are left out). */
export function successfulWalks(teacher: Transformer, W: number, L: number, depths: readonly number[], rng: () => number, attempts: number, budget: number): SampledWalk[] {
  const policy = transformerPolicy(teacher, "teacher");
  return walksOf(W, L, depths, rng, attempts, budget, () => policy).filter((walk) => walk.reached);
}
