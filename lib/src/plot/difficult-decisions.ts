/**
 * Where the difficult decisions are (notebook 06), on the stem variant: per
 * decision, its expected visits and the steps its desired move saves, under the
 * SFT limit and after RLVR. The rows come from experiments/difficult-decisions.ts;
 * this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, panelNote, POLICY_COLORS } from "./style";
import type { DifficultDecisionRow, DifficultDecisionsData } from "../experiments/difficult-decisions";

/**
 * A signed log scale for values of both signs that span decades: v drawn at
 * sign(v) log10(1 + |v|), ticks at 0, ±10, ±100, ... labelled with the values.
 */
function signedLog(values: readonly number[]): { y: number[]; tickvals: number[]; ticktext: string[] } {
  const at = (v: number) => Math.sign(v) * Math.log10(1 + Math.abs(v));
  // 10, 100, ... up to the first power of ten at or above `largest` (a tick at 1 would crowd 0's).
  const powersTo = (largest: number) => {
    const powers: number[] = [];
    for (let p = 10; p < 10 * largest; p *= 10) powers.push(p);
    return powers;
  };
  const up = powersTo(Math.max(0, ...values));
  const down = powersTo(Math.max(0, ...values.map((v) => -v)));
  const ticks = [...down.map((p) => -p).reverse(), 0, ...up];
  return { y: values.map(at), tickvals: ticks.map(at), ticktext: ticks.map(String) };
}

/**
 * Three panels sharing the decisions axis (named as in notebook 06's table): the
 * expected visits per run of both policies (log), then the steps the desired move
 * saves, each policy on its own scale, so RLVR's small values stay readable: the
 * SFT limit's span decades, one bar of thousands beside many of a few
 * steps, so its scale is a signed log; a note says what a negative value means.
 */
export function difficultDecisionsFigure(data: DifficultDecisionsData): Figure {
  const x = data.rows.map((r) => r.name);
  const policies = [
    { name: "SFT limit", color: POLICY_COLORS.sft, visits: (r: DifficultDecisionRow) => r.sftVisits, saved: (r: DifficultDecisionRow) => r.sftStepsSaved, axis: "y2" },
    { name: "RLVR", color: POLICY_COLORS.rlvr, visits: (r: DifficultDecisionRow) => r.rlvrVisits, saved: (r: DifficultDecisionRow) => r.rlvrStepsSaved, axis: "y3" },
  ];
  const traces: Trace[] = [];
  const sftSaved = signedLog(data.rows.map(policies[0].saved));
  for (const p of policies) {
    const saved = data.rows.map(p.saved);
    traces.push(
      { type: "bar", name: p.name, legendgroup: p.name, x, y: data.rows.map(p.visits), marker: { color: p.color }, xaxis: "x", yaxis: "y",
        hovertemplate: `${p.name}, %{x}: %{y:.3s} visits<extra></extra>` },
      { type: "bar", name: `${p.name}: steps saved`, legendgroup: p.name, showlegend: false, x, y: p.axis === "y2" ? sftSaved.y : saved, text: saved.map((v) => v.toPrecision(4)),
        textposition: "none", marker: { color: p.color }, xaxis: "x", yaxis: p.axis, hovertemplate: `${p.name}, %{x}: the desired move saves %{text} steps<extra></extra>` },
    );
  }
  const forkAt = data.rows.findIndex((r) => r.where === "fork");
  const shapes = [0.55, 0.05].map((y0) => ({
    type: "line", xref: "x", yref: "paper", x0: forkAt, x1: forkAt, y0, y1: y0 === 0.55 ? 1 : 0.72, line: { color: "#999", width: 1, dash: "dot" },
  }));
  return finishFigure("difficultDecisions", traces, baseLayout(`Where the decisions are made, on ${data.graph}`, {
    barmode: "group",
    bargap: 0.25,
    xaxis: axis(`decision (depth counted from the start: 1..${data.S} on the stem, then the fork, then the branch)`, {
      type: "category", anchor: "y3", tickangle: -60, tickfont: { size: 10 },
    }),
    yaxis: axis("visits per run", { log: true, domain: [0.68, 1], anchor: "x", dtick: 2 }),
    yaxis2: axis("SFT limit: steps<br>saved (signed log)", { domain: [0.36, 0.62], anchor: "x", tickvals: sftSaved.tickvals, ticktext: sftSaved.ticktext }),
    yaxis3: axis("RLVR:<br>steps saved", { domain: [0, 0.3], anchor: "x" }),
    shapes,
    annotations: [
      panelNote("stem", { yaxis: "y", x: 0.01 }),
      panelNote("fork, then the branch →", { yaxis: "y", x: (forkAt + 0.6) / data.rows.length }),
      // Under the decisions' axis title, clear of the bars.
      {
        xref: "paper", yref: "paper", x: 0, y: -0.2, xanchor: "left", yanchor: "top", showarrow: false, align: "left", font: { size: 11, color: "#333" },
        text:
          "Below 0: where the decision is made, its desired move costs steps on average. Under the SFT limit most visits<br>" +
          "of a and c are in dead branches, where moving on leads deeper into the dead end; on the stem, b and d lead back toward the start.",
      },
    ],
    width: 980,
    height: 790,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom" },
    margin: { l: 80, r: 20, t: 80, b: 180 },
  }));
}
