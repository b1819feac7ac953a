/**
 * Corollary 1 measured (notebook 05): the work of duplicate-edge rejection against
 * one size at a time, on log-log axes, each series with a fitted power law whose
 * slope is the measured exponent (about 1 for Theta(size), about 0 for a series
 * that does not depend on the size). The measurements come from search.ts
 * (`sampleDedupHittingTimes` with `meanWithInterval`); the builder only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, legendBelow } from "./style";

/** A least-squares line through (ln x, ln y): y is about prefactor * x^slope. */
export interface PowerLawFit {
  /** The fitted exponent: d ln y / d ln x. */
  readonly slope: number;
  /** The fitted ln y at x = 1. */
  readonly intercept: number;
  /** exp(intercept). */
  readonly prefactor: number;
  /** Number of points fitted. */
  readonly points: number;
}

/**
 * Fits ln y = intercept + slope * ln x by ordinary least squares (notebook 05: the
 * exponent of the work in W, K or L). Needs at least two points, every x and y
 * positive and finite, and two distinct x values.
 */
export function powerLawFit(xs: ArrayLike<number>, ys: ArrayLike<number>): PowerLawFit {
  if (xs.length !== ys.length) throw new RangeError(`xs and ys must have the same length, got ${xs.length} and ${ys.length}`);
  if (xs.length < 2) throw new RangeError(`a power-law fit needs at least 2 points, got ${xs.length}`);
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (const [name, v] of [["xs", xs[i]], ["ys", ys[i]]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name}[${i}] must be a finite number greater than 0 for a log-log fit, got ${v}`);
    }
    lx.push(Math.log(xs[i]));
    ly.push(Math.log(ys[i]));
  }
  const n = lx.length;
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ly.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (sxx === 0) throw new RangeError("a power-law fit needs at least two distinct x values");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  return { slope, intercept, prefactor: Math.exp(intercept), points: n };
}

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

/** One log-log panel: the size on the x axis and the series measured against it. */
export interface WorkPanel {
  /** The x axis title, such as "parallel edges L (W = 5, K = 5)". */
  readonly xTitle: string;
  readonly series: readonly WorkSeries[];
}

/**
 * Corollary 1 (notebook 05): measured work against W, K or L, one log-log panel
 * per size, Monte Carlo means with their interval as error bars, and a dashed
 * least-squares power law through each fitted series, its slope written in the
 * panel's corner in the series' colour.
 * Data in, figure out: the notebook measures, this draws.
 */
export function workScaling(panels: readonly WorkPanel[], title = "Work under duplicate-edge rejection, log-log"): Figure {
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
    layoutAxes[`xaxis${suffix}`] = axis(panel.xTitle, { log: true, domain: [p * (width + gap), p * (width + gap) + width], anchor: yaxis });
    layoutAxes[`yaxis${suffix}`] = axis(p === 0 ? "edges walked to the target (mean)" : "", { log: true, anchor: xaxis });
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
  });
  return finishFigure("workScaling", data, baseLayout(title, {
    ...layoutAxes,
    annotations,
    width: 980,
    height: 480,
    legend: legendBelow(0.2),
    margin: { l: 70, r: 20, t: 60, b: 140 },
  }));
}
