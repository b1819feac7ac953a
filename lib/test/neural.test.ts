import { test } from "node:test";
import assert from "node:assert/strict";
import {
  policyGradient, backpropagateLogitGradient, basePolicy, clonePolicyNetwork, createPolicyNetwork, distanceFromBase,
  distillNeural, edgeStateFeatures, evaluateNetwork, expectedHittingTime, familyProbabilities, fitNeuralBase,
  neuralPolicy, optimalPolicy, pathStar, stemPathStar, trainNeuralForCli, trainNeuralRlvr, trainNeuralSft,
} from "../src";
import type { PolicyNetwork } from "../src";

const tiny = pathStar(2, 2, 2);

test("edge-state features: one row per decision, families told apart by node kind and direction", () => {
  const shape = pathStar(3, 3, 2);
  const x = edgeStateFeatures(shape);
  assert.equal(x.length, 12 * 5, "4K rows of 5 features");
  // Row order is decisionIndex: a_1..a_3, b_1..b_3, c_1..c_3, d_1..d_3.
  assert.deepEqual(Array.from(x.subarray(0, 5)), [1, 1, 1 / 3, 1, 3], "a_1: at r, arrived forward");
  assert.deepEqual(Array.from(x.subarray(5 * 5, 6 * 5)), [1, -1, 1, 3, 3], "row 5 is b_3: at r, arrived backward, j = 3");
  assert.throws(() => edgeStateFeatures(stemPathStar(1, 2, 2, 2)), /path-star graph/);
});

for (const output of ["deeper", "continue"] as const) {
  test(`the exact RLVR gradient back-propagated through the network matches finite differences of E[T] (${output})`, () => {
    const net = createPolicyNetwork("fd", output, [6, 5]);
    const hittingTime = (n: PolicyNetwork) => expectedHittingTime(tiny, neuralPolicy(n, tiny));
    const evaluation = evaluateNetwork(net, tiny);
    const gradient = backpropagateLogitGradient(evaluation, policyGradient(tiny, evaluation.policy).gradient);
    const h = 1e-5;
    for (let k = 0; k < net.mlp.parameters.length; k++) {
      const plus = clonePolicyNetwork(net);
      const minus = clonePolicyNetwork(net);
      plus.mlp.parameters[k] += h;
      minus.mlp.parameters[k] -= h;
      const numeric = (hittingTime(plus) - hittingTime(minus)) / (2 * h);
      // E[T] is of order 100 here: central differences are good to about 1e-6 relative.
      assert.ok(Math.abs(numeric - gradient[k]) < 1e-5 * Math.max(1, Math.abs(numeric)), `parameter ${k}: ${gradient[k]} vs ${numeric}`);
    }
  });
}

test("the base fit reproduces the random walk: every probability within 1e-3 and its hitting time", () => {
  const shape = pathStar(3, 3, 2);
  const { net } = fitNeuralBase(shape, { seed: "test" });
  const distance = distanceFromBase(net, shape);
  assert.ok(distance < 1e-3, `max |p - p_base| = ${distance}`);
  const T = expectedHittingTime(shape, neuralPolicy(net, shape));
  const base = expectedHittingTime(shape, basePolicy(shape));
  assert.ok(Math.abs(T - base) / base < 1e-2, `hitting time ${T} against the base model's ${base}`);
});

