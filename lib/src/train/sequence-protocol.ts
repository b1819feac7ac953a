/**
 * The protocol of appendix A3, one place for the CLI, the sweep and the notebook:
 * a base model pretrained on random walks, then from that same checkpoint, on the
 * same graphs (G(W, k, L) for k = 1 .. K, a depth drawn uniformly per walk: short
 * graphs give RLVR walks short enough to learn from, a stated curriculum),
 *   sft            SFT on golden paths;
 *   rlvr           group-baseline REINFORCE, step budget 3x the base walk's E[T] at each depth;
 *   distill        SFT of the base model on the rlvr model's successful walks;
 *   sft-backtrack  control: SFT on golden paths plus the depth-first searcher's walks;
 *   sft-random     control: SFT on golden paths plus random walks;
 * and each model measured at K (and deeper, for depth generalisation) against the
 * base walk, the edge-state optimum 4WK + 2W - 2K and the memory optimum 2WK + W + 1.
 */
import type { Transformer } from "../nn/transformer";
import { pathStar } from "../graph";
import { baseHittingTime, optimalHittingTime } from "../closed-forms";
import { createRng } from "../sample";
import { lastBranchSearchHittingTime, memorySearchHittingTime } from "./neural-memory";
import { requireInteger, requireOneOf } from "../validate";
import type { SampledWalk } from "../sequence/walk";
import { SEQUENCE_LIMITS } from "../sequence/tokens";
import type { SequenceEvaluation, SequenceModelSizes } from "./sequence-model";
import { evaluateSequenceModel, SEQUENCE_MODEL_DEFAULTS } from "./sequence-model";
import type { SequenceTrainingResult } from "./sequence-train";
import { pretrainSequenceBase, trainSequenceRlvr, trainSequenceSft } from "./sequence-train";
import { goldenWalks, randomWalks, searchDemonstrations, successfulWalks } from "./sequence-data";

export const SEQUENCE_TRAININGS = ["sft", "rlvr", "distill", "sft-backtrack", "sft-random"] as const;
export type SequenceTrainingName = (typeof SEQUENCE_TRAININGS)[number];

/** What each training is, in a table's words. */
export const SEQUENCE_TRAINING_LABELS: Record<SequenceTrainingName | "base", string> = {
  base: "base (random walks)",
  sft: "SFT on golden paths",
  rlvr: "RLVR",
  distill: "distillation of RLVR",
  "sft-backtrack": "SFT, golden + search demonstrations",
  "sft-random": "SFT, golden + random walks",
};

export interface SequenceProtocol {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly seed: string;
  readonly sizes: SequenceModelSizes;
  readonly pretrain: { steps: number; learningRate: number; batch: number; maxLength: number; depths: readonly number[] };
  readonly sft: { steps: number; learningRate: number; batch: number; walks: number };
  readonly rlvr: { steps: number; learningRate: number; groupSize: number; lengthPenalty: number; budgetFactor: number };
  readonly distill: { attempts: number };
  readonly evaluation: { walks: number; probes: number };
}

export const SEQUENCE_PROTOCOL_DEFAULTS = {
  W: 3,
  K: 3,
  L: 1,
  seed: "a3",
  sizes: SEQUENCE_MODEL_DEFAULTS,
  pretrain: { steps: 100, learningRate: 0.01, batch: 4, maxLength: 256, depths: [1, 2, 3, 4] as readonly number[] },
  sft: { steps: 150, learningRate: 0.003, batch: 16, walks: 256 },
  rlvr: { steps: 600, learningRate: 0.003, groupSize: 16, lengthPenalty: 1, budgetFactor: 3 },
  distill: { attempts: 256 },
  evaluation: { walks: 100, probes: 20 },
};

/** The defaults with `changes` applied one level deep; sizes checked. */
export function sequenceProtocol(changes: Partial<{ [k in keyof SequenceProtocol]: Partial<SequenceProtocol[k]> | SequenceProtocol[k] }> = {}): SequenceProtocol {
  const d = SEQUENCE_PROTOCOL_DEFAULTS as unknown as SequenceProtocol;
  const merged = { ...d } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in d)) throw new RangeError(`unknown protocol entry ${JSON.stringify(key)}`);
    const base = (d as unknown as Record<string, unknown>)[key];
    merged[key] = typeof base === "object" && base !== null && !Array.isArray(base) ? { ...base, ...(value as object) } : value;
  }
  const p = merged as unknown as SequenceProtocol;
  requireInteger("W", p.W, 1, SEQUENCE_LIMITS.maxW);
  requireInteger("K", p.K, 1, SEQUENCE_LIMITS.maxK);
  requireInteger("L", p.L, 1, SEQUENCE_LIMITS.maxL);
  return p;
}

/** The depths every training draws from: 1 .. K. */
export function trainingDepths(p: SequenceProtocol): number[] {
  return Array.from({ length: p.K }, (_, i) => i + 1);
}

/** RLVR's budget at depth k: budgetFactor times the base walk's E[T] there, well above it. */
export function rlvrBudget(p: SequenceProtocol, K: number): number {
  return Math.ceil(p.rlvr.budgetFactor * baseHittingTime(pathStar(p.W, K, p.L)));
}

