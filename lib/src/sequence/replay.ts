/**
 * A sampled token walk seen on the graph it was walked on (appendix notebook A3,
 * and the explorable's replays): the nodes visited and the edges walked on G(W, K, L)
 * built with the episode's target branch, each diamond crossed on the parallel copy
 * its edge label stood for in that episode; which label each branch wore; and how
 * often the walk entered again a branch it had already searched.
 */
import type { ExplicitGraph } from "../graph";
import { buildGraph, nodeIds } from "../graph";
import type { Episode } from "./environment";
import { EDGE_OFFSET } from "./tokens";
import type { SampledWalk } from "./walk";

export interface GraphReplay {
  /** G(W, K, L) with the episode's target branch as its target. */
  readonly graph: ExplicitGraph;
  /** Node ids of the graph: nodes[t] after t moves. */
  readonly nodes: number[];
  /** Edge ids of the graph: edges[t] walked by move t. */
  readonly edges: number[];
}

/** The node of a walk's place (walk.ts: branch * (2K + 2) + position + 1, 0 at s, 1 at the fork). */
function nodeOfPlace(ids: ReturnType<typeof nodeIds>, K: number, place: number): number {
  if (place === 0) return ids.start;
  if (place === 1) return ids.fork;
  const stride = 2 * K + 2;
  return ids.branch(Math.floor((place - 1) / stride), (place - 1) % stride);
}

/** The walk as nodes and edges of its graph. */
export function replayOnGraph(walk: SampledWalk): GraphReplay {
  const { shape, targetBranch, copyOfEdgeLabel } = walk.episode;
  const graph = buildGraph(shape, targetBranch);
  const ids = nodeIds(shape);
  const nodes = Array.from(walk.places, (place) => nodeOfPlace(ids, shape.K, place));
  const edges = walk.moves.length === 0 ? [] : Array.from(walk.moves, (move, t) => {
    const [u, v] = [nodes[t], nodes[t + 1]];
    // A diamond's copies join the same two nodes: the move's edge label names the copy.
    const copy = move >= EDGE_OFFSET && move < EDGE_OFFSET + shape.L ? copyOfEdgeLabel[move - EDGE_OFFSET] : 0;
    const id = Array.from(graph.incident[u]).find((e) => {
      const edge = graph.edges[e];
      return ((edge.u === u && edge.v === v) || (edge.u === v && edge.v === u)) && edge.copy === copy;
    });
    if (id === undefined) throw new RangeError(`move ${t} of the walk joins no edge of ${graph.nodes[u].label} and ${graph.nodes[v].label}`);
    return id;
  });
  return { graph, nodes, edges };
}

/** The label (0-based) each physical branch wears in the episode: the inverse of branchOfLabel. */
export function labelOfBranch(episode: Episode): Int32Array {
  const labels = new Int32Array(episode.shape.W);
  episode.branchOfLabel.forEach((branch, label) => (labels[branch] = label));
  return labels;
}

/** How many times the walk entered, at the fork, a branch it had entered before. */
export function branchReentries(walk: SampledWalk): number {
  const v = walk.episode.vocabulary;
  const entered = new Uint8Array(v.W);
  let again = 0;
  for (const token of walk.tokens) {
    const label = v.enteredLabel(token);
    if (label < 0) continue;
    if (entered[label]) again++;
    entered[label] = 1;
  }
  return again;
}
