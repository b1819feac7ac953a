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
