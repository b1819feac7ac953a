import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, buildGraph, expectedNodeVisits, optimalPolicy, pathStar, stemPathStar } from "../src";
import { routeAlongGraph, visitsAlongGraph } from "../src/figures";

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
