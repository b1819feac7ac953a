import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, baseOffsets, decisionCount, decisionIndex, decisionName, familyProbabilities, optimalPolicy,
  pathStar, policyFromProbabilities, policyFromTheta, sftLimitPolicy, sigmoid, stemPathStar, thetaOf,
  buildGraph, compileSamplingTable, createRng, edgeFlowHittingTime, exactHittingTime, expectedHittingTime, expectedNodeVisits,
  firstStepAnalysis, fractionToNumber, hittingTimeRelativeAccuracy, log10ExpectedHittingTime, occupancy, policyGradient,
  sampleDedupHittingTimes, sampleHittingTimes, solveChain,
} from "../src";
import type { GraphShape, Policy } from "../src";

test("theta = 0 is the base random walk: sigmoid(offset) equals the base probabilities", () => {
  for (const shape of [pathStar(4, 3, 5), stemPathStar(2, 4, 3, 5)]) {
    const fromTheta = policyFromTheta(shape, new Float64Array(decisionCount(shape)));
    const base = basePolicy(shape);
    for (let k = 0; k < decisionCount(shape); k++) {
      assert.ok(Math.abs(fromTheta.desired[k] - base.desired[k]) < 1e-15, decisionName(shape, k));
      assert.ok(Math.abs(fromTheta.alternative[k] - base.alternative[k]) < 1e-15, decisionName(shape, k));
    }
  }
});

test("the base walk is uniform over the edges at a node: 1/(L+1) for a and d, L/(L+1) for b and c", () => {
  const shape = pathStar(2, 3, 4);
  const base = basePolicy(shape);
  assert.deepEqual(familyProbabilities(base, "a"), [0.2, 0.2, 0.2]);
  assert.deepEqual(familyProbabilities(base, "b"), [0.8, 0.8, 0.8]);
  assert.deepEqual(familyProbabilities(base, "c"), [0.8, 0.8, 0.8]);
  assert.deepEqual(familyProbabilities(base, "d"), [0.2, 0.2, 0.2]);
  assert.equal(base.exactAt?.(decisionIndex(shape, "a", 1)).den, 5n);
});

test("the SFT limit policy has a = c = 1 and b, d at their base values; the optimum has all four at 1", () => {
  const shape = pathStar(2, 3, 4);
  const sft = sftLimitPolicy(shape);
  assert.deepEqual(familyProbabilities(sft, "a"), [1, 1, 1]);
  assert.deepEqual(familyProbabilities(sft, "c"), [1, 1, 1]);
  assert.deepEqual(familyProbabilities(sft, "b"), familyProbabilities(basePolicy(shape), "b"));
  assert.deepEqual(familyProbabilities(sft, "d"), familyProbabilities(basePolicy(shape), "d"));
  assert.ok(optimalPolicy(shape).desired.every((p) => p === 1));
});

test("thetaOf inverts policyFromTheta", () => {
  const shape = stemPathStar(1, 3, 2, 3);
  const theta = Float64Array.from({ length: decisionCount(shape) }, (_, k) => Math.cos(k) * 3);
  const back = thetaOf(policyFromTheta(shape, theta));
  theta.forEach((t, k) => assert.ok(Math.abs(t - back[k]) < 1e-12));
  assert.equal(baseOffsets(shape)[decisionCount(shape) - 1], Math.log(3));
});

test("sigmoid keeps its digits far from zero on both sides", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.ok(sigmoid(-800) >= 0 && sigmoid(800) === 1);
  assert.ok(Math.abs(sigmoid(-40) - Math.exp(-40)) / Math.exp(-40) < 1e-12);
});

