/**
 * A walk on the reasoning graph, step by step (notebooks 01 and 05): the graph
 * drawn as in `graphDrawingFigure` (same layout), and an animation whose frame t
 * shows the edges walked so far, the last edge, the walker's node, and in the
 * title which decision (a, b, c, d, the fork, a dead end) the last step took.
 * Play, Pause and Restart buttons run it; a slider picks any step.
 */
import type { ExplicitGraph, Walk } from "../graph";
import { buildGraph, describeShape, pathStar } from "../graph";
import { basePolicy, decisionName, movesFrom } from "../policy";
import { compileSamplingTable, createRng, sampleWalk } from "../sample";
import { requireInteger } from "../validate";
import type { Figure, Trace } from "./figure";
import type { GraphDrawingData } from "./graph-drawing";
import { drawnGraph, polylines } from "./graph-drawing";
import { baseLayout, finishFigure, POLICY_COLORS } from "./style";

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
}

export const WALK_ANIMATION_DEFAULTS: WalkAnimationParams = { W: 3, K: 3, L: 2, maxSteps: 120 };

/** A walk of the base model on G(W, K, L), target on the top branch, drawn with `seed`. Notebook 01. */
export function baseWalkAnimationData(params: WalkAnimationParams = WALK_ANIMATION_DEFAULTS, seed = "walk"): WalkAnimationData {
  const shape = pathStar(params.W, params.K, params.L);
  const graph = buildGraph(shape);
  const walk = sampleWalk(compileSamplingTable(graph), basePolicy(shape), createRng(seed));
  return walkAnimationData(graph, walk, params.maxSteps, `A walk of the base model on ${describeShape(shape)}`);
}

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
