import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, decisionCount, distill, expectedExitTime, expectedHittingTime, familyProbabilities, optimalPolicy,
  isRecordedStep, pathStar, trainRlvr, trainSft, TRAINING_LIMITS, decisionIndex, decisionName, policyFromTheta, policyGradient,
} from "../src";
import { defaultHistoryPoints } from "../src/train/run";
import type { TrainingRecord } from "../src";

const relative = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
const last = (history: TrainingRecord[]) => history[history.length - 1];

test("Theorem 2: SFT on golden paths drives a and c toward 1 and leaves b and d at their base values, in both modes", () => {
  const shape = pathStar(4, 3, 3);
  const base = basePolicy(shape);
  for (const mode of ["population", "sampled"] as const) {
    for (const optimizer of ["gradient", "sign", "adam"] as const) {
      const { policy, history } = trainSft(shape, { mode, optimizer, steps: 300, learningRate: optimizer === "gradient" ? 1 : 0.05 });
      for (const family of ["a", "c"] as const) {
        const start = familyProbabilities(base, family);
        familyProbabilities(policy, family).forEach((p, j) => assert.ok(p > Math.max(start[j], 0.9), `${mode} ${optimizer} ${family}_${j + 1} = ${p}`));
      }
      for (const family of ["b", "d"] as const) {
        const start = familyProbabilities(base, family);
        familyProbabilities(policy, family).forEach((p, j) => assert.ok(Math.abs(p - start[j]) < 1e-12, `${family}_${j + 1}`));
      }
      assert.ok(last(history).loss! < history[1].loss!, "the cross-entropy falls");
    }
  }
});

test("the SFT policy's hitting time grows by about (L+1)^2/L per extra diamond", () => {
  for (const L of [2, 5]) {
    const trained = (K: number) => trainSft(pathStar(3, K, L), { steps: 400, optimizer: "adam", learningRate: 0.1 }).policy;
    const ratio = expectedHittingTime(pathStar(3, 11, L), trained(11)) / expectedHittingTime(pathStar(3, 10, L), trained(10));
    assert.ok(relative(ratio, (L + 1) ** 2 / L) < 0.05, `L = ${L}: ratio ${ratio}`);
    assert.ok(expectedExitTime(pathStar(3, 10, L), trained(10)) > expectedExitTime(pathStar(3, 10, L), basePolicy(pathStar(3, 10, L))));
  }
});

test("Figure 3 protocol: 1200 exact sign steps of 0.01 take G(15, 15, 5) from 50142 to within 1% of 900", () => {
  const shape = pathStar(15, 15, 5);
  const { history, policy } = trainRlvr(shape);
  assert.equal(history.length, 1201);
  assert.ok(relative(history[0].hittingTime!, 50142) < 1e-12);
  assert.ok(relative(last(history).hittingTime!, 900) < 0.01, `final ${last(history).hittingTime}`);
  assert.ok(relative(expectedHittingTime(shape, policy), last(history).hittingTime!) < 1e-12);
  // The hitting time falls over training (checked every 100 steps: sign steps may wobble in between).
  for (let s = 100; s <= 1200; s += 100) assert.ok(history[s].hittingTime! < history[s - 100].hittingTime!);
  for (const family of ["a", "b", "c", "d"] as const) familyProbabilities(policy, family).forEach((p) => assert.ok(p > 0.99));
});

test("RLVR sampled with a group baseline and the default budget gets within 10% of the optimum on G(5, 5, 3), seeded", () => {
  // The default budget (8 times the base walk's E[T]) keeps the reward's gradient on the side of
  // backtracking; its length penalty is gentler than a binding budget's, so this takes more updates.
  const shape = pathStar(5, 5, 3);
  const optimum = expectedHittingTime(shape, optimalPolicy(shape));
  const run = (steps: number) => trainRlvr(shape, { mode: "sampled", steps: steps, groupSize: 64, seed: "test" });
  const { history } = run(4000);
  assert.ok(last(history).hittingTime! < 1.1 * optimum, `final ${last(history).hittingTime} vs optimum ${optimum}`);
  assert.ok(last(history).meanReward! > history[1].meanReward!);
  assert.deepEqual(run(20).theta, run(20).theta, "the same seed gives the same training run");
});

