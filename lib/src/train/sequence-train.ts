/**
 * The sequence trainers (appendix notebook A3), each an Adam loop on the
 * transformer's parameters (optimizer.ts):
 *   pretrainSequenceBase  next-move prediction on random walks: the base model;
 *   trainSequenceSft      next-move prediction on a fixed set of walks (golden paths,
 *                         the controls' mixtures, or a teacher's walks for distillation);
 *   trainSequenceRlvr     REINFORCE with a group baseline (GRPO-style): G walks per
 *                         update, reward 1 - lengthPenalty * T / budget for finding the
 *                         answer within the budget, else 0, each walk's log-likelihood
 *                         weighted by its reward minus the group's mean.
 * Memory is bounded before allocating: the model's sizes by the transformer's limits,
 * a walk by the context length, the number of walks per update and the steps here.
 */
import type { Transformer } from "../nn/transformer";
import { cloneTransformer } from "../nn/transformer";
import { createRng } from "../sample";
import { optionKeys, requireInteger, requireOptions, requirePositiveFinite } from "../validate";
import { createOptimizer } from "./optimizer";
import { rolloutReward } from "./rlvr";
import type { SampledWalk } from "../sequence/walk";
import { sampleTokenWalk } from "../sequence/walk";
import { drawEpisode } from "../sequence/environment";
import { createSequenceModel, stepOnWalks, transformerPolicy } from "./sequence-model";
import type { SequenceModelSizes } from "./sequence-model";
import { depthShapes, randomWalks } from "./sequence-data";

export const SEQUENCE_TRAINING_LIMITS = { maxSteps: 100_000, maxBatch: 4096, maxGroupSize: 1024, maxExamples: 1_000_000 };

/** One update's record: the batch's mean loss (SFT) or the group's mean reward and mean steps (RLVR). */
export interface SequenceRecord {
  readonly step: number;
  readonly loss?: number;
  readonly meanReward?: number;
  /** Mean of min(T, budget) over the group's walks, and how many of them hit the budget. */
  readonly meanSteps?: number;
  readonly censored?: number;
}

export interface SequenceTrainingResult {
  readonly model: Transformer;
  readonly history: SequenceRecord[];
}

export interface SequenceLoopOptions {
  steps?: number;
  learningRate?: number;
  /** Seed of the data the loop draws. */
  seed?: string;
  onProgress?: (done: number, total: number) => void;
}

export const SEQUENCE_PRETRAIN_DEFAULTS = { steps: 150, learningRate: 0.003, batch: 4, maxLength: 384 };
export const SEQUENCE_SFT_DEFAULTS = { steps: 150, learningRate: 0.003, batch: 16 };
export const SEQUENCE_RLVR_DEFAULTS = { steps: 150, learningRate: 0.003, groupSize: 8, lengthPenalty: 1 };

const SEQUENCE_LOOP_OPTIONS = { steps: true, learningRate: true, seed: true, onProgress: true } as const;

/** The loop's options over `defaults`, checked, with no key outside `known` (the trainer's option names). */
function loop(options: SequenceLoopOptions, defaults: { steps: number; learningRate: number }, known: readonly string[]) {
  requireOptions("options", options, known);
  const steps = requireInteger("steps", options.steps ?? defaults.steps, 0, SEQUENCE_TRAINING_LIMITS.maxSteps);
  const learningRate = requirePositiveFinite("learningRate", options.learningRate ?? defaults.learningRate);
  const seed = options.seed ?? "sequence";
  if (typeof seed !== "string" || seed.length === 0) throw new RangeError(`seed must be a non-empty string, got ${JSON.stringify(seed)}`);
  return { steps, learningRate, seed };
}

export interface SequencePretrainOptions extends SequenceLoopOptions {
  /** Random walks per update. */
  batch?: number;
  /** Moves kept of each random walk (at most the context length). */
  maxLength?: number;
  sizes?: SequenceModelSizes;
}

/** The base model: a seeded transformer fitted to random walks on G(W, K, L) for K drawn from `depths`. */
export function pretrainSequenceBase(W: number, L: number, depths: readonly number[], options: SequencePretrainOptions = {}): SequenceTrainingResult {
  const o = loop(options, SEQUENCE_PRETRAIN_DEFAULTS, optionKeys<SequencePretrainOptions>({ ...SEQUENCE_LOOP_OPTIONS, batch: true, maxLength: true, sizes: true }));
  const model = createSequenceModel(W, L, `${o.seed}/weights`, options.sizes);
  const batch = requireInteger("batch", options.batch ?? SEQUENCE_PRETRAIN_DEFAULTS.batch, 1, SEQUENCE_TRAINING_LIMITS.maxBatch);
  const maxLength = requireInteger("maxLength", options.maxLength ?? SEQUENCE_PRETRAIN_DEFAULTS.maxLength, 1, model.config.contextLength);
  const rng = createRng(`${o.seed}/random-walks`);
  const optimizer = createOptimizer("adam", o.learningRate, model.parameters.length);
  const history: SequenceRecord[] = [];
  for (let step = 0; step < o.steps; step++) {
    history.push({ step, loss: stepOnWalks(model, optimizer, randomWalks(W, L, depths, rng, batch, maxLength)) });
    options.onProgress?.(step + 1, o.steps);
  }
  return { model, history };
}

