/**
 * `rlvr-backtracking train seq-sft|seq-rlvr|seq-distill`: the transformer of appendix
 * A3 trained from a base model pretrained on random walks, measured by Monte Carlo.
 * Prints trainSequenceForCli's object (--json) or a summary of it.
 */
import { optionTable, parseOptions, UsageError, usageLines } from "./cli-options";
import type { SequenceCliTrainer } from "./train/sequence-cli";
import { SEQUENCE_CLI_LIMITS, SEQUENCE_CLI_TRAINERS, trainSequenceForCli } from "./train/sequence-cli";
import { SEQUENCE_PROTOCOL_DEFAULTS } from "./train/sequence-protocol";

const NAME = "rlvr-backtracking";

export const SEQUENCE_SUMMARIES: Record<SequenceCliTrainer, string> = {
  "seq-sft": "SFT of a small transformer that reads its walk, on golden paths (appendix A3)",
  "seq-rlvr": "RLVR of the transformer: group-baseline REINFORCE on the outcome reward (appendix A3)",
  "seq-distill": "SFT of the base transformer on the successful walks of a seq-rlvr model (appendix A3)",
};

export const isSequenceTrainer = (name: string | undefined): name is SequenceCliTrainer =>
  name !== undefined && (SEQUENCE_CLI_TRAINERS as readonly string[]).includes(name);

/** The option table of every `train seq-*`. */
export function sequenceOptions() {
  const lim = SEQUENCE_CLI_LIMITS;
  const d = SEQUENCE_PROTOCOL_DEFAULTS;
  return optionTable([
    { name: "W", kind: "integer", placeholder: "n", min: 1, max: lim.maxW, required: true, help: "branches at the fork" },
    { name: "K", kind: "integer", placeholder: "n", min: 1, max: lim.maxK, required: true, help: "diamonds per branch (training draws depths 1 to K)" },
    { name: "L", kind: "integer", placeholder: "n", min: 1, max: lim.maxL, required: true, help: "parallel edges per diamond" },
    { name: "seeds", kind: "integer", placeholder: "n", min: 1, max: lim.maxSeeds, defaultText: "1", help: "independent runs, each from its own base model" },
    { name: "seed", kind: "string", placeholder: "s", defaultText: d.seed, help: "prefix of every seed" },
    { name: "steps", kind: "integer", placeholder: "n", min: 0, max: lim.maxSteps, defaultText: `${d.sft.steps} (sft, distill), ${d.rlvr.steps} (rlvr)`, help: "Adam updates; 0 measures the base model" },
    { name: "lr", kind: "number", placeholder: "x", min: 0, max: 1, defaultText: String(d.sft.learningRate), help: "Adam's learning rate" },
    { name: "group-size", kind: "integer", placeholder: "n", min: 2, max: lim.maxGroupSize, defaultText: String(d.rlvr.groupSize), help: "RLVR walks per update" },
    { name: "width", kind: "integer", placeholder: "n", min: 2, max: lim.maxWidth, defaultText: String(d.sizes.width), help: `model width (a multiple of ${d.sizes.heads})` },
    { name: "context", kind: "integer", placeholder: "n", min: 16, max: lim.maxContext, defaultText: String(d.sizes.contextLength), help: "longest walk the model reads" },
    { name: "walks", kind: "integer", placeholder: "n", min: 2, max: lim.maxWalks, defaultText: String(d.evaluation.walks), help: "Monte Carlo walks per measurement" },
    { name: "budget", kind: "integer", placeholder: "n", min: 1, max: lim.maxContext, defaultText: `${d.rlvr.budgetFactor} x the base walk's E[T] at K, within the context`, help: "moves after which a measured walk is cut (at most --context)" },
    { name: "json", kind: "flag", help: "print one JSON object" },
    { name: "help", kind: "flag", help: "this text (also -h)" },
  ]);
}

export function sequenceUsage(name: SequenceCliTrainer): string {
  return [`${NAME} train ${name}: ${SEQUENCE_SUMMARIES[name]}`, ...usageLines(sequenceOptions())].join("\n");
}

export function trainSequenceCommand(name: SequenceCliTrainer, args: readonly string[]): string {
  const values = parseOptions(args, sequenceOptions(), `train ${name}`);
  const seed = values.get("seed") as string | undefined;
  if (seed === "") throw new UsageError('--seed must be non-empty text, got ""');
  const result = trainSequenceForCli(name, { W: values.get("W") as number, K: values.get("K") as number, L: values.get("L") as number }, {
    seeds: values.get("seeds") as number | undefined,
    seed,
    steps: values.get("steps") as number | undefined,
    learningRate: values.get("lr") as number | undefined,
    groupSize: values.get("group-size") as number | undefined,
    width: values.get("width") as number | undefined,
    contextLength: values.get("context") as number | undefined,
    walks: values.get("walks") as number | undefined,
    budget: values.get("budget") as number | undefined,
  });
  if (values.has("json")) return JSON.stringify(result);
  const r = result.references;
  const lines = result.seeds.map((s) => {
    const time = `${s.lowerBound ? ">= " : ""}${s.hittingTime.toFixed(1)} [${s.interval.map((x) => x.toFixed(1)).join(", ")}]`;
    return `  ${s.seed}: E[T] ${time}, success ${(100 * s.success).toFixed(1)}% within ${s.budget}, P(back) ${s.backOff.back.toFixed(3)}, P(re-enter) ${s.backOff.forkReentry.toFixed(3)}`;
  });
  return [
    `${name} on G(${result.W}, ${result.K}, ${result.L}), ${result.options.steps} steps (base walk ${r.base}, edge-state optimum ${r.edgeState}, memory optimum ${r.memory})`,
    ...lines,
  ].join("\n");
}
