/**
 * The reasoning graph G(W, K, L) of the paper (notebooks 00 and 01), and a variant
 * with a stem of diamonds before the fork (notebook 06).
 *
 * A graph is first a small `GraphShape` (its sizes only): the structured solver in
 * chain.ts needs nothing more, which is how it reaches K = 100000. `buildGraph`
 * materialises nodes and edges for the sampler, the generic solver and drawings,
 * and refuses sizes that would not fit in memory.
 */
import { describe, requireFunction, requireInteger, requireOneOf, requireUnitDraw } from "./validate";

/** Sizes above these are refused before anything is allocated. */
export const LIMITS = {
  /** W, K, L and the stem depth: any positive integer up to this. */
  maxSize: 1_000_000_000,
  /** K + S: the policy holds a handful of doubles per depth. */
  maxDepth: 10_000_000,
  /** Nodes plus parallel edge copies of a materialised graph (about 100 bytes each). */
  maxExplicitElements: 20_000_000,
};

export const GRAPH_VARIANTS = ["path-star", "stem-path-star"] as const;
export type GraphVariant = (typeof GRAPH_VARIANTS)[number];

/** The sizes that define a graph. `S` (the stem depth) is 0 for the paper's G(W, K, L). */
export interface GraphShape {
  readonly variant: GraphVariant;
  /** Number of branches at the fork. */
  readonly W: number;
  /** Diamonds along each branch (the depth). */
  readonly K: number;
  /** Parallel edges in each diamond. */
  readonly L: number;
  /** Diamonds on the stem between the start and the fork (variant only). */
  readonly S: number;
}

/** G(W, K, L): start s, fork f, W branches of K diamonds of L parallel edges, a leaf per branch. */
export function pathStar(W: number, K: number, L: number): GraphShape {
  return Object.freeze({
    variant: "path-star",
    W: requireInteger("W", W, 1, LIMITS.maxSize),
    K: requireInteger("K", K, 1, LIMITS.maxSize),
    L: requireInteger("L", L, 1, LIMITS.maxSize),
    S: 0,
  });
}

/**
 * Proposition (this project): a path-star whose fork sits after a stem of `S`
 * diamonds, so the difficult decision is not at the start. From the fork a walker
 * may go back into the stem; an efficient searcher never does.
 */
export function stemPathStar(S: number, W: number, K: number, L: number): GraphShape {
  return Object.freeze({ ...pathStar(W, K, L), variant: "stem-path-star", S: requireInteger("S", S, 1, LIMITS.maxSize) });
}

/**
 * Throws unless `value` is a shape as pathStar or stemPathStar make it: every
 * function that takes a shape checks it here, so a forged `{ W: -3 }` is refused
 * by name rather than computed with.
 */
export function requireShape(value: unknown, name = "shape"): GraphShape {
  if (checkedShapes.has(value as object)) return value as GraphShape;
  if (typeof value !== "object" || value === null) {
    throw new RangeError(`${name} must be a graph shape made by pathStar or stemPathStar, got ${describe(value)}`);
  }
  const shape = value as Record<string, unknown>;
  const variant = requireOneOf(`${name}.variant`, shape.variant, GRAPH_VARIANTS);
  for (const size of ["W", "K", "L"] as const) requireInteger(`${name}.${size}`, shape[size], 1, LIMITS.maxSize);
  if (variant === "path-star") requireInteger(`${name}.S`, shape.S, 0, 0);
  else requireInteger(`${name}.S`, shape.S, 1, LIMITS.maxSize);
  if (Object.isFrozen(value)) checkedShapes.add(value);
  return value as GraphShape;
}

/**
 * Frozen shapes that passed `requireShape` (pathStar and stemPathStar freeze theirs):
 * they cannot have changed since, so a training loop's thousands of checks of the
 * same shape cost a lookup each.
 */
const checkedShapes = new WeakSet<object>();

/**
 * `shape`, checked, when it is the paper's G(W, K, L): for what is defined or
 * proved on it only (`what`: the closed forms, the neural policies).
 */
export function requirePathStar(shape: GraphShape, what = "this closed form holds on G(W, K, L) only"): GraphShape {
  if (requireShape(shape).variant !== "path-star") {
    throw new RangeError(`${what}, not on ${describeShape(shape)}`);
  }
  return shape;
}

/** Diamond depths that carry policy parameters: the stem's, then a branch's. */
export function depthCount(shape: GraphShape): number {
  requireShape(shape);
  return shape.S + shape.K;
}

/** Positions along one branch: l(1), r(1), ..., l(K), r(K), then the leaf. */
export function branchLength(shape: GraphShape): number {
  requireShape(shape);
  return 2 * shape.K + 1;
}

/** Edges on the golden (shortest) path from s to the target leaf. */
export function goldenPathLength(shape: GraphShape): number {
  requireShape(shape);
  return 2 * (shape.S + shape.K) + 2;
}

