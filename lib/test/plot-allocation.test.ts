import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, budgetCurves, budgetToReach, buildGraph, createRng, expectedHittingTime, expectedNodeVisits,
  optimalPolicy, pathStar, routeAlongGraph, sampledNodeVisits, sftLimitPolicy, stemPathStar, visitsAlongGraph,
} from "../src";

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

test("the route runs s, the stem, f, then a branch; the dead route is another branch", () => {
  const graph = buildGraph(stemPathStar(2, 3, 2, 2));
  const route = routeAlongGraph(graph);
  assert.deepEqual(route.labels, ["s", "stem l1", "stem r1", "stem l2", "stem r2", "f", "l1", "r1", "l2", "r2", "leaf"]);
  assert.equal(route.target[route.target.length - 1], graph.target);
  assert.equal(route.dead.length, 5);
  assert.ok(!route.dead.includes(graph.target) && graph.nodes[route.dead[4]].kind === "leaf");
  assert.deepEqual(routeAlongGraph(buildGraph(pathStar(1, 1, 1))).dead, []);
});

test("visitsAlongGraph draws a target and a dead-branch line per policy and refuses visits of the wrong length", () => {
  const shape = stemPathStar(1, 3, 2, 2);
  const graph = buildGraph(shape);
  const curves = [
    { name: "base", color: "#777", visits: expectedNodeVisits(graph, basePolicy(shape)) },
    { name: "optimal", color: "#090", visits: expectedNodeVisits(graph, optimalPolicy(shape)) },
  ];
  const figure = visitsAlongGraph(graph, curves);
  assert.equal(figure.data.length, 4);
  figure.data.forEach((trace, i) => assert.equal(trace.uid, `visitsAlongGraph-${i}`));
  assert.equal(figure.data[1].x[0], "f", "the dead branch's line starts at the fork");
  assert.throws(() => visitsAlongGraph(graph, [{ name: "bad", color: "#000", visits: [1, 2] }]), /one entry per node/);
});

test("budgetToReach finds the smallest budget reaching a level, or null", () => {
  const curve = { budgets: [10, 100, 1000], solved: [0.2, 0.9, 1] };
  assert.equal(budgetToReach(curve, 0.9), 100);
  assert.equal(budgetToReach(curve, 0.1), 10);
  assert.equal(budgetToReach({ budgets: [10], solved: [0.5] }, 0.9), null);
  assert.throws(() => budgetToReach(curve, 0), /level/);
  const figure = budgetCurves([{ name: "a", color: "#000", ...curve }], "t");
  assert.equal(figure.data[0].uid, "budgetCurves-0");
  assert.throws(() => budgetCurves([{ name: "a", color: "#000", budgets: [1], solved: [] }], "t"), /same length/);
});
