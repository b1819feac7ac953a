/**
 * Appendix A3's figures, drawn from the rows of experiments/sequence-summary.ts:
 * the training curves, E[T] against K for every training with the three exact
 * references, and depth generalisation. A hitting time that is only a lower bound
 * (some walk hit the budget) is drawn with an open marker and says so on hover.
 */
import type { Figure, Trace } from "./figure";
import type { SequenceFigureData, SequenceModelName } from "../experiments/sequence-summary";
import { axis, baseLayout, finishFigure, legendBelow, POLICY_COLORS, sideBySide } from "./style";

export const SEQUENCE_MODEL_COLORS: Record<SequenceModelName, string> = {
  base: POLICY_COLORS.base,
  sft: POLICY_COLORS.sft,
  rlvr: POLICY_COLORS.rlvr,
  distill: POLICY_COLORS.distilled,
  "sft-backtrack": POLICY_COLORS.optimal,
  "sft-random": POLICY_COLORS.golden,
};

export const SEQUENCE_MODEL_LABELS: Record<SequenceModelName, string> = {
  base: "base (random walks)",
  sft: "SFT on golden paths",
  rlvr: "RLVR",
  distill: "distilled from RLVR",
  "sft-backtrack": "SFT + search demonstrations",
  "sft-random": "SFT + random walks",
};

const REFERENCES = [
  ["exact random walk", "base", POLICY_COLORS.base, "dot"],
  ["edge-state optimum 4WK + 2W - 2K", "edgeState", "#009e73", "dash"],
  ["memory optimum 2WK + W + 1", "memory", "#000000", "dashdot"],
] as const;

function band(name: string, color: string, x: number[], low: number[], high: number[], axes: { xaxis?: string; yaxis?: string }): Trace {
  return {
    type: "scatter", name: `${name}: seeds' range`, legendgroup: name, showlegend: false, mode: "lines",
    x: [...x, ...[...x].reverse()], y: [...high, ...[...low].reverse()],
    fill: "toself", fillcolor: `${color}33`, line: { width: 0 }, hoverinfo: "skip", ...axes,
  };
}

/** Median over seeds and the seeds' range per model, against K (log scale), with the references. */
export function sequenceDepthFigure(d: SequenceFigureData): Figure {
  const data: Trace[] = [];
  const own = d.rows.filter((r) => r.trainedHere);
  const title = `Hitting time against K on G(${d.W}, K, ${d.L}): medians and seeds' range`;
  const Ks = [...new Set(own.map((r) => r.K))].sort((a, b) => a - b);
  for (const model of Object.keys(SEQUENCE_MODEL_LABELS) as SequenceModelName[]) {
    const mine = own.filter((r) => r.model === model).sort((a, b) => a.K - b.K);
    if (mine.length === 0) continue;
    const color = SEQUENCE_MODEL_COLORS[model];
    const x = mine.map((r) => r.K);
    data.push(band(SEQUENCE_MODEL_LABELS[model], color, x, mine.map((r) => r.low), mine.map((r) => r.high), {}));
    data.push({
      type: "scatter", name: SEQUENCE_MODEL_LABELS[model], legendgroup: SEQUENCE_MODEL_LABELS[model], mode: "lines+markers",
      x, y: mine.map((r) => r.median),
      line: { color, width: 2 },
      marker: { color, size: 8, symbol: mine.map((r) => (r.censoredSeeds > 0 ? "circle-open" : "circle")) },
      text: mine.map((r) => (r.censoredSeeds > 0 ? `lower bound in ${r.censoredSeeds} of ${r.seeds} seeds (budget ${r.budget})` : `${r.seeds} seeds, no walk censored`)),
      hovertemplate: `${SEQUENCE_MODEL_LABELS[model]}, K = %{x}: median %{y:.1f} (%{text})<extra></extra>`,
    });
  }
  for (const [name, field, color, dash] of REFERENCES) {
    const refs = Ks.map((K) => own.find((r) => r.K === K)!.references[field]);
    data.push({ type: "scatter", name, mode: "lines", x: Ks, y: refs, line: { color, width: 1.5, dash }, hovertemplate: `${name}, K = %{x}: %{y}<extra></extra>` });
  }
  return finishFigure("sequenceDepth", data, baseLayout(title, {
    xaxis: axis("depth K (trained on depths 1..K, measured at K)", { dtick: 1 }),
    yaxis: axis("hitting time: mean of min(T, budget) over walks", { log: true }),
    legend: legendBelow(0.16),
    height: 560,
    margin: { l: 70, r: 20, t: 60, b: 170 },
  }));
}

