/**
 * A drawing of the reasoning graph G(W, K, L) (notebook 00, Setup): the start s,
 * the fork f, the W branches fanning out to the right, each diamond's L parallel
 * edges as gently curved lines, the golden path highlighted and the target leaf
 * marked. The stem variant (notebook 06) draws its stem between s and f.
 */
import type { ExplicitGraph, GraphShape } from "../graph";
import { buildGraph, describeShape, goldenPath, pathStar, stemPathStar } from "../graph";
import { createRng } from "../sample";
import type { Figure, Trace } from "./figure";
import { baseLayout, finishFigure, POLICY_COLORS, legendBelow } from "./figure";

export interface GraphDrawingOptions {
  /** Branches at the fork. Defaults to 3. */
  W?: number;
  /** Diamonds per branch. Defaults to 3. */
  K?: number;
  /** Parallel edges per diamond. Defaults to 2. */
  L?: number;
  /** Diamonds on a stem before the fork (0: the paper's graph). Defaults to 0. */
  S?: number;
  /** Branch that holds the target (0-based). Defaults to 0, the top branch. */
  targetBranch?: number;
  /** Seed of the golden path's choice of parallel edges. Defaults to "graph-drawing". */
  seed?: string;
}

export const GRAPH_DRAWING_DEFAULTS = { W: 3, K: 3, L: 2, S: 0, targetBranch: 0 };

/** Vertical distance between neighbouring branches, in drawing units (one unit per edge along a branch). */
const BRANCH_SPACING = 1.6;
/** Vertical bulge between neighbouring parallel edges of a diamond. */
const PARALLEL_SPACING = 0.32;

/** A point of a drawing, in drawing units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where the drawing puts every node and edge of a graph (shared with the walk animation, walk.ts). */
export interface GraphLayout {
  /** Position of each node, by node id. */
  readonly position: readonly Point[];
  /** The polyline of edge `id`: two points, or three for a bowed parallel edge of a diamond. */
  edgePoints(id: number): Point[];
  /** The edges `ids` as one x and one y array for a single line trace, null between edges. */
  polylines(ids: readonly number[]): { x: (number | null)[]; y: (number | null)[] };
  /** Axis ranges that show the whole graph with its labels. */
  readonly xRange: [number, number];
  readonly yRange: [number, number];
}

/**
 * The layout of `graphDrawing`: the stem along y = 0, each branch on its own row
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
  const polylines = (ids: readonly number[]) => {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const id of ids) {
      for (const p of edgePoints(id)) {
        x.push(p.x);
        y.push(p.y);
      }
      // A gap between edges, so one trace draws them all.
      x.push(null);
      y.push(null);
    }
    return { x, y };
  };
  const maxX = forkX + 2 * shape.K + 1;
  const maxY = rowOf(0) + 0.8;
  return { position, edgePoints, polylines, xRange: [-0.6, maxX + 1.2], yRange: [-maxY, maxY] };
}

/**
 * Draws G(W, K, L) with `buildGraph` and `goldenPath`: one trace of all edges,
 * one of the golden path, the nodes with their labels, and the leaves.
 * Notebook 00 (Setup) and notebook 06 (stem variant).
 */
export function graphDrawing(options: GraphDrawingOptions = {}): Figure {
  const o = { ...GRAPH_DRAWING_DEFAULTS, seed: "graph-drawing", ...options };
  const shape: GraphShape = o.S > 0 ? stemPathStar(o.S, o.W, o.K, o.L) : pathStar(o.W, o.K, o.L);
  const graph = buildGraph(shape, o.targetBranch);
  const golden = goldenPath(graph, createRng(o.seed));

  const { position, polylines, xRange, yRange } = graphLayout(graph);

  const allEdges = polylines(graph.edges.map((_, id) => id));
  const goldenEdges = polylines(golden.edges);
  const inner = graph.nodes.map((_, id) => id).filter((id) => graph.nodes[id].kind !== "leaf");
  const deadLeaves = graph.nodes.map((_, id) => id).filter((id) => graph.nodes[id].kind === "leaf" && id !== graph.target);

  const data: Trace[] = [
    {
      type: "scatter",
      name: `edges (${shape.L} parallel per diamond)`,
      mode: "lines",
      ...allEdges,
      line: { color: "#9a9a9a", width: 1.5, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "golden path",
      mode: "lines",
      ...goldenEdges,
      line: { color: POLICY_COLORS.golden, width: 4, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "nodes",
      mode: "markers+text",
      x: inner.map((id) => position[id].x),
      y: inner.map((id) => position[id].y),
      text: inner.map((id) => graph.nodes[id].label),
      textposition: "top center",
      textfont: { size: 10, color: "#333" },
      marker: { color: inner.map((id) => (graph.nodes[id].kind === "start" || graph.nodes[id].kind === "fork" ? "#222" : "white")), size: 9, line: { color: "#222", width: 1.5 } },
      hovertemplate: "%{text}<extra></extra>",
      showlegend: false,
    },
    {
      type: "scatter",
      name: "dead-end leaves",
      mode: "markers+text",
      x: deadLeaves.map((id) => position[id].x),
      y: deadLeaves.map((id) => position[id].y),
      text: deadLeaves.map((id) => graph.nodes[id].label),
      textposition: "middle right",
      marker: { color: "#bbbbbb", size: 12, symbol: "x", line: { color: "#555", width: 1 } },
      hovertemplate: "%{text}: dead end<extra></extra>",
    },
    {
      type: "scatter",
      name: "target leaf",
      mode: "markers+text",
      x: [position[graph.target].x],
      y: [position[graph.target].y],
      text: [graph.nodes[graph.target].label],
      textposition: "middle right",
      marker: { color: POLICY_COLORS.optimal, size: 18, symbol: "star", line: { color: "#222", width: 1 } },
      hovertemplate: "%{text}: target<extra></extra>",
    },
  ];

  const hidden = { visible: false, fixedrange: true };
  return finishFigure("graphDrawing", data, baseLayout(`The reasoning graph ${describeShape(shape)}`, {
    xaxis: { ...hidden, range: xRange },
    yaxis: { ...hidden, range: yRange },
    legend: legendBelow(0.02),
    margin: { l: 20, r: 20, t: 60, b: 50 },
    hovermode: "closest",
  }));
}
