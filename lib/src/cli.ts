/**
 * Command line: `rlvr-backtracking <command> [options]`, for scripted use; the
 * committed entry point is lib/bin/rlvr-backtracking.js. Every option comes from
 * one table per command (cli-options.ts); a bad one exits with status 2 and one
 * line naming the option and its allowed range; --help, -h and `help` work anywhere.
 */
import type { GraphShape } from "./graph";
import { describeShape, LIMITS, pathStar, stemPathStar } from "./graph";
import type { Policy } from "./policy";
import { basePolicy, FAMILIES, optimalPolicy, sftLimitPolicy } from "./policy";
import { hittingTimeValue } from "./chain";
import type { TrainingRecord, TrainingResult } from "./train/history";
import type { ProgressTerminal } from "./progress";
import { hittingTimeText, terminalProgress } from "./progress";
import { DEFAULT_HISTORY_POINTS } from "./train/history";
import { OPTIMIZERS, requireLearningRate } from "./train/optimizer";
import { defaultHistoryPoints, requireHistoryFits, TRAINING_LIMITS } from "./train/run";
import type { NeuralCliResult, NeuralTrainerName } from "./train/neural-cli";
import type { OptionSpec, OptionValue } from "./cli-options";
import { checkModes, optionTable, parseOptions, UsageError, usageLines } from "./cli-options";
import type { PrintedTime } from "./cli-digits";
import { formatTime, printedTime } from "./cli-digits";
import { describe } from "./validate";

const NAME = "rlvr-backtracking";

/**
 * Where a run reports progress: stderr, and only when it is a terminal, so piped
 * and --json output never holds a progress line. Tests pass their own, with a clock.
 */
export interface CliTerminal extends ProgressTerminal {
  readonly isTTY: boolean;
}

function processTerminal(): CliTerminal {
  return { isTTY: process.stderr.isTTY === true, write: (text) => process.stderr.write(text), now: Date.now };
}

/** The progress callback of a training run named `label`, or none when stderr is no terminal; `end` after the run. */
function trainingProgressOn(terminal: CliTerminal, label: string) {
  if (!terminal.isTTY) return { onProgress: undefined, end: () => undefined };
  const line = terminalProgress(label, terminal);
  const onProgress = (record: TrainingRecord, totalSteps: number) => line.report(record.step, totalSteps, hittingTimeText(record));
  return { onProgress, end: line.end };
}

const NAMED_POLICIES = new Map<string, (shape: GraphShape) => Policy>([
  ["base", basePolicy],
  ["sft", sftLimitPolicy],
  ["optimal", optimalPolicy],
]);

const SHAPE_OPTIONS: OptionSpec[] = [
  { name: "W", kind: "integer", placeholder: "n", min: 1, max: LIMITS.maxSize, required: true, help: "branches at the fork" },
  { name: "K", kind: "integer", placeholder: "n", min: 1, max: LIMITS.maxDepth, required: true, help: `diamonds per branch (K + S at most ${LIMITS.maxDepth})` },
  { name: "L", kind: "integer", placeholder: "n", min: 1, max: LIMITS.maxSize, required: true, help: "parallel edges per diamond" },
  { name: "S", kind: "integer", placeholder: "n", min: 1, max: LIMITS.maxDepth - 1, help: "diamonds on a stem before the fork (the stem variant)" },
];
const JSON_OPTION: OptionSpec = { name: "json", kind: "flag", help: "print one JSON object" };
const HELP_OPTION: OptionSpec = { name: "help", kind: "flag", help: "this text (also -h)" };

/** The option tables, exported for the tests that try every option against hostile values. */
export const HITTING_OPTIONS = optionTable([
  ...SHAPE_OPTIONS,
  { name: "policy", kind: "choice", choices: [...NAMED_POLICIES.keys()], required: true, help: "the base model, the SFT limit or the optimal searcher" },
  JSON_OPTION,
  HELP_OPTION,
]);

/** What distinguishes the trainers on the command line: their modes, defaults and run. */
interface Trainer {
  /** What the trainer does, in the words of the paper. */
  readonly summary: string;
  readonly modes: readonly string[];
  readonly defaults: (mode: string) => { steps: number; learningRate: number; optimizer: string };
  readonly defaultMode: string;
  readonly run: (shape: GraphShape, options: Record<string, unknown>) => TrainingResult;
}

/*
 * Each command requires the modules it runs when it runs (a start-up of this
 * process is part of every scripted call): `train rlvr` loads neither SFT's
 * sampler nor the networks. The summaries are here, so help needs no trainer.
 */
