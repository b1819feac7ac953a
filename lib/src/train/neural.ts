/**
 * SFT, RLVR and distillation of a neural edge-state policy (appendix notebook A2),
 * the protocol of the tabular trainers with one network shared by every depth:
 * start from a network fitted to the base random walk, then
 *   SFT          cross-entropy on golden-path decisions (sft.ts's tallies),
 *   RLVR exact   the exact gradient of E[hitting time] (chain.ts) back-propagated,
 *   RLVR sampled group-baseline REINFORCE with the outcome reward and length penalty,
 *   distillation SFT of a fresh base network on the walks of a trained teacher network.
 * Each trainer may train on several depths at once (`trainDepths`): a problem's
 * depth is then drawn uniformly from them, so the objective is the mean over them.
 */
import type { GraphShape } from "../graph";
import { pathStar, requireShape } from "../graph";
import { basePolicy, decisionCount } from "../policy";
import { policyGradient } from "../chain";
import type { DecisionCounts } from "../sample";
import { createRng, sampleRollout, samplingTablesByTarget } from "../sample";
import { describe, optionKeys, requireInteger, requirePositiveFinite } from "../validate";
import type { OptimizerName } from "./optimizer";
import { createOptimizer } from "./optimizer";
import { loopOptions, requireStoredNumbers } from "./run";
import type { TrainingRecord, TrainingResult } from "./history";
import { recordOf } from "./history";
import { crossEntropyGradient, emptyCounts, goldenDecisionCounts } from "./sft";
import { RLVR_DEFAULTS, addReinforceTerm, defaultBudget, rolloutReward } from "./rlvr";
import { DISTILL_DEFAULTS, teacherDemonstrations } from "./distill";
import type { MoveCoding, NeuralEvaluation, PolicyNetwork } from "./neural-policy";
import { NEURAL_HIDDEN, backpropagateLogitGradient, clonePolicyNetwork, createPolicyNetwork, evaluateNetwork, requirePolicyNetwork } from "./neural-policy";

export interface NeuralOptions {
  /** Number of updates. */
  steps?: number;
  learningRate?: number;
  optimizer?: OptimizerName;
  /** Seed of the network's initial weights (and of sampled data, as `${seed}/data`). */
  seed?: string;
  /** What a fresh network's output means: the logit of the deeper move, or of going on. */
  output?: MoveCoding;
  /** Hidden widths of a fresh network. */
  hidden?: readonly number[];
  /** Depths K trained on jointly (same W and L as the shape); defaults to the shape's K alone. */
  trainDepths?: readonly number[];
  /** The network to start from; defaults to a fresh network fitted to the base model. */
  initial?: PolicyNetwork;
  /** Updates of the fit to the base model, when no `initial` network is given. */
  baseSteps?: number;
  onProgress?: (record: TrainingRecord, totalSteps: number) => void;
}

/** Adam at 0.01 for every neural trainer; the base fit runs 1000 steps from a seeded network. */
export const NEURAL_DEFAULTS = {
  steps: 400,
  learningRate: 0.01,
  optimizer: "adam" as OptimizerName,
  seed: "neural",
  output: "deeper" as MoveCoding,
  hidden: NEURAL_HIDDEN as readonly number[],
  baseSteps: 1000,
};

/**
 * What exact neural RLVR descends. Both have the optimum as minimiser. The
 * gradient of E[T] is exponentially large far from the optimum, and one Adam step
 * that lands there fills Adam's second moment for thousands of steps (measured at
 * G(15, 15, 5): the run stalls far above the base model); log E[T] rescales the gradient by
 * 1 / E[T] at every step, so its size stays of order one.
 */
export type ExactObjective = "log-hitting-time" | "hitting-time";
export const EXACT_OBJECTIVES: readonly ExactObjective[] = ["log-hitting-time", "hitting-time"];

