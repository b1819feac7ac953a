/**
 * Corollary 1 measured (notebook 05): the work of duplicate-edge rejection against
 * one size at a time, on log-log axes, each series with its fitted power law and
 * slope (`workScaling` draws any such panels). The rows come from
 * experiments/corollary1-fits.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, legendBelow, POLICY_COLORS, decadeTicks } from "./style";
import type { Corollary1FitsData } from "../experiments/corollary1-fits";
import { powerLawFit } from "../stats";

/** One measured point: a Monte Carlo mean and the half-width of its interval. */
export interface WorkPoint {
  readonly x: number;
  readonly mean: number;
  readonly halfWidth: number;
}

/** A measured series of one panel. */
export interface WorkSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly WorkPoint[];
  /** Fit and draw a power law through the means (its slope is written in the panel). Defaults to true. */
  readonly fit?: boolean;
  /** Marker symbol; defaults to "circle". */
  readonly symbol?: string;
}

/** Where a panel's note starts: under its axis title (a fraction of the plot area's height, below it). */
const NOTE_TOP = -0.27;

/** One log-log panel: the size on the x axis and the series measured against it. */
export interface WorkPanel {
  /** The x axis title, such as "parallel edges L (W = 5, K = 5)". */
  readonly xTitle: string;
  readonly series: readonly WorkSeries[];
  /** What the panel's slopes mean, written under its axis title (optional). */
  readonly note?: string;
}

/**
 * Corollary 1 (notebook 05): measured work against W, K or L, one log-log panel
 * per size, Monte Carlo means with their interval as error bars, and a dashed
 * least-squares power law through each fitted series, its slope written in the
 * panel's corner in the series' colour.
 * Data in, figure out: the notebook measures, this draws.
 */
export function workScaling(panels: readonly WorkPanel[], title = "Work under duplicate-edge rejection, log-log", figureName = "workScaling"): Figure {
  if (panels.length === 0) throw new RangeError("workScaling needs at least one panel");
  const gap = 0.07;
  const width = (1 - gap * (panels.length - 1)) / panels.length;
  const data: Trace[] = [];
  const layoutAxes: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const xaxis = `x${suffix}`;
    const yaxis = `y${suffix}`;
    // Ticks at the measured sizes and at 1, 2, 5 times powers of ten: no minor labels, no "2" for 20.
    const xs = [...new Set(panel.series.flatMap((s) => s.points.map((pt) => pt.x)))].sort((a, b) => a - b);
    const ys = panel.series.flatMap((s) => s.points.flatMap((pt) => [pt.mean - pt.halfWidth, pt.mean + pt.halfWidth]));
    layoutAxes[`xaxis${suffix}`] = axis(panel.xTitle, {
      log: true, domain: [p * (width + gap), p * (width + gap) + width], anchor: yaxis, tickvals: xs, ticktext: xs.map(String),
    });
    layoutAxes[`yaxis${suffix}`] = axis(p === 0 ? "edges walked to the target (mean)" : "", { log: true, anchor: xaxis, ...decadeTicks(ys) });
    const slopes: string[] = [];
    for (const series of panel.series) {
      const xs = series.points.map((pt) => pt.x);
      const means = series.points.map((pt) => pt.mean);
      const fit = series.fit ?? true ? powerLawFit(xs, means) : null;
      const first = !seen.has(series.name);
      seen.add(series.name);
      data.push({
        type: "scatter",
        name: series.name,
        legendgroup: series.name,
        showlegend: first,
        mode: "markers",
        x: xs,
        y: means,
        error_y: { type: "data", array: series.points.map((pt) => pt.halfWidth), visible: true, thickness: 1.2 },
        marker: { color: series.color, size: 7, symbol: series.symbol ?? "circle" },
        xaxis,
        yaxis,
        hovertemplate: `${series.name}<br>%{x}: %{y:.4s} steps<extra></extra>`,
      });
      if (fit !== null) {
        const ends = [Math.min(...xs), Math.max(...xs)];
        slopes.push(`<span style="color:${series.color}">slope ${fit.slope.toFixed(2)}</span>`);
        data.push({
          type: "scatter",
          name: `${series.name}: power-law fit`,
          legendgroup: series.name,
          showlegend: false,
          mode: "lines",
          x: ends,
          y: ends.map((x) => fit.prefactor * x ** fit.slope),
          line: { color: series.color, width: 1.5, dash: "dash" },
          xaxis,
          yaxis,
          hovertemplate: `${series.name}: fitted slope ${fit.slope.toFixed(3)}<extra></extra>`,
        });
      }
    }
    if (slopes.length > 0) {
      annotations.push({
        xref: `${xaxis} domain`, yref: `${yaxis} domain`, x: 0.03, y: 0.97, xanchor: "left", yanchor: "top",
        text: slopes.join("<br>"), showarrow: false, align: "left", bgcolor: "rgba(255,255,255,0.85)", font: { size: 12 },
      });
    }
    // The panel's note under its axis title, clear of the data.
    if (panel.note) {
      annotations.push({
        xref: `${xaxis} domain`, yref: "paper", x: 0, y: NOTE_TOP, xanchor: "left", yanchor: "top",
        text: panel.note, showarrow: false, align: "left", font: { size: 11, color: "#333" },
      });
    }
  });
  const noted = panels.some((panel) => panel.note);
  return finishFigure(figureName, data, baseLayout(title, {
    ...layoutAxes,
    annotations,
    width: 980,
    height: noted ? 600 : 480,
    legend: legendBelow(noted ? 0.72 : 0.2),
    margin: { l: 70, r: 20, t: 60, b: noted ? 260 : 140 },
  }));
}

