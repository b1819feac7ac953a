/**
 * Corollary 1 (notebook 05): the work of duplicate-edge rejection, exact values
 * beside Monte Carlo estimates, and plain SFT sampling on panels of its own. The
 * rows come from experiments/corollary1-work.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import type { Estimate } from "../rows";
import { axis, baseLayout, finishFigure, legendBelow, panelTitle, POLICY_COLORS, decadeTicks } from "./style";
import type { Corollary1WorkRow, Corollary1WorkData } from "../experiments/corollary1-work";

/**
 * Corollary 1 drawn in four panels. Top, on linear axes, the comparison the
 * corollary makes: with rejection the SFT limit's work grows linearly in L
 * (Theta(W K L)) while the RLVR limit's does not (Theta(W K)); exact lines,
 * Monte Carlo markers with their intervals. Bottom, on log axes, what rejection
 * buys the SFT limit: plain sampling is exponential in K.
 */
export function corollary1WorkFigure(data: Corollary1WorkData): Figure {
  const traces: Trace[] = [];
  const panels = [
    { sweep: "L" as const, column: 0, xOf: (r: Corollary1WorkRow) => r.L },
    { sweep: "K" as const, column: 1, xOf: (r: Corollary1WorkRow) => r.K },
  ];
  const layout: Record<string, unknown> = {};
  for (const { sweep, column, xOf } of panels) {
    const rows = data.rows.filter((r) => r.sweep === sweep);
    const xs = rows.map(xOf);
    const top = { xaxis: column === 0 ? "x" : "x2", yaxis: column === 0 ? "y" : "y2" };
    const bottom = { xaxis: column === 0 ? "x3" : "x4", yaxis: column === 0 ? "y3" : "y4" };
    const legend = column === 0;
    const exact = (name: string, group: string, ys: number[], color: string, dash: string, where: { xaxis: string; yaxis: string }, show = legend): Trace => ({
      type: "scatter", name, legendgroup: group, showlegend: show, mode: "lines", x: xs, y: ys, line: { color, width: 2, dash },
      ...where, hovertemplate: `${name}<br>${sweep} = %{x}: %{y:.4s} steps<extra></extra>`,
    });
    const measured = (name: string, group: string, estimates: Estimate[], color: string): Trace => ({
      type: "scatter", name, legendgroup: group, showlegend: legend, mode: "markers", x: xs, y: estimates.map((e) => e.mean),
      error_y: { type: "data", array: estimates.map((e) => e.halfWidth), visible: true, thickness: 1.2 },
      marker: { color, size: 7, symbol: "circle-open", line: { color, width: 1.5 } }, ...top,
      hovertemplate: `${name}<br>${sweep} = %{x}: %{y:.4s} ± %{error_y.array:.2s} steps<extra></extra>`,
    });
    traces.push(
      exact("SFT limit + rejection, exact: Θ(WKL)", "sft-rejection", rows.map((r) => r.sftRejection), POLICY_COLORS.sft, "solid", top),
      measured(`SFT limit + rejection, Monte Carlo (${data.walks} walks, ±4 s.e.)`, "sft-rejection", rows.map((r) => r.sftRejectionMeasured), POLICY_COLORS.sft),
      exact("RLVR limit + rejection, exact: Θ(WK)", "rlvr-rejection", rows.map((r) => r.rlvrRejection), POLICY_COLORS.rlvr, "solid", top),
      measured(`RLVR limit + rejection, Monte Carlo`, "rlvr-rejection", rows.map((r) => r.rlvrRejectionMeasured), POLICY_COLORS.rlvr),
      exact("SFT limit, plain sampling (exact)", "sft-plain", rows.map((r) => r.sftPlain), POLICY_COLORS.sft, "dot", bottom),
      exact("SFT limit + rejection", "sft-rejection", rows.map((r) => r.sftRejection), POLICY_COLORS.sft, "solid", bottom, false),
    );
    const fixed = sweep === "L" ? `W = ${rows[0].W}, K = ${rows[0].K}` : `W = ${rows[0].W}, L = ${rows[0].L}`;
    const name = sweep === "L" ? "parallel edges L" : "depth K";
    const left = column === 0 ? 0 : 0.55;
    const domain = [left, left + 0.45];
    const suffix = (n: number) => (n === 1 ? "" : String(n));
    const [t, b] = column === 0 ? [1, 3] : [2, 4];
    layout[`xaxis${suffix(t)}`] = axis("", { domain, anchor: `y${suffix(t)}`, matches: `x${suffix(b)}`, showticklabels: false });
    layout[`yaxis${suffix(t)}`] = axis(column === 0 ? "expected steps, with rejection" : "", { domain: [0.42, 1], anchor: `x${suffix(t)}`, rangemode: "tozero" });
    layout[`xaxis${suffix(b)}`] = axis(`${name} (${fixed})`, { domain, anchor: `y${suffix(b)}` });
    const bottomValues = rows.flatMap((r) => [r.sftPlain, r.sftRejection]);
    layout[`yaxis${suffix(b)}`] = axis(column === 0 ? "steps (log)" : "", { log: true, domain: [0, 0.32], anchor: `x${suffix(b)}`, ...decadeTicks(bottomValues, 4) });
  }
  return finishFigure("corollary1Work", traces, baseLayout("Corollary 1: with duplicate-edge rejection SFT needs Θ(WKL) steps, RLVR Θ(WK)", {
    ...layout,
    annotations: [
      panelTitle("with rejection (linear axes)", 0.5, 1.0, 12),
      panelTitle("what rejection buys the SFT limit: plain sampling is exponential in K (log axes)", 0.5, 0.33, 12),
    ],
    width: 980,
    height: 680,
    legend: legendBelow(0.1),
    margin: { l: 70, r: 20, t: 70, b: 130 },
  }));
}