test("neural RLVR (exact) nears the optimum; neural SFT raises a and c; distillation of the RLVR network learns b and d", () => {
  const shape = pathStar(3, 3, 2);
  const { net: base } = fitNeuralBase(shape, { seed: "test" });
  const optimum = expectedHittingTime(shape, optimalPolicy(shape));
  const rlvr = trainNeuralRlvr(shape, { initial: base, steps: 200 });
  const T = rlvr.history[rlvr.history.length - 1].hittingTime!;
  assert.ok(T < 1.5 * optimum, `RLVR hitting time ${T}, optimum ${optimum}`);
  const sft = trainNeuralSft(shape, { initial: base, steps: 200 });
  for (const family of ["a", "c"] as const) {
    familyProbabilities(sft.policy, family).forEach((p, j) => assert.ok(p > 0.9, `SFT ${family}_${j + 1} = ${p}`));
  }
  const student = distillNeural(shape, { initial: base, teacher: rlvr.net, steps: 200, traces: 100 });
  for (const family of ["b", "d"] as const) {
    const start = familyProbabilities(basePolicy(shape), family);
    familyProbabilities(student.policy, family).forEach((p, j) => assert.ok(p > start[j], `student ${family}_${j + 1} = ${p}, base ${start[j]}`));
  }
});

test("sampled neural RLVR is seeded and records the group's mean reward", () => {
  const run = () => trainNeuralRlvr(tiny, { mode: "sampled", steps: 5, groupSize: 8, baseSteps: 20 });
  const [first, second] = [run(), run()];
  assert.deepEqual(first.history.map((r) => r.hittingTime), second.history.map((r) => r.hittingTime));
  first.history.slice(0, -1).forEach((r) => assert.ok(r.meanReward! >= 0 && r.meanReward! <= 1, `mean reward ${r.meanReward}`));
});

test("trainNeuralForCli prints the tabular trainers' shape with the method, and refuses bad input by name", () => {
  const out = trainNeuralForCli("neural-sft", { W: 2, K: 2, L: 2 }, { steps: 3 });
  assert.equal(out.hittingTimeMethod, "exact");
  assert.deepEqual(out.history.map((r) => r.step), [0, 1, 2, 3]);
  for (const family of ["a", "b", "c", "d"] as const) assert.equal(out.finalProbabilities[family].length, 2, family);
  assert.throws(() => trainNeuralForCli("neural-ppo", { W: 2, K: 2, L: 2 }), /trainer must be one of neural-sft/);
  assert.throws(() => trainNeuralForCli("neural-rlvr", { W: 2, K: 65, L: 2 }), /K must be/);
  assert.throws(() => trainNeuralForCli("neural-rlvr", { W: 2, K: 2, L: 2 }, { steps: 0 }), /steps must be/);
  assert.throws(() => trainNeuralForCli("neural-rlvr", { W: 2, K: 2, L: 2 }, { output: "sideways" as never }), /output must be one of/);
});

test("sampled neural RLVR: the REINFORCE update averages to the exact gradient of E[T] times (1 - 1/G)", () => {
  // With a budget no walk reaches, reward = 1 - penalty * T / budget is linear in T, so the
  // expected update is (1 - 1/G) (penalty / budget) dE[T]/dw (the group mean as baseline).
  const net = createPolicyNetwork("unbiased", "deeper", [4]);
  const [G, runs, budget, lengthPenalty] = [200, 30, 1e6, 1e4];
  const evaluation = evaluateNetwork(net, tiny);
  const exact = backpropagateLogitGradient(evaluation, policyGradient(tiny, evaluation.policy).gradient);
  const expected = exact.map((g) => ((1 - 1 / G) * lengthPenalty * g) / budget);
  const estimates = Array.from({ length: runs }, (_, r) => {
    const options = { initial: net, mode: "sampled" as const, steps: 1, groupSize: G, budget, lengthPenalty };
    const after = trainNeuralRlvr(tiny, { ...options, optimizer: "gradient", learningRate: 1, seed: `unbiased/${r}` }).net;
    return net.mlp.parameters.map((w, k) => w - after.mlp.parameters[k]);
  });
  for (let k = 0; k < expected.length; k++) {
    const values = estimates.map((e) => e[k]);
    const mean = values.reduce((s, x) => s + x, 0) / runs;
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (runs - 1));
    const se = sd / Math.sqrt(runs);
    assert.ok(Math.abs(mean - expected[k]) < 5 * se, `weight ${k}: exact ${expected[k]}, sampled ${mean} ± ${se} (${runs} x ${G} rollouts)`);
  }
});
