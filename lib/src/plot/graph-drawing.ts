/**
 * A drawing of the reasoning graph G(W, K, L) (notebook 00, Setup): the edges
 * where the layout puts them, the golden path highlighted and the target leaf
 * marked; the stem variant (notebook 06) draws its stem between s and f. The rows
 * come from experiments/graph-layout.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { baseLayout, finishFigure, legendBelow, POLICY_COLORS } from "./style";
import type { Point, GraphDrawingData } from "../experiments/graph-layout";

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
