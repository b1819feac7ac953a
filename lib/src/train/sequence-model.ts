/**
 * The transformer as a policy over tokens, and what every sequence trainer shares
 * (appendix notebook A3): the model's sizes, a walk as a training example, one Adam
 * step on a batch of examples, and the evaluation every record carries.
 */
import type { GraphShape } from "../graph";
import type { Transformer, TransformerConfig } from "../nn/transformer";
import { accumulateSequenceGradient, createDecoder, createTransformer } from "../nn/transformer";
import type { Optimizer } from "./optimizer";
import type { SampledWalk, SequencePolicy } from "../sequence/walk";
import type { HittingTimeEstimate } from "../sequence/measure";
import { measureHittingTime } from "../sequence/measure";
import type { BackOffProbabilities } from "../sequence/contexts";
import { backOffProbabilities, probeWalks } from "../sequence/contexts";
import { requireSequenceShape } from "../sequence/environment";
import { vocabulary } from "../sequence/tokens";
import { createRng } from "../sample";
import { requireInteger, requireOneOf } from "../validate";

/** The model of appendix A3: one block, two heads, width 32, fixed sinusoidal positions (they extend to longer walks). */
export const SEQUENCE_MODEL_DEFAULTS = {
  width: 32,
  layers: 1,
  heads: 2,
  mlpWidth: 64,
  positions: "sinusoidal" as TransformerConfig["positions"],
  contextLength: 2048,
};

export type SequenceModelSizes = Partial<typeof SEQUENCE_MODEL_DEFAULTS>;

/** The transformer's configuration for walks on graphs with W branches and L parallel edges. */
export function sequenceModelConfig(W: number, L: number, sizes: SequenceModelSizes = {}): TransformerConfig {
  const v = vocabulary(W, L);
  const s = { ...SEQUENCE_MODEL_DEFAULTS, ...sizes };
  requireOneOf("positions", s.positions, ["learned", "sinusoidal"]);
  return { vocabularySize: v.size, outputSize: v.moves, ...s };
}

/** A fresh, seeded transformer for (W, L). */
export function createSequenceModel(W: number, L: number, seed: string, sizes: SequenceModelSizes = {}): Transformer {
  return createTransformer(sequenceModelConfig(W, L, sizes), seed);
}

/** The model as a policy: one decoder, reset for every walk (walks are read one at a time). */
export function transformerPolicy(model: Transformer, name = "transformer"): SequencePolicy {
  const decoder = createDecoder(model);
  return {
    name,
    reader(v) {
      if (v.size !== model.config.vocabularySize || v.moves !== model.config.outputSize) {
        throw new RangeError(`the model reads ${model.config.vocabularySize} tokens and answers ${model.config.outputSize} moves, not the ${v.size} and ${v.moves} of W = ${v.W}, L = ${v.L}`);
      }
      decoder.reset();
      return decoder;
    },
  };
}

/** The walk's moves as next-move targets (each weighted `weight`), with the legal moves as the mask. */
export function walkExample(walk: SampledWalk, weight = 1) {
  const n = walk.moves.length;
  return { tokens: walk.tokens.subarray(0, n), targets: walk.moves, weights: new Float64Array(n).fill(weight), legal: walk.legal };
}

/**
 * One optimizer step on the mean over `walks` of their weighted cross-entropy
 * (weights[i] per walk; 1 by default). Returns the mean loss.
 */
export function stepOnWalks(model: Transformer, optimizer: Optimizer, walks: readonly SampledWalk[], weights?: readonly number[]): number {
  const gradient = new Float64Array(model.parameters.length);
  let loss = 0;
  walks.forEach((walk, i) => {
    if (walk.moves.length === 0) return;
    loss += accumulateSequenceGradient(model, walkExample(walk, (weights ? weights[i] : 1) / walks.length), gradient);
  });
  optimizer.step(model.parameters, gradient);
  return loss;
}

/** How a model is evaluated: walks on fresh episodes, censored at a budget, and probe walks for the back-off probabilities. */
export interface EvaluationOptions {
  walks: number;
  budget: number;
  probes: number;
  seed: string;
}

export interface SequenceEvaluation {
  readonly K: number;
  readonly hittingTime: HittingTimeEstimate;
  readonly backOff: BackOffProbabilities;
}

/** The model's hitting time on `shape` and its back-off probabilities, from seeded walks. */
export function evaluateSequenceModel(model: Transformer, shape: GraphShape, options: EvaluationOptions): SequenceEvaluation {
  requireSequenceShape(shape);
  const budget = requireInteger("budget", options.budget, 1, model.config.contextLength);
  const policy = transformerPolicy(model);
  const hittingTime = measureHittingTime(shape, policy, createRng(`${options.seed}/walks/K${shape.K}`), { walks: options.walks, budget });
  const probes = probeWalks(shape, createRng(`${options.seed}/probes/K${shape.K}`), requireInteger("probes", options.probes, 1, 100_000));
  if (probes.some((walk) => walk.moves.length > model.config.contextLength)) {
    throw new RangeError(`probe walks on G(${shape.W}, ${shape.K}, ${shape.L}) are longer than the model's contextLength ${model.config.contextLength}`);
  }
  return { K: shape.K, hittingTime, backOff: backOffProbabilities(policy, probes) };
}
