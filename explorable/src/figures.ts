/**
 * The page's figure specs, in the shape Plotly takes (svg-plot.ts draws them).
 * The distillation figure is the library's own builder; the others arrange
 * numbers this page already has (the exact curves, the worker's training records)
 * with the library's colours and axes. The graph and the walk are drawn on a
 * canvas (graph-canvas.ts).
 */
import { dedupOptimalHittingTime, dedupSftLimitHittingTime, FAMILIES, pathStar, fromLog10 } from "rlvr-backtracking";
import type { DistillationByTracesData, GraphShape } from "rlvr-backtracking";
// The project's drawing conventions, shared so the page looks like the notebooks.
import {
  axis, baseLayout, distillationByTracesFigure, FAMILY_COLORS, FAMILY_MEANING, legendBelow, POLICY_COLORS, sideBySide,
} from "rlvr-backtracking/plot";
import type { Figure, Trace } from "rlvr-backtracking/plot";
import type { GapPanel, PackedRun, StepRecord } from "./protocol";
import { hittingTimeAt } from "./protocol";
import { sizesUpTo } from "./curves";

/** Largest sizes drawn node by node (the graph and the walk); the numbers have no such limit. */
export const DRAWN = { W: 16, K: 16, L: 6 };

export function isDrawable(W: number, K: number, L: number): boolean {
  return W <= DRAWN.W && K <= DRAWN.K && L <= DRAWN.L;
}

/** A figure made to fill its box on the page: no fixed width (the library's figures have one). */
export function fitted(figure: Figure, height = figure.layout.height): Figure {
  const { width: _width, ...layout } = figure.layout;
  return { data: figure.data, layout: { ...layout, autosize: true, height } };
}

/** Below this width (CSS pixels) a figure's two panels are drawn one above the other: side by side, each would be too narrow to read. */
export const STACKED_BELOW = 640;

/** Pixels of each stacked panel, and between them (the upper panel's tick labels and axis title). */
const STACKED = { panel: 260, gap: 90 };

/**
 * A figure of two panels side by side (sideBySide: x and y, x2 and y2) with the
 * right panel moved under the left one, each as wide as the figure; other figures
 * as they are. The legend follows just below the lower panel's axis title.
 */
export function stacked(figure: Figure): Figure {
  const { layout } = figure;
  if (!layout.xaxis2) return figure;
  const margin = { t: 60, b: 60, ...(layout.margin as { t?: number; b?: number }) };
  const plotHeight = 2 * STACKED.panel + STACKED.gap;
  const lowerTop = STACKED.panel / plotHeight;
  const domainOf = (axis: unknown, domain: number[]) => ({ ...(axis as object), domain });
  return {
    data: figure.data,
    layout: {
      ...layout,
      xaxis: domainOf(layout.xaxis, [0, 1]),
      xaxis2: domainOf(layout.xaxis2, [0, 1]),
      yaxis: domainOf(layout.yaxis, [1 - lowerTop, 1]),
      yaxis2: domainOf(layout.yaxis2, [0, lowerTop]),
      height: margin.t + plotHeight + margin.b,
      legend: { ...(layout.legend as object), y: 0 },
    },
  };
}

/** 10^log10 where a plot axis can hold it, else a gap. */
const plotted = fromLog10;

const COMPARED = [
  { key: "base", label: "base random walk" },
  { key: "sft", label: "SFT limit" },
  { key: "optimal", label: "optimum = RLVR limit" },
] as const;

/**
 * Theorem 4 at the current size, from the worker's exact curves: the base walk,
 * the SFT limit and the optimum against K (left) and L (right), the current size
 * ringed on each curve.
 */
