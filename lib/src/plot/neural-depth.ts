/**
 * Appendix A2, depth generalisation: hitting time, its ratio to the edge-state
 * optimum and the lowest b and d probability of networks evaluated at depths
 * beyond those they were trained on. The rows come from experiments/neural-
 * depth.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { POLICY_COLORS, axis, baseLayout, finishFigure, legendBelow, panelNote } from "./style";
import type { NeuralDepthMethod, NeuralDepthData } from "../experiments/neural-depth";

const NEURAL_DEPTH_LABELS: Record<NeuralDepthMethod, string> = { "base fit": "network fitted to the base model", sft: "SFT network", rlvr: "RLVR network (exact gradient)" };
const NEURAL_DEPTH_COLORS: Record<NeuralDepthMethod, string> = { "base fit": POLICY_COLORS.base, sft: POLICY_COLORS.sft, rlvr: POLICY_COLORS.rlvr };

/** E[T] / edge-state optimum, the middle panel's quantity, from log10 values. */
function overOptimum(log10: number, optimum: number): number {
  return 10 ** (log10 - optimum);
}

/** The middle panel's axis shows ratios up to RATIO_TOP; far above it a point is left out (null), not drawn off-canvas. */
const RATIO_SHOWN = 100;
const RATIO_TOP = 2.5;

/** "×3.1" or "×10<sup>77</sup>": a ratio to the optimum as the middle panel's note writes it. */
function ratioText(log10Ratio: number): string {
  return log10Ratio < 3 ? `×${Number((10 ** log10Ratio).toPrecision(2))}` : `×10<sup>${Math.round(log10Ratio)}</sup>`;
}

/**
 * The middle panel's note: which networks' medians lie above its top at some
 * depth, and how far (their lowest and highest ratio to the optimum), so that a
 * line missing from the panel is said, not hidden.
 */
function offScaleNote(d: NeuralDepthData): string | null {
  const lines = (Object.keys(NEURAL_DEPTH_LABELS) as NeuralDepthMethod[]).flatMap((method) => {
    const ratios = d.rows
      .filter((r) => r.method === method)
      .map((r) => r.log10HittingTime.median - d.references.find((ref) => ref.K === r.K)!.optimum);
    if (ratios.every((x) => 10 ** x <= RATIO_TOP)) return [];
    return [`${NEURAL_DEPTH_LABELS[method]}: ${ratioText(Math.min(...ratios))} to ${ratioText(Math.max(...ratios))}`];
  });
  return lines.length === 0 ? null : `above the panel (E[T] / optimum):<br>${lines.join("<br>")}`;
}
function ratioShown(log10: number, optimum: number): number | null {
  const ratio = overOptimum(log10, optimum);
  return ratio <= RATIO_SHOWN ? ratio : null;
}

/**
 * Three panels against the depth K of the graph, trained depths shaded, each the
 * networks' median and seeds' range. Left: log10 of the expected hitting time
 * beside the table's references. Middle: the hitting time over the edge-state
 * optimum, where the optimum-scale curves can be told apart; a note names the
 * networks above the panel and their ratios (the SFT network's is astronomical),
 * so no line is missing unsaid. Right: the smallest
 * P(desired) of the backtracking families b and d.
 */
