import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { baseHittingTime, createRng, pathStar, transformerLogits } from "../src";
import { createOptimizer } from "../src/train/optimizer";
import { evaluateSequenceModel, stepOnWalks, transformerPolicy, walkExample } from "../src/train/sequence-model";
import { goldenWalks, randomWalks, successfulWalks } from "../src/train/sequence-data";
import { pretrainSequenceBase, trainSequenceRlvr, trainSequenceSft } from "../src/train/sequence-train";
import { runSequenceTraining, sequenceProtocol } from "../src/train/sequence-protocol";
import { replayModels, runSweepJob, SEQUENCE_SWEEP_PLAN, SEQUENCE_SWEEP_SMOKE_PLAN, sweepJobs } from "../src/train/sequence-sweep";
import { trainSequenceForCli } from "../src/train/sequence-cli";
import { backOffProbabilities, probeWalks } from "../src/sequence";

const tinyBase = () => pretrainSequenceBase(2, 1, [1], { seed: "test", steps: 100, learningRate: 0.01, batch: 8, maxLength: 64 });

test("the base model, pretrained on random walks, matches the exact random walk within its Monte Carlo interval", () => {
  const { model } = tinyBase();
  const shape = pathStar(2, 1, 1);
  const e = evaluateSequenceModel(model, shape, { walks: 400, budget: 1000, probes: 4, seed: "test" });
  assert.equal(e.hittingTime.censored, 0);
  const tolerance = 4 * e.hittingTime.standardError;
  assert.ok(Math.abs(e.hittingTime.mean - baseHittingTime(shape)) <= tolerance, `${e.hittingTime.mean} ± ${tolerance} against ${baseHittingTime(shape)}`);
});

test("one gradient step on a walk with a positive weight makes the walk more likely, a negative weight less", () => {
  const { model } = tinyBase();
  const walk = randomWalks(2, 1, [1], createRng("walk"), 1, 40)[0];
  const nll = (m: typeof model) => {
    const logits = transformerLogits(m, walk.tokens.subarray(0, walk.moves.length));
    const moves = 2 + 1 + 2;
    let total = 0;
    walk.moves.forEach((move, t) => {
      let z = 0;
      for (let k = 0; k < moves; k++) if (walk.legal[t * moves + k]) z += Math.exp(logits[t * moves + k]);
      total += Math.log(z) - logits[t * moves + move];
    });
    return total;
  };
  const before = nll(model);
  for (const sign of [1, -1]) {
    const copy = { config: model.config, parameters: model.parameters.slice() };
    stepOnWalks(copy, createOptimizer("gradient", 1e-3, copy.parameters.length), [walk], [sign]);
    assert.ok(sign * (nll(copy) - before) < 0, `weight ${sign}: ${before} -> ${nll(copy)}`);
  }
  assert.equal(walkExample(walk).tokens.length, walk.moves.length, "the last token (the answer) is read by no move");
});

test("SFT on golden paths learns the golden moves; the same seed gives the same model", () => {
  const { model } = tinyBase();
  const data = goldenWalks(2, 1, [1], createRng("golden"), 32);
  const run = () => trainSequenceSft(model, data, { steps: 60, seed: "sft" });
  const a = run();
  const b = run();
  assert.deepEqual(Array.from(a.model.parameters), Array.from(b.model.parameters));
  assert.ok(a.history[a.history.length - 1].loss! < a.history[0].loss!);
  const probes = probeWalks(pathStar(2, 1, 1), createRng("probe"), 10);
  const before = backOffProbabilities(transformerPolicy(model), probes);
  const after = backOffProbabilities(transformerPolicy(a.model), probes);
  assert.ok(after.a > before.a && after.c > before.c, `golden moves: a ${before.a} -> ${after.a}, c ${before.c} -> ${after.c}`);
});

test("RLVR: seeded, and refuses a budget past the context or a group of one", () => {
  const { model } = tinyBase();
  const run = () => trainSequenceRlvr(model, 2, 1, [1], { steps: 3, groupSize: 4, budgets: [84], seed: "r" });
  assert.deepEqual(run().history, run().history);
  assert.throws(() => trainSequenceRlvr(model, 2, 1, [1], { budgets: [5000] }), /budgets\[0\] must be an integer from 1 to 2048/);
  assert.throws(() => trainSequenceRlvr(model, 2, 1, [1], { budgets: [84], groupSize: 1 }), /groupSize must be an integer from 2/);
  assert.throws(() => trainSequenceRlvr(model, 2, 1, [1, 2], { budgets: [84] }), /budgets must list one budget per depth/);
});

test("distillation needs successful teacher walks: none within a budget of 1 is an error, not an empty training", () => {
  const { model } = tinyBase();
  assert.equal(successfulWalks(model, 2, 1, [1], createRng("t"), 5, 1).length, 0);
  const p = sequenceProtocol({ W: 2, K: 1, L: 1, rlvr: { budgetFactor: 0.01 }, distill: { attempts: 5 } });
  assert.throws(() => runSequenceTraining("distill", model, p, model), /found the answer in none of its 5 walks/);
  assert.throws(() => runSequenceTraining("distill", model, p), /distill needs the rlvr model/);
});

