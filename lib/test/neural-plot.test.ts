import { test } from "node:test";
import assert from "node:assert/strict";
import { NEURAL_PROTOCOL_METHODS, seedBand, createRng, expectedHittingTime, memorySearchHittingTime, neuralDepthData, neuralProtocolData, optimalPolicy, pathStar, sampleMemorySearch, trainMemoryFork } from "../src";
import { neuralDepthFigure, neuralProbabilitiesFigure, neuralTrainingFigure } from "../src/figures";

test("the best searcher with memory: 2WK + W + 1 agrees with walks on the explicit graph, and W = 1 is the golden path", () => {
  for (const [W, K, L] of [[3, 3, 2], [5, 2, 3]]) {
    const shape = pathStar(W, K, L);
    const exact = memorySearchHittingTime(shape);
    const { mean, standardError } = sampleMemorySearch(shape, 4000, createRng(`memory/${W}/${K}`));
    assert.ok(Math.abs(mean - exact) < 4 * standardError, `G(${W}, ${K}, ${L}): derived ${exact}, sampled ${mean} +- ${standardError}`);
  }
  const single = sampleMemorySearch(pathStar(1, 4, 2), 10, createRng("single"));
  assert.equal(single.mean, 2 * 4 + 2, "one branch: the golden path, 2K + 2 steps");
  assert.equal(single.standardError, 0);
});

test("bands are the smallest, the median and the largest value", () => {
  assert.deepEqual(seedBand([3, 1, 2]), { low: 1, median: 2, high: 3 });
  assert.deepEqual(seedBand([4, 1, 2, 3]), { low: 1, median: 2.5, high: 4 });
});

test("neuralProtocolData: rows for every method and model, bands ordered, figures drawn from the rows", () => {
  const d = neuralProtocolData({ W: 2, K: 2, L: 2, seeds: ["1", "2"], steps: 4, output: "deeper", traces: 5, every: 2 });
  assert.equal(d.baseFit.length, 2);
  assert.equal(d.curves.length, NEURAL_PROTOCOL_METHODS.length * 2 * 3, "steps 0, 2, 4 for each method and model");
  assert.equal(d.finals.length, NEURAL_PROTOCOL_METHODS.length * 2 * 4 * 2, "4 families at 2 depths");
  assert.equal(d.finalHittingTimes.length, NEURAL_PROTOCOL_METHODS.length * 2 * 2);
  for (const r of [...d.curves, ...d.finals]) assert.ok(r.low <= r.median && r.median <= r.high, JSON.stringify(r));
  for (const figure of [neuralTrainingFigure(d), neuralProbabilitiesFigure(d)]) {
    assert.ok(figure.data.every((t) => typeof t.uid === "string"), "deterministic trace ids");
    assert.deepEqual(JSON.parse(JSON.stringify(figure)), figure, "the spec is plain JSON");
  }
});

test("neuralDepthData: one row per method and evaluated depth, with the references", () => {
  const d = neuralDepthData({ W: 2, L: 2, trainDepths: [1, 2], evalDepths: [1, 2, 3], seeds: ["1"], steps: 3, output: "continue" });
  assert.equal(d.rows.length, 3 * 3);
  assert.deepEqual(d.references.map((r) => r.K), [1, 2, 3]);
  d.references.forEach((r) => assert.ok(r.memoryOptimum < r.optimum && r.optimum < r.base, JSON.stringify(r)));
  assert.ok(neuralDepthFigure(d).data.length > 0);
  assert.throws(() => neuralDepthData({ W: 2, L: 2, trainDepths: [1], evalDepths: [], seeds: ["1"], steps: 1, output: "deeper" }), /evalDepths/);
});

test("a history-aware fork trained by sampled RLVR beats every edge-state policy, and is seeded", () => {
  const shape = pathStar(3, 3, 2);
  const run = () => trainMemoryFork(shape, { steps: 60, evaluationWalks: 2000 });
  const [first, second] = [run(), run()];
  assert.deepEqual(Array.from(first.weights), Array.from(second.weights), "same seed, same weights");
  const { mean, standardError } = first.hittingTime;
  const edgeStateOptimum = expectedHittingTime(shape, optimalPolicy(shape));
  assert.ok(first.weights[0] < 0, `re-entering an explored branch should become less likely: weight ${first.weights[0]}`);
  assert.ok(mean + 4 * standardError < edgeStateOptimum, `memory fork ${mean} ± ${standardError}, edge-state optimum ${edgeStateOptimum}`);
  assert.ok(mean + 4 * standardError > memorySearchHittingTime(shape), `memory fork ${mean} ± ${standardError} below 2WK + W + 1`);
});