const TRAINER_SUMMARIES = new Map<string, string>([
  ["sft", "SFT on golden paths (Theorem 2)"],
  ["rlvr", "RLVR: policy gradient on the outcome reward (Theorem 3)"],
  ["distill", "SFT on the walks of a teacher, RLVR trained on the same graph with the Figure 3 protocol (Theorem 5)"],
]);

/** The tabular trainer `name` (a key of TRAINER_SUMMARIES), its module loaded. */
function trainerNamed(name: string): Trainer {
  const summary = TRAINER_SUMMARIES.get(name)!;
  if (name === "sft") {
    const { SFT_DEFAULTS, trainSft } = require("./train/sft") as typeof import("./train/sft");
    return { summary, modes: ["population", "sampled"], defaultMode: SFT_DEFAULTS.mode, defaults: () => SFT_DEFAULTS, run: (shape, o) => trainSft(shape, o) };
  }
  const { RLVR_DEFAULTS, RLVR_SAMPLED_DEFAULTS, trainRlvr } = require("./train/rlvr") as typeof import("./train/rlvr");
  if (name === "rlvr") {
    return {
      summary,
      modes: ["exact", "sampled"],
      defaultMode: RLVR_DEFAULTS.mode,
      defaults: (mode) => (mode === "sampled" ? RLVR_SAMPLED_DEFAULTS : RLVR_DEFAULTS),
      run: (shape, o) => trainRlvr(shape, o),
    };
  }
  const { DISTILL_DEFAULTS, distill } = require("./train/distill") as typeof import("./train/distill");
  return {
    summary,
    modes: ["population", "sampled"],
    defaultMode: DISTILL_DEFAULTS.mode,
    defaults: () => DISTILL_DEFAULTS,
    run: (shape, o) => distill(shape, { ...o, teacher: trainRlvr(shape).policy }),
  };
}

/** The option table of `train <trainer>`: its modes and defaults are the library's. */
function trainOptions(trainer: Trainer) {
  const sampledOnly = { accepted: ["sampled"], why: "the other modes use no random numbers" };
  // A default the modes share is stated once; else per mode, "1200 (exact), 800 (sampled)".
  const byMode = (pick: (d: ReturnType<Trainer["defaults"]>) => number | string) => {
    const values = trainer.modes.map((mode) => String(pick(trainer.defaults(mode))));
    return new Set(values).size === 1 ? values[0] : trainer.modes.map((mode, i) => `${values[i]} (${mode})`).join(", ");
  };
  return optionTable([
    ...SHAPE_OPTIONS,
    { name: "mode", kind: "choice", choices: trainer.modes, defaultText: trainer.defaultMode, help: "exact or population: expected gradients; sampled: seeded samples" },
    { name: "steps", kind: "integer", placeholder: "n", min: 1, max: TRAINING_LIMITS.maxSteps, defaultText: byMode((d) => d.steps), help: `updates (steps times 4(K + S) decisions at most ${TRAINING_LIMITS.maxDecisionUpdates})` },
    { name: "lr", kind: "number", placeholder: "x", min: 0, defaultText: byMode((d) => d.learningRate), help: `learning rate, at most ${TRAINING_LIMITS.maxLearningRate}` },
    { name: "optimizer", kind: "choice", choices: OPTIMIZERS, defaultText: byMode((d) => d.optimizer), help: "the update rule" },
    { name: "seed", kind: "string", placeholder: "s", modes: sampledOnly, help: "seed of the random numbers" },
    { name: "history-points", kind: "integer", placeholder: "n", min: 2, max: TRAINING_LIMITS.maxHistoryPoints, defaultText: `${DEFAULT_HISTORY_POINTS}, fewer past K + S = ${Math.floor(TRAINING_LIMITS.maxStoredNumbers / DEFAULT_HISTORY_POINTS / 4)}`, help: "records kept, evenly spaced, first and last included" },
    JSON_OPTION,
    HELP_OPTION,
  ]);
}

/** The neural trainers of appendix A2: one network shared by every depth, started from a fit to the base model. */
const NEURAL_SUMMARIES: Record<NeuralTrainerName, string> = {
  "neural-sft": "SFT of a neural edge-state policy on golden paths (appendix A2)",
  "neural-rlvr": "RLVR of a neural edge-state policy, exact gradient of log E[T] (appendix A2)",
  "neural-distill": "SFT of a fresh base network on 1000 walks of a neural-rlvr network (appendix A2)",
};