export function gapFigure(curves: { W: number; K: number; L: number; againstK: GapPanel; againstL: GapPanel }): Figure {
  const { W, K, L } = curves;
  const panels = [
    { curves: curves.againstK, at: K, top: Math.max(50, K), title: `depth K (W = ${W}, L = ${L})`, xaxis: "x", yaxis: "y" },
    { curves: curves.againstL, at: L, top: Math.max(10, L), title: `parallel edges L (W = ${W}, K = ${K})`, xaxis: "x2", yaxis: "y2" },
  ];
  const lines: Trace[] = [];
  const rings: Trace[] = [];
  panels.forEach((panel, p) => {
    const atIndex = panel.curves.xs.indexOf(panel.at);
    for (const compared of COMPARED) {
      lines.push({
        type: "scatter",
        name: compared.label,
        legendgroup: compared.key,
        showlegend: p === 0,
        mode: "lines",
        x: panel.curves.xs,
        y: panel.curves[compared.key].map(plotted),
        xaxis: panel.xaxis,
        yaxis: panel.yaxis,
        line: { color: POLICY_COLORS[compared.key], width: 2, dash: compared.key === "optimal" ? "dash" : "solid" },
        hovertemplate: `${compared.label}<br>%{x}: %{y:.3s} steps<extra></extra>`,
      });
      rings.push({
        type: "scatter",
        name: "current size",
        legendgroup: "current",
        showlegend: rings.length === 0,
        mode: "markers",
        x: [panel.at],
        y: [plotted(panel.curves[compared.key][atIndex])],
        xaxis: panel.xaxis,
        yaxis: panel.yaxis,
        marker: { color: "rgba(0,0,0,0)", size: 14, symbol: "circle", line: { color: "#111", width: 2 } },
        hoverinfo: "skip",
      });
    }
  });
  const data = [...lines, ...rings];
  const xAxis = (panel: (typeof panels)[number]) => axis(panel.title, panel.curves.xs.length < panel.top ? { log: true } : {});
  return {
    data,
    layout: baseLayout(`G(${W}, K, ${L}) and G(${W}, ${K}, L)`, {
      ...sideBySide({ x: xAxis(panels[0]), y: axis("expected hitting time (steps)", { log: true }) }, { x: xAxis(panels[1]), y: axis("", { log: true }) }),
      height: 440,
      legend: legendBelow(0.2),
      margin: { l: 70, r: 20, t: 50, b: 110 },
    }),
  };
}

/** P(desired move) of each family at every depth, at one step of a run. */
export function familiesFigure(record: StepRecord, method: string): Figure {
  const depths = record.probabilities.a.map((_, j) => j + 1);
  const data: Trace[] = FAMILIES.map((family, i) => ({
    type: "scatter",
    name: FAMILY_MEANING[family],
    mode: depths.length > 1 ? "lines+markers" : "markers",
    x: depths,
    y: record.probabilities[family],
    // a is drawn widest: under SFT it sits exactly under c, at 1.
    line: { color: FAMILY_COLORS[family], width: family === "a" ? 5 : 2, dash: ["solid", "dash", "dot", "dashdot"][i] },
    marker: { color: FAMILY_COLORS[family], size: 6 },
    hovertemplate: `${family}_%{x}: %{y:.4f}<extra></extra>`,
  }));
  return {
    data,
    layout: baseLayout(`${method}, step ${record.step}: P(efficient move) by depth`, {
      xaxis: axis("depth j", { range: [0.5, depths.length + 0.5], dtick: depths.length > 20 ? 5 : 1 }),
      yaxis: axis("P(efficient move)", { range: [-0.02, 1.02] }),
      height: 400,
      legend: legendBelow(0.2),
      margin: { l: 60, r: 10, t: 50, b: 120 },
    }),
  };
}

export interface Runs {
  readonly sft: PackedRun;
  readonly rlvr: PackedRun;
}

/**
 * A label at every power of ten when the traces span between 1.5 and 6 decades,
 * where Plotly would otherwise label the minor ticks too; outside that, its own choice.
 */
function decadeSpacing(data: Trace[]): { dtick?: number } {
  const ys = data.flatMap((trace) => trace.y).filter((y): y is number => typeof y === "number" && y > 0);
  const decades = Math.log10(Math.max(...ys) / Math.min(...ys));
  return decades > 1.5 && decades <= 6 ? { dtick: 1 } : {};
}

