/**
 * The drawing conventions every figure shares: one colour per policy and per
 * family, one axis style, decade ticks for log axes, the common layout, and
 * deterministic trace ids (Plotly otherwise draws random ones into its SVG).
 * Drawing functions only: nothing here computes a number of the paper.
 */
import type { Figure, Trace } from "./figure";

/** One colour per policy, the same in every figure (Okabe-Ito, readable by colour-blind readers). */
export const POLICY_COLORS = {
  base: "#7f7f7f",
  sft: "#d55e00",
  rlvr: "#0072b2",
  optimal: "#009e73",
  distilled: "#cc79a7",
  golden: "#e69f00",
} as const;

/**
 * One colour per family a, b, c, d. None is the SFT colour, so a figure that
 * draws families beside an SFT hitting time keeps them apart.
 */
export const FAMILY_COLORS = { a: "#0072b2", b: "#cc79a7", c: "#009e73", d: "#e69f00" } as const;

/** What each family's desired move is, as the figures label it. */
export const FAMILY_MEANING = {
  a: "a: on after a diamond",
  b: "b: back through a diamond",
  c: "c: into a diamond",
  d: "d: back toward the fork",
} as const;

/** Line dashes that tell apart several values of one parameter (for example L). */
export const DASHES = ["solid", "dash", "dot", "dashdot", "longdash"] as const;

/** Default export size in CSS pixels; the figure script and the notebooks use the same. */
export const FIGURE_SIZE = { width: 820, height: 480 } as const;

/** The figures' font (the explorable draws its plots and graph in it too). */
export const FONT_FAMILY = "Open Sans, sans-serif";

/** An axis with a title, a light grid and no zero line; `log` for a log scale with powers of ten. */
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

/**
 * Ticks for a log axis over `values`: 1, 2 and 5 times each power of ten when
 * the values span two decades or less, else whole powers of ten, every decade or
 * every few, so that at most `maxTicks` are labelled. Labels are written out
 * ("2000", "10<sup>14</sup>"), never Plotly's minor "2" and "5".
 */
export function decadeTicks(values: readonly (number | null)[], maxTicks = 8): { tickvals: number[]; ticktext: string[] } {
  const positive = values.filter((v): v is number => v !== null && v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { tickvals: [], ticktext: [] };
  const lowest = Math.min(...positive);
  const highest = Math.max(...positive);
  const low = Math.floor(Math.log10(lowest));
  const high = Math.ceil(Math.log10(highest));
  const tickvals: number[] = [];
  if (high - low <= 3) {
    for (let e = low; e <= high; e++) for (const m of [1, 2, 5]) tickvals.push(m * 10 ** e);
    const inside = tickvals.filter((v) => v >= lowest / 1.5 && v <= highest * 1.5);
    return { tickvals: inside, ticktext: inside.map((v) => tickLabel(v, 1e5)) };
  }
  const step = Math.max(1, Math.ceil((high - low + 1) / maxTicks));
  for (let e = low; e <= high; e += step) tickvals.push(10 ** e);
  return { tickvals, ticktext: tickvals.map((v) => tickLabel(v, 1e3)) };
}

/** A tick label: the number written out up to `plain`, "10<sup>e</sup>" or "2 × 10<sup>e</sup>" above. */
function tickLabel(value: number, plain: number): string {
  if (value <= plain) return String(Number(value.toPrecision(6)));
  const e = Math.floor(Math.log10(value) + 1e-9);
  const m = Math.round(value / 10 ** e);
  return m === 1 ? `10<sup>${e}</sup>` : `${m} × 10<sup>${e}</sup>`;
}

/** A number of steps for a label: "50142" below a million, "4.3 × 10<sup>14</sup>" above. */
export function formatSteps(value: number): string {
  if (value < 1e6) return String(Math.round(value));
  const e = Math.floor(Math.log10(value));
  return `${(value / 10 ** e).toFixed(1)} × 10<sup>${e}</sup>`;
}

/** The layout fields every figure shares: title, white background, legend, size. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 16 } },
    width: FIGURE_SIZE.width,
    height: FIGURE_SIZE.height,
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: FONT_FAMILY, size: 12, color: "#222" },
    margin: { l: 70, r: 20, t: 60, b: 60 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    ...extra,
  };
}

/** Two panels side by side: `left` on axes x and y, `right` on x2 and y2. */
export function sideBySide(
  left: { x: Record<string, unknown>; y: Record<string, unknown> },
  right: { x: Record<string, unknown>; y: Record<string, unknown> },
  gap = 0.1,
): Record<string, unknown> {
  const half = (1 - gap) / 2;
  return {
    xaxis: { ...left.x, domain: [0, half], anchor: "y" },
    yaxis: { ...left.y, anchor: "x" },
    xaxis2: { ...right.x, domain: [1 - half, 1], anchor: "y2" },
    yaxis2: { ...right.y, anchor: "x2" },
  };
}

/** A horizontal legend under the plot area, its top `drop` (a fraction of the plot's height) below it. */
export function legendBelow(drop: number): Record<string, unknown> {
  return { orientation: "h", x: 0, y: -drop, yanchor: "top" };
}

/** A note written inside a panel (`xref`/`yref` of its axes' domain), for what a line cannot say. */
export function panelNote(
  text: string,
  where: { xaxis?: string; yaxis?: string; x?: number; y?: number; xanchor?: string; yanchor?: string; color?: string } = {},
): Record<string, unknown> {
  return {
    xref: `${where.xaxis ?? "x"} domain`,
    yref: `${where.yaxis ?? "y"} domain`,
    x: where.x ?? 0.02,
    y: where.y ?? 0.98,
    xanchor: where.xanchor ?? "left",
    yanchor: where.yanchor ?? "top",
    text,
    showarrow: false,
    align: "left",
    bgcolor: "rgba(255,255,255,0.85)",
    font: { size: 11, color: where.color ?? "#333" },
  };
}

/** A title centred above a panel, at `x` (the panel's centre) and `y` (its top) in paper coordinates. */
export function panelTitle(text: string, x: number, y: number, size = 13): Record<string, unknown> {
  return { text, x, y, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size } };
}

/**
 * Sets every trace's `uid` to `${name}-${index}`, drops undefined fields (so a
 * figure serialises the way it compares) and returns the figure: the one place
 * drawing functions end.
 */
export function finishFigure(name: string, data: Trace[], layout: Record<string, unknown>): Figure {
  const clean = (trace: Trace) => Object.fromEntries(Object.entries(trace).filter(([, v]) => v !== undefined)) as Trace;
  return { data: data.map((trace, i) => ({ ...clean(trace), uid: `${name}-${i}` })), layout };
}