/** The option table of `train neural-*`: sizes within NEURAL_CLI_LIMITS, the library's defaults. */
function neuralOptions() {
  const { NEURAL_CLI_LIMITS } = require("./train/neural-cli") as typeof import("./train/neural-cli");
  const { NEURAL_DEFAULTS } = require("./train/neural") as typeof import("./train/neural");
  const { MOVE_CODINGS } = require("./train/neural-policy") as typeof import("./train/neural-policy");
  return optionTable([
    { name: "W", kind: "integer", placeholder: "n", min: 1, max: NEURAL_CLI_LIMITS.maxW, required: true, help: "branches at the fork" },
    { name: "K", kind: "integer", placeholder: "n", min: 1, max: NEURAL_CLI_LIMITS.maxK, required: true, help: "diamonds per branch" },
    { name: "L", kind: "integer", placeholder: "n", min: 1, max: NEURAL_CLI_LIMITS.maxL, required: true, help: "parallel edges per diamond" },
    { name: "seed", kind: "string", placeholder: "s", defaultText: NEURAL_DEFAULTS.seed, help: "seed of the initial weights and of sampled data" },
    { name: "steps", kind: "integer", placeholder: "n", min: 1, max: NEURAL_CLI_LIMITS.maxSteps, defaultText: String(NEURAL_DEFAULTS.steps), help: "Adam updates (of the student for neural-distill)" },
    { name: "output", kind: "choice", choices: MOVE_CODINGS, defaultText: NEURAL_DEFAULTS.output, help: "what the network outputs: the logit of going deeper or of going on" },
    JSON_OPTION,
    HELP_OPTION,
  ]);
}

/** Every trainer's one-line summary, tabular then neural. */
const TRAIN_SUMMARIES = new Map<string, string>([...TRAINER_SUMMARIES, ...Object.entries(NEURAL_SUMMARIES)]);

const isNeural = (name: string): name is NeuralTrainerName => Object.prototype.hasOwnProperty.call(NEURAL_SUMMARIES, name);

/** The option table of `train <name>` (a key of TRAIN_SUMMARIES). */
function trainTable(name: string) {
  return isNeural(name) ? neuralOptions() : trainOptions(trainerNamed(name));
}

/** The option table of every trainer, by name: for the tests, which try every option (loads every trainer). */
export function trainTables() {
  return new Map([...TRAIN_SUMMARIES.keys()].map((name) => [name, trainTable(name)] as const));
}

function usage(): string {
  const sections = [
    `usage: ${NAME} <command> [options]     (${NAME} <command> --help for one command)`,
    "",
    "commands:",
    "  hitting                   the exact expected hitting time of a policy on G(W, K, L) or its stem variant",
    "  train sft|rlvr|distill    train a policy from the base model and print its history",
    "  train neural-sft|neural-rlvr|neural-distill",
    "                            the same with a small network shared by every depth (appendix A2)",
    "  train seq-sft|seq-rlvr|seq-distill",
    "                            a small transformer that reads its walk (appendix A3; train seq-sft --help)",
    "  help [command]            this text, or one command's",
    "",
    "numbers are plain decimals (1200, 0.01, 1e-2); hexadecimal and signs are refused.",
    "",
    hittingUsage(),
    ...[...TRAIN_SUMMARIES.keys()].map((name) => `\n${trainUsage(name)}`),
  ];
  return sections.join("\n");
}

function hittingUsage(): string {
  return [`${NAME} hitting: the exact expected hitting time of a named policy`, ...usageLines(HITTING_OPTIONS)].join("\n");
}

function trainUsage(name: string): string {
  return [`${NAME} train ${name}: ${TRAIN_SUMMARIES.get(name)}`, ...usageLines(trainTable(name))].join("\n");
}

function shapeOf(values: ReadonlyMap<string, OptionValue>): GraphShape {
  const [W, K, L] = (["W", "K", "L"] as const).map((n) => values.get(n) as number);
  const S = values.get("S") as number | undefined;
  return S === undefined ? pathStar(W, K, L) : stemPathStar(S, W, K, L);
}

/** A hitting time as solved, rounded to the digits the solver guarantees on `shape`. */
function solvedTime(shape: GraphShape, hittingTime: number | null, log10: number): PrintedTime {
  // A number that is no hitting time is a solver fault: never print it as a result.
  if ((hittingTime !== null && !(hittingTime >= 1 && hittingTime < Infinity)) || Number.isNaN(log10)) {
    throw new Error(`the solver returned ${hittingTime ?? `10^${log10}`} on ${describeShape(shape)}, which is not a hitting time`);
  }
  return printedTime(shape, hittingTime, log10);
}