test("Theorem 5: the student distilled from the Figure 3 teacher ends within 5% of the teacher; golden data leaves b and d at base", () => {
  const shape = pathStar(15, 15, 5);
  const teacher = trainRlvr(shape).policy;
  const teacherTime = expectedHittingTime(shape, teacher);
  const student = distill(shape, { teacher });
  assert.ok(relative(last(student.history).hittingTime!, teacherTime) < 0.05, `student ${last(student.history).hittingTime} vs ${teacherTime}`);
  const control = distill(shape, { teacher, source: "golden", traces: 200 });
  for (const family of ["b", "d"] as const) {
    const start = familyProbabilities(basePolicy(shape), family);
    familyProbabilities(control.policy, family).forEach((p, j) => assert.ok(Math.abs(p - start[j]) < 1e-12));
  }
  assert.ok(last(control.history).hittingTime! > 100 * teacherTime);
  const exact = distill(shape, { teacher, mode: "population" });
  assert.ok(relative(last(exact.history).hittingTime!, teacherTime) < 0.05);
});

test("the progress callback sees every update", () => {
  const seen: number[] = [];
  trainRlvr(pathStar(2, 2, 2), { steps: 7, onProgress: (record, total) => seen.push(record.step, total) });
  assert.deepEqual(seen, [1, 7, 2, 7, 3, 7, 4, 7, 5, 7, 6, 7, 7, 7]);
});

test("bad training options are refused with a message naming the option", () => {
  const shape = pathStar(3, 3, 2);
  for (const learningRate of [0, -0.1, NaN, Infinity]) {
    assert.throws(() => trainRlvr(shape, { learningRate }), /learningRate must be a finite number greater than 0/);
    assert.throws(() => trainSft(shape, { learningRate }), /learningRate must be a finite number greater than 0/);
  }
  assert.throws(() => trainRlvr(shape, { steps: 0 }), /steps must be an integer from 1/);
  assert.throws(() => trainSft(shape, { mode: "sampled", traces: 0 }), /traces must be an integer from 1/);
  assert.throws(() => distill(shape, { teacher: basePolicy(shape), traces: 0 }), /traces must be an integer from 1/);
  assert.throws(() => trainRlvr(shape, { mode: "sampled", budget: 7 }), /budget must be an integer from 8/);
  assert.throws(() => trainRlvr(shape, { optimizer: "sgd" as never }), /optimizer must be one of "gradient", "sign", "adam"/);
  assert.throws(() => trainRlvr(shape, { mode: "bandit" as never }), /mode must be one of "exact", "sampled"/);
  assert.throws(() => trainRlvr(shape, { initialTheta: new Float64Array(decisionCount(shape) - 1) }), /initialTheta must have 12 entries/);
});

test("a run keeps min(steps + 1, historyPoints) records, evenly spaced, the first and the last among them", () => {
  for (const [steps, points] of [[1, 2], [7, 2001], [10, 11], [10, 3], [1000, 7], [12345, 2001], [2000, 2001], [2001, 2001]]) {
    const kept: number[] = [];
    for (let step = 0; step <= steps; step++) if (isRecordedStep(step, steps, points)) kept.push(step);
    assert.equal(kept.length, Math.min(steps + 1, points), `${steps} steps, ${points} points`);
    assert.equal(kept[0], 0);
    assert.equal(kept[kept.length - 1], steps);
    const gaps = kept.slice(1).map((s, i) => s - kept[i]);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `even spacing: gaps ${Math.min(...gaps)} to ${Math.max(...gaps)}`);
  }
});