export function describeShape(shape: GraphShape): string {
  requireShape(shape);
  const core = `W = ${shape.W}, K = ${shape.K}, L = ${shape.L}`;
  return shape.variant === "path-star" ? `G(${core})` : `stem G(S = ${shape.S}, ${core})`;
}

export type NodeKind = "start" | "fork" | "left" | "right" | "leaf";
export type EdgeKind = "start" | "stem-connector" | "fork" | "diamond" | "connector" | "leaf";

export interface GraphNode {
  readonly kind: NodeKind;
  /** Branch index 0..W-1, or -1 on the stem, the start and the fork. */
  readonly branch: number;
  /** Diamond depth 1..depthCount for left and right nodes, 0 otherwise. */
  readonly depth: number;
  readonly label: string;
}

/** One edge; a diamond's L parallel edges are L entries with copy = 0..L-1. */
export interface GraphEdge {
  readonly u: number;
  readonly v: number;
  readonly kind: EdgeKind;
  readonly copy: number;
}

/** A materialised graph with one target leaf. */
export interface ExplicitGraph {
  readonly shape: GraphShape;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly start: number;
  readonly fork: number;
  readonly targetBranch: number;
  readonly target: number;
  /** Next node away from the start (-1 at a leaf and at the fork). */
  readonly forward: Int32Array;
  /** Next node toward the start (-1 at the start; at the fork, the stem or s). */
  readonly backward: Int32Array;
  /** The first node l(i, 1) of each branch. */
  readonly branchEntries: Int32Array;
  /** Edge ids leaving each node, all parallel copies included. */
  readonly incident: readonly Int32Array[];
}

/** Throws unless `value` is a graph made by buildGraph (checked by its shape and sizes, not edge by edge). */
export function requireGraph(value: unknown, name = "graph"): ExplicitGraph {
  const graph = value as ExplicitGraph;
  if (typeof value !== "object" || value === null || !Array.isArray(graph.nodes) || !(graph.forward instanceof Int32Array)) {
    throw new RangeError(`${name} must be a graph made by buildGraph, got ${describe(value)}`);
  }
  requireShape(graph.shape, `${name}.shape`);
  if (graph.nodes.length !== nodeIds(graph.shape).count) {
    throw new RangeError(`${name} has ${graph.nodes.length} nodes, not the ${nodeIds(graph.shape).count} of ${describeShape(graph.shape)}`);
  }
  return graph;
}

/** Node id of the start, the stem, the fork and branch positions: pure arithmetic. */
export function nodeIds(shape: GraphShape) {
  requireShape(shape);
  const fork = 1 + 2 * shape.S;
  const N = branchLength(shape);
  return {
    start: 0,
    fork,
    /** Stem position 1..2S (l(1), r(1), ...). */
    stem: (position: number) => position,
    /** Branch 0..W-1, position 1..2K+1. */
    branch: (branch: number, position: number) => fork + 1 + branch * N + (position - 1),
    count: fork + 1 + shape.W * N,
  };
}

/** Nodes plus edge copies, the measure `LIMITS.maxExplicitElements` bounds. */
export function explicitSize(shape: GraphShape): number {
  requireShape(shape);
  const diamonds = shape.S + shape.W * shape.K;
  return nodeIds(shape).count + diamonds * (shape.L + 1) + shape.W + 2;
}

/**
 * Throws unless `shape` is small enough to materialise, before anything is
 * allocated; `caller` names the function that would build it, for the message.
 */
export function requireExplicitSize(shape: GraphShape, caller: string): void {
  const size = explicitSize(shape);
  if (size > LIMITS.maxExplicitElements) {
    throw new RangeError(
      `${describeShape(shape)} has ${size} nodes and edges; ${caller} materialises the graph, which is ` +
        `limited to ${LIMITS.maxExplicitElements} (LIMITS.maxExplicitElements). The structured solvers ` +
        `(expectedHittingTime, policyGradient, trainRlvr in exact mode) need no materialised graph.`,
    );
  }
}

/**
 * The number of edge-states (previous node, current node) reachable from the
 * start, without building the graph: every ordered pair of neighbouring nodes
 * plus the start's initial state, less the moves out of the target and, on
 * G(W, K, L), the fork's step back to s (the fork always enters a branch).
 */
export function edgeStateCount(shape: GraphShape): number {
  const pairs = nodeIds(shape).count - 1; // the nodes form a tree of neighbours
  return 1 + 2 * pairs - 1 - (shape.variant === "path-star" ? 1 : 0);
}

