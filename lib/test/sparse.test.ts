import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, buildGraph, expectedHittingTime, expectedNodeVisits, optimalPolicy, pathStar, sftLimitPolicy, stemPathStar } from "../src";

test("expected visits per node add up to the expected hitting time plus one (the target once)", () => {
  for (const shape of [pathStar(3, 3, 2), stemPathStar(2, 3, 2, 2)]) {
    for (const policy of [basePolicy(shape), sftLimitPolicy(shape), optimalPolicy(shape)]) {
      const graph = buildGraph(shape);
      const visits = expectedNodeVisits(graph, policy);
      const total = visits.reduce((s, v) => s + v, 0);
      const T = expectedHittingTime(shape, policy);
      assert.ok(Math.abs(total - (T + 1)) < 1e-9 * T, `${total} vs ${T + 1}`);
      assert.ok(Math.abs(visits[graph.target] - 1) < 1e-12, "the target is reached once");
      // On G(W, K, L) the walk never returns to s; on the stem variant it may walk back to it.
      if (shape.variant === "path-star") assert.ok(Math.abs(visits[graph.start] - 1) < 1e-9);
      else assert.ok(visits[graph.start] >= 1 - 1e-9);
    }
  }
});

test("the optimal policy visits each stem node once, and the fork once per branch tried plus once", () => {
  const shape = stemPathStar(3, 4, 2, 3);
  const graph = buildGraph(shape);
  const visits = expectedNodeVisits(graph, optimalPolicy(shape));
  for (let v = graph.start; v !== graph.fork; v = graph.forward[v]) assert.ok(Math.abs(visits[v] - 1) < 1e-12);
  // Branches with replacement: W tries on average, each ending back at f except the last.
  assert.ok(Math.abs(visits[graph.fork] - shape.W) < 1e-9, `${visits[graph.fork]}`);
});
