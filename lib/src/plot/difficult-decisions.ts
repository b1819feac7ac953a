/**
 * Where the difficult decisions are (notebook 06), on the stem variant: per
 * decision, its expected visits per run and the steps its desired move saves,
 * from chain.ts's `policyGradient`, under the SFT limit and after RLVR.
 */
import { depthCount, stemPathStar, describeShape } from "../graph";
import { decisionCount, decisionName, familyOf, sftLimitPolicy } from "../policy";
import type { Family, Policy } from "../policy";
import { policyGradient } from "../chain";
import { trainRlvr } from "../train";
import { requireInteger } from "../validate";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, panelNote, POLICY_COLORS } from "./style";

export interface DifficultDecisionsParams {
  /** Stem diamonds before the fork. */
  S: number;
  W: number;
  K: number;
  L: number;
  /** RLVR steps (exact gradient, sign steps of 0.01). */
  steps: number;
}

export const DIFFICULT_DECISIONS_DEFAULTS: DifficultDecisionsParams = { S: 3, W: 4, K: 4, L: 3, steps: 1200 };

/** One decision of the stem variant, in walking order. */
export interface DifficultDecisionRow {
  /** Index in a policy's arrays. */
  readonly decision: number;
  /** `decisionName`: "a_4", "fork", ... (depths count from the start: 1..S on the stem, S + 1..S + K on a branch). */
  readonly name: string;
  readonly family: Family | "fork";
  readonly where: "stem" | "fork" | "branch";
  readonly sftVisits: number;
  readonly sftStepsSaved: number;
  readonly rlvrVisits: number;
  readonly rlvrStepsSaved: number;
}

export interface DifficultDecisionsData {
  /** The graph, as describeShape names it. */
  readonly graph: string;
  readonly S: number;
  readonly rows: DifficultDecisionRow[];
}

/**
 * Analyses every decision under the SFT limit and the RLVR-trained policy: trained
 * here (`params.steps` sign steps, seeded by `seed`), or `rlvrPolicy` when the caller
 * has trained it already (notebook 06), so the same run is not trained twice.
 */
export function difficultDecisionsData(
  params: DifficultDecisionsParams = DIFFICULT_DECISIONS_DEFAULTS,
  seed = "decisions",
  rlvrPolicy?: Policy,
): DifficultDecisionsData {
  const shape = stemPathStar(params.S, params.W, params.K, params.L);
  const steps = requireInteger("steps", params.steps, 1, 10_000_000);
  if (rlvrPolicy !== undefined && describeShape(rlvrPolicy.shape) !== describeShape(shape)) {
    throw new RangeError(`rlvrPolicy is a policy on ${describeShape(rlvrPolicy.shape)}; the figure's graph is ${describeShape(shape)}`);
  }
  const D = depthCount(shape);
  const sft = policyGradient(shape, sftLimitPolicy(shape));
  const rlvr = policyGradient(shape, rlvrPolicy ?? trainRlvr(shape, { steps, seed: `${seed}/rlvr` }).policy);
  // Walking order: stem depths, the fork, then branch depths; four families each.
  const order: number[] = [];
  for (let depth = 1; depth <= D; depth++) {
    if (depth === shape.S + 1) order.push(decisionCount(shape) - 1);
    for (let f = 0; f < 4; f++) order.push(f * D + depth - 1);
  }
  return {
    graph: describeShape(shape),
    S: shape.S,
    rows: order.map((k) => {
      const family = familyOf(shape, k);
      return {
        decision: k,
        name: decisionName(shape, k),
        family,
        where: family === "fork" ? "fork" : (k % D) < shape.S ? "stem" : "branch",
        sftVisits: sft.visits[k],
        sftStepsSaved: sft.stepsSaved[k],
        rlvrVisits: rlvr.visits[k],
        rlvrStepsSaved: rlvr.stepsSaved[k],
      };
    }),
  };
}

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
 * SFT limit's span four decades, one bar of thousands beside many of a few
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
