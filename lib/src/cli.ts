/**
 * Command line: `rlvr-backtracking <command> [options]`, for scripted use; the
 * committed entry point is lib/bin/rlvr-backtracking.js.
 * Every option is checked; a bad one exits with status 2 and names the option.
 */
import { parseArgs } from "util";
import type { GraphShape } from "./graph";
import { describeShape, LIMITS, pathStar, stemPathStar } from "./graph";
import type { Policy } from "./policy";
import { basePolicy, optimalPolicy, sftLimitPolicy } from "./policy";
import { expectedHittingTime, log10ExpectedHittingTime } from "./chain";
import type { OptimizerName, TrainingResult } from "./train";
import { distill, OPTIMIZERS, trainRlvr, trainSft } from "./train";

/** Significant digits printed: the structured solver is accurate to about 1e-15 relative. */
const PRINTED_DIGITS = 14;

const NAMED_POLICIES: Record<string, (shape: GraphShape) => Policy> = {
  base: basePolicy,
  sft: sftLimitPolicy,
  optimal: optimalPolicy,
};

const USAGE = `usage: rlvr-backtracking <command> [options]

commands:
  hitting   the exact expected hitting time of a policy on G(W, K, L)
            --W n --K n --L n        graph sizes, positive integers (1 to ${LIMITS.maxSize})
            --S n                    optional: a stem of n diamonds before the fork
            --policy base|sft|optimal
            --json                   print one JSON object
  train sft|rlvr|distill
            train a policy from the base model and print its history
            --W n --K n --L n [--S n] graph sizes, as for hitting
            --steps n                number of updates
            --lr x                   learning rate (a finite number > 0)
            --optimizer gradient|sign|adam
            --mode m                 sft, distill: population|sampled; rlvr: exact|sampled
            --seed s                 seed of the sampled modes
            --json                   print {history: [{step, hittingTime, ...}], finalProbabilities}
            distill's teacher is RLVR trained on the same graph with the Figure 3 protocol.
  help      this text`;

/** An error in the command line: printed with the usage hint, exit status 2. */
class UsageError extends Error {}