export interface SequenceSftOptions extends SequenceLoopOptions {
  /** Walks per update, drawn from the data set without replacement within an epoch. */
  batch?: number;
}

/** SFT of a copy of `base` on `data` (next-move cross-entropy on every move of every walk). */
export function trainSequenceSft(base: Transformer, data: readonly SampledWalk[], options: SequenceSftOptions = {}): SequenceTrainingResult {
  const o = loop(options, SEQUENCE_SFT_DEFAULTS, optionKeys<SequenceSftOptions>({ ...SEQUENCE_LOOP_OPTIONS, batch: true }));
  requireInteger("data.length", data.length, 1, SEQUENCE_TRAINING_LIMITS.maxExamples);
  const batch = Math.min(data.length, requireInteger("batch", options.batch ?? SEQUENCE_SFT_DEFAULTS.batch, 1, SEQUENCE_TRAINING_LIMITS.maxBatch));
  for (const walk of data) requireInteger("a walk's length", walk.moves.length, 0, base.config.contextLength);
  const model = cloneTransformer(base);
  const optimizer = createOptimizer("adam", o.learningRate, model.parameters.length);
  const rng = createRng(`${o.seed}/batches`);
  const order = Array.from(data.keys());
  let next = order.length;
  const history: SequenceRecord[] = [];
  for (let step = 0; step < o.steps; step++) {
    const walks: SampledWalk[] = [];
    while (walks.length < batch) {
      if (next === order.length) {
        shuffle(order, rng);
        next = 0;
      }
      walks.push(data[order[next++]]);
    }
    history.push({ step, loss: stepOnWalks(model, optimizer, walks) });
    options.onProgress?.(step + 1, o.steps);
  }
  return { model, history };
}

function shuffle(items: number[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

export interface SequenceRlvrOptions extends SequenceLoopOptions {
  /** Walks per update (G). */
  groupSize?: number;
  /** Moves after which a walk ends without reward, per depth (parallel to `depths`; at most the context length). */
  budgets: readonly number[];
  /** Reward lost per budget's worth of moves. */
  lengthPenalty?: number;
}

/**
 * RLVR of a copy of `base` on G(W, K, L) for K drawn uniformly from `depths` per
 * walk: group-baseline REINFORCE on the outcome reward.
 */
export function trainSequenceRlvr(base: Transformer, W: number, L: number, depths: readonly number[], options: SequenceRlvrOptions): SequenceTrainingResult {
  const o = loop(options, SEQUENCE_RLVR_DEFAULTS, optionKeys<SequenceRlvrOptions>({ ...SEQUENCE_LOOP_OPTIONS, groupSize: true, budgets: true, lengthPenalty: true }));
  const shapes = depthShapes(W, L, depths);
  const G = requireInteger("groupSize", options.groupSize ?? SEQUENCE_RLVR_DEFAULTS.groupSize, 2, SEQUENCE_TRAINING_LIMITS.maxGroupSize);
  if (!Array.isArray(options.budgets) || options.budgets.length !== depths.length) {
    throw new RangeError(`budgets must list one budget per depth (${depths.length}), got ${JSON.stringify(options.budgets)}`);
  }
  const budgets = options.budgets.map((b, i) => requireInteger(`budgets[${i}]`, b, 1, base.config.contextLength));
  const lengthPenalty = requirePositiveFinite("lengthPenalty", options.lengthPenalty ?? SEQUENCE_RLVR_DEFAULTS.lengthPenalty);
  const model = cloneTransformer(base);
  const policy = transformerPolicy(model, "rlvr");
  const optimizer = createOptimizer("adam", o.learningRate, model.parameters.length);
  const rng = createRng(`${o.seed}/rollouts`);
  const history: SequenceRecord[] = [];
  for (let step = 0; step < o.steps; step++) {
    const depth = Array.from({ length: G }, () => Math.floor(rng() * shapes.length));
    const group = depth.map((i) => sampleTokenWalk(drawEpisode(shapes[i], rng), policy, rng, budgets[i]));
    const rewards = group.map((walk, g) => (walk.reached ? rolloutReward(walk.steps, budgets[depth[g]], lengthPenalty) : 0));
    const meanReward = rewards.reduce((s, r) => s + r, 0) / G;
    // Minimising sum_i (r_i - mean) / G * (-log p(walk_i)) ascends the group's advantage-weighted log-likelihood.
    stepOnWalks(model, optimizer, group, rewards.map((r) => r - meanReward));
    const meanSteps = group.reduce((s, walk) => s + walk.steps, 0) / G;
    history.push({ step, meanReward, meanSteps, censored: group.filter((walk) => !walk.reached).length });
    options.onProgress?.(step + 1, o.steps);
  }
  return { model, history };
}
