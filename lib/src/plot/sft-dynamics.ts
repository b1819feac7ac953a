/**
 * Theorem 2 (notebook 02): SFT on golden paths, each family's probabilities over
 * the depths and the hitting time over training, beside the base walk and the SFT
 * limit. The rows come from experiments/theorem2-sft-dynamics.ts; this file only
 * draws them.
 */
import { FAMILIES } from "../policy";
import type { Figure, Trace } from "./figure";
import type { HittingTimeValue } from "../chain";
import { drawableHittingTime } from "../rows";
import { axis, baseLayout, decadeTicks, FAMILY_COLORS, FAMILY_MEANING, finishFigure, formatSteps, legendBelow, panelNote, POLICY_COLORS, sideBySide } from "./style";
import type { SftDynamicsData } from "../experiments/theorem2-sft-dynamics";

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
