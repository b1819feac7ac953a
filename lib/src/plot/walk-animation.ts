/**
 * A walk on the reasoning graph, step by step (notebook 01): the graph drawn as
 * in `graphDrawing` (same layout, from `graphLayout`), and a slider whose step t
 * shows the edges walked so far, the last edge, the walker's node, and in the
 * title which decision (a, b, c, d, the fork, a dead end) the last step took.
 *
 * The slider restyles the traces itself (Plotly's "update" method), so the figure
 * is plain `{ data, layout }` with no animation frames, and `showFigure` and
 * `figurePage` show it as they show any other figure.
 */
import type { ExplicitGraph, Walk } from "../graph";
import { describeShape } from "../graph";
import { decisionName, movesFrom } from "../policy";
import { requireInteger } from "../validate";
import type { Figure, Trace } from "./figure";
import { baseLayout, finishFigure, POLICY_COLORS } from "./style";
import type { Point } from "./graph-drawing";
import { graphLayout, polylines as polylinesOf } from "./graph-drawing";

export interface WalkAnimationOptions {
  /**
   * Steps the slider covers: the walk's first `maxSteps` edges. Defaults to 120.
   * The figure's size grows with the square of this (each slider step carries its trail).
   */
  maxSteps?: number;
  /** Title before the step description. Defaults to "A walk on G(W, K, L)". */
  title?: string;
}

export const WALK_ANIMATION_DEFAULTS = { maxSteps: 120 };

/** The trail's colour (Okabe-Ito sky blue): apart from the grey edges and the policy colours. */
const TRAIL_COLOR = "#56b4e9";

/** The most slider steps a walk animation accepts. */
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

/**
 * The walk `walk` on `graph`, one slider step per edge walked (up to
 * `maxSteps`). Traces: all edges (grey), the trail walked so far, the last edge,
 * the nodes, the target, the walker. The figure opens at the last step shown.
 * Notebook 01.
 */
export function walkAnimation(graph: ExplicitGraph, walk: Walk, options: WalkAnimationOptions = {}): Figure {
  const o = { ...WALK_ANIMATION_DEFAULTS, ...options };
  requireInteger("maxSteps", o.maxSteps, 1, WALK_ANIMATION_LIMITS.maxSteps);
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

  const { position, edgePoints, xRange, yRange } = graphLayout(graph);
  const polylines = (ids: readonly number[]) => polylinesOf(ids.map((id) => ({ points: edgePoints(id) })));
  const shown = Math.min(walk.edges.length, o.maxSteps);
  const truncated = shown < walk.edges.length;
  const title = o.title ?? `A walk on ${describeShape(graph.shape)}`;
  const at = (t: number): Point => position[walk.nodes[t]];

  // What the slider changes at step t: the trail, the last edge, the walker, the title.
  const stepState = (t: number) => {
    const trail = polylines(walk.edges.slice(0, t));
    const last = t > 0 ? polylines([walk.edges[t - 1]]) : { x: [], y: [] };
    const where = graph.nodes[walk.nodes[t]].label;
    const what = t === 0 ? `step 0: at ${where}` : `step ${t}: ${describeStep(graph, walk, t)}`;
    const end = t === walk.edges.length && walk.nodes[t] === graph.target ? ", target reached" : "";
    return { trail, last, walker: at(t), text: `${title}<br><sub>${what}${end}</sub>` };
  };
  const final = stepState(shown);

  const inner = graph.nodes.map((_, id) => id).filter((id) => graph.nodes[id].kind !== "leaf");
  const leaves = graph.nodes.map((_, id) => id).filter((id) => graph.nodes[id].kind === "leaf" && id !== graph.target);
  const data: Trace[] = [
    {
      type: "scatter",
      name: "edges",
      mode: "lines",
      ...polylines(graph.edges.map((_, id) => id)),
      line: { color: "#cfcfcf", width: 1.2, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
      showlegend: false,
    },
    {
      type: "scatter",
      name: "walked so far",
      mode: "lines",
      ...final.trail,
      line: { color: TRAIL_COLOR, width: 4, shape: "spline", smoothing: 1 },
      opacity: 0.7,
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "last step",
      mode: "lines",
      ...final.last,
      line: { color: POLICY_COLORS.sft, width: 5, shape: "spline", smoothing: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      name: "nodes",
      mode: "markers+text",
      x: [...inner, ...leaves].map((id) => position[id].x),
      y: [...inner, ...leaves].map((id) => position[id].y),
      text: [...inner, ...leaves].map((id) => graph.nodes[id].label),
      textposition: "top center",
      textfont: { size: 10, color: "#333" },
      marker: { color: "white", size: 8, line: { color: "#555", width: 1.2 } },
      hovertemplate: "%{text}<extra></extra>",
      showlegend: false,
    },
    {
      type: "scatter",
      name: "target leaf",
      mode: "markers+text",
      text: [graph.nodes[graph.target].label],
      textposition: "middle right",
      x: [position[graph.target].x],
      y: [position[graph.target].y],
      marker: { color: POLICY_COLORS.optimal, size: 18, symbol: "star", line: { color: "#222", width: 1 } },
      hovertemplate: `${graph.nodes[graph.target].label}: target<extra></extra>`,
    },
    {
      type: "scatter",
      name: "walker",
      mode: "markers",
      x: [final.walker.x],
      y: [final.walker.y],
      marker: { color: POLICY_COLORS.rlvr, size: 16, line: { color: "#222", width: 1 } },
      hoverinfo: "skip",
    },
  ];
  const moving = [1, 2, 5];

  const steps = [];
  for (let t = 0; t <= shown; t++) {
    const s = t === shown ? final : stepState(t);
    steps.push({
      label: String(t),
      method: "update",
      args: [
        { x: [s.trail.x, s.last.x, [s.walker.x]], y: [s.trail.y, s.last.y, [s.walker.y]] },
        { "title.text": s.text },
        moving,
      ],
    });
  }
  const hidden = { visible: false, fixedrange: true };
  const layout = baseLayout(final.text, {
    xaxis: { ...hidden, range: xRange },
    yaxis: { ...hidden, range: yRange },
    height: 560,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.0, yanchor: "bottom" },
    margin: { l: 20, r: 20, t: 90, b: 40 },
    hovermode: "closest",
    sliders: [
      {
        active: shown,
        steps,
        currentvalue: { prefix: truncated ? `step (first ${shown} of ${walk.edges.length}): ` : "step: " },
        pad: { t: 10 },
        len: 1,
      },
    ],
  });
  return finishFigure("walkAnimation", data, layout);
}