/** Both trainings' expected hitting time against the step, the references, and the chosen step. */
export function timeFigure(runs: Runs, step: number, references: { base: number | null; sft: number | null; optimal: number | null }): Figure {
  const last = runs.rlvr.step[runs.rlvr.records - 1];
  // A record's expected hitting time on a plot axis (a gap beyond it).
  const times = (run: PackedRun) => Array.from(run.hittingTime, (_, r) => hittingTimeAt(run, r) ?? plotted(run.log10HittingTime[r]));
  const curve = (name: string, run: PackedRun, color: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: Array.from(run.step),
    y: times(run),
    line: { color, width: 2.5 },
    hovertemplate: `${name}, step %{x}: %{y:.4s} steps<extra></extra>`,
  });
  const level = (name: string, y: number | null, color: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: [0, last],
    y: [y, y],
    line: { color, width: 1.2, dash: "dot" },
    hovertemplate: `${name}: %{y:.4s}<extra></extra>`,
  });
  const data: Trace[] = [
    level("base random walk", references.base, POLICY_COLORS.base),
    level("SFT limit", references.sft, POLICY_COLORS.sft),
    level("optimum", references.optimal, POLICY_COLORS.optimal),
    curve("SFT on golden paths", runs.sft, POLICY_COLORS.sft),
    curve("RLVR", runs.rlvr, POLICY_COLORS.rlvr),
  ];
  return {
    data,
    layout: baseLayout("Expected hitting time during training", {
      xaxis: axis("training step", { range: [0, last] }),
      yaxis: axis("expected hitting time (steps)", { log: true, ...decadeSpacing(data) }),
      shapes: [{ type: "line", x0: step, x1: step, yref: "paper", y0: 0, y1: 1, line: { color: "#555", width: 1.5 } }],
      height: 400,
      legend: legendBelow(0.2),
      margin: { l: 70, r: 10, t: 50, b: 120 },
    }),
  };
}

/** Corollary 1: work under duplicate-edge rejection against L, closed forms and a Monte Carlo check. */
export function dedupFigure(
  W: number,
  K: number,
  L: number,
  sampled: { sftMean: number; sftHalfWidth: number; optimalMean: number; optimalHalfWidth: number } | null,
): Figure {
  const Ls = sizesUpTo(Math.max(10, L), 40);
  const line = (name: string, form: (shape: GraphShape) => number, color: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: Ls,
    y: Ls.map((x) => form(pathStar(W, K, x))),
    line: { color, width: 2 },
    hovertemplate: `${name}<br>L = %{x}: %{y:.5s} steps<extra></extra>`,
  });
  const data: Trace[] = [
    line("SFT limit with rejection, closed form", dedupSftLimitHittingTime, POLICY_COLORS.sft),
    line("optimum with rejection, closed form", dedupOptimalHittingTime, POLICY_COLORS.optimal),
  ];
  if (sampled) {
    const point = (name: string, mean: number, halfWidth: number, color: string): Trace => ({
      type: "scatter",
      name,
      mode: "markers",
      x: [L],
      y: [mean],
      error_y: { type: "data", array: [halfWidth], visible: true, color, thickness: 2, width: 8 },
      marker: { color, size: 9, symbol: "diamond" },
      hovertemplate: `${name}: %{y:.5s}<extra></extra>`,
    });
    data.push(point("SFT limit, 2000 sampled walks", sampled.sftMean, sampled.sftHalfWidth, POLICY_COLORS.sft));
    data.push(point("optimum, 2000 sampled walks", sampled.optimalMean, sampled.optimalHalfWidth, POLICY_COLORS.optimal));
  }
  return {
    data,
    layout: baseLayout(`Duplicate-edge rejection on G(${W}, ${K}, L)`, {
      xaxis: axis("parallel edges L", Ls.length < Math.max(10, L) ? { log: true } : {}),
      yaxis: axis("expected work (steps)", { rangemode: "tozero" }),
      height: 400,
      legend: legendBelow(0.2),
      margin: { l: 70, r: 20, t: 50, b: 110 },
    }),
  };
}

/** The library's distillation figure for the worker's students, as wide as its box. */
export function distillationFigure(data: DistillationByTracesData): Figure {
  return fitted(distillationByTracesFigure(data), 460);
}

/** The policy of one training record (probabilities in the library's decision order). */
export function probabilitiesOf(record: StepRecord): number[] {
  return FAMILIES.flatMap((family) => record.probabilities[family]);
}