/** Training curves at the main depth: RLVR's mean walk length per update, and the SFT trainings' losses. */
export function sequenceTrainingFigure(d: SequenceFigureData): Figure {
  const data: Trace[] = [];
  const curves = d.curves;
  const references = d.mixReferences;
  const title = `Training at K = ${d.mainK} (depths 1..${d.mainK} mixed), ${d.mainSeeds} seeds`;
  for (const c of curves) {
    const model = c.training as SequenceModelName;
    const color = SEQUENCE_MODEL_COLORS[model];
    const axes = c.quantity === "meanSteps" ? {} : { xaxis: "x2", yaxis: "y2" };
    data.push(band(SEQUENCE_MODEL_LABELS[model], color, c.steps, c.low, c.high, axes));
    data.push({
      type: "scatter", name: SEQUENCE_MODEL_LABELS[model], legendgroup: SEQUENCE_MODEL_LABELS[model], mode: "lines",
      x: c.steps, y: c.median, line: { color, width: 2 }, ...axes,
      hovertemplate: `${SEQUENCE_MODEL_LABELS[model]}, update %{x}: %{y:.3g}<extra></extra>`,
    });
  }
  const rlvr = curves.find((c) => c.quantity === "meanSteps");
  const last = rlvr ? rlvr.steps[rlvr.steps.length - 1] : 0;
  for (const [name, value, color, dash] of [
    ["edge-state optimum (mean over the training depths)", references.edgeState, "#009e73", "dash"],
    ["memory optimum (mean over the training depths)", references.memory, "#000000", "dashdot"],
  ] as const) {
    data.push({ type: "scatter", name, mode: "lines", x: [0, last], y: [value, value], line: { color, width: 1.5, dash }, hoverinfo: "skip" });
  }
  return finishFigure("sequenceTraining", data, baseLayout(title, {
    ...sideBySide(
      { x: axis("RLVR update"), y: axis("mean of min(T, budget) over the group's walks", { log: true }) },
      { x: axis("SFT update"), y: axis("loss per walk (summed over its moves)", { log: true }) },
    ),
    legend: legendBelow(0.18),
    width: 980,
    height: 560,
    margin: { l: 70, r: 20, t: 60, b: 170 },
  }));
}

/** Depth generalisation: success within the budget and the hitting time over the edge-state optimum, at K and deeper. */
export function sequenceGeneralisationFigure(d: SequenceFigureData): Figure {
  const data: Trace[] = [];
  const mainK = d.mainK;
  const title = `Depth generalisation: trained on 1..${mainK}, measured deeper`;
  const deeper = d.rows.filter((r) => r.model !== "base" && (r.K === mainK ? r.trainedHere : !r.trainedHere));
  for (const model of Object.keys(SEQUENCE_MODEL_LABELS) as SequenceModelName[]) {
    const mine = deeper.filter((r) => r.model === model).sort((a, b) => a.K - b.K);
    if (mine.length === 0) continue;
    const color = SEQUENCE_MODEL_COLORS[model];
    const x = mine.map((r) => r.K);
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    data.push({
      type: "scatter", name: SEQUENCE_MODEL_LABELS[model], legendgroup: model, mode: "lines+markers", x,
      y: mine.map((r) => meanOf(r.success)), line: { color, width: 2 }, marker: { color, size: 7 },
      hovertemplate: `${SEQUENCE_MODEL_LABELS[model]}, K = %{x}: success %{y:.2f} (mean over seeds)<extra></extra>`,
    });
    data.push({
      type: "scatter", name: SEQUENCE_MODEL_LABELS[model], legendgroup: model, showlegend: false, mode: "lines+markers", x,
      y: mine.map((r) => r.median / r.references.edgeState), xaxis: "x2", yaxis: "y2", line: { color, width: 2 },
      marker: { color, size: 8, symbol: mine.map((r) => (r.censoredSeeds > 0 ? "circle-open" : "circle")) },
      hovertemplate: `${SEQUENCE_MODEL_LABELS[model]}, K = %{x}: median / (4WK + 2W - 2K) = %{y:.2f}<extra></extra>`,
    });
  }
  const Ks = [...new Set(deeper.map((r) => r.K))].sort((a, b) => a - b);
  const ratio = Ks.map((K) => {
    const r = deeper.find((x) => x.K === K)!.references;
    return r.memory / r.edgeState;
  });
  data.push({ type: "scatter", name: "edge-state optimum", mode: "lines", x: Ks, y: Ks.map(() => 1), xaxis: "x2", yaxis: "y2", line: { color: "#009e73", dash: "dash", width: 1.5 } });
  data.push({ type: "scatter", name: "memory optimum", mode: "lines", x: Ks, y: ratio, xaxis: "x2", yaxis: "y2", line: { color: "#000000", dash: "dashdot", width: 1.5 } });
  // A lower bound cannot pass its budget: at the trained depth the training's, deeper four times the edge-state optimum.
  const budgetRatio = Ks.map((K) => {
    const r = deeper.find((x) => x.K === K)!;
    return r.budget / r.references.edgeState;
  });
  data.push({
    type: "scatter", name: "measurement budget", mode: "lines+markers", x: Ks, y: budgetRatio, xaxis: "x2", yaxis: "y2",
    line: { color: "#999999", dash: "dot", width: 1.5 }, marker: { color: "#999999", size: 5, symbol: "line-ew-open" },
    hovertemplate: "K = %{x}: budget / (4WK + 2W - 2K) = %{y:.2f}<extra></extra>",
  });
  return finishFigure("sequenceGeneralisation", data, baseLayout(title, {
    ...sideBySide(
      { x: axis(`depth K (trained on 1..${mainK})`, { tickvals: Ks }), y: axis("success within the budget", { range: [-0.02, 1.02] }) },
      { x: axis(`depth K (trained on 1..${mainK})`, { tickvals: Ks }), y: axis("hitting time / edge-state optimum (open: lower bound)", { log: true }) },
    ),
    legend: legendBelow(0.18),
    width: 980,
    height: 540,
    margin: { l: 70, r: 20, t: 60, b: 160 },
  }));
}