export interface NeuralRlvrOptions extends NeuralOptions {
  mode?: "exact" | "sampled";
  /** Exact mode: the objective descended; defaults to "log-hitting-time". */
  objective?: ExactObjective;
  /** Sampled mode: rollouts per update (G); defaults to RLVR_DEFAULTS.groupSize (64). */
  groupSize?: number;
  /** Sampled mode: step budget of a rollout; defaults to rlvr.ts's defaultBudget of each depth. */
  budget?: number;
  /** Sampled mode: reward lost per budget's worth of steps; defaults to RLVR_DEFAULTS.lengthPenalty (1). */
  lengthPenalty?: number;
}

export interface NeuralDistillOptions extends NeuralOptions {
  /** The trained network whose walks are the data. */
  teacher: PolicyNetwork;
  /** Teacher walks per training depth; the student fits all of them at every step (full batch). */
  traces?: number;
  /** Step budget of a teacher walk; walks that miss the target are left out. */
  budget?: number;
}

/** A neural trainer's result: the history on the shape, the final policy there, and the network. */
export interface NeuralTrainingResult extends TrainingResult {
  readonly net: PolicyNetwork;
}

/** What one update needs: d(objective)/d(logit) per training depth, and what to record. */
type LogitObjective = (evaluations: NeuralEvaluation[]) => {
  gradients: Float64Array[];
  loss?: number;
  meanReward?: number;
};

type Resolved = typeof NEURAL_DEFAULTS & NeuralOptions & { shapes: GraphShape[] };

const NEURAL_OPTION_NAMES = {
  steps: true, learningRate: true, optimizer: true, seed: true, output: true, hidden: true,
  trainDepths: true, initial: true, baseSteps: true, onProgress: true,
} as const satisfies { readonly [K in keyof Required<NeuralOptions>]: true };
const NEURAL_OPTIONS = optionKeys<NeuralOptions>(NEURAL_OPTION_NAMES);
const NEURAL_RLVR_OPTIONS = optionKeys<NeuralRlvrOptions>({
  ...NEURAL_OPTION_NAMES, mode: true, objective: true, groupSize: true, budget: true, lengthPenalty: true,
});
const NEURAL_DISTILL_OPTIONS = optionKeys<NeuralDistillOptions>({ ...NEURAL_OPTION_NAMES, teacher: true, traces: true, budget: true });

/** The options over the defaults, checked (no key outside `known`), with the shapes of the training depths. */
function resolve<O extends NeuralOptions>(shape: GraphShape, options: O | undefined, known: readonly string[]): Resolved & O {
  requireShape(shape);
  const o = loopOptions(NEURAL_DEFAULTS, options, known);
  const depths = o.trainDepths ?? [shape.K];
  if (!Array.isArray(depths) || depths.length === 0) throw new RangeError(`trainDepths must list at least one depth, got ${describe(depths)}`);
  const shapes = depths.map((K) => pathStar(shape.W, requireInteger("trainDepths[]", K, 1, 1000), shape.L));
  if (o.initial !== undefined) requirePolicyNetwork(o.initial, "initial");
  return { ...o, shapes };
}

/**
 * The update loop every neural trainer shares; records the policy on `shape`
 * after every update. The record of step t carries the loss (or mean reward) of
 * the policy at step t, measured by the update that follows it.
 */
function trainNetwork(
  shape: GraphShape,
  start: PolicyNetwork,
  o: Resolved,
  objective: LogitObjective,
  stepsName = "steps",
): NeuralTrainingResult {
  requireStoredNumbers(shape, `a history of every step's record (${stepsName} + 1) of every decision's probability`, o.steps + 1, decisionCount(shape), `${stepsName} + 1`);
  const net = clonePolicyNetwork(start);
  const parameters = net.mlp.parameters;
  const optimizer = createOptimizer(o.optimizer, o.learningRate, parameters.length);
  const history: TrainingRecord[] = [];
  for (let step = 0; ; step++) {
    const evaluations = o.shapes.map((s) => evaluateNetwork(net, s));
    const onShape = evaluateNetwork(net, shape);
    if (step === o.steps) {
      const last = recordOf(shape, onShape.policy, step);
      history.push(last);
      o.onProgress?.(last, o.steps);
      return { history, policy: onShape.policy, theta: onShape.theta, net };
    }
    const { gradients, loss, meanReward } = objective(evaluations);
    const record = recordOf(shape, onShape.policy, step, { loss, meanReward });
    history.push(record);
    if (step > 0) o.onProgress?.(record, o.steps);
    const total = new Float64Array(parameters.length);
    evaluations.forEach((e, i) => backpropagateLogitGradient(e, gradients[i]).forEach((g, k) => (total[k] += g)));
    optimizer.step(parameters, total);
  }
}

