/**
 * The trained transformers of appendix A3 that section 7 replays:
 * figures/sequenceModels.json, written by `npm run sweep` and bundled into the page
 * at build time (build.mjs checks it with readReplayData, so a missing or malformed
 * file fails the build, naming the file). The page reads only its summary (about 1 MB
 * of weights took its thread 50 ms to parse); the worker reads the weights.
 */
import { SEQUENCE_TRAININGS, sequenceProtocol, transformerFromJSON, vocabulary } from "rlvr-backtracking";
import type { ReplayModel, SequenceProtocol, SequenceTrainingName, Transformer } from "rlvr-backtracking";

export type ReplayModelName = SequenceTrainingName | "base";

/** The six models in the order the page lists them. */
export const REPLAY_MODELS: readonly ReplayModelName[] = ["base", ...SEQUENCE_TRAININGS];

export interface ReplayData {
  readonly protocol: SequenceProtocol;
  /** Each model's record as the sweep wrote it, and the transformer its weights make. */
  readonly models: Record<ReplayModelName, { readonly record: ReplayModel; readonly transformer: Transformer }>;
}

/** What the page itself reads of the file (the worker alone loads the weights): the protocol and each model's record without its parameters. */
export interface ReplaySummary {
  readonly protocol: SequenceProtocol;
  readonly models: Record<ReplayModelName, Omit<ReplayModel, "parameters">>;
}

export function summaryOf(data: ReplayData): ReplaySummary {
  const models = {} as Record<ReplayModelName, Omit<ReplayModel, "parameters">>;
  for (const name of REPLAY_MODELS) {
    const { parameters, ...record } = data.models[name].record;
    models[name] = record;
  }
  return { protocol: data.protocol, models };
}

/** Throws unless `condition`, saying what is wrong with the entry `where`. */
function check(condition: boolean, where: string, wanted: string): void {
  if (!condition) throw new RangeError(`${where} must ${wanted}`);
}

/** The file's models, checked: one of each of the six, each loadable, all of the protocol's sizes. */
export function readReplayData(text: string): ReplayData {
  let json: { protocol?: unknown; models?: unknown };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`it is not JSON (${(e as Error).message})`);
  }
  check(typeof json === "object" && json !== null, "the file", "be an object { about, protocol, models }");
  check(typeof json.protocol === "object" && json.protocol !== null, "protocol", "be an object (the sweep's SequenceProtocol)");
  const protocol = sequenceProtocol(json.protocol as SequenceProtocol);
  check(Array.isArray(json.models), "models", "be an array");
  const records = json.models as ReplayModel[];
  const models = {} as Record<ReplayModelName, ReplayData["models"][ReplayModelName]>;
  for (const name of REPLAY_MODELS) {
    const found = records.filter((m) => m?.model === name);
    check(found.length === 1, `models`, `hold one model named ${JSON.stringify(name)} (found ${found.length})`);
    const record = found[0];
    const where = `the model ${JSON.stringify(name)}`;
    check(typeof record.id === "string", `${where}'s id`, "be a string");
    check(Number.isInteger(record.seed) && record.seed >= 0, `${where}'s seed`, "be an integer from 0");
    check(typeof record.hittingTime === "number" && record.hittingTime > 0, `${where}'s hittingTime`, "be a positive number");
    check(typeof record.lowerBound === "boolean", `${where}'s lowerBound`, "be true or false");
    let transformer: Transformer;
    try {
      transformer = transformerFromJSON({ config: record.config, parameters: record.parameters });
    } catch (e) {
      throw new RangeError(`${where}: ${(e as Error).message}`);
    }
    const { vocabularySize, outputSize } = transformer.config;
    const v = vocabulary(protocol.W, protocol.L);
    check(vocabularySize === v.size && outputSize === v.moves, `${where}'s config`,
      `be that of W = ${protocol.W}, L = ${protocol.L} (${v.size} tokens, ${v.moves} moves), not ${vocabularySize} and ${outputSize}`);
    models[name] = { record, transformer };
  }
  return { protocol, models };
}
