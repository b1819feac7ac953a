/**
 * A drawing of the reasoning graph G(W, K, L) (notebook 00, Setup): the start s,
 * the fork f, the W branches fanning out to the right, each diamond's L parallel
 * edges as gently curved lines, the golden path highlighted and the target leaf
 * marked. The stem variant (notebook 06) draws its stem between s and f.
 */
import type { ExplicitGraph, GraphNode, GraphShape } from "../graph";
import { buildGraph, describeShape, goldenPath, pathStar, stemPathStar } from "../graph";
import { createRng } from "../sample";
import { requireInteger } from "../validate";
import type { Figure, Trace } from "./figure";
import { baseLayout, finishFigure, legendBelow, POLICY_COLORS } from "./style";

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
}

export const GRAPH_DRAWING_DEFAULTS: GraphDrawingParams = { W: 3, K: 3, L: 2, S: 0, targetBranch: 0 };

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
export function graphDrawingData(params: GraphDrawingParams = GRAPH_DRAWING_DEFAULTS, seed = "graph-drawing"): GraphDrawingData {
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

/** Polylines of `edges` as one x and one y array for a single line trace, null between edges. */
export function polylines(edges: readonly { points: readonly Point[] }[]): { x: (number | null)[]; y: (number | null)[] } {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (const edge of edges) {
    for (const p of edge.points) {
      x.push(p.x);
      y.push(p.y);
    }
    // A gap between edges, so one trace draws them all.
    x.push(null);
    y.push(null);
  }
  return { x, y };
}

/**
 * Draws the graph: one trace of all edges, one of the golden path, the nodes with
 * their labels, the dead-end leaves and the target leaf. Notebooks 00 and 06.
 */
export function graphDrawingFigure(data: GraphDrawingData): Figure {
  const inner = data.nodes.filter((n) => n.kind !== "leaf");
  const deadLeaves = data.nodes.filter((n) => n.kind === "leaf" && n.id !== data.target);
  const target = data.nodes[data.target];
  const traces: Trace[] = [
    {
      type: "scatter",
      name: `edges (${data.L} parallel per diamond)`,
      mode: "lines",
      ...polylines(data.edges),
      line: { color: "#9a9a9a", width: 1.5, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "golden path",
      mode: "lines",
      ...polylines(data.edges.filter((e) => e.golden)),
      line: { color: POLICY_COLORS.golden, width: 4, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "nodes",
      mode: "markers+text",
      x: inner.map((n) => n.x),
      y: inner.map((n) => n.y),
      text: inner.map((n) => n.label),
      textposition: "top center",
      textfont: { size: 10, color: "#333" },
      marker: { color: inner.map((n) => (n.kind === "start" || n.kind === "fork" ? "#222" : "white")), size: 9, line: { color: "#222", width: 1.5 } },
      hovertemplate: "%{text}<extra></extra>",
      showlegend: false,
    },
    {
      type: "scatter",
      name: "dead-end leaves",
      mode: "markers+text",
      x: deadLeaves.map((n) => n.x),
      y: deadLeaves.map((n) => n.y),
      text: deadLeaves.map((n) => n.label),
      textposition: "middle right",
      marker: { color: "#bbbbbb", size: 12, symbol: "x", line: { color: "#555", width: 1 } },
      hovertemplate: "%{text}: dead end<extra></extra>",
    },
    {
      type: "scatter",
      name: "target leaf",
      mode: "markers+text",
      x: [target.x],
      y: [target.y],
      text: [target.label],
      textposition: "middle right",
      marker: { color: POLICY_COLORS.optimal, size: 18, symbol: "star", line: { color: "#222", width: 1 } },
      hovertemplate: "%{text}: target<extra></extra>",
    },
  ];
  const hidden = { visible: false, fixedrange: true };
  return finishFigure("graphDrawing", traces, baseLayout(`The reasoning graph ${data.name}`, {
    xaxis: { ...hidden, range: data.xRange },
    yaxis: { ...hidden, range: data.yRange },
    legend: legendBelow(0.02),
    margin: { l: 20, r: 20, t: 60, b: 50 },
    hovermode: "closest",
  }));
}
