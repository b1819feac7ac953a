/**
 * Theorem 2 (notebook 02): SFT on golden paths. The data function trains
 * (`trainSft`, population mode) and keeps, per recorded step, the hitting time and
 * each family's lowest and highest probability over the depths; the drawing
 * function draws those rows beside the base walk and the SFT limit.
 */
import { pathStar } from "../graph";
import { basePolicy, FAMILIES, sftLimitPolicy } from "../policy";
import type { Family } from "../policy";
import { trainSft } from "../train";
import { requireInteger } from "../validate";
import type { Figure, Trace } from "./figure";
import type { HittingTimeValue } from "./rows";
import { drawableHittingTime, hittingTimeValue, thinHistory } from "./rows";
import { axis, baseLayout, decadeTicks, FAMILY_COLORS, FAMILY_MEANING, finishFigure, formatSteps, legendBelow, panelNote, POLICY_COLORS, sideBySide } from "./style";

export interface SftDynamicsParams {
  W: number;
  K: number;
  L: number;
  /** Gradient steps of SFT on golden paths (population mode, trainSft's learning rate 0.5). */
  steps: number;
  /** Rows kept (the history is thinned evenly, first and last step kept). */
  maxRows: number;
}

export const SFT_DYNAMICS_DEFAULTS: SftDynamicsParams = { W: 15, K: 15, L: 5, steps: 2000, maxRows: 201 };

/** A number per family a, b, c, d. */
export type FamilyValues = Record<Family, number>;

/** One recorded SFT step. */
export interface SftDynamicsRow extends HittingTimeValue {
  readonly step: number;
  /** Each family's lowest P(desired move) over the depths 1..K. */
  readonly lowest: FamilyValues;
  /** Each family's highest P(desired move) over the depths 1..K. */
  readonly highest: FamilyValues;
}

export interface SftDynamicsData {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** The base random walk's expected hitting time (where SFT starts). */
  readonly base: HittingTimeValue;
  /** The SFT limit's (a = c = 1, b and d at base): where SFT goes. */
  readonly sftLimit: HittingTimeValue;
  readonly rows: SftDynamicsRow[];
}

/** Trains SFT on golden paths of G(W, K, L) and returns its rows (Theorem 2, notebook 02). */
export function sftDynamicsData(params: SftDynamicsParams = SFT_DYNAMICS_DEFAULTS): SftDynamicsData {
  const shape = pathStar(params.W, params.K, params.L);
  requireInteger("steps", params.steps, 1, 10_000_000);
  requireInteger("maxRows", params.maxRows, 2, 100_000);
  const history = thinHistory(trainSft(shape, { steps: params.steps, mode: "population" }).history, params.maxRows);
  const over = (pick: (values: number[]) => number) => (record: (typeof history)[number]) =>
    Object.fromEntries(FAMILIES.map((f) => [f, pick(record.probabilities[f])])) as FamilyValues;
  const lowest = over((v) => Math.min(...v));
  const highest = over((v) => Math.max(...v));
  return {
    W: shape.W,
    K: shape.K,
    L: shape.L,
    base: hittingTimeValue(shape, basePolicy(shape)),
    sftLimit: hittingTimeValue(shape, sftLimitPolicy(shape)),
    rows: history.map((r) => ({
      step: r.step, hittingTime: r.hittingTime, log10HittingTime: r.log10HittingTime, lowest: lowest(r), highest: highest(r),
    })),
  };
}

/** Spread over the depths below which the figure says the depths coincide (float noise of a logit update). */
const SAME_AT_EVERY_DEPTH = 1e-12;

/**
 * Theorem 2 drawn: left, P(desired move) of each family against the SFT step
 * (one line when every depth has the same value, which the panel says; a band
 * from the lowest to the highest depth otherwise); right, the expected hitting
 * time on a log scale rising from the base walk toward the SFT limit.
 */
export function sftDynamicsFigure(data: SftDynamicsData): Figure {
  const steps = data.rows.map((r) => r.step);
  const traces: Trace[] = [];
  let banded = false;
  for (const family of FAMILIES) {
    const color = FAMILY_COLORS[family];
    const spread = Math.max(...data.rows.map((r) => r.highest[family] - r.lowest[family]));
    if (spread > SAME_AT_EVERY_DEPTH) {
      banded = true;
      traces.push({
        type: "scatter", name: `${family}: highest depth`, legendgroup: family, showlegend: false, mode: "lines", x: steps,
        y: data.rows.map((r) => r.highest[family]), line: { color, width: 0.5 }, hoverinfo: "skip",
      });
    }
    traces.push({
      type: "scatter",
      name: FAMILY_MEANING[family],
      legendgroup: family,
      mode: "lines",
      x: steps,
      y: data.rows.map((r) => r.lowest[family]),
      line: { color, width: 2.5 },
      ...(spread > SAME_AT_EVERY_DEPTH ? { fill: "tonexty", fillcolor: `${color}33` } : {}),
      hovertemplate: `${family}, step %{x}: %{y:.4f}<extra></extra>`,
    });
  }
  const hitting = data.rows.map(drawableHittingTime);
  const level = (name: string, value: HittingTimeValue, color: string, dash: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: [steps[0], steps[steps.length - 1]],
    y: [drawableHittingTime(value), drawableHittingTime(value)],
    xaxis: "x2",
    yaxis: "y2",
    line: { color, width: 1.5, dash },
    hovertemplate: `${name}<extra></extra>`,
  });
  const format = (v: HittingTimeValue) => {
    const drawable = drawableHittingTime(v);
    return drawable !== null ? formatSteps(drawable) : `10<sup>${v.log10HittingTime.toFixed(1)}</sup>`;
  };
  traces.push(
    level(`base random walk, ${format(data.base)} steps`, data.base, POLICY_COLORS.base, "dash"),
    level(`SFT limit (a = c = 1), ${format(data.sftLimit)} steps`, data.sftLimit, POLICY_COLORS.sft, "dot"),
    {
      type: "scatter",
      name: "expected hitting time of the SFT policy",
      mode: "lines",
      x: steps,
      y: hitting,
      xaxis: "x2",
      yaxis: "y2",
      line: { color: POLICY_COLORS.sft, width: 2.5 },
      hovertemplate: "step %{x}: %{y:.4s} steps<extra></extra>",
    },
  );
  const depthNote = banded
    ? `bands: lowest to highest of depths 1..${data.K}`
    : `every depth 1..${data.K} has the same value<br>at every step: one line per family`;
  const ticks = decadeTicks([...hitting, drawableHittingTime(data.base), drawableHittingTime(data.sftLimit)]);
  return finishFigure("sftDynamics", traces, baseLayout(`SFT on golden paths, G(${data.W}, ${data.K}, ${data.L}): a, c → 1; b, d never move`, {
    ...sideBySide(
      { x: axis("SFT step"), y: axis("P(desired move)", { range: [0, 1.02] }) },
      { x: axis("SFT step"), y: axis("expected hitting time (steps)", { log: true, ...ticks }) },
      0.12,
    ),
    annotations: [panelNote(depthNote, { x: 0.98, y: 0.45, xanchor: "right", yanchor: "middle" })],
    width: 980,
    height: 500,
    legend: legendBelow(0.16),
    margin: { l: 70, r: 20, t: 60, b: 130 },
  }));
}
