/**
 * The shape of a Plotly figure spec as the builders return it, and the few
 * conventions every builder shares: a palette per policy, one axis style, and
 * deterministic trace ids (Plotly otherwise draws random ones into its SVG).
 *
 * A figure is plain data, `{ data, layout }`, that `Plotly.newPlot(div, data, layout)`
 * accepts as is and `JSON.stringify` writes without loss.
 */

/** One Plotly trace. Only the fields the builders use are named; Plotly accepts many more. */
export interface Trace {
  type: "scatter" | "bar" | "heatmap";
  /** Deterministic id, `${figureName}-${index}` (set by `finishFigure`). */
  uid?: string;
  name?: string;
  x: (number | string | null)[];
  y: (number | null)[];
  mode?: "lines" | "markers" | "lines+markers" | "markers+text" | "text";
  xaxis?: string;
  yaxis?: string;
  showlegend?: boolean;
  legendgroup?: string;
  hoverinfo?: string;
  hovertemplate?: string;
  text?: string[];
  textposition?: string;
  line?: { color?: string; width?: number; dash?: string; shape?: "linear" | "spline" | "hv"; smoothing?: number };
  marker?: { color?: string | string[]; size?: number | number[]; symbol?: string | string[]; line?: { color?: string; width?: number } };
  [field: string]: unknown;
}

/** A Plotly figure spec: traces and layout, nothing else (no functions, no DOM). */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
}

/** One colour per policy, the same in every figure (Okabe-Ito, readable by colour-blind readers). */
export const POLICY_COLORS = {
  base: "#7f7f7f",
  sft: "#d55e00",
  rlvr: "#0072b2",
  optimal: "#009e73",
  distilled: "#cc79a7",
  golden: "#e69f00",
} as const;

/** Line dashes that tell apart several values of one parameter (for example L). */
export const DASHES = ["solid", "dash", "dot", "dashdot", "longdash"] as const;

/** Default export size in CSS pixels; the figure script and the notebooks use the same. */
export const FIGURE_SIZE = { width: 820, height: 480 } as const;

/** An axis with a title, a light grid and no zero line; `log` for a log scale. */
export function axis(title: string, options: { log?: boolean; [field: string]: unknown } = {}): Record<string, unknown> {
  const { log, ...rest } = options;
  return {
    title: { text: title },
    type: log ? "log" : "linear",
    gridcolor: "#e5e5e5",
    zeroline: false,
    showline: true,
    linecolor: "#444",
    ticks: "outside",
    ...(log ? { exponentformat: "power" } : {}),
    ...rest,
  };
}

/** The layout fields every figure shares: title, white background, legend, size. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 16 } },
    width: FIGURE_SIZE.width,
    height: FIGURE_SIZE.height,
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Open Sans, sans-serif", size: 12, color: "#222" },
    margin: { l: 70, r: 20, t: 60, b: 60 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    ...extra,
  };
}

/** Two panels side by side: `left` on axes x and y, `right` on x2 and y2. */
export function sideBySide(
  left: { x: Record<string, unknown>; y: Record<string, unknown> },
  right: { x: Record<string, unknown>; y: Record<string, unknown> },
): Record<string, unknown> {
  return {
    xaxis: { ...left.x, domain: [0, 0.45], anchor: "y" },
    yaxis: { ...left.y, anchor: "x" },
    xaxis2: { ...right.x, domain: [0.55, 1], anchor: "y2" },
    yaxis2: { ...right.y, anchor: "x2" },
  };
}

/** A horizontal legend under the plot area, its top `drop` (a fraction of the plot's height) below it. */
export function legendBelow(drop: number): Record<string, unknown> {
  return { orientation: "h", x: 0, y: -drop, yanchor: "top" };
}

/**
 * Sets every trace's `uid` to `${name}-${index}` and returns the figure: the one
 * place builders end, so no figure leaves a builder with random ids.
 */
export function finishFigure(name: string, data: Trace[], layout: Record<string, unknown>): Figure {
  return { data: data.map((trace, i) => ({ ...trace, uid: `${name}-${i}` })), layout };
}

/** The integers from `from` to `to`, inclusive. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