/**
 * Cross-entropy of demonstrations pooled over the training depths: tallies[i]
 * belongs to depth i, and every decision of every depth weighs the same.
 */
function pooledCrossEntropy(tallies: DecisionCounts[]): LogitObjective {
  const tokens = tallies.map(sumCounts);
  const all = tokens.reduce((s, x) => s + x, 0);
  return (evaluations) => {
    let loss = 0;
    const gradients = evaluations.map((e, i) => {
      const g = new Float64Array(e.logits.length);
      loss += (crossEntropyGradient(e.policy, tallies[i], g) * tokens[i]) / all;
      return g.map((x) => (x * tokens[i]) / all);
    });
    return { gradients, loss };
  };
}

/**
 * A network fitted to the base random walk at the training depths: Adam on the
 * cross-entropy between the network's move probabilities and the base model's.
 */
export function fitNeuralBase(shape: GraphShape, options: NeuralOptions = {}): NeuralTrainingResult {
  return fitBase(shape, resolve(shape, options, NEURAL_OPTIONS));
}

function fitBase(shape: GraphShape, o: Resolved): NeuralTrainingResult {
  const steps = requireInteger("baseSteps", o.baseSteps, 1, 10_000_000);
  const targets = o.shapes.map((s) => basePolicy(s).desired);
  const objective: LogitObjective = (evaluations) => {
    const n = evaluations.reduce((s, e) => s + e.logits.length, 0);
    return { gradients: evaluations.map((e, i) => e.policy.desired.map((p, k) => (p - targets[i][k]) / n)) };
  };
  return trainNetwork(shape, createPolicyNetwork(o.seed, o.output, o.hidden), { ...o, steps, onProgress: undefined }, objective, "baseSteps");
}

/** Largest |P(desired) - base probability| of the network over every decision of `shape`. */
export function distanceFromBase(net: PolicyNetwork, shape: GraphShape): number {
  const p = evaluateNetwork(net, shape).policy.desired;
  const base = basePolicy(shape).desired;
  return p.reduce((m, x, k) => Math.max(m, Math.abs(x - base[k])), 0);
}

function startingNetwork(shape: GraphShape, o: Resolved): PolicyNetwork {
  return o.initial ?? fitBase(shape, o).net;
}

/** SFT of the network on golden paths (Theorem 2's protocol with shared weights). */
export function trainNeuralSft(shape: GraphShape, options: NeuralOptions = {}): NeuralTrainingResult {
  const o = resolve(shape, options, NEURAL_OPTIONS);
  const objective = pooledCrossEntropy(o.shapes.map(goldenDecisionCounts));
  return trainNetwork(shape, startingNetwork(shape, o), o, objective);
}

/** RLVR of the network (Theorem 3's protocol with shared weights), exact or sampled. */
export function trainNeuralRlvr(shape: GraphShape, options: NeuralRlvrOptions = {}): NeuralTrainingResult {
  const o = resolve(shape, options, NEURAL_RLVR_OPTIONS);
  const mode = o.mode ?? "exact";
  if (mode !== "exact" && mode !== "sampled") throw new RangeError(`mode must be "exact" or "sampled", got ${describe(mode)}`);
  const objective = mode === "exact" ? exactHittingTimeObjective(o.objective ?? "log-hitting-time") : sampledReward(o.shapes, o, o.seed);
  return trainNetwork(shape, startingNetwork(shape, o), o, objective);
}

