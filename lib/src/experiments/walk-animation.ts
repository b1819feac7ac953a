/**
 * A walk on the reasoning graph, step by step (notebooks 01 and 05): the graph as
 * graph-layout.ts lays it out, the first steps of the walk and a sentence for
 * each, saying which decision (a, b, c, d, the fork, a dead end) it took. Drawn as
 * an animation by plot/walk-animation.ts.
 */
import type { ExplicitGraph, Walk } from "../graph";
import { buildGraph, describeShape, pathStar } from "../graph";
import { basePolicy, decisionName, movesFrom } from "../policy";
import { compileSamplingTable, createRng, sampleWalk } from "../sample";
import { requireInteger } from "../validate";
import type { GraphDrawingData } from "./graph-layout";
import { drawnGraph } from "./graph-layout";

/** The most steps a walk animation accepts (the figure's size grows with the square of this). */
export const WALK_ANIMATION_LIMITS = { maxSteps: 1000 };

/** What step `t` (1-based) of `walk` did, in words: the move and the decision it took. */
export function describeStep(graph: ExplicitGraph, walk: Walk, t: number): string {
  const previous = t >= 2 ? walk.nodes[t - 2] : -1;
  const current = walk.nodes[t - 1];
  const next = walk.nodes[t];
  const label = (id: number) => graph.nodes[id].label;
  const move = movesFrom(graph, previous, current).find((m) => m.to === next);
  if (!move) throw new RangeError(`step ${t} of the walk goes from ${label(current)} to ${label(next)}, which is not a move`);
  const kind = graph.nodes[current].kind;
  let why: string;
  if (move.decision >= 0 && move.share === 1) why = `${decisionName(graph.shape, move.decision)}: ${move.desired ? "desired move" : "alternative"}`;
  else if (kind === "fork") why = "the fork: a branch picked uniformly";
  else if (kind === "leaf") why = "dead end: the only move is back";
  else why = "the only move";
  return `${label(current)} → ${label(next)} (${why})`;
}

export interface WalkAnimationData {
  /** Title before each step's description, such as "A walk on G(W = 3, K = 3, L = 2)". */
  readonly title: string;
  /** The graph where the drawing puts it. */
  readonly graph: GraphDrawingData;
  /** The first steps of the walk: nodes[0] = s, edges[t - 1] walked at step t. */
  readonly nodes: number[];
  readonly edges: number[];
  /** What step t did, for t = 1..edges.length (steps[0] describes the start). */
  readonly steps: string[];
  /** Steps in the whole walk (the animation may show only the first ones). */
  readonly totalSteps: number;
}

/**
 * The first `maxSteps` steps of `walk` on `graph`, with a description of each.
 * Checks that the walk starts at s and follows the graph's edges.
 */
export function walkAnimationData(graph: ExplicitGraph, walk: Walk, maxSteps = 120, title?: string): WalkAnimationData {
  requireInteger("maxSteps", maxSteps, 1, WALK_ANIMATION_LIMITS.maxSteps);
  if (walk.nodes.length !== walk.edges.length + 1) {
    throw new RangeError(`a walk has one node more than edges, got ${walk.nodes.length} nodes and ${walk.edges.length} edges`);
  }
  if (walk.nodes[0] !== graph.start) throw new RangeError(`the walk must start at s, not at ${graph.nodes[walk.nodes[0]].label}`);
  walk.edges.forEach((id, i) => {
    const e = graph.edges[id];
    const [u, v] = [walk.nodes[i], walk.nodes[i + 1]];
    if (!e || !((e.u === u && e.v === v) || (e.u === v && e.v === u))) {
      throw new RangeError(`edge ${i} of the walk (id ${id}) does not join ${graph.nodes[u].label} and ${graph.nodes[v].label}`);
    }
  });
  const shown = Math.min(walk.edges.length, maxSteps);
  const steps = [`at ${graph.nodes[graph.start].label}`];
  for (let t = 1; t <= shown; t++) steps.push(describeStep(graph, walk, t));
  const drawing = drawnGraph(graph);
  return {
    title: title ?? `A walk on ${drawing.name}`,
    graph: drawing,
    nodes: walk.nodes.slice(0, shown + 1),
    edges: walk.edges.slice(0, shown),
    steps,
    totalSteps: walk.edges.length,
  };
}

export interface WalkAnimationParams {
  W: number;
  K: number;
  L: number;
  /** Steps the animation shows (the walk's first ones). */
  maxSteps: number;
  /** Seeds the walk. */
  seed: string;
}

export const WALK_ANIMATION_DEFAULTS: WalkAnimationParams = { W: 3, K: 3, L: 2, maxSteps: 120, seed: "walk" };

/** A walk of the base model on G(W, K, L), target on the top branch, drawn with `seed`. Notebook 01. */
export function baseWalkAnimationData(overrides: Partial<WalkAnimationParams> = {}): WalkAnimationData {
  const params: WalkAnimationParams = { ...WALK_ANIMATION_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape = pathStar(params.W, params.K, params.L);
  const graph = buildGraph(shape);
  const walk = sampleWalk(compileSamplingTable(graph), basePolicy(shape), createRng(seed));
  return walkAnimationData(graph, walk, params.maxSteps, `A walk of the base model on ${describeShape(shape)}`);
}
