/**
 * A walk on the reasoning graph, step by step (notebooks 01 and 05): the graph
 * drawn as in `graphDrawingFigure` (same layout), and an animation whose frame t
 * shows the edges walked so far, the last edge, the walker's node, and in the
 * title which decision (a, b, c, d, the fork, a dead end) the last step took.
 * Play, Pause and Restart buttons run it; a slider picks any step.
 */
import type { Figure, Trace } from "./figure";
import { polylines } from "./graph-drawing";
import { baseLayout, POLICY_COLORS, finishFigure } from "./style";
import type { WalkAnimationData } from "../experiments/walk-animation";

/** The trail's colour (Okabe-Ito sky blue): apart from the grey edges and the policy colours. */
const TRAIL_COLOR = "#56b4e9";
/** Milliseconds per frame when playing. */
const FRAME_MS = 250;

/**
 * The animation: traces of all edges (grey), the trail walked so far, the last
 * edge, the nodes, the walker and the target star (last, so the walker never
 * hides it: on the target the walker is drawn as a ring around the star). One
 * frame per step; the figure opens at the last step shown.
 */
export function walkAnimationFigure(data: WalkAnimationData): Figure {
  const shown = data.edges.length;
  const edgeById = new Map(data.graph.edges.map((e) => [e.id, e]));
  const trailOf = (ids: readonly number[]) => polylines(ids.map((id) => edgeById.get(id)!));
  const target = data.graph.nodes[data.graph.target];
  const stateAt = (t: number) => {
    const node = data.graph.nodes[data.nodes[t]];
    const atTarget = node.id === target.id;
    const end = atTarget ? ", target reached" : "";
    const prefix = t === 0 ? "step 0: " : `step ${t}: `;
    return {
      trail: trailOf(data.edges.slice(0, t)),
      last: t > 0 ? trailOf([data.edges[t - 1]]) : { x: [], y: [] },
      walker: {
        x: [node.x],
        y: [node.y],
        marker: atTarget
          ? { color: POLICY_COLORS.rlvr, size: 32, symbol: "circle-open", line: { color: POLICY_COLORS.rlvr, width: 3 } }
          : { color: POLICY_COLORS.rlvr, size: 16, symbol: "circle", line: { color: "#222", width: 1 } },
      },
      title: `${data.title}<br><sub>${prefix}${data.steps[t]}${end}</sub>`,
    };
  };
  const final = stateAt(shown);
  const inner = data.graph.nodes.filter((n) => n.id !== target.id);
  const traces: Trace[] = [
    { type: "scatter", name: "edges", mode: "lines", ...trailOf(data.graph.edges.map((e) => e.id)),
      line: { color: "#cfcfcf", width: 1.2, shape: "spline", smoothing: 1 }, hoverinfo: "skip", showlegend: false },
    { type: "scatter", name: "walked so far", mode: "lines", ...final.trail,
      line: { color: TRAIL_COLOR, width: 4, shape: "spline", smoothing: 1 }, opacity: 0.7, hoverinfo: "skip" },
    { type: "scatter", name: "last step", mode: "lines", ...final.last,
      line: { color: POLICY_COLORS.sft, width: 5, shape: "spline", smoothing: 1 }, hoverinfo: "skip" },
    { type: "scatter", name: "nodes", mode: "markers+text", x: inner.map((n) => n.x), y: inner.map((n) => n.y),
      text: inner.map((n) => n.label), textposition: "top center", textfont: { size: 10, color: "#333" },
      marker: { color: "white", size: 8, line: { color: "#555", width: 1.2 } }, hovertemplate: "%{text}<extra></extra>", showlegend: false },
    { type: "scatter", name: "walker", mode: "markers", ...final.walker, hoverinfo: "skip" },
    { type: "scatter", name: "target leaf", mode: "markers+text", text: [target.label], textposition: "middle right",
      x: [target.x], y: [target.y], marker: { color: POLICY_COLORS.optimal, size: 18, symbol: "star", line: { color: "#222", width: 1 } },
      hovertemplate: `${target.label}: target<extra></extra>` },
  ];
  // The traces a frame changes: the trail, the last step, the walker.
  const moving = [1, 2, 4];
  const frames = [];
  for (let t = 0; t <= shown; t++) {
    const s = t === shown ? final : stateAt(t);
    frames.push({
      name: String(t),
      data: [{ x: s.trail.x, y: s.trail.y }, { x: s.last.x, y: s.last.y }, s.walker],
      traces: moving,
      layout: { title: { text: s.title } },
    });
  }
  const go = (names: string[] | null, duration: number, fromcurrent: boolean) => [
    names,
    { mode: "immediate", fromcurrent, frame: { duration, redraw: true }, transition: { duration: 0 } },
  ];
  const all = frames.map((f) => f.name);
  const hidden = { visible: false, fixedrange: true };
  const truncated = shown < data.totalSteps;
  const layout = baseLayout(final.title, {
    xaxis: { ...hidden, range: data.graph.xRange },
    yaxis: { ...hidden, range: data.graph.yRange },
    height: 580,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.0, yanchor: "bottom" },
    margin: { l: 20, r: 20, t: 90, b: 40 },
    hovermode: "closest",
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        showactive: false,
        x: 0,
        xanchor: "left",
        y: 0,
        yanchor: "top",
        pad: { t: 50, r: 10 },
        buttons: [
          { label: "▶ Play", method: "animate", args: go(null, FRAME_MS, true) },
          { label: "❚❚ Pause", method: "animate", args: go([null as unknown as string], 0, false) },
          { label: "⟲ Restart", method: "animate", args: go(all, FRAME_MS, false) },
        ],
      },
    ],
    sliders: [
      {
        active: shown,
        steps: frames.map((f) => ({ label: f.name, method: "animate", args: go([f.name], 0, false) })),
        currentvalue: { prefix: truncated ? `step (first ${shown} of ${data.totalSteps}): ` : "step: " },
        x: 0.3,
        len: 0.7,
        pad: { t: 10 },
      },
    ],
  });
  return { ...finishFigure("walkAnimation", traces, layout), frames };
}