/** The mean over training depths of E[T] or of log E[T], from chain.ts's exact gradient per depth. */
function exactHittingTimeObjective(objective: ExactObjective): LogitObjective {
  if (!EXACT_OBJECTIVES.includes(objective)) {
    throw new RangeError(`objective must be one of ${EXACT_OBJECTIVES.join(", ")}, got ${describe(objective)}`);
  }
  return (evaluations) => ({
    gradients: evaluations.map((e) => {
      const { gradient, hittingTime } = policyGradient(e.shape, e.policy);
      const scale = evaluations.length * (objective === "log-hitting-time" ? hittingTime : 1);
      return gradient.map((g) => g / scale);
    }),
  });
}

/**
 * Group-baseline REINFORCE: G rollouts per update, each on a depth and a target
 * drawn uniformly, reward 1 - lengthPenalty * steps / budget on reaching the
 * target within the budget, else 0 (rlvr.ts's rolloutReward and
 * addReinforceTerm): the update is SFT on the group's own rollouts weighted by
 * their advantages, back-propagated through the network.
 */
function sampledReward(shapes: GraphShape[], options: NeuralRlvrOptions, seed: string): LogitObjective {
  const G = requireInteger("groupSize", options.groupSize ?? RLVR_DEFAULTS.groupSize, 2, 1_000_000);
  const lengthPenalty = requirePositiveFinite("lengthPenalty", options.lengthPenalty ?? RLVR_DEFAULTS.lengthPenalty);
  const budgets = shapes.map((s) => requireInteger("budget", options.budget ?? defaultBudget(s), 1, 1e12));
  const largest = shapes.reduce((a, b) => (b.K > a.K ? b : a));
  requireStoredNumbers(largest, "a group's rollout tallies (two per decision)", G, 2 * decisionCount(largest), "groupSize");
  const rng = createRng(`${seed}/data`);
  const tablesByDepth = shapes.map(samplingTablesByTarget);
  const tableFor = (i: number, target: number) => tablesByDepth[i](target);
  return (evaluations) => {
    const rollouts: { depth: number; counts: DecisionCounts; reward: number }[] = [];
    for (let r = 0; r < G; r++) {
      const depth = Math.floor(rng() * shapes.length);
      const counts = emptyCounts(shapes[depth]);
      const steps = sampleRollout(tableFor(depth, Math.floor(rng() * shapes[depth].W)), evaluations[depth].policy, rng, budgets[depth], counts);
      rollouts.push({ depth, counts, reward: rolloutReward(steps, budgets[depth], lengthPenalty) });
    }
    const meanReward = rollouts.reduce((s, r) => s + r.reward, 0) / G;
    const gradients = evaluations.map((e) => new Float64Array(e.logits.length));
    for (const { depth, counts, reward } of rollouts) {
      const advantage = reward - meanReward;
      if (advantage !== 0) addReinforceTerm(gradients[depth], evaluations[depth].policy, counts, advantage, G);
    }
    return { gradients, meanReward };
  };
}

function sumCounts(counts: DecisionCounts): number {
  let n = 0;
  for (let k = 0; k < counts.desired.length; k++) n += counts.desired[k] + counts.alternative[k];
  return n;
}

/**
 * Theorem 5's protocol with shared weights: a fresh base network fitted (full
 * batch) to `traces` walks of the teacher network per training depth.
 */
export function distillNeural(shape: GraphShape, options: NeuralDistillOptions): NeuralTrainingResult {
  const o = resolve(shape, options, NEURAL_DISTILL_OPTIONS);
  const teacherNet = requirePolicyNetwork(o.teacher, "teacher");
  const traces = requireInteger("traces", o.traces ?? 1000, 1, 10_000_000);
  const budget = requireInteger("budget", o.budget ?? DISTILL_DEFAULTS.budget, 1, 1e12);
  const rng = createRng(`${o.seed}/data`);
  const tallies = o.shapes.map((s) => {
    const teacher = evaluateNetwork(teacherNet, s).policy;
    const pooled = emptyCounts(s);
    for (const walk of teacherDemonstrations(s, teacher, traces, budget, rng)) {
      walk.desired.forEach((x, k) => (pooled.desired[k] += x));
      walk.alternative.forEach((x, k) => (pooled.alternative[k] += x));
    }
    return pooled;
  });
  return trainNetwork(shape, startingNetwork(shape, o), o, pooledCrossEntropy(tallies));
}
