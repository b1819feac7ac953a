/**
 * Appendix A2, the protocol with a network against the table: the hitting time
 * over training of each method, and the final P(desired move) of every family at
 * every depth. The rows come from experiments/neural-protocol.ts; this file only
 * draws them.
 */
import { FAMILIES } from "../policy";
import type { Figure, Trace } from "./figure";
import { POLICY_COLORS, axis, baseLayout, finishFigure, legendBelow, panelTitle } from "./style";
import type { NeuralProtocolMethod, NeuralCurveRow, NeuralProtocolData } from "../experiments/neural-protocol";

export const NEURAL_PROTOCOL_LABELS: Record<NeuralProtocolMethod, string> = {
  sft: "SFT on golden paths",
  rlvr: "RLVR, exact gradient",
  "rlvr-sampled": "RLVR, sampled (G = 64)",
  distill: "distillation of RLVR",
};

/** The protocol's methods in the order of NEURAL_PROTOCOL_LABELS (the drawings' order). */
const METHODS = Object.keys(NEURAL_PROTOCOL_LABELS) as NeuralProtocolMethod[];

export const NEURAL_PROTOCOL_COLORS: Record<NeuralProtocolMethod, string> = {
  sft: POLICY_COLORS.sft,
  rlvr: POLICY_COLORS.rlvr,
  "rlvr-sampled": "#56b4e9",
  distill: POLICY_COLORS.distilled,
};

/** Four panels, one per method: the networks' band of hitting times against steps beside the table's. */
export function neuralTrainingFigure(d: NeuralProtocolData): Figure {
  const cells = [
    { x: [0, 0.45], y: [0.58, 1] },
    { x: [0.55, 1], y: [0.58, 1] },
    { x: [0, 0.45], y: [0, 0.42] },
    { x: [0.55, 1], y: [0, 0.42] },
  ];
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const steps = [0, d.params.steps];
  METHODS.forEach((method, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const on = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    const color = NEURAL_PROTOCOL_COLORS[method];
    const neural = d.curves.filter((r) => r.method === method && r.model === "neural");
    const tabular = d.curves.filter((r) => r.method === method && r.model === "tabular");
    const first = i === 0;
    const medianLine = (rows: NeuralCurveRow[], model: string, name: string, line: Trace["line"]): Trace => ({
      type: "scatter",
      name,
      legendgroup: model,
      showlegend: first,
      mode: "lines",
      x: rows.map((r) => r.step),
      y: rows.map((r) => 10 ** r.median),
      line,
      hovertemplate: `${NEURAL_PROTOCOL_LABELS[method]}, ${model}, step %{x}: %{y:.4s}<extra></extra>`,
      ...on,
    });
    data.push(
      {
        type: "scatter",
        name: "network: seeds' range",
        legendgroup: "band",
        showlegend: first,
        mode: "lines",
        x: [...neural.map((r) => r.step), ...neural.map((r) => r.step).reverse()],
        y: [...neural.map((r) => 10 ** r.high), ...neural.map((r) => 10 ** r.low).reverse()],
        fill: "toself",
        fillcolor: "rgba(120,120,120,0.25)",
        line: { width: 0 },
        hoverinfo: "skip",
        ...on,
      },
      medianLine(neural, "network", "network: median over seeds (panel colour)", { color, width: 2.5 }),
      medianLine(tabular, "table", "table (tabular logits): median", { color: "#222", width: 1.5, dash: "dash" }),
    );
    for (const [name, value, lineColor] of [
      ["optimum", d.references.optimum, POLICY_COLORS.optimal],
      ["base model", d.references.base, POLICY_COLORS.base],
    ] as const) {
      data.push({
        type: "scatter",
        name,
        legendgroup: name,
        showlegend: first,
        mode: "lines",
        x: steps,
        y: [10 ** value, 10 ** value],
        line: { color: lineColor, width: 1, dash: "dot" },
        hovertemplate: `${name}: %{y:.4s}<extra></extra>`,
        ...on,
      });
    }
    layout[`xaxis${suffix}`] = axis(i >= 2 ? "training step" : "", { domain: cells[i].x, anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(i % 2 === 0 ? "expected hitting time" : "", { log: true, domain: cells[i].y, anchor: `x${suffix}` });
  });
  const annotations = METHODS.map((method, i) => ({
    ...panelTitle(NEURAL_PROTOCOL_LABELS[method], (cells[i].x[0] + cells[i].x[1]) / 2, cells[i].y[1]),
    font: { size: 13, color: NEURAL_PROTOCOL_COLORS[method] },
  }));
  const coding = d.params.output === "deeper" ? "output: P(deeper)" : "output: P(go on)";
  // The "continue" reading is registered as its own figure (neuralTrainingContinue): its traces' uids say so.
  return finishFigure(
    d.params.output === "deeper" ? "neuralTraining" : "neuralTrainingContinue",
    data,
    baseLayout(`Network against table on ${d.graphName} (${coding}, ${d.params.seeds.length} seeds)`, {
      ...layout,
      annotations,
      width: 980,
      height: 680,
      legend: legendBelow(0.1),
      margin: { l: 70, r: 20, t: 80, b: 110 },
    }),
  );
}

/** Four panels, one per family: final P(desired move) at every depth, each method's networks (range) beside the table. */
export function neuralProbabilitiesFigure(d: NeuralProtocolData): Figure {
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const width = 1 / FAMILIES.length;
  FAMILIES.forEach((family, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    METHODS.forEach((method, m) => {
      const shift = (m - 1.5) * 0.15;
      for (const model of ["neural", "tabular"] as const) {
        const rows = d.finals.filter((r) => r.family === family && r.method === method && r.model === model);
        const neural = model === "neural";
        data.push({
          type: "scatter",
          name: `${NEURAL_PROTOCOL_LABELS[method]}${neural ? ", network" : ", table"}`,
          legendgroup: `${method}/${model}`,
          showlegend: i === 0,
          mode: "markers",
          x: rows.map((r) => r.depth + shift + (neural ? 0 : 0.05)),
          y: rows.map((r) => r.median),
          error_y: { type: "data", symmetric: false, array: rows.map((r) => r.high - r.median), arrayminus: rows.map((r) => r.median - r.low), color: NEURAL_PROTOCOL_COLORS[method], thickness: 1.5, width: 3 },
          marker: neural
            ? { color: NEURAL_PROTOCOL_COLORS[method], size: 8 }
            : { color: "white", size: 7, symbol: "diamond", line: { color: NEURAL_PROTOCOL_COLORS[method], width: 1.5 } },
          xaxis: `x${suffix}`,
          yaxis: `y${suffix}`,
          hovertemplate: `${family}_%{customdata}: %{y:.4f}<extra>${NEURAL_PROTOCOL_LABELS[method]}, ${model}</extra>`,
          customdata: rows.map((r) => r.depth),
        });
      }
    });
    const domain = [i * width + 0.02, (i + 1) * width - 0.02];
    layout[`xaxis${suffix}`] = axis(`depth j (family ${family})`, { domain, anchor: `y${suffix}`, dtick: 1 });
    layout[`yaxis${suffix}`] = axis(i === 0 ? "final P(desired move)" : "", { range: [-0.05, 1.05], anchor: `x${suffix}`, ...(i > 0 ? { showticklabels: false } : {}) });
  });
  return finishFigure(
    "neuralProbabilities",
    data,
    baseLayout(`Final P(desired) on ${d.graphName}: networks (median, seeds' range) and tables`, {
      ...layout,
      width: 980,
      height: 520,
      legend: legendBelow(0.2),
      margin: { l: 70, r: 20, t: 60, b: 150 },
    }),
  );
}
