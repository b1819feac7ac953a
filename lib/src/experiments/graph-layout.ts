/**
 * Where the drawing of the reasoning graph G(W, K, L) puts every node and edge
 * (notebook 00, Setup; the stem variant in notebook 06): the start s, the fork f,
 * the W branches fanning out to the right, each diamond's L parallel edges bowing
 * through midpoints of their own, and the golden path marked. Drawn by plot/graph-
 * drawing.ts, and by the explorable's canvas.
 */
import type { ExplicitGraph, GraphNode, GraphShape } from "../graph";
import { buildGraph, describeShape, goldenPath, pathStar, stemPathStar } from "../graph";
import { createRng } from "../sample";
import { requireInteger } from "../validate";

export interface GraphDrawingParams {
  /** Branches at the fork. */
  W: number;
  /** Diamonds per branch. */
  K: number;
  /** Parallel edges per diamond. */
  L: number;
  /** Diamonds on a stem before the fork (0: the paper's graph). */
  S: number;
  /** Branch that holds the target (0-based, 0 is the top branch). */
  targetBranch: number;
  /** Seeds the golden path marked (its choice among parallel edges). */
  seed: string;
}

export const GRAPH_DRAWING_DEFAULTS: GraphDrawingParams = { W: 3, K: 3, L: 2, S: 0, targetBranch: 0, seed: "graph-drawing" };

/** Vertical distance between neighbouring branches, in drawing units (one unit per edge along a branch). */
const BRANCH_SPACING = 1.6;
/** Vertical bulge between neighbouring parallel edges of a diamond. */
const PARALLEL_SPACING = 0.32;

/** A point of a drawing, in drawing units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where the drawing puts every node and edge of a graph (shared with the walk animation, walk-animation.ts). */
export interface GraphLayout {
  /** Position of each node, by node id. */
  readonly position: readonly Point[];
  /** The polyline of edge `id`: two points, or three for a bowed parallel edge of a diamond. */
  edgePoints(id: number): Point[];
  /** Axis ranges that show the whole graph with its labels. */
  readonly xRange: [number, number];
  readonly yRange: [number, number];
}

/**
 * The layout of `graphDrawingFigure`: the stem along y = 0, each branch on its own row
 * after the fork, one unit per edge along a branch; a diamond's parallel copies
 * bow up and down around the straight line.
 */
export function graphLayout(graph: ExplicitGraph): GraphLayout {
  const shape = graph.shape;
  const forkX = 1 + 2 * shape.S;
  const rowOf = (branch: number) => ((shape.W - 1) / 2 - branch) * BRANCH_SPACING;
  const position: Point[] = graph.nodes.map((node, id) => {
    if (node.branch < 0) return { x: id <= graph.fork ? id : forkX, y: 0 };
    const along = id - graph.branchEntries[node.branch] + 1;
    return { x: forkX + along, y: rowOf(node.branch) };
  });
  const edgePoints = (id: number): Point[] => {
    const e = graph.edges[id];
    const from = position[e.u];
    const to = position[e.v];
    if (e.kind !== "diamond" || shape.L === 1) return [from, to];
    const bow = (e.copy - (shape.L - 1) / 2) * PARALLEL_SPACING;
    return [from, { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 + bow }, to];
  };
  const maxX = forkX + 2 * shape.K + 1;
  const maxY = rowOf(0) + 0.8;
  return { position, edgePoints, xRange: [-0.6, maxX + 1.2], yRange: [-maxY, maxY] };
}

/** A node where the drawing puts it. */
export interface DrawnNode {
  readonly id: number;
  readonly label: string;
  readonly kind: GraphNode["kind"];
  readonly x: number;
  readonly y: number;
}

/** An edge as the polyline the drawing draws, and whether the golden path walks it. */
export interface DrawnEdge {
  readonly id: number;
  readonly points: Point[];
  readonly golden: boolean;
}

export interface GraphDrawingData {
  /** "G(W, K, L)" or the stem variant's name. */
  readonly name: string;
  readonly L: number;
  readonly target: number;
  readonly nodes: DrawnNode[];
  readonly edges: DrawnEdge[];
  readonly xRange: [number, number];
  readonly yRange: [number, number];
}

/**
 * Lays out G(W, K, L) (or the stem variant when S > 0) with `buildGraph` and
 * marks a golden path drawn with `seed` (its choice among parallel edges).
 */
export function graphDrawingData(overrides: Partial<GraphDrawingParams> = {}): GraphDrawingData {
  const params: GraphDrawingParams = { ...GRAPH_DRAWING_DEFAULTS, ...overrides };
  const { seed } = params;
  const shape: GraphShape = params.S > 0 ? stemPathStar(params.S, params.W, params.K, params.L) : pathStar(params.W, params.K, params.L);
  const graph = buildGraph(shape, requireInteger("targetBranch", params.targetBranch, 0, shape.W - 1));
  return drawnGraph(graph, goldenPath(graph, createRng(seed)).edges);
}

/** Where the drawing puts every node and edge of `graph`; `highlighted` edges are marked golden. */
export function drawnGraph(graph: ExplicitGraph, highlighted: readonly number[] = []): GraphDrawingData {
  const golden = new Set(highlighted);
  const { position, edgePoints, xRange, yRange } = graphLayout(graph);
  return {
    name: describeShape(graph.shape),
    L: graph.shape.L,
    target: graph.target,
    nodes: graph.nodes.map((node, id) => ({ id, label: node.label, kind: node.kind, x: position[id].x, y: position[id].y })),
    edges: graph.edges.map((_, id) => ({ id, points: edgePoints(id), golden: golden.has(id) })),
    xRange,
    yRange,
  };
}