function hitting(args: readonly string[]): string {
  const values = parseOptions(args, HITTING_OPTIONS, "hitting");
  const shape = shapeOf(values);
  const name = values.get("policy") as string;
  const policy = NAMED_POLICIES.get(name)!(shape);
  const { hittingTime, log10HittingTime: log10 } = hittingTimeValue(shape, policy);
  const time = solvedTime(shape, hittingTime, log10);
  if (values.has("json")) {
    return JSON.stringify({
      graph: shape.variant,
      W: shape.W,
      K: shape.K,
      L: shape.L,
      ...(shape.S > 0 ? { S: shape.S } : {}),
      policy: name,
      logSpace: time.hittingTime === null,
      hittingTime: time.hittingTime,
      log10HittingTime: time.log10HittingTime,
      digits: time.digits,
    });
  }
  return `${describeShape(shape)}, ${name} policy: expected hitting time ${formatTime(time)}`;
}

function train(args: readonly string[], terminal: CliTerminal): string {
  const [name, ...rest] = args;
  const sequence = require("./cli-sequence") as typeof import("./cli-sequence");
  if (sequence.isSequenceTrainer(name)) return sequence.trainSequenceCommand(name, rest);
  if (name === undefined || !TRAIN_SUMMARIES.has(name)) {
    throw new UsageError(`train needs one of ${[...TRAIN_SUMMARIES.keys()].join(", ")}, got ${name === undefined ? "nothing" : describe(name)}`);
  }
  if (isNeural(name)) return trainNeural(name, rest, terminal);
  const trainer = trainerNamed(name);
  const specs = trainOptions(trainer);
  const values = parseOptions(rest, specs, `train ${name}`);
  const mode = (values.get("mode") as string | undefined) ?? trainer.defaultMode;
  checkModes(values, specs, mode);
  const shape = shapeOf(values);
  const steps = (values.get("steps") as number | undefined) ?? trainer.defaults(mode).steps;
  const historyPoints = (values.get("history-points") as number | undefined) ?? defaultHistoryPoints(shape);
  requireHistoryFits(shape, steps, historyPoints, { steps: "--steps", historyPoints: "--history-points" });
  if (values.has("lr")) requireLearningRate(values.get("lr"), "--lr");
  const options: Record<string, unknown> = { mode };
  const libraryName = new Map([["steps", "steps"], ["lr", "learningRate"], ["optimizer", "optimizer"], ["seed", "seed"], ["history-points", "historyPoints"]]);
  for (const [option, key] of libraryName) if (values.has(option)) options[key] = values.get(option);
  const progress = trainingProgressOn(terminal, `train ${name}`);
  let history: TrainingRecord[];
  try {
    history = trainer.run(shape, { ...options, onProgress: progress.onProgress }).history;
  } finally {
    progress.end();
  }
  const times = history.map((record) => solvedTime(shape, record.hittingTime, record.log10HittingTime));
  const finalProbabilities = history[history.length - 1].probabilities;
  if (values.has("json")) {
    const rows = history.map(({ step, loss, meanReward }, i) => ({
      step,
      hittingTime: times[i].hittingTime,
      log10HittingTime: times[i].log10HittingTime,
      ...(loss !== undefined ? { loss } : {}),
      ...(meanReward !== undefined ? { meanReward } : {}),
    }));
    const graph = { graph: shape.variant, W: shape.W, K: shape.K, L: shape.L, ...(shape.S > 0 ? { S: shape.S } : {}) };
    return JSON.stringify({ trainer: name, ...graph, options, history: rows, finalProbabilities });
  }
  const every = Math.max(1, Math.ceil(history.length / 10));
  const lines = history
    .map((record, i) => `step ${String(record.step).padStart(8)}  expected hitting time ${formatTime(times[i])}`)
    .filter((_, i) => i % every === 0 || i === history.length - 1);
  return `${name} (${mode}) on ${describeShape(shape)}\n${lines.join("\n")}\n${probabilityLines(finalProbabilities)}`;
}

/** "final P(desired move) by depth" and one line per family. */
function probabilityLines(probabilities: Record<(typeof FAMILIES)[number], readonly number[]>): string {
  const lines = FAMILIES.map((family) => `${family}: ${probabilities[family].map((p) => p.toFixed(4)).join(" ")}`);
  return `final P(desired move) by depth\n${lines.join("\n")}`;
}