export function neuralDepthFigure(d: NeuralDepthData): Figure {
  const Ks = d.references.map((r) => r.K);
  const data: Trace[] = [];
  for (const method of Object.keys(NEURAL_DEPTH_LABELS) as NeuralDepthMethod[]) {
    const rows = d.rows.filter((r) => r.method === method);
    const color = NEURAL_DEPTH_COLORS[method];
    const panels = [
      { band: rows.map((r) => r.log10HittingTime), xaxis: "x", yaxis: "y", showlegend: true },
      {
        band: rows.map((r, i) => {
          const optimum = d.references[i].optimum;
          const b = r.log10HittingTime;
          return { low: ratioShown(b.low, optimum), median: ratioShown(b.median, optimum), high: ratioShown(b.high, optimum) };
        }),
        xaxis: "x2",
        yaxis: "y2",
        showlegend: false,
      },
      { band: rows.map((r) => r.lowestBacktrack), xaxis: "x3", yaxis: "y3", showlegend: false },
    ];
    for (const { band, xaxis, yaxis, showlegend } of panels) {
      data.push(
        {
          type: "scatter",
          name: `${NEURAL_DEPTH_LABELS[method]}: seeds' range`,
          legendgroup: `${method}/band`,
          showlegend: false,
          mode: "lines",
          x: [...Ks, ...[...Ks].reverse()],
          y: [...band.map((b) => b.high), ...band.map((b) => b.low).reverse()],
          fill: "toself",
          fillcolor: `${color}40`,
          line: { width: 0 },
          hoverinfo: "skip",
          xaxis,
          yaxis,
        },
        {
          type: "scatter",
          name: NEURAL_DEPTH_LABELS[method],
          legendgroup: method,
          showlegend,
          mode: "lines+markers",
          x: Ks,
          y: band.map((b) => b.median),
          line: { color, width: 2 },
          marker: { color, size: 6 },
          xaxis,
          yaxis,
          hovertemplate: `${NEURAL_DEPTH_LABELS[method]}, K = %{x}: %{y:.3f}<extra></extra>`,
        },
      );
    }
  }
  const references = [
    ["table: base model", "base", POLICY_COLORS.base, "dot"],
    ["table: SFT limit (Theorem 2)", "sftLimit", POLICY_COLORS.sft, "dot"],
    ["optimum, 4WK + 2W - 2K", "optimum", POLICY_COLORS.optimal, "dash"],
    ["with memory, 2WK + W + 1", "memoryOptimum", "#000000", "dashdot"],
  ] as const;
  for (const [name, field, color, dash] of references) {
    data.push({
      type: "scatter",
      name,
      legendgroup: field,
      mode: "lines",
      x: Ks,
      y: d.references.map((r) => r[field]),
      line: { color, width: 1.5, dash },
      hovertemplate: `${name}, K = %{x}: %{y:.3f}<extra></extra>`,
    });
    if (field === "optimum" || field === "memoryOptimum") {
      data.push({
        type: "scatter",
        name,
        legendgroup: field,
        showlegend: false,
        mode: "lines",
        x: Ks,
        y: d.references.map((r) => overOptimum(r[field], r.optimum)),
        line: { color, width: 1.5, dash },
        xaxis: "x2",
        yaxis: "y2",
        hovertemplate: `${name} / optimum, K = %{x}: %{y:.3f}<extra></extra>`,
      });
    }
  }
  const trained = d.params.trainDepths;
  const shade = (xref: string, yref: string) => ({
    type: "rect",
    xref,
    yref,
    x0: Math.min(...trained) - 0.5,
    x1: Math.max(...trained) + 0.5,
    y0: 0,
    y1: 1,
    fillcolor: "rgba(0,0,0,0.06)",
    line: { width: 0 },
  });
  const coding = d.params.output === "deeper" ? "P(deeper)" : "P(go on)";
  // The "continue" reading is registered as its own figure (neuralDepthContinue): its traces' uids say so.
  return finishFigure(
    d.params.output === "deeper" ? "neuralDepth" : "neuralDepthContinue",
    data,
    baseLayout(`Trained at K = ${Math.min(...trained)}..${Math.max(...trained)} (shaded), evaluated deeper: output ${coding}, W = ${d.params.W}, L = ${d.params.L}`, {
      xaxis: axis("depth K of the graph", { dtick: 1, domain: [0, 0.28], anchor: "y" }),
      yaxis: axis("log10 expected hitting time", { anchor: "x" }),
      xaxis2: axis("depth K of the graph", { dtick: 1, domain: [0.36, 0.64], anchor: "y2" }),
      // Only curves near the optimum fit; the base and SFT networks leave the panel at the top.
      yaxis2: axis("hitting time / optimum 4WK + 2W - 2K", { anchor: "x2", range: [0, RATIO_TOP] }),
      xaxis3: axis("depth K of the graph", { dtick: 1, domain: [0.72, 1], anchor: "y3" }),
      yaxis3: axis("lowest P(desired) of b and d", { anchor: "x3", range: [-0.05, 1.05] }),
      shapes: [shade("x", "y domain"), shade("x2", "y2 domain"), shade("x3", "y3 domain")],
      annotations: [offScaleNote(d)].filter((note) => note !== null).map((note) => panelNote(note!, { xaxis: "x2", yaxis: "y2", x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom" })),
      width: 980,
      height: 520,
      legend: legendBelow(0.16),
      margin: { l: 70, r: 20, t: 60, b: 140 },
    }),
  );
}
