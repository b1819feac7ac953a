/**
 * One walk of section 7, sampled in the page's worker: a seeded episode and the
 * model's seeded walk on it, so the same model, depth and episode number give the
 * same walk here as in Node:
 *   episode  drawEpisode(G(W, K, L), createRng(`explorable/replay/K${K}/episode${n}`))
 *   walk     sampleTokenWalk(episode, transformerPolicy(model),
 *                            createRng(`explorable/replay/${model}/K${K}/episode${n}`), budget)
 * cut at the sweep's measurement budget at that depth (measurementBudget). Every
 * model replays the same episode n at a depth, so they can be compared on one problem.
 * A walk of a few hundred moves took the page's thread 25 to 90 ms the first time
 * (explorable/README.md), hence the worker.
 */
import {
  createRng,
  drawEpisode,
  measurementBudget,
  pathStar,
  requireInteger,
  sampleTokenWalk,
  SEQUENCE_LIMITS,
  transformerPolicy,
  vocabulary,
} from "rlvr-backtracking";
import type { SampledWalk, SequenceProtocol } from "rlvr-backtracking";
import type { ReplayData, ReplayModelName } from "./replay-data";

/** Episode numbers the page accepts. */
export const EPISODE_LIMIT = 1_000_000;

/** The deepest depth replayed: four times the main depth, the deepest the sweep measured (and within the token interface). */
export function deepestReplay(p: SequenceProtocol): number {
  return Math.min(4 * p.K, SEQUENCE_LIMITS.maxK);
}

/** Throws the library's RangeError unless the depth and the episode number are ones the page replays. */
export function checkReplay(p: SequenceProtocol, K: number, episode: number): void {
  requireInteger("depth K", K, 1, deepestReplay(p));
  requireInteger("episode", episode, 1, EPISODE_LIMIT);
}

/** A sampled walk as plain data, for the worker's message (an episode's vocabulary holds functions). */
export interface PostedWalk {
  readonly targetBranch: number;
  readonly branchOfLabel: Int32Array;
  readonly copyOfEdgeLabel: Int32Array;
  readonly tokens: Int32Array;
  readonly moves: Int32Array;
  readonly legal: Uint8Array;
  readonly places: Int32Array;
  readonly steps: number;
  readonly reached: boolean;
}

/** The walk of `model` on episode `episode` at depth K, cut at `budget` moves. */
export function replayWalk(data: ReplayData, model: ReplayModelName, K: number, episode: number): { walk: SampledWalk; budget: number } {
  const p = data.protocol;
  checkReplay(p, K, episode);
  const problem = drawEpisode(pathStar(p.W, K, p.L), createRng(`explorable/replay/K${K}/episode${episode}`));
  const budget = measurementBudget(p, model, K);
  const policy = transformerPolicy(data.models[model].transformer);
  return { walk: sampleTokenWalk(problem, policy, createRng(`explorable/replay/${model}/K${K}/episode${episode}`), budget), budget };
}

export function postedWalk(walk: SampledWalk): PostedWalk {
  const { targetBranch, branchOfLabel, copyOfEdgeLabel } = walk.episode;
  const { tokens, moves, legal, places, steps, reached } = walk;
  return { targetBranch, branchOfLabel, copyOfEdgeLabel, tokens, moves, legal, places, steps, reached };
}

/** The walk again, on the page, from the worker's message. */
export function receivedWalk(p: SequenceProtocol, K: number, posted: PostedWalk): SampledWalk {
  const { targetBranch, branchOfLabel, copyOfEdgeLabel, ...walk } = posted;
  const episode = { shape: pathStar(p.W, K, p.L), vocabulary: vocabulary(p.W, p.L), targetBranch, branchOfLabel, copyOfEdgeLabel };
  return { episode, ...walk };
}