test("every training of the protocol runs from the protocol's own options (each trainer gets only the options it knows)", () => {
  const { model } = tinyBase();
  const p = sequenceProtocol({ W: 2, K: 1, L: 1, sft: { steps: 2, walks: 8 }, rlvr: { steps: 2, groupSize: 4 } });
  const rlvr = runSequenceTraining("rlvr", model, p);
  assert.ok(rlvr.history.length > 0);
  for (const name of ["sft", "sft-backtrack", "sft-random"] as const) {
    assert.equal(runSequenceTraining(name, model, p).dataWalks, 8);
  }
});

test("a measurement's budget must fit in the model's context", () => {
  const { model } = tinyBase();
  assert.throws(() => evaluateSequenceModel(model, pathStar(2, 1, 1), { walks: 2, budget: 5000, probes: 1, seed: "x" }), /budget must be an integer from 1 to 2048/);
});

test("the sweep's jobs: every job after the jobs it needs, the counts of the plan", () => {
  for (const plan of [SEQUENCE_SWEEP_PLAN, SEQUENCE_SWEEP_SMOKE_PLAN]) {
    const jobs = sweepJobs(plan);
    const seen = new Set<string>();
    for (const job of jobs) {
      for (const need of job.needs) assert.ok(seen.has(need), `${job.id} needs ${need} before it`);
      seen.add(job.id);
    }
    const trainings = 5 * (plan.mainSeeds + plan.seeds * (plan.depths.length - 1));
    assert.equal(jobs.length, 1 + plan.mainSeeds + trainings);
  }
  const plan = SEQUENCE_SWEEP_SMOKE_PLAN;
  const job = sweepJobs(plan)[1];
  const clock = () => 0;
  const a = runSweepJob(plan, job, () => [], clock);
  const b = runSweepJob(plan, job, () => [], clock);
  assert.deepEqual(a, b, "a job is a function of the plan alone");
});

test("the explorable replays, per training, the seed with the median hitting time at the main depth", () => {
  const plan = { ...SEQUENCE_SWEEP_PLAN, mainSeeds: 4, seeds: 2 };
  const jobs = sweepJobs(plan);
  // Seed s's job measures 100 - 10 s at the main depth (base: 50 + s); the parameters say which job was read.
  const timeOf = (id: string, seed: number) => (id.startsWith("base/") ? 50 + seed : 100 - 10 * seed);
  const load = (id: string) => {
    const job = jobs.find((j) => j.id === id)!;
    const hittingTime = { mean: timeOf(id, job.seed), lowerBound: job.seed === 3 };
    return { evaluations: [{ K: plan.mainK, hittingTime }] as never, parameters: [job.seed] };
  };
  const models = replayModels(plan, jobs, load);
  assert.deepEqual(models.map((m) => m.model), ["base", "sft", "rlvr", "distill", "sft-backtrack", "sft-random"]);
  // Four seeds: the lower median of the sorted times is the second smallest.
  assert.deepEqual(models.map((m) => [m.id, m.seed, m.hittingTime, m.parameters[0]]), [
    ["base/s1", 1, 51, 1],
    ...["sft", "rlvr", "distill", "sft-backtrack", "sft-random"].map((name) => [`${name}/K${plan.mainK}/s2`, 2, 80, 2]),
  ]);
  assert.ok(models.every((m) => !m.lowerBound && m.config.width === 32));
});

test("CLI: --steps 0 measures the base model; bad options are refused by name", () => {
  const r = trainSequenceForCli("seq-sft", { W: 2, K: 1, L: 1 }, { steps: 0, walks: 50 });
  assert.equal(r.seeds.length, 1);
  assert.deepEqual(r.references, { base: 28, edgeState: 10, memory: 7 });
  const s = r.seeds[0];
  assert.ok(s.interval[0] <= s.hittingTime && s.hittingTime <= s.interval[1] && s.finalLoss === undefined);
  // The default budget is RLVR's at K (3 x 28); --budget replaces it, up to the context.
  assert.equal(s.budget, 84);
  const longer = trainSequenceForCli("seq-sft", { W: 2, K: 1, L: 1 }, { steps: 0, walks: 50, budget: 2000 });
  assert.equal(longer.options.budget, 2000);
  assert.equal(longer.seeds[0].budget, 2000);
  assert.throws(() => trainSequenceForCli("seq-sft", { W: 2, K: 1, L: 1 }, { budget: 3000 }), /budget must be an integer from 1 to 2048/);
  assert.throws(() => trainSequenceForCli("seq-sft", { W: 9, K: 1, L: 1 }), /W must be an integer from 1 to 8/);
  assert.throws(() => trainSequenceForCli("seq-rlvr", { W: 2, K: 1, L: 1 }, { groupSize: 100000 }), /groupSize must be an integer from 2 to 256/);
  assert.throws(() => trainSequenceForCli("seq-rlvr", { W: 2, K: 1, L: 1 }, { contextLength: 1e6 }), /contextLength must be an integer from 16 to 4096/);
  assert.throws(() => trainSequenceForCli("seq-sft", { W: 3, K: 8, L: 4 }, { contextLength: 64 }), /contextLength must be at least RLVR's budget \d+ at K = 1, got 64/);
  assert.throws(() => trainSequenceForCli("seq-nope", { W: 2, K: 1, L: 1 }), /trainer must be one of seq-sft, seq-rlvr, seq-distill/);
  const bin = join(__dirname, "..", "..", "bin", "rlvr-backtracking.js");
  const cli = spawnSync(process.execPath, [bin, "train", "seq-rlvr", "--W", "2", "--K", "1", "--L", "1", "--steps", "-1"], { encoding: "utf8" });
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, /--steps must be an integer from 0 to 10000/);
});
