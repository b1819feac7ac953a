/**
 * Theorem 4 (inference-time separation, notebook 04): the expected hitting time of
 * the base walk, the SFT limit, the optimum and trained SFT and RLVR against the
 * depth K and the width W, on log axes. The rows come from
 * experiments/theorem4-gap.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, DASHES, finishFigure, legendBelow, panelNote, POLICY_COLORS, sideBySide, decadeTicks } from "./style";
import type { GapPolicy, ExponentialGapRow, ExponentialGapData } from "../experiments/theorem4-gap";

/** How each policy is drawn: colour by policy; the dash (lines) or the symbol (markers) by L. */
const LOOK: Record<GapPolicy, { label: string; color: string; markers: boolean; fill: string }> = {
  base: { label: "base random walk", color: POLICY_COLORS.base, markers: false, fill: "" },
  sftLimit: { label: "SFT limit", color: POLICY_COLORS.sft, markers: false, fill: "" },
  optimal: { label: "optimum = RLVR limit, 4WK + 2W − 2K", color: POLICY_COLORS.optimal, markers: false, fill: "" },
  sftTrained: { label: "SFT trained", color: POLICY_COLORS.sft, markers: true, fill: POLICY_COLORS.sft },
  rlvrTrained: { label: "RLVR trained", color: POLICY_COLORS.rlvr, markers: true, fill: "white" },
};
const SYMBOLS = ["diamond", "square", "triangle-up", "circle", "pentagon"] as const;

/**
 * Theorem 4 drawn: left, against the depth K (log y: the SFT limit is a straight
 * line, exponential in K, above even the base walk); right, against the width W
 * on log-log axes (straight lines of slope about 1: linear in W). Colour says the
 * policy, the dash or the marker says L. The legend keeps the two keys apart, each
 * under its own title: the policies in their colours (solid lines, round
 * markers: no L's dash or symbol), then each L's dash and marker in black.
 * Trained RLVR is drawn as white-filled markers over the optimum.
 */
export function exponentialGapFigure(data: ExponentialGapData): Figure {
  const traces: Trace[] = [];
  const panels = [
    { sweep: "K" as const, xaxis: "x", yaxis: "y", xOf: (r: ExponentialGapRow) => r.K },
    { sweep: "W" as const, xaxis: "x2", yaxis: "y2", xOf: (r: ExponentialGapRow) => r.W },
  ];
  for (const panel of panels) {
    for (const policy of Object.keys(LOOK) as GapPolicy[]) {
      const look = LOOK[policy];
      // The optimum does not depend on L: one line.
      const Ls = policy === "optimal" ? [data.Ls[0]] : data.Ls;
      Ls.forEach((L, l) => {
        const rows = data.rows.filter((r) => r.sweep === panel.sweep && r.policy === policy && r.L === L);
        if (rows.length === 0) return;
        traces.push({
          type: "scatter",
          name: look.label,
          legendgroup: policy,
          showlegend: false,
          mode: look.markers ? "markers" : "lines",
          x: rows.map(panel.xOf),
          y: rows.map((r) => r.hittingTime),
          xaxis: panel.xaxis,
          yaxis: panel.yaxis,
          ...(look.markers
            ? { marker: { color: look.fill, size: 10, symbol: SYMBOLS[l % SYMBOLS.length], line: { color: look.color, width: 2 } } }
            : { line: { color: look.color, width: policy === "optimal" ? 3 : 2, dash: DASHES[l % DASHES.length] } }),
          hovertemplate: `${look.label}${policy === "optimal" ? "" : `, L = ${L}`}<br>${panel.sweep} = %{x}: %{y:.4s} steps<extra></extra>`,
        });
      });
    }
  }
  // The policy key: one entry per policy in its colour, neither dashed nor in an L's symbol.
  (Object.keys(LOOK) as GapPolicy[]).forEach((policy, i) => {
    const look = LOOK[policy];
    traces.push({
      type: "scatter", name: look.label, legendgroup: "policy", mode: look.markers ? "markers" : "lines", x: [null], y: [null],
      ...(i === 0 ? { legendgrouptitle: { text: "colour: the policy" } } : {}),
      ...(look.markers
        ? { marker: { color: look.fill, size: 10, symbol: "circle", line: { color: look.color, width: 2 } } }
        : { line: { color: look.color, width: policy === "optimal" ? 3 : 2 } }),
    });
  });
  // The L key: one black entry per L showing its dash and its marker.
  data.Ls.forEach((L, l) => {
    traces.push({
      type: "scatter", name: `L = ${L}`, legendgroup: "L", mode: "lines+markers", x: [null], y: [null],
      ...(l === 0 ? { legendgrouptitle: { text: "dash and marker: L" } } : {}),
      line: { color: "#222", width: 2, dash: DASHES[l % DASHES.length] },
      marker: { color: "#222", size: 9, symbol: SYMBOLS[l % SYMBOLS.length] },
    });
  });
  const values = (sweep: "K" | "W") => data.rows.filter((r) => r.sweep === sweep).map((r) => r.hittingTime);
  const Ws = [...new Set(data.rows.filter((r) => r.sweep === "W").map((r) => r.W))];
  return finishFigure("exponentialGap", traces, baseLayout("Expected hitting time: SFT is exponential in the depth K, every policy linear in W", {
    ...sideBySide(
      { x: axis(`depth K (W = ${data.W})`), y: axis("expected hitting time (steps)", { log: true, ...decadeTicks(values("K")) }) },
      {
        x: axis(`width W (K = ${data.K}), log scale`, { log: true, tickvals: [1, 2, 5, 10, 20, 50, 100, 200, 500].filter((w) => w >= Math.min(...Ws) && w <= Math.max(...Ws)) }),
        y: axis("", { log: true, ...decadeTicks(values("W")) }),
      },
    ),
    annotations: [panelNote("log-log: a line of slope 1 is linear in W", { xaxis: "x2", yaxis: "y2", x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom" })],
    width: 980,
    height: 540,
    legend: legendBelow(0.15),
    margin: { l: 70, r: 20, t: 60, b: 120 },
  }));
}
