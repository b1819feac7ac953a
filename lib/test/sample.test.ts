import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, buildGraph, compileSamplingTable, createRng, expectedHittingTime, meanWithInterval, optimalPolicy,
  pathStar, policyFromTheta, decisionCount, sampleHittingTimes, sampleWalk, sftLimitPolicy, stemPathStar,
  expectedNodeVisits, sampledNodeVisits,
} from "../src";

test("Monte Carlo means agree with the exact hitting times within a 4-standard-error interval", () => {
  const cases = [pathStar(3, 3, 2), pathStar(5, 4, 3), stemPathStar(2, 3, 2, 2)];
  for (const shape of cases) {
    const theta = Float64Array.from({ length: decisionCount(shape) }, (_, k) => Math.sin(k + 1));
    for (const policy of [basePolicy(shape), sftLimitPolicy(shape), policyFromTheta(shape, theta)]) {
      const steps = sampleHittingTimes(compileSamplingTable(buildGraph(shape)), policy, createRng("mc"), { walks: 20000 });
      const { mean, halfWidth, finished } = meanWithInterval(steps, 4);
      assert.equal(finished, 20000);
      const exact = expectedHittingTime(shape, policy);
      assert.ok(Math.abs(mean - exact) < halfWidth, `mean ${mean} ± ${halfWidth} vs exact ${exact}`);
    }
  }
});

test("the same seed gives the same walks; another seed gives other walks", () => {
  const shape = pathStar(4, 3, 2);
  const table = compileSamplingTable(buildGraph(shape));
  const a = sampleHittingTimes(table, basePolicy(shape), createRng("seed"), { walks: 50 });
  const b = sampleHittingTimes(table, basePolicy(shape), createRng("seed"), { walks: 50 });
  const c = sampleHittingTimes(table, basePolicy(shape), createRng("other"), { walks: 50 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("the optimal policy's walk goes straight down each branch and straight back, with real edges", () => {
  const shape = pathStar(3, 2, 3);
  const graph = buildGraph(shape);
  const walk = sampleWalk(compileSamplingTable(graph), optimalPolicy(shape), createRng("walk"));
  assert.ok(walk.reached);
  assert.equal(walk.edges.length, walk.nodes.length - 1);
  assert.equal((walk.edges.length - 1) % (2 * (2 * 2 + 1)), 2 * 2 + 1);
  walk.edges.forEach((id, i) => {
    const e = graph.edges[id];
    assert.deepEqual([e.u, e.v].sort(), [walk.nodes[i], walk.nodes[i + 1]].sort());
  });
});

test("a walk that runs out of budget is reported as unfinished", () => {
  const shape = pathStar(5, 8, 4);
  const steps = sampleHittingTimes(compileSamplingTable(buildGraph(shape)), sftLimitPolicy(shape), createRng("b"), { walks: 5, budget: 10 });
  assert.deepEqual(Array.from(steps), [-1, -1, -1, -1, -1]);
  assert.throws(() => sampleHittingTimes(compileSamplingTable(buildGraph(shape)), sftLimitPolicy(shape), createRng("b"), { walks: 0 }), /walks must be an integer from 1/);
  assert.throws(() => meanWithInterval(steps), /at least 2 finished walks/);
  // Same number of decisions, other sizes: the sampler must not run it with the wrong probabilities.
  const other = sftLimitPolicy(pathStar(5, 8, 3));
  assert.throws(() => sampleHittingTimes(compileSamplingTable(buildGraph(shape)), other, createRng("b")), /built for G\(W = 5, K = 8, L = 3\)/);
});

test("sampled visits per node agree with the exact ones within their 4-standard-error intervals", () => {
  const shape = stemPathStar(2, 3, 2, 2);
  const graph = buildGraph(shape);
  const policy = basePolicy(shape);
  const exact = expectedNodeVisits(graph, policy);
  const sampled = sampledNodeVisits(graph, policy, createRng("node-visits"), { walks: 3000 });
  assert.equal(sampled.z, 4);
  exact.forEach((e, v) => assert.ok(Math.abs(sampled.mean[v] - e) <= sampled.halfWidth[v] + 1e-12, `node ${v}: ${sampled.mean[v]} vs ${e}`));
  assert.throws(() => sampledNodeVisits(graph, policy, createRng("x"), { walks: 5, budget: 3 }), /did not reach the target within budget 3/);
});
