/**
 * A walk on the reasoning graph, step by step (notebooks 01 and 05): the graph
 * drawn as in `graphDrawingFigure` (same layout), and an animation whose frame t
 * shows the edges walked so far, the last edge, the walker's node, and in the
 * title which decision (a, b, c, d, the fork, a dead end) the last step took.
 * Play, Pause and Restart buttons run it; a slider picks any step. For a static
 * image, where those controls would do nothing, `walkFramesFigure` draws the walk
 * at a few moments side by side.
 */
import type { Figure, Trace } from "./figure";
import { polylines } from "./graph-drawing";
import { baseLayout, POLICY_COLORS, finishFigure } from "./style";
import type { WalkAnimationData } from "../experiments/walk-animation";
import { requireInteger } from "../validate";

/** The trail's colour (Okabe-Ito sky blue): apart from the grey edges and the policy colours. */
const TRAIL_COLOR = "#56b4e9";
/** Milliseconds per frame when playing. */
const FRAME_MS = 250;

/** The drawing's moving parts at step t: the trail walked so far, the last edge, the walker, and what the step did. */
function walkStateAt(data: WalkAnimationData, t: number) {
  const edgeById = new Map(data.graph.edges.map((e) => [e.id, e]));
  const trailOf = (ids: readonly number[]) => polylines(ids.map((id) => edgeById.get(id)!));
  const target = data.graph.nodes[data.graph.target];
  const node = data.graph.nodes[data.nodes[t]];
  const atTarget = node.id === target.id;
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
    step: `step ${t}: ${data.steps[t]}${atTarget ? ", target reached" : ""}`,
  };
}

/**
 * The walk at step t on the axes `xaxis`, `yaxis`: all edges (grey), the trail,
 * the last edge, the nodes (labelled when `labels`), the walker and the target
 * star (last, so the walker never hides it: on the target the walker is a ring
 * around the star). Legend entries when `showlegend`.
 */
function walkTraces(data: WalkAnimationData, t: number, where: { xaxis: string; yaxis: string; showlegend: boolean; labels: boolean }): Trace[] {
  const { xaxis, yaxis, showlegend, labels } = where;
  const state = walkStateAt(data, t);
  const target = data.graph.nodes[data.graph.target];
  const inner = data.graph.nodes.filter((n) => n.id !== target.id);
  const all = polylines(data.graph.edges);
  return [
    { type: "scatter", name: "edges", mode: "lines", ...all, xaxis, yaxis,
      line: { color: "#cfcfcf", width: 1.2, shape: "spline", smoothing: 1 }, hoverinfo: "skip", showlegend: false },
    { type: "scatter", name: "walked so far", mode: "lines", ...state.trail, xaxis, yaxis, showlegend,
      line: { color: TRAIL_COLOR, width: 4, shape: "spline", smoothing: 1 }, opacity: 0.7, hoverinfo: "skip" },
    { type: "scatter", name: "last step", mode: "lines", ...state.last, xaxis, yaxis, showlegend,
      line: { color: POLICY_COLORS.sft, width: 5, shape: "spline", smoothing: 1 }, hoverinfo: "skip" },
    { type: "scatter", name: "nodes", mode: labels ? "markers+text" : "markers", x: inner.map((n) => n.x), y: inner.map((n) => n.y), xaxis, yaxis,
      text: inner.map((n) => n.label), textposition: "top center", textfont: { size: 10, color: "#333" },
      marker: { color: "white", size: labels ? 8 : 6, line: { color: "#555", width: 1.2 } }, hovertemplate: "%{text}<extra></extra>", showlegend: false },
    { type: "scatter", name: "walker", mode: "markers", ...state.walker, xaxis, yaxis, showlegend, hoverinfo: "skip" },
    { type: "scatter", name: "target leaf", mode: labels ? "markers+text" : "markers", text: [target.label], textposition: "middle right",
      x: [target.x], y: [target.y], xaxis, yaxis, showlegend,
      marker: { color: POLICY_COLORS.optimal, size: labels ? 18 : 14, symbol: "star", line: { color: "#222", width: 1 } },
      hovertemplate: `${target.label}: target<extra></extra>` },
  ];
}

