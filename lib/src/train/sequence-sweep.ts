/**
 * The sweep of appendix A3 as a list of jobs, each one training (or one base model)
 * and its measurement, so that `npm run sweep` (scripts/sequence-sweep.mjs) can run
 * them on worker threads, one job per thread, save each as it ends and resume. A job
 * is a pure function of the plan and of the models it depends on (passed as
 * parameter arrays): the same plan gives the same numbers on any number of threads.
 */
import type { Transformer } from "../nn/transformer";
import { createTransformer } from "../nn/transformer";
import { pathStar } from "../graph";
import { requireInteger } from "../validate";
import type { SequenceEvaluation } from "./sequence-model";
import { evaluateSequenceModel, sequenceModelConfig } from "./sequence-model";
import type { SequenceRecord } from "./sequence-train";
import type { SequenceProtocol, SequenceTrainingName } from "./sequence-protocol";
import { deeperBudget, evaluateAtDepth, pretrainBase, runSequenceTraining, SEQUENCE_TRAININGS, sequenceProtocol } from "./sequence-protocol";

export interface SweepPlan {
  /** Protocol settings every job shares (its K and seed are the job's). */
  readonly protocol: Parameters<typeof sequenceProtocol>[0];
  /** Depths K trained and measured. */
  readonly depths: readonly number[];
  /** The main depth: more seeds, and depth generalisation measured at these multiples of it. */
  readonly mainK: number;
  readonly mainSeeds: number;
  readonly seeds: number;
  readonly depthFactors: readonly number[];
  /** Walks of the depth-generalisation measurement; the budget there is 4x the edge-state optimum. */
  readonly depthWalks: number;
  /** The base-model check at a size of its own (276 at G(3, 3, 2)): walks and budget. */
  readonly baseCheck: { W: number; K: number; L: number; walks: number; budget: number };
}

export const SEQUENCE_SWEEP_PLAN: SweepPlan = {
  protocol: {},
  depths: [1, 2, 3, 4],
  mainK: 2,
  mainSeeds: 10,
  seeds: 5,
  depthFactors: [2, 3, 4],
  depthWalks: 50,
  baseCheck: { W: 3, K: 3, L: 2, walks: 400, budget: 2048 },
};

/** A sweep small enough for a test: one depth, two seeds, a few updates. */
export const SEQUENCE_SWEEP_SMOKE_PLAN: SweepPlan = {
  protocol: {
    W: 2, L: 1,
    pretrain: { steps: 3, maxLength: 32 },
    sft: { steps: 3, walks: 8, batch: 4 },
    rlvr: { steps: 3, groupSize: 4 },
    distill: { attempts: 8 },
    evaluation: { walks: 4, probes: 2 },
  },
  depths: [1],
  mainK: 1,
  mainSeeds: 2,
  seeds: 1,
  depthFactors: [2],
  depthWalks: 4,
  baseCheck: { W: 2, K: 1, L: 1, walks: 4, budget: 200 },
};

export interface SweepJob {
  readonly id: string;
  readonly kind: "base" | "training" | "base-check";
  readonly training?: SequenceTrainingName;
  readonly K?: number;
  readonly seed: number;
  /** Jobs whose models this one reads. */
  readonly needs: readonly string[];
}

const baseId = (seed: number) => `base/s${seed}`;
const trainingId = (name: string, K: number, seed: number) => `${name}/K${K}/s${seed}`;

/** Every job of the plan, each after the jobs it needs. */
export function sweepJobs(plan: SweepPlan): SweepJob[] {
  if (!plan.depths.includes(plan.mainK)) throw new RangeError(`mainK ${plan.mainK} must be one of the depths ${plan.depths.join(", ")}`);
  requireInteger("mainSeeds", plan.mainSeeds, 1, 100);
  requireInteger("seeds", plan.seeds, 1, plan.mainSeeds);
  const jobs: SweepJob[] = [{ id: "base-check", kind: "base-check", seed: 0, needs: [] }];
  for (let seed = 0; seed < plan.mainSeeds; seed++) jobs.push({ id: baseId(seed), kind: "base", seed, needs: [] });
  // The main depth first and RLVR first within a depth: the longest jobs start early, and distillation can follow.
  const order: SequenceTrainingName[] = ["rlvr", ...SEQUENCE_TRAININGS.filter((name) => name !== "rlvr")];
  for (const K of [plan.mainK, ...plan.depths.filter((k) => k !== plan.mainK)]) {
    const seeds = K === plan.mainK ? plan.mainSeeds : plan.seeds;
    for (const name of order) {
      for (let seed = 0; seed < seeds; seed++) {
        const needs = [baseId(seed), ...(name === "distill" ? [trainingId("rlvr", K, seed)] : [])];
        jobs.push({ id: trainingId(name, K, seed), kind: "training", training: name, K, seed, needs });
      }
    }
  }
  return jobs;
}

/** The protocol of a job: the plan's, at the job's depth and seed; the base is pretrained on every depth of the sweep. */
export function jobProtocol(plan: SweepPlan, K: number, seed: number): SequenceProtocol {
  const p = sequenceProtocol({ ...plan.protocol, K, seed: `a3/s${seed}` });
  const depths = Array.from({ length: Math.max(...plan.depths) }, (_, i) => i + 1);
  return sequenceProtocol({ ...plan.protocol, K, seed: p.seed, pretrain: { ...p.pretrain, depths } });
}