/** Materialises nodes and edges; `targetBranch` defaults to 0 (by symmetry any branch will do). */
export function buildGraph(shape: GraphShape, targetBranch = 0): ExplicitGraph {
  requireExplicitSize(shape, "buildGraph");
  requireInteger("targetBranch", targetBranch, 0, shape.W - 1);
  const ids = nodeIds(shape);
  const S = shape.S;
  const N = branchLength(shape);
  const nodes: GraphNode[] = new Array(ids.count);
  const forward = new Int32Array(ids.count).fill(-1);
  const backward = new Int32Array(ids.count).fill(-1);
  const edges: GraphEdge[] = [];
  const link = (u: number, v: number, kind: EdgeKind, copies = 1) => {
    for (let copy = 0; copy < copies; copy++) edges.push({ u, v, kind, copy });
    forward[u] = v;
    backward[v] = u;
  };

  nodes[ids.start] = { kind: "start", branch: -1, depth: 0, label: "s" };
  for (let j = 1; j <= S; j++) {
    nodes[ids.stem(2 * j - 1)] = { kind: "left", branch: -1, depth: j, label: `l(stem,${j})` };
    nodes[ids.stem(2 * j)] = { kind: "right", branch: -1, depth: j, label: `r(stem,${j})` };
  }
  nodes[ids.fork] = { kind: "fork", branch: -1, depth: 0, label: "f" };
  // Walk the stem: s - l(1) = r(1) - l(2) = ... = r(S) - f.
  let previous = ids.start;
  for (let j = 1; j <= S; j++) {
    link(previous, ids.stem(2 * j - 1), j === 1 ? "start" : "stem-connector");
    link(ids.stem(2 * j - 1), ids.stem(2 * j), "diamond", shape.L);
    previous = ids.stem(2 * j);
  }
  link(previous, ids.fork, S === 0 ? "start" : "stem-connector");
  forward[ids.fork] = -1;

  const branchEntries = new Int32Array(shape.W);
  for (let i = 0; i < shape.W; i++) {
    for (let j = 1; j <= shape.K; j++) {
      nodes[ids.branch(i, 2 * j - 1)] = { kind: "left", branch: i, depth: S + j, label: `l(${i + 1},${j})` };
      nodes[ids.branch(i, 2 * j)] = { kind: "right", branch: i, depth: S + j, label: `r(${i + 1},${j})` };
    }
    nodes[ids.branch(i, N)] = { kind: "leaf", branch: i, depth: 0, label: `t(${i + 1})` };
    branchEntries[i] = ids.branch(i, 1);
    edges.push({ u: ids.fork, v: branchEntries[i], kind: "fork", copy: 0 });
    backward[branchEntries[i]] = ids.fork;
    for (let j = 1; j <= shape.K; j++) {
      link(ids.branch(i, 2 * j - 1), ids.branch(i, 2 * j), "diamond", shape.L);
      link(ids.branch(i, 2 * j), ids.branch(i, 2 * j + 1), j === shape.K ? "leaf" : "connector");
    }
  }

  const degree = new Int32Array(ids.count);
  for (const e of edges) {
    degree[e.u]++;
    degree[e.v]++;
  }
  const incident = Array.from(degree, (d) => new Int32Array(d));
  degree.fill(0);
  edges.forEach((e, id) => {
    incident[e.u][degree[e.u]++] = id;
    incident[e.v][degree[e.v]++] = id;
  });

  return {
    shape,
    nodes,
    edges,
    start: ids.start,
    fork: ids.fork,
    targetBranch,
    target: ids.branch(targetBranch, N),
    forward,
    backward,
    branchEntries,
    incident,
  };
}

/** A walk: the nodes visited and the edge ids walked (edges.length = nodes.length - 1). */
export interface Walk {
  readonly nodes: number[];
  readonly edges: number[];
}

/**
 * The golden path s, f, l(1), r(1), ..., r(K), t along the target branch, with a
 * uniformly chosen parallel edge in each diamond (2K + 2 edges on G(W, K, L)).
 */
export function goldenPath(graph: ExplicitGraph, rng: () => number): Walk {
  requireGraph(graph);
  requireFunction("rng", rng);
  const nodes = [graph.start];
  const edges: number[] = [];
  let current = graph.start;
  while (current !== graph.target) {
    const next = current === graph.fork ? graph.branchEntries[graph.targetBranch] : graph.forward[current];
    edges.push(pickEdge(graph, current, next, rng));
    nodes.push(next);
    current = next;
  }
  return { nodes, edges };
}

/** A uniformly chosen edge among the parallel copies joining u and v. */
export function pickEdge(graph: ExplicitGraph, u: number, v: number, rng: () => number): number {
  requireGraph(graph);
  requireInteger("u", u, 0, graph.nodes.length - 1);
  requireInteger("v", v, 0, graph.nodes.length - 1);
  requireFunction("rng", rng);
  const candidates: number[] = [];
  for (const id of graph.incident[u]) {
    const e = graph.edges[id];
    if ((e.u === u && e.v === v) || (e.u === v && e.v === u)) candidates.push(id);
  }
  if (candidates.length === 0) throw new RangeError(`no edge joins ${graph.nodes[u].label} and ${graph.nodes[v].label}`);
  return candidates[Math.floor(requireUnitDraw(rng()) * candidates.length)];
}
