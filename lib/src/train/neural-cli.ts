/**
 * The neural trainers as the command line runs them:
 *   rlvr-backtracking train neural-sft|neural-rlvr|neural-distill --W --K --L [--seed] [--steps] [--output] --json
 * `trainNeuralForCli` returns the object the CLI prints, the shape the tabular
 * trainers print plus how the hitting times were computed.
 */
import { pathStar } from "../graph";
import { describe, optionKeys, requireInteger, requireOptions } from "../validate";
import type { MoveCoding } from "./neural-policy";
import { MOVE_CODINGS } from "./neural-policy";
import type { NeuralOptions, NeuralTrainingResult } from "./neural";
import { NEURAL_DEFAULTS, distillNeural, trainNeuralRlvr, trainNeuralSft } from "./neural";

export const NEURAL_TRAINERS = ["neural-sft", "neural-rlvr", "neural-distill"] as const;
export type NeuralTrainerName = (typeof NEURAL_TRAINERS)[number];

/**
 * Allowed sizes on the command line: a step costs a forward and a backward pass
 * over 4K edge states plus an exact solve, and the depth feature K is fed raw.
 */
export const NEURAL_CLI_LIMITS = { maxW: 1000, maxK: 64, maxL: 1000, maxSteps: 100_000 };

export interface NeuralCliOptions {
  /** Seed of the network's initial weights and of sampled data; default "neural". */
  seed?: string;
  /** Updates of the trainer (for neural-distill, of the student; its teacher gets the default); default 400. */
  steps?: number;
  /** What the network outputs: the logit of the deeper move (default) or of going on. */
  output?: MoveCoding;
  /** Called with every record of each training run (the teacher's too, for neural-distill). */
  onProgress?: NeuralOptions["onProgress"];
}

const NEURAL_CLI_OPTIONS = optionKeys<NeuralCliOptions>({ seed: true, steps: true, output: true, onProgress: true });

export interface NeuralCliResult {
  trainer: NeuralTrainerName;
  graph: "path-star";
  W: number;
  K: number;
  L: number;
  options: { seed: string; steps: number; output: MoveCoding };
  /** Every record's hitting time is exact: the network is Markov on edge states. */
  hittingTimeMethod: "exact";
  history: { step: number; hittingTime: number | null; log10HittingTime: number; loss?: number }[];
  finalProbabilities: { a: number[]; b: number[]; c: number[]; d: number[] };
}

export function trainNeuralForCli(
  kind: string,
  size: { W: number; K: number; L: number },
  options: NeuralCliOptions = {},
): NeuralCliResult {
  if (!(NEURAL_TRAINERS as readonly string[]).includes(kind)) {
    throw new RangeError(`trainer must be one of ${NEURAL_TRAINERS.join(", ")}, got ${describe(kind)}`);
  }
  requireOptions("size", size, ["W", "K", "L"]);
  options = requireOptions("options", options, NEURAL_CLI_OPTIONS);
  const shape = pathStar(
    requireInteger("W", size.W, 1, NEURAL_CLI_LIMITS.maxW),
    requireInteger("K", size.K, 1, NEURAL_CLI_LIMITS.maxK),
    requireInteger("L", size.L, 1, NEURAL_CLI_LIMITS.maxL),
  );
  const seed = options.seed ?? NEURAL_DEFAULTS.seed;
  if (typeof seed !== "string" || seed.length === 0) throw new RangeError(`seed must be a non-empty string, got ${describe(seed)}`);
  const steps = requireInteger("steps", options.steps ?? NEURAL_DEFAULTS.steps, 1, NEURAL_CLI_LIMITS.maxSteps);
  const output = options.output ?? NEURAL_DEFAULTS.output;
  if (!MOVE_CODINGS.includes(output)) throw new RangeError(`output must be one of ${MOVE_CODINGS.join(", ")}, got ${describe(output)}`);
  const common = { seed, output, onProgress: options.onProgress };
  let result: NeuralTrainingResult;
  if (kind === "neural-sft") result = trainNeuralSft(shape, { ...common, steps });
  else if (kind === "neural-rlvr") result = trainNeuralRlvr(shape, { ...common, steps });
  else result = distillNeural(shape, { ...common, steps, teacher: trainNeuralRlvr(shape, common).net });
  const history = result.history.map(({ step, hittingTime, log10HittingTime, loss }) => ({
    step,
    hittingTime,
    log10HittingTime,
    ...(loss !== undefined ? { loss } : {}),
  }));
  return {
    trainer: kind as NeuralTrainerName,
    graph: "path-star",
    W: shape.W,
    K: shape.K,
    L: shape.L,
    options: { seed, steps, output },
    hittingTimeMethod: "exact",
    history,
    finalProbabilities: result.history[result.history.length - 1].probabilities,
  };
}
