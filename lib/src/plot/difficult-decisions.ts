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
 * Three panels sharing the decisions axis (named as in notebook 06's table): the
 * expected visits per run of both policies (log), then the steps the desired move
 * saves, each policy on its own linear scale, so RLVR's small values stay
 * readable; a note says what a negative value means.
 */
export function difficultDecisionsFigure(data: DifficultDecisionsData): Figure {
  const x = data.rows.map((r) => r.name);
  const policies = [
    { name: "SFT limit", color: POLICY_COLORS.sft, visits: (r: DifficultDecisionRow) => r.sftVisits, saved: (r: DifficultDecisionRow) => r.sftStepsSaved, axis: "y2" },
    { name: "RLVR", color: POLICY_COLORS.rlvr, visits: (r: DifficultDecisionRow) => r.rlvrVisits, saved: (r: DifficultDecisionRow) => r.rlvrStepsSaved, axis: "y3" },
  ];
  const traces: Trace[] = [];
  for (const p of policies) {
    traces.push(
      { type: "bar", name: p.name, legendgroup: p.name, x, y: data.rows.map(p.visits), marker: { color: p.color }, xaxis: "x", yaxis: "y",
        hovertemplate: `${p.name}, %{x}: %{y:.3s} visits<extra></extra>` },
      { type: "bar", name: `${p.name}: steps saved`, legendgroup: p.name, showlegend: false, x, y: data.rows.map(p.saved),
        marker: { color: p.color }, xaxis: "x", yaxis: p.axis, hovertemplate: `${p.name}, %{x}: the desired move saves %{y:.4s} steps<extra></extra>` },
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
    yaxis2: axis("SFT limit:<br>steps saved", { domain: [0.36, 0.62], anchor: "x" }),
    yaxis3: axis("RLVR:<br>steps saved", { domain: [0, 0.3], anchor: "x" }),
    shapes,
    annotations: [
      panelNote("stem", { yaxis: "y", x: 0.01 }),
      panelNote("fork, then the branch →", { yaxis: "y", x: (forkAt + 0.6) / data.rows.length }),
      panelNote(
        "Below 0: where the decision is made, its desired move costs<br>" +
          "steps on average. Under the SFT limit most visits of a and c<br>" +
          "are in dead branches, where moving on leads deeper into the<br>" +
          "dead end; on the stem, b and d lead back toward the start.",
        { yaxis: "y2", x: 0.01, y: 1 },
      ),
    ],
    width: 980,
    height: 720,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom" },
    margin: { l: 80, r: 20, t: 80, b: 110 },
  }));
}
