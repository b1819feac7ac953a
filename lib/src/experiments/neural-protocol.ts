/**
 * Appendix A2, the protocol with a network against the table: from the base
 * model, SFT on golden paths, RLVR (exact and sampled) and distillation of the
 * RLVR policy, each run by the neural trainers over several network seeds and by
 * the tabular trainers with the same optimizer, learning rate and steps.
 * `neuralProtocolData` runs everything and returns rows; the two drawings in
 * plot/neural-training.ts show them.
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

export const NEURAL_PROTOCOL_METHODS = ["sft", "rlvr", "rlvr-sampled", "distill"] as const;
export type NeuralProtocolMethod = (typeof NEURAL_PROTOCOL_METHODS)[number];

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
  optimizer: OptimizerName;
  learningRate: number;
  /** Teacher walks for distillation (per run). */
  traces: number;
  /** Keep every `every`-th record of the curves (the last one always). */
  every: number;
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
  readonly params: NeuralProtocolParams;
  readonly graphName: string;
  /** Reference hitting times of the table's base model, its optimum and the SFT limit (log10). */
  readonly references: { base: number; optimum: number; sftLimit: number };
  readonly baseFit: NeuralBaseFitRow[];
  readonly curves: NeuralCurveRow[];
  readonly finals: NeuralFinalProbabilityRow[];
  readonly finalHittingTimes: NeuralFinalHittingTimeRow[];
}

/** The protocol's parameters (notebook A2 and its figures): G(3, 3, 2), ten seeds, 400 steps, output "deeper", Adam. */
export const NEURAL_PROTOCOL_DEFAULTS: NeuralProtocolParams = {
  W: 3,
  K: 3,
  L: 2,
  seeds: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
  steps: 400,
  output: "deeper",
  optimizer: "adam",
  learningRate: 0.01,
  traces: 1000,
  every: 10,
};

/** Runs one method of the protocol, neural and tabular, for one seed. */
function runMethod(shape: GraphShape, method: NeuralProtocolMethod, seed: string, p: NeuralProtocolParams, base: ReturnType<typeof fitNeuralBase>) {
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
export function neuralProtocolData(overrides: Partial<NeuralProtocolParams> = {}): NeuralProtocolData {
  const p: NeuralProtocolParams = { ...NEURAL_PROTOCOL_DEFAULTS, ...overrides };
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