/**
 * Corollary 1 measured, four log-log panels: the work of the SFT limit and of
 * trained RLVR under rejection against W, K and L (each with its fitted slope),
 * and the extra work of SFT over RLVR against the spare copies L - 1 (slope
 * about 1: the Theta(W K L) term). The L panel says why its SFT slope is below 1
 * under a Theta(W K L) claim: the work is a + b L, and only its second term grows
 * with L. Intervals of a difference add in quadrature.
 */
export function corollary1FitsFigure(data: Corollary1FitsData): Figure {
  const bySweep = (sweep: "W" | "K" | "L") => data.rows.filter((r) => r.sweep === sweep);
  const point = (x: number, e: { mean: number; halfWidth: number }): WorkPoint => ({ x, mean: e.mean, halfWidth: e.halfWidth });
  const series = (sweep: "W" | "K" | "L"): WorkSeries[] => [
    { name: "SFT limit + rejection", color: POLICY_COLORS.sft, points: bySweep(sweep).map((r) => point(r[sweep], r.sft)) },
    { name: "RLVR (trained) + rejection", color: POLICY_COLORS.rlvr, points: bySweep(sweep).map((r) => point(r[sweep], r.rlvr)), symbol: "diamond" },
  ];
  // Extra work needs a spare copy (L >= 2) and a positive difference to go on a log axis.
  const extra = bySweep("L")
    .filter((r) => r.L >= 2 && r.sft.mean > r.rlvr.mean)
    .map((r) => point(r.L - 1, { mean: r.sft.mean - r.rlvr.mean, halfWidth: Math.hypot(r.sft.halfWidth, r.rlvr.halfWidth) }));
  const panels: WorkPanel[] = [
    { xTitle: `width W (K = ${data.K}, L = ${data.L})`, series: series("W") },
    { xTitle: `depth K (W = ${data.W}, L = ${data.L})`, series: series("K") },
    {
      xTitle: `parallel edges L (W = ${data.W}, K = ${data.K})`,
      series: series("L"),
      // Theta(W K L) is the growth in L of the L-dependent term, not of the whole work.
      note:
        "Why SFT's slope is below 1: its work is<br>a + b (L − 1), a = 2WK + W + 1 (RLVR's),<br>b = (W − 1) K / 2 (closed form). On log-log<br>" +
        "its slope b (L − 1) / (a + b (L − 1)) rises<br>toward 1 as L grows; over these L the<br>fit gives less." +
        (extra.length >= 2 ? " Right: the term<br>b (L − 1) alone, slope 1: Theta(W K L)." : ""),
    },
  ];
  if (extra.length >= 2) {
    panels.push({ xTitle: "spare copies L − 1", series: [{ name: "SFT − RLVR, extra work", color: POLICY_COLORS.distilled, points: extra, symbol: "square" }] });
  }
  return workScaling(panels, `Corollary 1 measured: work under duplicate-edge rejection, log-log (${data.walks} walks per point)`, "corollary1Fits");
}
