/**
 * Distillation (Theorem 5, appendix notebook A1): sample walks from a trained
 * teacher, then run plain SFT of the base model on them. The teacher's walks
 * contain the backtracking moves, so the student learns b and d as well; golden
 * paths as the data are the negative control.
 */
import type { GraphShape } from "../graph";
import { describeShape, requireShape } from "../graph";
import type { Policy } from "../policy";
import { decisionCount, requirePolicyFor } from "../policy";
import { policyGradient } from "../chain";
import type { DecisionCounts } from "../sample";
import { createRng, requireBudget, sampleRollout, samplingTablesByTarget } from "../sample";
import { optionKeys, requireFunction, requireInteger, requireOneOf, requireOptions } from "../validate";
import type { SftOptions } from "./sft";
import { countDecisions, emptyCounts, fitDemonstrations, goldenDecisionCounts, sampleGoldenPaths, SFT_MODES, uniformTarget } from "./sft";
import type { OptimizerName } from "./optimizer";
import { LOOP_OPTIONS } from "./optimizer";
import type { TrainingResult } from "./history";
import { requireStoredNumbers } from "./run";

export interface DistillOptions extends SftOptions {
  /** The policy whose walks are the data (for example trainRlvr(...).policy). */
  teacher: Policy;
  /** "teacher": walks sampled from the teacher; "golden": golden paths (the negative control). */
  source?: "teacher" | "golden";
  /** Step budget of a teacher walk; walks that do not reach the target are left out of the data. */
  budget?: number;
}

const DISTILL_OPTIONS = optionKeys<DistillOptions>({
  ...LOOP_OPTIONS, mode: true, traces: true, batchSize: true, teacher: true, source: true, budget: true,
});

/** Figure 3's student: 1000 teacher walks, 1200 sign steps of 0.01 on minibatches of 32. */
export const DISTILL_DEFAULTS = {
  source: "teacher" as "teacher" | "golden",
  mode: "sampled" as "population" | "sampled",
  traces: 1000,
  batchSize: 32,
  steps: 1200,
  learningRate: 0.01,
  optimizer: "sign" as OptimizerName,
  budget: 1e7,
  seed: "distill",
};

/** Decision tallies of `count` seeded teacher walks that reach the target, targets drawn uniformly. */
export function teacherDemonstrations(
  shape: GraphShape,
  teacher: Policy,
  count: number,
  budget: number,
  rng: () => number,
): DecisionCounts[] {
  requirePolicyFor(shape, teacher, "teacher");
  requireInteger("traces", count, 1, 10_000_000);
  requireBudget(budget);
  requireFunction("rng", rng);
  requireStoredNumbers(shape, "the teacher walks' decision tallies (two per decision)", count, 2 * decisionCount(shape), "traces");
  const tableFor = samplingTablesByTarget(shape);
  const perWalk: DecisionCounts[] = [];
  let attempts = 0;
  while (perWalk.length < count) {
    if (++attempts > 10 * count) {
      throw new RangeError(`fewer than 1 in 10 teacher walks reach the target within budget ${budget} on ${describeShape(shape)}`);
    }
    const counts = emptyCounts(shape);
    if (sampleRollout(tableFor(uniformTarget(shape, rng)), teacher, rng, budget, counts) >= 0) perWalk.push(counts);
  }
  return perWalk;
}

/**
 * Theorem 5: SFT of the base model on the teacher's walks. In "population" mode
 * the data is the teacher's exact expected decision tallies (infinitely many walks).
 */
export function distill(shape: GraphShape, options: DistillOptions): TrainingResult {
  requireShape(shape);
  // The teacher, its source and its budget make the data; the rest are SFT's options.
  const { teacher, source, budget, ...o } = { ...DISTILL_DEFAULTS, ...requireOptions("options", options, DISTILL_OPTIONS) };
  requirePolicyFor(shape, teacher, "teacher");
  requireOneOf("source", source, ["teacher", "golden"]);
  requireOneOf("mode", o.mode, SFT_MODES);
  const rng = createRng(`${o.seed}/data`);
  if (o.mode === "population") {
    return fitDemonstrations(shape, { kind: "population", expected: expectedDemonstrations(shape, teacher, source) }, o);
  }
  const perWalk =
    source === "teacher"
      ? teacherDemonstrations(shape, teacher, o.traces, budget, rng)
      : sampleGoldenPaths(shape, o.traces, rng).map(({ graph, walk }) => countDecisions(graph, walk, emptyCounts(shape)));
  return fitDemonstrations(shape, { kind: "sampled", perWalk }, o);
}

/** Expected decision tallies of one walk: the teacher's visits split by its own probabilities. */
function expectedDemonstrations(shape: GraphShape, teacher: Policy, source: "teacher" | "golden"): DecisionCounts {
  if (source === "golden") return goldenDecisionCounts(shape);
  const { visits } = policyGradient(shape, teacher);
  return {
    desired: visits.map((v, k) => v * teacher.desired[k]),
    alternative: visits.map((v, k) => v * teacher.alternative[k]),
  };
}
