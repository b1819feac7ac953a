/**
 * The sequence trainings as the command line runs them (appendix A3):
 *   rlvr-backtracking train seq-sft|seq-rlvr|seq-distill --W --K --L [--seeds n] [--steps n] ... --json
 * For each seed: the base model pretrained on random walks, the training from it
 * (seq-distill first trains RLVR, its teacher), and the model measured by Monte Carlo.
 * `--steps 0` skips the training and measures the base model itself.
 */
import { requireInteger, requirePositiveFinite } from "../validate";
import { TRANSFORMER_LIMITS } from "../nn/transformer";
import type { HittingTimeEstimate } from "../sequence/measure";
import type { BackOffProbabilities } from "../sequence/contexts";
import { hittingTimeInterval } from "../sequence/measure";
import type { SequenceTrainingName } from "./sequence-protocol";
import { evaluateAtDepth, evaluationBudget, pretrainBase, rlvrBudget, runSequenceTraining, SEQUENCE_PROTOCOL_DEFAULTS, sequenceProtocol, sequenceReferences } from "./sequence-protocol";

export const SEQUENCE_CLI_TRAINERS = ["seq-sft", "seq-rlvr", "seq-distill"] as const;
export type SequenceCliTrainer = (typeof SEQUENCE_CLI_TRAINERS)[number];

/** Bounds checked before anything is allocated: a step reads groupSize walks of up to contextLength tokens. */
export const SEQUENCE_CLI_LIMITS = {
  maxW: 8, maxK: 8, maxL: 4, maxSeeds: 50, maxSteps: 10_000, maxWalks: 100_000,
  maxWidth: 128, maxContext: TRANSFORMER_LIMITS.contextLength.max, maxGroupSize: 256,
};

export interface SequenceCliOptions {
  seeds?: number;
  steps?: number;
  learningRate?: number;
  groupSize?: number;
  width?: number;
  contextLength?: number;
  walks?: number;
  /** Moves after which a measured walk is cut (default: RLVR's budget at K, within the context). */
  budget?: number;
  seed?: string;
}

export interface SequenceCliSeed {
  seed: string;
  /** Mean of min(T, budget) over the walks: E[T] when none was censored, else a lower bound on it. */
  hittingTime: number;
  /** 95% interval of that mean (±1.96 standard errors). */
  interval: [number, number];
  lowerBound: boolean;
  censored: number;
  walks: number;
  budget: number;
  success: number;
  backOff: BackOffProbabilities;
  finalLoss?: number;
  finalMeanSteps?: number;
}

export interface SequenceCliResult {
  trainer: SequenceCliTrainer;
  W: number;
  K: number;
  L: number;
  options: Required<SequenceCliOptions>;
  references: { base: number; edgeState: number; memory: number };
  seeds: SequenceCliSeed[];
}

const TRAINING_OF: Record<SequenceCliTrainer, SequenceTrainingName> = { "seq-sft": "sft", "seq-rlvr": "rlvr", "seq-distill": "distill" };

function summary(estimate: HittingTimeEstimate) {
  return {
    hittingTime: estimate.mean,
    interval: hittingTimeInterval(estimate),
    lowerBound: estimate.lowerBound,
    censored: estimate.censored,
    walks: estimate.walks,
    budget: estimate.budget,
    success: estimate.success,
  };
}

export function trainSequenceForCli(trainer: string, size: { W: number; K: number; L: number }, options: SequenceCliOptions = {}): SequenceCliResult {
  if (!(SEQUENCE_CLI_TRAINERS as readonly string[]).includes(trainer)) {
    throw new RangeError(`trainer must be one of ${SEQUENCE_CLI_TRAINERS.join(", ")}, got ${JSON.stringify(trainer)}`);
  }
  const lim = SEQUENCE_CLI_LIMITS;
  const d = SEQUENCE_PROTOCOL_DEFAULTS;
  const W = requireInteger("W", size.W, 1, lim.maxW);
  const K = requireInteger("K", size.K, 1, lim.maxK);
  const L = requireInteger("L", size.L, 1, lim.maxL);
  const training = TRAINING_OF[trainer as SequenceCliTrainer];
  const contextLength = requireInteger("contextLength", options.contextLength ?? d.sizes.contextLength, 16, lim.maxContext);
  const o: Required<SequenceCliOptions> = {
    seeds: requireInteger("seeds", options.seeds ?? 1, 1, lim.maxSeeds),
    steps: requireInteger("steps", options.steps ?? (training === "rlvr" ? d.rlvr.steps : d.sft.steps), 0, lim.maxSteps),
    learningRate: requirePositiveFinite("learningRate", options.learningRate ?? (training === "rlvr" ? d.rlvr.learningRate : d.sft.learningRate)),
    groupSize: requireInteger("groupSize", options.groupSize ?? d.rlvr.groupSize, 2, lim.maxGroupSize),
    width: requireInteger("width", options.width ?? d.sizes.width, 2, lim.maxWidth),
    contextLength,
    walks: requireInteger("walks", options.walks ?? d.evaluation.walks, 2, lim.maxWalks),
    // By default the measurement's budget is the sweep's: RLVR's budget at K, within the context.
    budget: requireInteger("budget", options.budget ?? evaluationBudget(sequenceProtocol({ W, K, L, sizes: { contextLength } }), K), 1, contextLength),
    seed: options.seed ?? d.seed,
  };
  if (typeof o.seed !== "string" || o.seed.length === 0) throw new RangeError(`seed must be a non-empty string, got ${JSON.stringify(o.seed)}`);
  if (o.width % d.sizes.heads !== 0) throw new RangeError(`width must be a multiple of the ${d.sizes.heads} heads, got ${o.width}`);
  const seeds = Array.from({ length: o.seeds }, (_, i) => {
    const p = sequenceProtocol({
      W, K, L, seed: `${o.seed}/s${i}`,
      sizes: { width: o.width, mlpWidth: 2 * o.width, contextLength: o.contextLength },
      pretrain: { depths: Array.from({ length: K }, (_, k) => k + 1), maxLength: Math.min(d.pretrain.maxLength, o.contextLength) },
      sft: { steps: o.steps, learningRate: o.learningRate },
      rlvr: { steps: o.steps, learningRate: o.learningRate, groupSize: o.groupSize },
      evaluation: { walks: o.walks },
    });
    for (let k = 1; k <= K; k++) {
      if (rlvrBudget(p, k) > o.contextLength) throw new RangeError(`contextLength must be at least RLVR's budget ${rlvrBudget(p, k)} at K = ${k}, got ${o.contextLength}`);
    }
    const base = pretrainBase(p).model;
    let model = base;
    let finalLoss: number | undefined;
    let finalMeanSteps: number | undefined;
    if (o.steps > 0) {
      const teacher = training === "distill" ? runSequenceTraining("rlvr", base, p).model : undefined;
      const trained = runSequenceTraining(training, base, p, teacher);
      model = trained.model;
      const last = trained.history[trained.history.length - 1];
      finalLoss = last.loss;
      finalMeanSteps = last.meanSteps;
    }
    const evaluation = evaluateAtDepth(model, p, K, o.budget);
    return {
      seed: p.seed, ...summary(evaluation.hittingTime), backOff: evaluation.backOff,
      ...(finalLoss !== undefined ? { finalLoss } : {}), ...(finalMeanSteps !== undefined ? { finalMeanSteps } : {}),
    };
  });
  return { trainer: trainer as SequenceCliTrainer, W, K, L, options: o, references: sequenceReferences(W, K, L), seeds };
}
