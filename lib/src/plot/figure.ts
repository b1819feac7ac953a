/**
 * The shape of a Plotly figure spec as the drawing functions return it: plain data,
 * `{ data, layout }`, that `Plotly.newPlot(div, data, layout)` accepts as is and
 * `JSON.stringify` writes without loss.
 */

/** One Plotly trace. Only the fields the drawing functions use are named; Plotly accepts many more. */
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
  legendgrouptitle?: { text: string };
  hoverinfo?: string;
  hovertemplate?: string;
  text?: string[];
  textposition?: string;
  line?: { color?: string; width?: number; dash?: string; shape?: "linear" | "spline" | "hv"; smoothing?: number };
  marker?: {
    color?: string | string[];
    size?: number | number[];
    symbol?: string | string[];
    line?: { color?: string; width?: number };
  };
  [field: string]: unknown;
}

/** An animation frame: new values for some traces (by index) and the layout. */
export interface Frame {
  name: string;
  data: Record<string, unknown>[];
  /** The indices of the traces `data` updates. */
  traces: number[];
  layout?: Record<string, unknown>;
}

/**
 * A Plotly figure spec: traces, layout and, for an animation, its frames; nothing
 * else (no functions, no DOM). `Plotly.newPlot(div, figure)` draws it.
 */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  frames?: Frame[];
}