test("non-finite logits and probabilities outside [0, 1] are refused, naming the decision", () => {
  const shape = pathStar(2, 2, 2);
  const theta = new Float64Array(decisionCount(shape));
  for (const bad of [NaN, Infinity, -Infinity]) {
    theta[decisionIndex(shape, "b", 2)] = bad;
    assert.throws(() => policyFromTheta(shape, theta), /theta\[3\] \(b_2\) must be a finite number/);
  }
  const p = new Array(decisionCount(shape)).fill(0.5);
  for (const bad of [-0.1, 1.5, NaN]) {
    p[0] = bad;
    assert.throws(() => policyFromProbabilities(shape, p), /P\(a_1\) must be a probability in \[0, 1\]/);
  }
  assert.throws(() => policyFromTheta(shape, [0, 0]), /theta must have 8 entries/);
  assert.throws(() => decisionIndex(shape, "a", 3), /depth must be an integer from 1 to 2/);
});

test("every solver and sampler refuses a policy whose arrays were written to after it was built, naming the decision", { timeout: 120_000 }, () => {
  const shape = pathStar(3, 3, 2);
  const graph = buildGraph(shape);
  const b1 = decisionIndex(shape, "b", 1);
  const users: [string, (policy: Policy) => unknown][] = [
    ["expectedHittingTime", (p) => expectedHittingTime(shape, p)],
    ["log10ExpectedHittingTime", (p) => log10ExpectedHittingTime(shape, p)],
    ["firstStepAnalysis", (p) => firstStepAnalysis(shape, p)],
    ["occupancy", (p) => occupancy(shape, p)],
    ["edgeFlowHittingTime", (p) => edgeFlowHittingTime(shape, p)],
    ["policyGradient", (p) => policyGradient(shape, p)],
    ["solveChain", (p) => solveChain(graph, p)],
    ["exactHittingTime", (p) => exactHittingTime(shape, p)],
    ["expectedNodeVisits", (p) => expectedNodeVisits(graph, p)],
    ["sampleHittingTimes", (p) => sampleHittingTimes(compileSamplingTable(graph), p, createRng("x"), { walks: 2 })],
    ["sampleDedupHittingTimes", (p) => sampleDedupHittingTimes(graph, p, createRng("x"), { problems: 2 })],
    ["thetaOf", (p) => thetaOf(p)],
  ];
  for (const build of [basePolicy, (s: GraphShape) => policyFromProbabilities(s, basePolicy(s).desired)]) {
    for (const bad of [2, -0.5, Infinity, NaN]) {
      for (const [name, use] of users) {
        const policy = build(shape);
        policy.desired[b1] = bad;
        assert.throws(() => use(policy), (e: Error) => e instanceof RangeError && /policy\.desired\[3\] \(b_1\) must be a probability in \[0, 1\], got/.test(e.message), `${name}, ${bad}`);
      }
    }
    // A valid desired probability whose complement was left behind: the pair no longer adds up to 1.
    const halfChanged = build(shape);
    halfChanged.desired[b1] = 0.3;
    for (const [name, use] of users) {
      assert.throws(() => use(halfChanged), /policy\.desired\[3\] \+ policy\.alternative\[3\] \(b_1\) must be 1/, name);
    }
  }
});

test("a policy changed consistently after it was built is solved as the policy it now is, except by its stale exact rationals", () => {
  const shape = pathStar(3, 3, 2);
  const b1 = decisionIndex(shape, "b", 1);
  const changed = basePolicy(shape);
  changed.desired[b1] = 0.25;
  changed.alternative[b1] = 0.75;
  const rebuilt = policyFromProbabilities(shape, changed.desired);
  // The two differ only in how the unchanged alternatives were rounded (1 - p against the rationals' quotients).
  const accuracy = hittingTimeRelativeAccuracy(shape);
  assert.ok(Math.abs(expectedHittingTime(shape, changed) / expectedHittingTime(shape, rebuilt) - 1) <= 2 * accuracy);
  assert.throws(() => exactHittingTime(shape, changed), /policy\.desired\[3\] \(b_1\) is 0\.25, not its exact value 2\/3: its arrays were changed/);
  assert.ok(Math.abs(fractionToNumber(exactHittingTime(shape, rebuilt)) / expectedHittingTime(shape, rebuilt) - 1) <= accuracy);
});
