import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkUniformSignTrajectory, decisionCount, distill, distilledStudentSpread, expectedHittingTime, pathStar,
  policyFromTheta, rmsDeviation, rmsRatioBounds, trainRlvr,
} from "../src";

test("the sign run from the base model is theta_t = lr t while every gradient entry is negative", () => {
  for (const shape of [pathStar(3, 3, 2), pathStar(2, 5, 1)]) {
    const steps = 300;
    const check = checkUniformSignTrajectory(shape, { learningRate: 0.01, steps });
    const run = trainRlvr(shape, { steps, learningRate: 0.01 });
    const until = check.allNegativeSteps;
    for (let t = 0; t <= until && t < steps; t++) {
      const expected = policyFromTheta(shape, new Float64Array(decisionCount(shape)).fill(0.01 * t));
      assert.ok(Math.abs(run.history[t].probabilities.a[0] - expected.desired[0]) < 1e-12);
    }
    if (check.firstNonNegative) {
      // One step after the first non-negative entry, the run leaves the uniform trajectory.
      const t = check.firstNonNegative.step + 1;
      const uniform = policyFromTheta(shape, new Float64Array(decisionCount(shape)).fill(0.01 * t));
      const all = Object.values(run.history[t].probabilities).flat();
      const expected = Array.from(uniform.desired);
      assert.notDeepEqual(all.map((p) => p.toFixed(12)).sort(), expected.map((p) => p.toFixed(12)).sort());
    }
  }
  // At G(3, 3, 2) every entry stays negative; at G(2, 5, 1) b_1's does not at the base model.
  assert.equal(checkUniformSignTrajectory(pathStar(3, 3, 2), { learningRate: 0.01, steps: 300 }).firstNonNegative, null);
  assert.equal(checkUniformSignTrajectory(pathStar(2, 5, 1), { learningRate: 0.01, steps: 300 }).firstNonNegative?.step, 0);
});

test("the delta-method spread of a distilled student matches its spread over data sets", () => {
  const shape = pathStar(4, 3, 2);
  const teacher = trainRlvr(shape, { steps: 150 }).policy;
  const teacherTime = expectedHittingTime(shape, teacher);
  const traces = 200;
  const seeds = 12;
  const times = Array.from({ length: seeds }, (_, i) => expectedHittingTime(shape, distill(shape, {
    teacher, traces, seed: `spread/${i}`, optimizer: "adam", learningRate: 0.1, batchSize: 256, steps: 600,
  }).policy));
  const ratio = rmsDeviation(times, teacherTime) / distilledStudentSpread(shape, teacher, traces);
  const { low, high } = rmsRatioBounds(seeds, 4);
  assert.ok(ratio > low && ratio < high, `rms / predicted = ${ratio}, bounds [${low}, ${high}]`);
  assert.equal(distilledStudentSpread(shape, teacher, 4 * traces) * 2, distilledStudentSpread(shape, teacher, traces));
});
