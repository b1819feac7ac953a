/**
 * Appendix A2, the protocol with a network against the table: from the base
 * model, SFT on golden paths, RLVR (exact and sampled) and distillation of the
 * RLVR policy, each run by the neural trainers over several network seeds and by
 * the tabular trainers with the same optimizer, learning rate and steps.
 * `neuralProtocolData` runs everything and returns rows; the two figure builders
 * only draw them.
 */
import { pathStar } from "../graph";
import type { GraphShape } from "../graph";
import type { Family } from "../policy";
import { FAMILIES, basePolicy, optimalPolicy, sftLimitPolicy } from "../policy";
import { expectedHittingTime } from "../chain";
import type { OptimizerName } from "../train/optimizer";
import type { TrainingRecord, TrainingResult } from "../train/history";
import { trainSft } from "../train/sft";
import { trainRlvr } from "../train/rlvr";
import { distill } from "../train/distill";
import type { MoveCoding } from "../train/neural-policy";
import { neuralPolicy } from "../train/neural-policy";
import { distanceFromBase, distillNeural, fitNeuralBase, trainNeuralRlvr, trainNeuralSft } from "../train/neural";
import { requireInteger } from "../validate";
import type { SeedBand } from "../stats";
import { seedBand } from "../stats";
import type { Figure, Trace } from "./figure";
import { POLICY_COLORS, axis, baseLayout, finishFigure, legendBelow, panelTitle } from "./style";

export const NEURAL_PROTOCOL_METHODS = ["sft", "rlvr", "rlvr-sampled", "distill"] as const;
export type NeuralProtocolMethod = (typeof NEURAL_PROTOCOL_METHODS)[number];

export const NEURAL_PROTOCOL_LABELS: Record<NeuralProtocolMethod, string> = {
  sft: "SFT on golden paths",
  rlvr: "RLVR, exact gradient",
  "rlvr-sampled": "RLVR, sampled (G = 64)",
  distill: "distillation of RLVR",
};

export const NEURAL_PROTOCOL_COLORS: Record<NeuralProtocolMethod, string> = {
  sft: POLICY_COLORS.sft,
  rlvr: POLICY_COLORS.rlvr,
  "rlvr-sampled": "#56b4e9",
  distill: POLICY_COLORS.distilled,
};

export interface NeuralProtocolParams {
  W: number;
  K: number;
  L: number;
  /** Seeds of the networks' initial weights and of all sampled data. */
  seeds: readonly string[];
  steps: number;
  /** What the networks output (see neural-policy.ts). */
  output: MoveCoding;
  /** Shared by every trainer, neural and tabular. */
  optimizer?: OptimizerName;
  learningRate?: number;
  /** Teacher walks for distillation (per run). */
  traces?: number;
  /** Keep every `every`-th record of the curves (the last one always). */
  every?: number;
}

/** The band over seeds of log10(expected hitting time) after `step` updates. */
export interface NeuralCurveRow extends SeedBand {
  readonly method: NeuralProtocolMethod;
  readonly model: "neural" | "tabular";
  readonly step: number;
}

export interface NeuralFinalProbabilityRow extends SeedBand {
  readonly method: NeuralProtocolMethod;
  readonly model: "neural" | "tabular";
  readonly family: Family;
  readonly depth: number;
}

export interface NeuralFinalHittingTimeRow {
  readonly method: NeuralProtocolMethod;
  readonly model: "neural" | "tabular";
  readonly seed: string;
  readonly log10HittingTime: number;
}

export interface NeuralBaseFitRow {
  readonly seed: string;
  /** max |P(desired) - base probability| over every decision. */
  readonly maxError: number;
  readonly hittingTime: number;
}

export interface NeuralProtocolData {
  readonly params: Required<NeuralProtocolParams>;
  readonly graphName: string;
  /** Reference hitting times of the table's base model, its optimum and the SFT limit (log10). */
  readonly references: { base: number; optimum: number; sftLimit: number };
  readonly baseFit: NeuralBaseFitRow[];
  readonly curves: NeuralCurveRow[];
  readonly finals: NeuralFinalProbabilityRow[];
  readonly finalHittingTimes: NeuralFinalHittingTimeRow[];
}

export const NEURAL_PROTOCOL_DEFAULTS = { optimizer: "adam" as OptimizerName, learningRate: 0.01, traces: 1000, every: 10 };

/** The registered figures' parameters (notebook A2): G(3, 3, 2), ten seeds, 400 steps, output "deeper". */
export const NEURAL_PROTOCOL_FIGURE_DEFAULTS: Required<NeuralProtocolParams> = {
  W: 3,
  K: 3,
  L: 2,
  seeds: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
  steps: 400,
  output: "deeper",
  ...NEURAL_PROTOCOL_DEFAULTS,
};