export interface SweepResult {
  readonly id: string;
  readonly kind: SweepJob["kind"];
  readonly training?: SequenceTrainingName;
  readonly K?: number;
  readonly seed: number;
  readonly seconds: number;
  /** Every record of the training (mean loss, or mean reward and steps of RLVR's groups). */
  readonly history: SequenceRecord[];
  readonly dataWalks?: number;
  /** The model measured at each depth: the sweep's depths for a base, K and its multiples for a training. */
  readonly evaluations: SequenceEvaluation[];
  /** The trained model's parameters (saved for the jobs that need them, not part of the figure data). */
  readonly parameters: Transformer["parameters"];
}

/** One model the explorable replays: which job, what it measured, and its weights. */
export interface ReplayModel {
  readonly model: SequenceTrainingName | "base";
  readonly id: string;
  readonly seed: number;
  /** The seed's measured hitting time at the main depth (a lower bound when `lowerBound`). */
  readonly hittingTime: number;
  readonly lowerBound: boolean;
  readonly config: Transformer["config"];
  readonly parameters: number[];
}

/**
 * The models the explorable replays, one per training (and the base) at the main depth: the
 * seed whose measured hitting time there is the median of its seeds (the lower median for an
 * even count), so the page shows a typical model of each training, not its best. `load(id)`
 * returns a saved job with its parameters.
 */
export function replayModels(plan: SweepPlan, jobs: readonly SweepJob[], load: (id: string) => Pick<SweepResult, "evaluations"> & { parameters: ArrayLike<number> }): ReplayModel[] {
  const config = planModelConfig(plan);
  const names: (SequenceTrainingName | "base")[] = ["base", ...SEQUENCE_TRAININGS];
  return names.map((model) => {
    const candidates = jobs
      .filter((job) => (model === "base" ? job.kind === "base" : job.training === model && job.K === plan.mainK))
      .map((job) => {
        const saved = load(job.id);
        const evaluation = saved.evaluations.find((e) => e.K === plan.mainK);
        if (evaluation === undefined) throw new RangeError(`job ${job.id} has no measurement at K = ${plan.mainK}`);
        return { job, saved, time: evaluation.hittingTime };
      })
      .sort((x, y) => x.time.mean - y.time.mean || x.job.seed - y.job.seed);
    const chosen = candidates[Math.floor((candidates.length - 1) / 2)];
    return {
      model, id: chosen.job.id, seed: chosen.job.seed, hittingTime: chosen.time.mean, lowerBound: chosen.time.lowerBound,
      config, parameters: Array.from(chosen.saved.parameters),
    };
  });
}

/** The configuration of every model of the plan. */
function planModelConfig(plan: SweepPlan): Transformer["config"] {
  const p = sequenceProtocol(plan.protocol);
  return sequenceModelConfig(p.W, p.L, p.sizes);
}

function modelFrom(plan: SweepPlan, parameters: ArrayLike<number>): Transformer {
  const model = createTransformer(planModelConfig(plan), "unused");
  if (parameters.length !== model.parameters.length) {
    throw new RangeError(`a saved model has ${parameters.length} parameters, the plan's model ${model.parameters.length}`);
  }
  model.parameters.set(parameters);
  return model;
}

/** Depth generalisation: the model at factor x K, 50 walks, budget 4x the edge-state optimum there (within the context). */
function deeperEvaluation(model: Transformer, plan: SweepPlan, p: SequenceProtocol, K: number): SequenceEvaluation {
  const shape = pathStar(p.W, K, p.L);
  return evaluateSequenceModel(model, shape, { walks: plan.depthWalks, probes: p.evaluation.probes, budget: deeperBudget(p, K), seed: `${p.seed}/evaluation` });
}

/**
 * Runs one job. `saved(id)` returns the parameters of a job it needs. The clock is
 * the caller's: `now()` in milliseconds (the library uses no Node API).
 */
export function runSweepJob(plan: SweepPlan, job: SweepJob, saved: (id: string) => ArrayLike<number>, now: () => number): SweepResult {
  const start = now();
  const done = (history: SequenceRecord[], evaluations: SequenceEvaluation[], model: Transformer, dataWalks?: number): SweepResult => ({
    id: job.id, kind: job.kind, training: job.training, K: job.K, seed: job.seed, seconds: (now() - start) / 1000,
    history, dataWalks, evaluations, parameters: model.parameters,
  });
  if (job.kind === "base-check") {
    const c = plan.baseCheck;
    const p = sequenceProtocol({ ...plan.protocol, W: c.W, K: c.K, L: c.L, seed: "a3/base-check", pretrain: { depths: [c.K] } });
    const { model, history } = pretrainBase(p);
    const evaluation = evaluateSequenceModel(model, pathStar(c.W, c.K, c.L), { walks: c.walks, budget: c.budget, probes: p.evaluation.probes, seed: `${p.seed}/evaluation` });
    return done(history, [evaluation], model);
  }
  if (job.kind === "base") {
    const p = jobProtocol(plan, plan.mainK, job.seed);
    const { model, history } = pretrainBase(p);
    return done(history, plan.depths.map((K) => evaluateAtDepth(model, jobProtocol(plan, K, job.seed), K)), model);
  }
  const K = job.K!;
  const p = jobProtocol(plan, K, job.seed);
  const base = modelFrom(plan, saved(baseId(job.seed)));
  const teacher = job.training === "distill" ? modelFrom(plan, saved(trainingId("rlvr", K, job.seed))) : undefined;
  const { model, history, dataWalks } = runSequenceTraining(job.training!, base, p, teacher);
  const evaluations = [evaluateAtDepth(model, p, K)];
  if (K === plan.mainK) for (const f of plan.depthFactors) evaluations.push(deeperEvaluation(model, plan, p, f * K));
  return done(history, evaluations, model, dataWalks);
}