test("long runs keep a bounded history whose records are those of the run", () => {
  const shape = pathStar(2, 2, 2);
  const rlvr = trainRlvr(shape, { steps: 20000, historyPoints: 101 });
  assert.deepEqual(rlvr.history.map((r) => r.step), Array.from({ length: 101 }, (_, i) => 200 * i));
  assert.ok(relative(last(rlvr.history).hittingTime!, expectedHittingTime(shape, rlvr.policy)) < 1e-12);
  // The kept records are the same as a short run's at those steps.
  const short = trainRlvr(shape, { steps: 400 });
  assert.deepEqual(rlvr.history[2], short.history[400]);
  const sft = trainSft(shape, { steps: 1000, historyPoints: 11 });
  assert.deepEqual(sft.history.map((r) => r.step), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  assert.ok(sft.history.every((r) => r.loss !== undefined || r.step === 0));
});

test("a run too long to finish is refused before it starts, stating the limit", () => {
  assert.throws(() => trainRlvr(pathStar(3, 1000, 2), { steps: 10_000_000 }), /steps times decisions must be at most 2000000000 \(TRAINING_LIMITS.maxDecisionUpdates.*got 10000000 steps of 4000 decisions/);
  assert.throws(() => trainRlvr(pathStar(3, 3, 2), { steps: 10_000_001 }), /steps must be an integer from 1 to 10000000/);
  assert.throws(() => trainRlvr(pathStar(3, 3, 2), { mode: "sampled", budget: 1e9 }), /steps \* groupSize \* budget must be at most 10000000000/);
});

test("exact RLVR says when the hitting time leaves the double range, instead of failing on a NaN logit", () => {
  // G(3, 50000, 5): the base walk takes 9.0e10 steps; after one exact sign step of 0.01 on all 200000 logits, 10^439.
  assert.throws(() => trainRlvr(pathStar(3, 50000, 5)), /the expected hitting time went beyond the double range after step 1 \(log10 E\[T\] = 439\.\d+ on G\(W = 3, K = 50000, L = 5\)\)/);
});

test("memory is bounded before anything is allocated: a history, demonstrations or a group that would not fit is refused, naming the option and the limit", () => {
  const big = pathStar(3, 10000, 5); // 40000 decisions
  assert.throws(() => trainRlvr(big, { steps: 50000, historyPoints: 50000 }),
    /a history of min\(steps \+ 1, historyPoints\) records of every decision's probability would keep 50000 x 40000 = 2000000000 numbers on G\(W = 3, K = 10000, L = 5\), more than 100000000 \(TRAINING_LIMITS.maxStoredNumbers, about 800 MB\): historyPoints must be at most 2500 here/);
  assert.throws(() => trainRlvr(big, { steps: 3000, historyPoints: 50000 }), /3001 x 40000 = 120040000 numbers .*: steps \+ 1 must be at most 2500 here/);
  assert.throws(() => trainSft(big, { mode: "sampled", traces: 10000 }), /golden paths and their decision tallies would keep 10000 x \d+ = \d+ numbers .*: traces must be at most \d+ here/);
  assert.throws(() => distill(big, { teacher: basePolicy(big), traces: 10000 }), /the teacher walks' decision tallies \(two per decision\) would keep 10000 x 80000 = 800000000 numbers .*: traces must be at most 1250 here/);
  assert.throws(() => trainRlvr(big, { mode: "sampled", steps: 1, groupSize: 10000, budget: 1e5 }), /a group's rollout tallies \(two per decision\) would keep 10000 x 80000 = 800000000 numbers .*: groupSize must be at most 1250 here/);
  // By default a history keeps fewer records where 2001 would not fit, and the run is not refused for it.
  assert.equal(defaultHistoryPoints(pathStar(3, 3, 2)), 2001);
  assert.equal(defaultHistoryPoints(pathStar(3, 50000, 5)), 500);
  assert.equal(TRAINING_LIMITS.maxStoredNumbers / decisionCount(pathStar(3, 50000, 5)), 500);
});

test("the learning rate is refused above its range, and a logit that overflows names the learning rate", () => {
  const shape = pathStar(3, 3, 2);
  for (const learningRate of [1001, 1e308]) {
    assert.throws(() => trainRlvr(shape, { learningRate }), /learningRate must be a finite number greater than 0 and at most 1000, got/);
  }
  // At G(3, 358, 5) with a and c near 1 (logit 40), E[T] is near 1e308 and so is its gradient: one plain gradient
  // step of 1000 takes a logit past the double range, and the error names the update, the logit and the learning rate.
  const deep = pathStar(3, 358, 5);
  const initialTheta = new Float64Array(decisionCount(deep));
  for (let j = 1; j <= deep.K; j++) initialTheta[decisionIndex(deep, "a", j)] = initialTheta[decisionIndex(deep, "c", j)] = 40;
  const { gradient } = policyGradient(deep, policyFromTheta(deep, initialTheta));
  const first = gradient.findIndex((g, k) => !Number.isFinite(initialTheta[k] - 1000 * g));
  assert.ok(first >= 0 && gradient.every(Number.isFinite), "the gradient is finite, one step of 1000 times it is not");
  assert.throws(
    () => trainRlvr(deep, { optimizer: "gradient", learningRate: 1000, steps: 2, initialTheta }),
    new RegExp(`update 1 made theta\\[${first}\\] \\(${decisionName(deep, first)}\\) -?Infinity: learningRate 1000 times the gradient overflows the logits`),
  );
});
