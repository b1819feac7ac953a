import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, buildGraph, compileSamplingTable, createRng, goldenPath, graphDrawingData, graphLayout, pathStar, sampleWalk, walkAnimation } from "../src";
import type { Walk } from "../src";

const graph = buildGraph(pathStar(3, 3, 2));
const walk = sampleWalk(compileSamplingTable(graph), basePolicy(graph.shape), createRng("plot-walk-test"));

/** Edges drawn by a polyline trace: one null after each. */
const edgeCount = (xs: unknown[]) => xs.filter((x) => x === null).length;

test("walkAnimation has one slider step per edge walked, plus step 0, up to maxSteps", () => {
  const full = walkAnimation(graph, walk, { maxSteps: 1000 });
  const steps = (full.layout.sliders as { steps: { args: unknown[] }[] }[])[0].steps;
  assert.equal(steps.length, walk.edges.length + 1);
  const short = walkAnimation(graph, walk, { maxSteps: 5 });
  assert.equal((short.layout.sliders as { steps: unknown[] }[])[0].steps.length, 6);
});

test("slider step t shows t edges walked, the t-th as the last step, and the walker at the t-th node", () => {
  const figure = walkAnimation(graph, walk, { maxSteps: 20 });
  const steps = (figure.layout.sliders as { steps: { args: [{ x: unknown[][]; y: unknown[][] }, unknown, number[]] }[] }[])[0].steps;
  const layout = graphLayout(graph);
  steps.forEach((step, t) => {
    const [update, , traces] = step.args;
    assert.deepEqual(traces, [1, 2, 5]);
    assert.equal(edgeCount(update.x[0]), t);
    assert.equal(edgeCount(update.x[1]), t === 0 ? 0 : 1);
    assert.deepEqual(update.x[2], [layout.position[walk.nodes[t]].x]);
    assert.deepEqual(update.y[2], [layout.position[walk.nodes[t]].y]);
  });
  // The figure opens at the last step shown.
  assert.deepEqual(figure.data[5].x, steps[20].args[0].x[2]);
});

test("walkAnimation places nodes where graphDrawing does (one shared layout)", () => {
  const drawing = graphDrawingData({ W: 3, K: 3, L: 2, S: 0, targetBranch: 0 });
  const animation = walkAnimation(graph, walk);
  const key = (x: unknown, y: unknown) => `${x},${y}`;
  const drawn = new Set(drawing.nodes.map((n) => key(n.x, n.y)));
  animation.data[3].x.forEach((x, i) => {
    if (animation.data[3].text?.[i].startsWith("t(")) return; // leaves are drawn by other traces in graphDrawing
    assert.ok(drawn.has(key(x, animation.data[3].y[i])), `node ${animation.data[3].text?.[i]} moved`);
  });
});

test("the title of each step names the decision taken; the golden path takes only desired moves", () => {
  const golden = goldenPath(graph, createRng("g"));
  const figure = walkAnimation(graph, golden);
  const steps = (figure.layout.sliders as { steps: { args: [unknown, { "title.text": string }] }[] }[])[0].steps;
  assert.match(steps[1].args[1]["title.text"], /s → f \(the only move\)/);
  assert.match(steps[2].args[1]["title.text"], /the fork/);
  assert.match(steps[3].args[1]["title.text"], /c_1: desired move/);
  assert.ok(steps.slice(3).every((s) => !s.args[1]["title.text"].includes("alternative")));
  assert.match(steps[steps.length - 1].args[1]["title.text"], /target reached/);
});

test("walkAnimation refuses a walk that does not follow the graph, and a bad maxSteps", () => {
  const broken: Walk = { nodes: [graph.start, graph.fork], edges: [] };
  assert.throws(() => walkAnimation(graph, broken), /one node more than edges/);
  const jump: Walk = { nodes: [graph.start, graph.target], edges: [0] };
  assert.throws(() => walkAnimation(graph, jump), /does not join/);
  assert.throws(() => walkAnimation(graph, walk, { maxSteps: 0 }), /maxSteps must be an integer/);
});

test("every trace of the walk animation carries the uid walkAnimation-index", () => {
  walkAnimation(graph, walk).data.forEach((trace, i) => assert.equal(trace.uid, `walkAnimation-${i}`));
});
