/**
 * The page's worker. A numbers job computes the exact numbers of a size with a
 * large K, a curves job the exact curves of the gap figure. A
 * training job, for the current G(W, K, L) and update rule, trains SFT on golden
 * paths and RLVR (exact gradients, from the base model), distils students from
 * the RLVR policy's walks, and checks Corollary 1's closed forms by Monte Carlo;
 * each part is posted as soon as it is done. A replay job samples one walk of a
 * trained transformer (section 7). The page runs one worker for each
 * kind of job and replaces it when a new job makes the running one stale.
 */
import {
  buildGraph,
  createRng,
  dedupSftLimitHittingTime,
  DISTILLATION_BY_TRACES_DEFAULTS,
  distillationByTracesData,
  meanWithInterval,
  optimalPolicy,
  pathStar,
  plainGradientLearningRate,
  requireInteger,
  sampleDedupHittingTimes,
  sftLimitPolicy,
  trainRlvr,
  trainSft,
} from "rlvr-backtracking";
// The library's own check, not in its public index.
import type { GraphShape, OptimizerName, Policy } from "rlvr-backtracking";
import { gapCurves } from "./curves";
import { quantities } from "./quantities";
import type { Job, ReplayJob, Reply, TrainingJob } from "./protocol";
import { readReplayData } from "./replay-data";
import { postedWalk, replayWalk } from "./replay-walk";
import { buffersOf, packRun, TRAINING_STEPS as STEPS } from "./protocol";

/** Monte Carlo walks for the Corollary 1 check, fewer when each walk is long. */
const DEDUP_WALKS = 2000;
/** Steps of all Monte Carlo walks together: a few seconds at most. */
const DEDUP_STEP_BUDGET = 5e7;
/**
 * Sizes the page trains at: each of the 1200 updates is O(W K), and the students'
 * data are up to 1443 teacher walks of about 4 W K steps each.
 */
const TRAINED_SIZE_LIMITS = { W: 100, K: 100, L: 100 };

/**
 * Step sizes. Sign steps use the paper's 0.01 and Adam 0.05 for both objectives.
 * Plain gradient steps depend on the objective's scale: 0.5 on the cross-entropy
 * (SFT, distillation); on E[T], whose gradient at the base model runs into the
 * thousands and grows with the graph, a step that moves the largest logit by
 * 0.002 on the first update. Plain gradient descent on E[T] is badly conditioned:
 * steps that fit the start can blow up later, and on the largest graphs even
 * these do (the page then shows the library's error).
 */
const PLAIN_FIRST_STEP = 0.002;

function learningRates(shape: GraphShape, optimizer: OptimizerName): { sft: number; rlvr: number } {
  if (optimizer === "sign") return { sft: 0.01, rlvr: 0.01 };
  if (optimizer === "adam") return { sft: 0.05, rlvr: 0.05 };
  return { sft: 0.5, rlvr: plainGradientLearningRate(shape, PLAIN_FIRST_STEP) };
}

/**
 * After STEPS sign steps from theta = 0, a logit whose gradient was negative at
 * every step stands at exactly the sum of STEPS step sizes (added in the same
 * order as the optimizer adds them); any other logit stands below it.
 */
function lockstepOf(theta: Float64Array, learningRate: number): { logits: number; everyStepUp: number; theta: number } {
  let top = 0;
  for (let step = 0; step < STEPS; step++) top -= learningRate * -1;
  return { logits: theta.length, everyStepUp: theta.filter((x) => x === top).length, theta: top };
}

/** Posts `reply`, handing over the buffers of its training runs (not copied). */
function post(reply: Reply): void {
  const transfer = reply.kind === "training" ? [...buffersOf(reply.sft), ...buffersOf(reply.rlvr)] : [];
  (self as unknown as { postMessage(r: Reply, transfer: ArrayBuffer[]): void }).postMessage(reply, transfer);
}

/** Runs `part`, posting its reply or the library's error message. */
function attempt(id: number, part: "training" | "distillation" | "dedup" | "replay", run: () => Reply): void {
  try {
    post(run());
  } catch (error) {
    post({ id, kind: "error", part, message: (error as Error).message });
  }
}

self.onmessage = (event: MessageEvent<Job>) => {
  const job = event.data;
  if (job.kind === "curves") post({ ...job, ...gapCurves(job.W, job.K, job.L) });
  else if (job.kind === "numbers") post({ id: job.id, kind: "numbers", quantities: quantities(job.W, job.K, job.L) });
  else if (job.kind === "replay") attempt(job.id, "replay", () => replay(job));
  else train(job);
};

function replay({ id, models, model, K, episode }: ReplayJob): Reply {
  const data = readReplayData(models);
  const started = performance.now();
  const { walk, budget } = replayWalk(data, model, K, episode);
  return { id, kind: "replay", model, K, episode, budget, walk: postedWalk(walk), sampleMs: performance.now() - started };
}

function train({ id, W, K, L, optimizer }: TrainingJob): void {
  let shape: GraphShape;
  try {
    shape = pathStar(
      requireInteger("W", W, 1, TRAINED_SIZE_LIMITS.W),
      requireInteger("K", K, 1, TRAINED_SIZE_LIMITS.K),
      requireInteger("L", L, 1, TRAINED_SIZE_LIMITS.L),
    );
  } catch (error) {
    const message = `${(error as Error).message} (the page trains graphs up to W = ${TRAINED_SIZE_LIMITS.W}, K = ${TRAINED_SIZE_LIMITS.K}, L = ${TRAINED_SIZE_LIMITS.L})`;
    for (const part of ["training", "dedup", "distillation"] as const) post({ id, kind: "error", part, message });
    return;
  }
  attempt(id, "training", () => {
    const rates = learningRates(shape, optimizer);
    const sft = trainSft(shape, { steps: STEPS, optimizer, learningRate: rates.sft });
    let rlvr;
    try {
      rlvr = trainRlvr(shape, { steps: STEPS, optimizer, learningRate: rates.rlvr });
    } catch (error) {
      throw new RangeError(`RLVR's steps diverged at this size (${(error as Error).message}); choose Adam or sign steps, or a smaller graph`);
    }
    const lockstep = optimizer === "sign" ? lockstepOf(rlvr.theta, rates.rlvr) : null;
    return { id, kind: "training", learningRates: rates, steps: STEPS, sft: packRun(sft.history), rlvr: packRun(rlvr.history), lockstep };
  });
  attempt(id, "dedup", () => {
    const graph = buildGraph(shape);
    const walks = Math.min(DEDUP_WALKS, Math.floor(DEDUP_STEP_BUDGET / dedupSftLimitHittingTime(shape)));
    const check = (policy: Policy, seed: string) =>
      meanWithInterval(sampleDedupHittingTimes(graph, policy, createRng(seed), { problems: walks }));
    const sft = check(sftLimitPolicy(shape), "explorable/dedup/sft");
    const optimal = check(optimalPolicy(shape), "explorable/dedup/optimal");
    return { id, kind: "dedup", walks, sftMean: sft.mean, sftHalfWidth: sft.halfWidth, optimalMean: optimal.mean, optimalHalfWidth: optimal.halfWidth };
  });
  // The library's distillation figure data: Figure 3's teacher, students with this page's update rule.
  attempt(id, "distillation", () => {
    const params = { ...DISTILLATION_BY_TRACES_DEFAULTS, W, K, L, optimizer, learningRate: learningRates(shape, optimizer).sft, steps: STEPS };
    return { id, kind: "distillation", data: distillationByTracesData({ ...params, seed: "explorable/distillation" }) };
  });
}
