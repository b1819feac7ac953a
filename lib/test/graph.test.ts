import { test } from "node:test";
import assert from "node:assert/strict";
import { buildGraph, goldenPath, goldenPathLength, LIMITS, pathStar, stemPathStar, createRng } from "../src";

test("G(W, K, L) has s, f, 2K diamond nodes and a leaf per branch, with L parallel edges per diamond", () => {
  const g = buildGraph(pathStar(3, 4, 2));
  assert.equal(g.nodes.length, 2 + 3 * (2 * 4 + 1));
  const count = (kind: string) => g.edges.filter((e) => e.kind === kind).length;
  assert.equal(count("start"), 1);
  assert.equal(count("fork"), 3);
  assert.equal(count("diamond"), 3 * 4 * 2);
  assert.equal(count("connector"), 3 * 3);
  assert.equal(count("leaf"), 3);
  assert.equal(g.nodes[g.target].kind, "leaf");
  assert.equal(g.nodes[g.target].branch, 0);
});

test("the golden path walks 2K + 2 edges along the target branch and ends at the target", () => {
  for (const targetBranch of [0, 2]) {
    const g = buildGraph(pathStar(3, 5, 4), targetBranch);
    const path = goldenPath(g, createRng("golden"));
    assert.equal(path.edges.length, 2 * 5 + 2);
    assert.equal(path.edges.length, goldenPathLength(g.shape));
    assert.equal(path.nodes[path.nodes.length - 1], g.target);
    for (let i = 0; i < path.edges.length; i++) {
      const e = g.edges[path.edges[i]];
      assert.deepEqual([e.u, e.v].sort(), [path.nodes[i], path.nodes[i + 1]].sort());
    }
    const branches = new Set(path.nodes.map((n) => g.nodes[n].branch).filter((b) => b >= 0));
    assert.deepEqual([...branches], [targetBranch]);
  }
});

test("the golden path picks the parallel edge of each diamond uniformly", () => {
  const g = buildGraph(pathStar(1, 1, 4));
  const rng = createRng("copies");
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[g.edges[goldenPath(g, rng).edges[2]].copy]++;
  // Each copy has probability 1/4: 1000 expected, standard deviation about 27.
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 150, `copy counts ${counts}`);
});

test("the stem variant puts S diamonds between s and the fork", () => {
  const g = buildGraph(stemPathStar(2, 3, 2, 2));
  const golden = goldenPath(g, createRng("stem"));
  assert.equal(golden.edges.length, 2 * 2 + 2 * 2 + 2);
  assert.equal(golden.nodes.indexOf(g.fork), 2 * 2 + 1);
  assert.equal(g.nodes[g.backward[g.fork]].label, "r(stem,2)");
});

test("W, K, L and S must be positive integers; the error names the parameter", () => {
  const bad: unknown[] = [0, -1, 1.5, NaN, Infinity, "3", null];
  for (const value of bad) {
    assert.throws(() => pathStar(value as number, 3, 2), /^RangeError: W must be an integer from 1 to/);
    assert.throws(() => pathStar(3, value as number, 2), /^RangeError: K must be an integer from 1 to/);
    assert.throws(() => pathStar(3, 3, value as number), /^RangeError: L must be an integer from 1 to/);
    assert.throws(() => stemPathStar(value as number, 3, 3, 2), /^RangeError: S must be an integer from 1 to/);
  }
});

test("a graph too large to materialise is refused before allocating, with the limit in the message", () => {
  assert.throws(() => buildGraph(pathStar(1000, 100000, 5)), new RegExp(`limited to ${LIMITS.maxExplicitElements}`));
});