/** Reads a positive integer option; `name` as the user typed it. */
function integerOption(values: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const raw = values[name];
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required (a positive integer, 1 to ${LIMITS.maxSize})`);
    return undefined;
  }
  const text = String(raw);
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > LIMITS.maxSize) {
    throw new UsageError(`--${name} must be a positive integer (1 to ${LIMITS.maxSize}), got ${JSON.stringify(text)}`);
  }
  return value;
}

function shapeFromOptions(values: Record<string, unknown>): GraphShape {
  const W = integerOption(values, "W", true) as number;
  const K = integerOption(values, "K", true) as number;
  const L = integerOption(values, "L", true) as number;
  const S = integerOption(values, "S", false);
  return S === undefined ? pathStar(W, K, L) : stemPathStar(S, W, K, L);
}

function policyName(values: Record<string, unknown>): string {
  const name = String(values.policy ?? "");
  if (!(name in NAMED_POLICIES)) {
    throw new UsageError(`--policy must be one of ${Object.keys(NAMED_POLICIES).join(", ")}, got ${JSON.stringify(name)}`);
  }
  return name;
}

function hitting(args: string[]): string {
  const { values } = parseArgs({
    args,
    options: {
      W: { type: "string" },
      K: { type: "string" },
      L: { type: "string" },
      S: { type: "string" },
      policy: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const shape = shapeFromOptions(values);
  const name = policyName(values);
  const policy = NAMED_POLICIES[name](shape);
  const log10 = log10ExpectedHittingTime(shape, policy);
  const inDoubleRange = log10 < 308;
  const value = inDoubleRange ? roundedTime(expectedHittingTime(shape, policy)) : null;
  const result = {
    graph: shape.variant,
    W: shape.W,
    K: shape.K,
    L: shape.L,
    ...(shape.stemDepth > 0 ? { S: shape.stemDepth } : {}),
    policy: name,
    logSpace: !inDoubleRange,
    hittingTime: value,
    log10HittingTime: log10,
  };
  if (values.json) return JSON.stringify(result);
  return `${describeShape(shape)}, ${name} policy: expected hitting time ${formatTime(value, log10)}`;
}

const TRAINERS: Record<string, (shape: GraphShape, options: Record<string, unknown>) => TrainingResult> = {
  sft: (shape, options) => trainSft(shape, options),
  rlvr: (shape, options) => trainRlvr(shape, options),
  distill: (shape, options) => distill(shape, { ...options, teacher: trainRlvr(shape).policy }),
};

function train(args: string[]): string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      W: { type: "string" },
      K: { type: "string" },
      L: { type: "string" },
      S: { type: "string" },
      steps: { type: "string" },
      lr: { type: "string" },
      optimizer: { type: "string" },
      mode: { type: "string" },
      seed: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const trainer = positionals[0];
  if (positionals.length !== 1 || !(trainer in TRAINERS)) {
    throw new UsageError(`train needs one of ${Object.keys(TRAINERS).join(", ")}, got ${JSON.stringify(positionals.join(" "))}`);
  }
  const shape = shapeFromOptions(values);
  const options: Record<string, unknown> = {};
  if (values.steps !== undefined) options.steps = integerOption(values, "steps", true);
  if (values.lr !== undefined) {
    const lr = Number(values.lr);
    if (!Number.isFinite(lr) || lr <= 0) throw new UsageError(`--lr must be a finite number greater than 0, got ${JSON.stringify(values.lr)}`);
    options.learningRate = lr;
  }
  if (values.optimizer !== undefined) {
    if (!(OPTIMIZERS as readonly string[]).includes(values.optimizer)) {
      throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(", ")}, got ${JSON.stringify(values.optimizer)}`);
    }
    options.optimizer = values.optimizer as OptimizerName;
  }
  if (values.mode !== undefined) options.mode = values.mode;
  if (values.seed !== undefined) options.seed = values.seed;
  const { history, policy } = TRAINERS[trainer](shape, options);
  const rows = history.map(({ step, hittingTime, log10HittingTime, loss, meanReward }) => ({
    step,
    hittingTime: roundedTime(hittingTime),
    log10HittingTime,
    ...(loss !== undefined ? { loss } : {}),
    ...(meanReward !== undefined ? { meanReward } : {}),
  }));
  const finalProbabilities = history[history.length - 1].probabilities;
  if (values.json) {
    return JSON.stringify({ trainer, graph: shape.variant, W: shape.W, K: shape.K, L: shape.L, options, history: rows, finalProbabilities });
  }
  const every = Math.max(1, Math.ceil(history.length / 10));
  const lines = rows
    .filter((row) => row.step % every === 0 || row.step === history.length - 1)
    .map((row) => `step ${String(row.step).padStart(6)}  expected hitting time ${formatTime(row.hittingTime, row.log10HittingTime)}`);
  const summary = (["a", "b", "c", "d"] as const)
    .map((family) => `${family}: ${finalProbabilities[family].map((p) => p.toFixed(4)).join(" ")}`)
    .join("\n");
  return `${trainer} on ${describeShape(shape)}, ${policy.desired.length} decisions\n${lines.join("\n")}\nfinal P(desired move) by depth\n${summary}`;
}

/** A hitting time to the digits the solvers guarantee. */
function roundedTime(value: number | null): number | null {
  return value === null ? null : Number(value.toPrecision(PRINTED_DIGITS));
}

function formatTime(value: number | null, log10: number): string {
  return value === null ? `10^${log10.toFixed(3)}` : String(value);
}

const COMMANDS: Record<string, (args: string[]) => string> = {
  hitting,
  train,
  help: () => USAGE,
};

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    process.stderr.write(`${command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`}\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(run(rest) + "\n");
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof RangeError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`rlvr-backtracking ${command}: ${(error as Error).message}\n`);
    if (!usage) throw error;
    return 2;
  }
}