/** The model's context: no walk it reads may be longer. */
function contextLength(p: SequenceProtocol): number {
  return p.sizes.contextLength ?? SEQUENCE_MODEL_DEFAULTS.contextLength;
}

/** The budget walks are measured with at depth K: the RLVR budget, within the context. */
export function evaluationBudget(p: SequenceProtocol, K: number): number {
  return Math.min(contextLength(p), rlvrBudget(p, K));
}

/** The budget of depth generalisation, at a depth K deeper than trained: 4x the edge-state optimum there, within the context. */
export function deeperBudget(p: SequenceProtocol, K: number): number {
  return Math.min(contextLength(p), 4 * optimalHittingTime(pathStar(p.W, K, p.L)));
}

/** The depths a model saw: the base its pretraining's, a training 1 .. K. */
export function modelDepths(p: SequenceProtocol, model: SequenceTrainingName | "base"): readonly number[] {
  return model === "base" ? p.pretrain.depths : trainingDepths(p);
}

/**
 * The budget the sweep measures a model with at depth K: evaluationBudget at a depth
 * it saw, deeperBudget beyond (the explorable cuts its replays there too).
 */
export function measurementBudget(p: SequenceProtocol, model: SequenceTrainingName | "base", K: number): number {
  return modelDepths(p, model).includes(K) ? evaluationBudget(p, K) : deeperBudget(p, K);
}

export function pretrainBase(p: SequenceProtocol, onProgress?: (done: number, total: number) => void): SequenceTrainingResult {
  const { depths, ...pretrain } = p.pretrain;
  return pretrainSequenceBase(p.W, p.L, depths, { ...pretrain, seed: `${p.seed}/base`, sizes: p.sizes, onProgress });
}

/** The data of an SFT training: walks on the training depths, seeded per training. */
function sftData(name: SequenceTrainingName, p: SequenceProtocol, teacher: Transformer | undefined): SampledWalk[] {
  const depths = trainingDepths(p);
  const rng = createRng(`${p.seed}/${name}/data`);
  const n = p.sft.walks;
  const half = Math.floor(n / 2);
  switch (name) {
    case "sft":
      return goldenWalks(p.W, p.L, depths, rng, n);
    case "sft-backtrack":
      return [...goldenWalks(p.W, p.L, depths, rng, n - half), ...searchDemonstrations(p.W, p.L, depths, rng, half)];
    case "sft-random":
      return [...goldenWalks(p.W, p.L, depths, rng, n - half), ...randomWalks(p.W, p.L, depths, rng, half, p.pretrain.maxLength)];
    case "distill": {
      if (teacher === undefined) throw new RangeError("distill needs the rlvr model as its teacher");
      const budgets = depths.map((K) => evaluationBudget(p, K));
      const walks = successfulWalks(teacher, p.W, p.L, depths, rng, p.distill.attempts, Math.max(...budgets));
      if (walks.length === 0) throw new RangeError(`the teacher found the answer in none of its ${p.distill.attempts} walks: nothing to distill`);
      return walks;
    }
    default:
      throw new RangeError(`${name} is not an SFT training`);
  }
}

/** One training from the base checkpoint; distill needs the rlvr model. */
export function runSequenceTraining(
  name: SequenceTrainingName, base: Transformer, p: SequenceProtocol, teacher?: Transformer, onProgress?: (done: number, total: number) => void,
): SequenceTrainingResult & { dataWalks?: number } {
  requireOneOf("training", name, SEQUENCE_TRAININGS);
  const seed = `${p.seed}/${name}`;
  if (name === "rlvr") {
    const depths = trainingDepths(p);
    // The trainer's options: the protocol's budget factor becomes one budget per training depth.
    const { steps, learningRate, groupSize, lengthPenalty } = p.rlvr;
    const budgets = depths.map((K) => rlvrBudget(p, K));
    return trainSequenceRlvr(base, p.W, p.L, depths, { steps, learningRate, groupSize, lengthPenalty, seed, budgets, onProgress });
  }
  const data = sftData(name, p, teacher);
  // The trainer's options: the protocol's number of data walks was spent on `data`.
  const { steps, learningRate, batch } = p.sft;
  return { ...trainSequenceSft(base, data, { steps, learningRate, batch, seed, onProgress }), dataWalks: data.length };
}

/** The model measured at depth K (the protocol's own, or deeper), seeded by the protocol; the budget defaults to evaluationBudget. */
export function evaluateAtDepth(model: Transformer, p: SequenceProtocol, K: number, budget = evaluationBudget(p, K)): SequenceEvaluation {
  return evaluateSequenceModel(model, pathStar(p.W, K, p.L), { ...p.evaluation, budget, seed: `${p.seed}/evaluation` });
}

/**
 * The exact references at depth K: the base walk, the edge-state optimum 4WK + 2W - 2K, the
 * memory optimum 2WK + W + 1, and between the two the searcher that remembers only the
 * branch it has just left.
 */
export function sequenceReferences(W: number, K: number, L: number) {
  const shape = pathStar(W, K, L);
  return {
    base: baseHittingTime(shape), edgeState: optimalHittingTime(shape),
    memory: memorySearchHittingTime(shape), lastBranch: lastBranchSearchHittingTime(shape),
  };
}