/** `train neural-sft|neural-rlvr|neural-distill`: prints trainNeuralForCli's object, or a summary of it. */
function trainNeural(name: NeuralTrainerName, args: readonly string[], terminal: CliTerminal): string {
  const values = parseOptions(args, neuralOptions(), `train ${name}`);
  const size = { W: values.get("W") as number, K: values.get("K") as number, L: values.get("L") as number };
  const options = {
    seed: values.get("seed") as string | undefined,
    steps: values.get("steps") as number | undefined,
    output: values.get("output") as NeuralCliResult["options"]["output"] | undefined,
  };
  if (options.seed === "") throw new UsageError('--seed must be non-empty text, got ""');
  const { trainNeuralForCli } = require("./train/neural-cli") as typeof import("./train/neural-cli");
  const progress = trainingProgressOn(terminal, `train ${name}`);
  let result: NeuralCliResult;
  try {
    result = trainNeuralForCli(name, size, { ...options, onProgress: progress.onProgress });
  } finally {
    progress.end();
  }
  const shape = pathStar(size.W, size.K, size.L);
  const solved = (record: NeuralCliResult["history"][number]) => solvedTime(shape, record.hittingTime, record.log10HittingTime);
  if (values.has("json")) {
    // Hitting times to the digits the solver guarantees, as the tabular trainers print them.
    const history = result.history.map((record) => {
      const printed = solved(record);
      return { ...record, hittingTime: printed.hittingTime, log10HittingTime: printed.log10HittingTime };
    });
    return JSON.stringify({ ...result, history });
  }
  const time = (record: NeuralCliResult["history"][number]) => formatTime(solved(record));
  const first = result.history[0];
  const last = result.history[result.history.length - 1];
  const { seed, steps, output } = result.options;
  return [
    `${name} on ${describeShape(shape)} (seed ${JSON.stringify(seed)}, ${steps} steps, output ${output})`,
    `expected hitting time (${result.hittingTimeMethod}): ${time(first)} at step 0, ${time(last)} at step ${last.step}`,
    probabilityLines(result.finalProbabilities),
  ].join("\n");
}

const COMMANDS = new Map<string, (args: readonly string[], terminal: CliTerminal) => string>([
  ["hitting", hitting],
  ["train", train],
  ["help", helpFor],
]);

/** `help`, `help hitting`, `help train`, `help train rlvr`. */
function helpFor(args: readonly string[]): string {
  const [command, trainer] = args;
  if (command === "hitting") return hittingUsage();
  const sequence = require("./cli-sequence") as typeof import("./cli-sequence");
  if (command === "train" && sequence.isSequenceTrainer(trainer)) return sequence.sequenceUsage(trainer);
  if (command === "train" && trainer !== undefined && TRAIN_SUMMARIES.has(trainer)) return trainUsage(trainer);
  if (command === "train") return [...TRAIN_SUMMARIES.keys()].map(trainUsage).join("\n\n");
  return usage();
}

/** Runs the command line; returns the exit status (0 done, 2 bad input, 1 anything else). */
export function main(argv: readonly string[], terminal: CliTerminal = processTerminal()): number {
  const [command, ...rest] = argv;
  try {
    // --help or -h anywhere asks for the help of the command before it.
    const helpAt = argv.findIndex((a) => a === "--help" || a === "-h");
    if (helpAt >= 0) return print(helpFor(argv.slice(0, helpAt).filter((a) => !a.startsWith("-"))));
    const run = command === undefined ? undefined : COMMANDS.get(command);
    if (run === undefined) {
      throw new UsageError(`${command === undefined ? "no command given" : `unknown command ${describe(command)}`}; commands: ${[...COMMANDS.keys()].join(", ")} (see ${NAME} --help)`);
    }
    return print(run(rest, terminal));
  } catch (error) {
    // Bad input (ours or the library's RangeError) is the user's to fix: status 2.
    const input = error instanceof UsageError || error instanceof RangeError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${NAME}${command && COMMANDS.has(command) ? ` ${command}` : ""}: ${input ? "" : "internal error: "}${oneLine(message)}\n`);
    return input ? 2 : 1;
  }
}

function print(text: string): number {
  // A reader that stops early (`| head`) closes the pipe: the output was not wanted, so no error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") process.stderr.write(`${NAME}: cannot write the output: ${oneLine(error.message)}\n`);
    process.exit(error.code === "EPIPE" ? 0 : 1);
  });
  process.stdout.write(text + "\n");
  return 0;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
