import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, buildGraph, compileSamplingTable, createRng, decisionCount, decisionName, defaultBudget,
  expectedHittingTime, optimalHittingTime, pathStar, policyFromTheta, policyGradient, rolloutReward,
  sampleRollout, truncatedRewardGradient,
} from "../src";
import type { GraphShape, Policy } from "../src";

const names = (shape: GraphShape, keep: (k: number) => boolean) =>
  Array.from({ length: decisionCount(shape) }, (_, k) => k).filter(keep).map((k) => decisionName(shape, k));

test("the truncated reward's gradient is the derivative of its value (central differences)", () => {
  const rng = createRng("truncated-reward/fd");
  for (const [shape, budget] of [[pathStar(3, 2, 2), 60], [pathStar(2, 3, 1), 40]] as const) {
    const theta = Float64Array.from({ length: decisionCount(shape) }, () => 2 * rng() - 1);
    const { gradient } = truncatedRewardGradient(shape, policyFromTheta(shape, theta), { budget, lengthPenalty: 0.7 });
    const scale = Math.max(...Array.from(gradient, Math.abs));
    const h = 1e-5;
    gradient.forEach((g, k) => {
      const moved = (delta: number) => {
        const t = Float64Array.from(theta);
        t[k] += delta;
        return truncatedRewardGradient(shape, policyFromTheta(shape, t), { budget, lengthPenalty: 0.7 }).reward;
      };
      const fd = (moved(h) - moved(-h)) / (2 * h);
      // Central differences err by about h^2 times the third derivative, and by rounding 1e-16 / h.
      assert.ok(Math.abs(fd - g) <= 1e-7 * scale, `${decisionName(shape, k)}: finite difference ${fd}, computed ${g}`);
    });
  }
});

test("the truncated reward is the mean reward of sampled rollouts (4 standard errors)", () => {
  const shape = pathStar(3, 3, 2);
  const policy = basePolicy(shape);
  const budget = 200;
  const exact = truncatedRewardGradient(shape, policy, { budget }).reward;
  const table = compileSamplingTable(buildGraph(shape, 0));
  const rng = createRng("truncated-reward/mc");
  const walks = 20000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < walks; i++) {
    const reward = rolloutReward(sampleRollout(table, policy, rng, budget), budget);
    sum += reward;
    squares += reward * reward;
  }
  const mean = sum / walks;
  const standardError = Math.sqrt((squares / walks - mean * mean) / walks);
  assert.ok(Math.abs(mean - exact) <= 4 * standardError, `exact ${exact}, sampled ${mean} ± ${4 * standardError}`);
});

test("with a budget far above the hitting time, budget x the reward's gradient is minus the gradient of E[T]", () => {
  const shape = pathStar(3, 3, 2);
  const policy: Policy = policyFromTheta(shape, Float64Array.from({ length: decisionCount(shape) }, (_, k) => 0.1 * (k % 3)));
  const budget = Math.ceil(60 * expectedHittingTime(shape, policy));
  const { gradient } = truncatedRewardGradient(shape, policy, { budget });
  const exact = policyGradient(shape, policy).gradient;
  const scale = Math.max(...Array.from(exact, Math.abs));
  // E[R] = 1 - E[T] / B up to terms in P(T > B), which at 60 times the mean is below 1e-12 here.
  exact.forEach((g, k) => {
    assert.ok(Math.abs(-budget * gradient[k] - g) <= 1e-6 * scale, `${decisionName(shape, k)}: ${-budget * gradient[k]} vs ${g}`);
  });
});

test("at the base model the default budget's reward gradient points toward every desired move, backtracking included", () => {
  // Sizes where descent on E[T] itself raises every decision at the base model.
  for (const shape of [pathStar(5, 5, 3), pathStar(3, 3, 2), pathStar(3, 4, 2), pathStar(4, 6, 2), pathStar(2, 2, 3), pathStar(6, 3, 1)]) {
    assert.deepEqual(names(shape, (k) => !(policyGradient(shape, basePolicy(shape)).gradient[k] < 0)), []);
    const { gradient } = truncatedRewardGradient(shape, basePolicy(shape), { budget: defaultBudget(shape) });
    assert.deepEqual(names(shape, (k) => !(gradient[k] > 0)), [], `at ${shape.W}, ${shape.K}, ${shape.L}`);
  }
});

test("where descent on E[T] itself lowers a backtracking decision at the base model, the default budget agrees with it", () => {
  for (const shape of [pathStar(2, 3, 1), pathStar(2, 5, 2), pathStar(3, 5, 2)]) {
    const descent = policyGradient(shape, basePolicy(shape)).gradient;
    assert.ok(descent.some((g) => g > 0), "a decision E[T] descent lowers");
    const { gradient } = truncatedRewardGradient(shape, basePolicy(shape), { budget: defaultBudget(shape) });
    assert.deepEqual(names(shape, (k) => Math.sign(gradient[k]) !== -Math.sign(descent[k])), []);
  }
});

test("a budget of 4 times the optimum, below the base walk's E[T], turns the reward's gradient against backtracking", () => {
  const shape = pathStar(5, 5, 3);
  const budget = 4 * optimalHittingTime(shape);
  assert.ok(budget < expectedHittingTime(shape, basePolicy(shape)));
  const { gradient } = truncatedRewardGradient(shape, basePolicy(shape), { budget });
  assert.deepEqual(names(shape, (k) => gradient[k] < 0), ["b_1", "b_2", "b_3", "b_4", "d_1", "d_2", "d_3", "d_4", "d_5"]);
});

test("bad budgets are refused with a message naming the budget", () => {
  const shape = pathStar(3, 3, 2);
  assert.throws(() => truncatedRewardGradient(shape, basePolicy(shape), { budget: 0 }), /budget must be an integer from 1/);
  assert.throws(() => truncatedRewardGradient(shape, basePolicy(shape), { budget: 1e8 }), /budget must be at most \d+ on this shape/);
  assert.throws(() => truncatedRewardGradient(shape, basePolicy(shape), { budget: 10, lengthPenalty: -1 }), /lengthPenalty/);
  // @ts-expect-error: a missing options object is refused like a missing budget
  assert.throws(() => truncatedRewardGradient(shape, basePolicy(shape)), RangeError);
});