/** Runs one method of the protocol, neural and tabular, for one seed. */
function runMethod(shape: GraphShape, method: NeuralProtocolMethod, seed: string, p: Required<NeuralProtocolParams>, base: ReturnType<typeof fitNeuralBase>) {
  const loop = { steps: p.steps, learningRate: p.learningRate, optimizer: p.optimizer, seed };
  const neuralOptions = { ...loop, initial: base.net };
  let neural: TrainingResult;
  let tabular: TrainingResult;
  if (method === "sft") {
    neural = trainNeuralSft(shape, neuralOptions);
    tabular = trainSft(shape, loop);
  } else if (method === "rlvr" || method === "rlvr-sampled") {
    const mode = method === "rlvr" ? "exact" : "sampled";
    neural = trainNeuralRlvr(shape, { ...neuralOptions, mode });
    tabular = trainRlvr(shape, { ...loop, mode });
  } else {
    const teacherNet = trainNeuralRlvr(shape, neuralOptions).net;
    neural = distillNeural(shape, { ...neuralOptions, teacher: teacherNet, traces: p.traces });
    const teacher = trainRlvr(shape, loop).policy;
    // The tabular student also fits (nearly) all its walks at every step, as the neural one does.
    tabular = distill(shape, { ...loop, teacher, traces: p.traces, batchSize: p.traces });
  }
  return { neural: neural.history, tabular: tabular.history };
}

/**
 * The whole protocol at G(W, K, L): a base fit per seed, then every method,
 * neural and tabular, per seed; curves and final probabilities as bands over seeds.
 */
export function neuralProtocolData(params: NeuralProtocolParams): NeuralProtocolData {
  const p: Required<NeuralProtocolParams> = { ...NEURAL_PROTOCOL_DEFAULTS, ...params };
  if (p.seeds.length === 0) throw new RangeError("seeds must list at least one seed");
  requireInteger("every", p.every, 1, 1_000_000);
  const shape = pathStar(p.W, p.K, p.L);
  const log10T = (policy: ReturnType<typeof basePolicy>) => Math.log10(expectedHittingTime(shape, policy));
  const baseFit: NeuralBaseFitRow[] = [];
  const histories = new Map<string, TrainingRecord[][]>();
  const keyOf = (method: NeuralProtocolMethod, model: string) => `${method}/${model}`;
  for (const seed of p.seeds) {
    const base = fitNeuralBase(shape, { seed, output: p.output });
    baseFit.push({ seed, maxError: distanceFromBase(base.net, shape), hittingTime: expectedHittingTime(shape, neuralPolicy(base.net, shape)) });
    for (const method of NEURAL_PROTOCOL_METHODS) {
      const runs = runMethod(shape, method, seed, p, base);
      for (const model of ["neural", "tabular"] as const) {
        const key = keyOf(method, model);
        if (!histories.has(key)) histories.set(key, []);
        histories.get(key)!.push(runs[model]);
      }
    }
  }
  const curves: NeuralCurveRow[] = [];
  const finals: NeuralFinalProbabilityRow[] = [];
  const finalHittingTimes: NeuralFinalHittingTimeRow[] = [];
  for (const method of NEURAL_PROTOCOL_METHODS) {
    for (const model of ["neural", "tabular"] as const) {
      const runs = histories.get(keyOf(method, model))!;
      for (let step = 0; step <= p.steps; step++) {
        if (step % p.every !== 0 && step !== p.steps) continue;
        curves.push({ method, model, step, ...seedBand(runs.map((h) => h[step].log10HittingTime)) });
      }
      const lastRecords = runs.map((h) => h[h.length - 1]);
      lastRecords.forEach((r, i) => finalHittingTimes.push({ method, model, seed: p.seeds[i], log10HittingTime: r.log10HittingTime }));
      for (const family of FAMILIES) {
        for (let j = 0; j < p.K; j++) {
          finals.push({ method, model, family, depth: j + 1, ...seedBand(lastRecords.map((r) => r.probabilities[family][j])) });
        }
      }
    }
  }
  return {
    params: p,
    graphName: `G(${p.W}, ${p.K}, ${p.L})`,
    references: { base: log10T(basePolicy(shape)), optimum: log10T(optimalPolicy(shape)), sftLimit: log10T(sftLimitPolicy(shape)) },
    baseFit,
    curves,
    finals,
    finalHittingTimes,
  };
}

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
  NEURAL_PROTOCOL_METHODS.forEach((method, i) => {
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
  const annotations = NEURAL_PROTOCOL_METHODS.map((method, i) => ({
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
    NEURAL_PROTOCOL_METHODS.forEach((method, m) => {
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
