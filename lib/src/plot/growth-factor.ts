/**
 * Theorem 4's mechanism (notebooks 02 and 04): the SFT limit's ratio of exit times
 * per added diamond, tending to (L + 1)^2 / L. The rows come from
 * experiments/theorem4-growth-factor.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure } from "./style";
import type { GrowthFactorData } from "../experiments/theorem4-growth-factor";

const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];

/** One curve per L, its limit (L + 1)^2 / L dashed in the same colour. */
export function growthFactorFigure(data: GrowthFactorData): Figure {
  const Ls = [...new Set(data.rows.map((r) => r.L))];
  const traces: Trace[] = [];
  Ls.forEach((L, i) => {
    const rows = data.rows.filter((r) => r.L === L);
    const color = PALETTE[i % PALETTE.length];
    const limit = rows[0].limit;
    const Ks = rows.map((r) => r.K);
    traces.push(
      {
        type: "scatter", name: `L = ${L}`, legendgroup: `L = ${L}`, mode: "lines+markers", x: Ks, y: rows.map((r) => r.ratio),
        line: { color, width: 2 }, marker: { color, size: 5 }, hovertemplate: `L = ${L}, K = %{x}: ratio %{y:.4f}<extra></extra>`,
      },
      {
        type: "scatter", name: i === 0 ? "dashed: the limit (L + 1)²/L" : `(L + 1)²/L = ${Number(limit.toFixed(3))}`,
        legendgroup: i === 0 ? "limit" : `L = ${L}`, showlegend: i === 0, mode: "lines", x: [Math.min(...Ks), Math.max(...Ks)], y: [limit, limit],
        line: { color, width: 1, dash: "dash" }, hovertemplate: `(L + 1)²/L = ${limit.toFixed(4)}<extra></extra>`,
      },
    );
  });
  return finishFigure("growthFactor", traces, baseLayout("SFT limit: each diamond multiplies the exit time by about (L + 1)²/L", {
    xaxis: axis("depth K"),
    yaxis: axis("exit time at depth K + 1 / exit time at depth K"),
  }));
}