/**
 * The animation: the walk's traces (walkTraces), one frame per step, and Play,
 * Pause and Restart buttons and a slider; the figure opens at the last step shown.
 */
export function walkAnimationFigure(data: WalkAnimationData): Figure {
  const shown = data.edges.length;
  const titleAt = (t: number) => `${data.title}<br><sub>${walkStateAt(data, t).step}</sub>`;
  const traces = walkTraces(data, shown, { xaxis: "x", yaxis: "y", showlegend: true, labels: true });
  // The traces a frame changes: the trail, the last step, the walker.
  const moving = [1, 2, 4];
  const frames = [];
  for (let t = 0; t <= shown; t++) {
    const s = walkStateAt(data, t);
    frames.push({
      name: String(t),
      data: [{ x: s.trail.x, y: s.trail.y }, { x: s.last.x, y: s.last.y }, s.walker],
      traces: moving,
      layout: { title: { text: titleAt(t) } },
    });
  }
  const go = (names: string[] | null, duration: number, fromcurrent: boolean) => [
    names,
    { mode: "immediate", fromcurrent, frame: { duration, redraw: true }, transition: { duration: 0 } },
  ];
  const all = frames.map((f) => f.name);
  const hidden = { visible: false, fixedrange: true };
  const truncated = shown < data.totalSteps;
  const layout = baseLayout(titleAt(shown), {
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

/**
 * The walk as a still picture, for a static image (where Play and a slider would
 * do nothing): a small multiple of `panels` moments of the walk, evenly spaced up
 * to the last step shown, each panel titled by its step and what the step did.
 */
export function walkFramesFigure(data: WalkAnimationData, panels = 4): Figure {
  requireInteger("panels", panels, 1, 12);
  const shown = data.edges.length;
  const columns = Math.min(2, panels);
  const rows = Math.ceil(panels / columns);
  const gap = { x: 0.04, y: 0.12 };
  const width = (1 - gap.x * (columns - 1)) / columns;
  const height = (1 - gap.y * (rows - 1)) / rows;
  const hidden = { visible: false, fixedrange: true };
  const traces: Trace[] = [];
  const layoutAxes: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  for (let p = 0; p < panels; p++) {
    const t = Math.round(((p + 1) * shown) / panels);
    const suffix = p === 0 ? "" : String(p + 1);
    const [column, row] = [p % columns, Math.floor(p / columns)];
    const x0 = column * (width + gap.x);
    const y1 = 1 - row * (height + gap.y);
    traces.push(...walkTraces(data, t, { xaxis: `x${suffix}`, yaxis: `y${suffix}`, showlegend: p === 0, labels: false }));
    layoutAxes[`xaxis${suffix}`] = { ...hidden, range: data.graph.xRange, domain: [x0, x0 + width], anchor: `y${suffix}` };
    layoutAxes[`yaxis${suffix}`] = { ...hidden, range: data.graph.yRange, domain: [y1 - height, y1], anchor: `x${suffix}` };
    annotations.push({
      xref: "paper", yref: "paper", x: x0, y: y1 + 0.01, xanchor: "left", yanchor: "bottom", showarrow: false, align: "left",
      text: walkStateAt(data, t).step, font: { size: 12, color: "#222" },
    });
  }
  const truncated = shown < data.totalSteps ? ` (its first ${shown} of ${data.totalSteps} steps)` : "";
  return finishFigure("walkAnimation", traces, baseLayout(`${data.title}${truncated}, at ${panels} moments`, {
    ...layoutAxes,
    annotations,
    height: 260 * rows + 160,
    legend: { orientation: "h", x: 0, xanchor: "left", y: -0.02, yanchor: "top" },
    margin: { l: 20, r: 20, t: 90, b: 60 },
    hovermode: "closest",
  }));
}
