import { test } from "node:test";
import assert from "node:assert/strict";
import { basePolicy, buildGraph, compileSamplingTable, createRng, goldenPath, graphDrawingData, pathStar, sampleWalk, walkAnimationData } from "../src";
import { walkAnimationFigure } from "../src/figures";
import type { Walk } from "../src";
import { graphLayout } from "../src/experiments/graph-layout";

const graph = buildGraph(pathStar(3, 3, 2));
const walk = sampleWalk(compileSamplingTable(graph), basePolicy(graph.shape), createRng("plot-walk-test"));

/** Edges drawn by a polyline trace: one null after each. */
const edgeCount = (xs: unknown) => (xs as unknown[]).filter((x) => x === null).length;

test("walkAnimationData keeps the walk's first maxSteps steps, each described", () => {
  const full = walkAnimationData(graph, walk, 1000);
  assert.equal(full.edges.length, walk.edges.length);
  assert.equal(full.steps.length, walk.edges.length + 1);
  assert.equal(full.totalSteps, walk.edges.length);
  const short = walkAnimationData(graph, walk, 5);
  assert.deepEqual(short.edges, walk.edges.slice(0, 5));
  assert.deepEqual(short.nodes, walk.nodes.slice(0, 6));
});

test("frame t shows t edges walked, the t-th as the last step, and the walker at the t-th node", () => {
  const figure = walkAnimationFigure(walkAnimationData(graph, walk, 20));
  const frames = figure.frames ?? [];
  assert.equal(frames.length, 21);
  const layout = graphLayout(graph);
  frames.forEach((frame, t) => {
    assert.equal(frame.name, String(t));
    assert.deepEqual(frame.traces, [1, 2, 4]);
    assert.equal(edgeCount(frame.data[0].x), t);
    assert.equal(edgeCount(frame.data[1].x), t === 0 ? 0 : 1);
    assert.deepEqual(frame.data[2].x, [layout.position[walk.nodes[t]].x]);
    assert.deepEqual(frame.data[2].y, [layout.position[walk.nodes[t]].y]);
  });
  // The figure opens at the last step shown; the slider animates to each frame.
  assert.deepEqual(figure.data[4].x, frames[20].data[2].x);
  const slider = (figure.layout.sliders as { active: number; steps: { method: string; args: [string[]] }[] }[])[0];
  assert.equal(slider.active, 20);
  assert.deepEqual(slider.steps.map((s) => s.args[0][0]), frames.map((f) => f.name));
});

test("the animation has Play, Pause and Restart buttons", () => {
  const figure = walkAnimationFigure(walkAnimationData(graph, walk, 10));
  const menus = figure.layout.updatemenus as { buttons: { label: string; method: string; args: [unknown, { fromcurrent: boolean }] }[] }[];
  const buttons = menus[0].buttons;
  assert.deepEqual(buttons.map((b) => b.label.replace(/^\S+ /, "")), ["Play", "Pause", "Restart"]);
  assert.ok(buttons.every((b) => b.method === "animate"));
  assert.equal(buttons[0].args[0], null, "Play runs every frame");
  assert.equal(buttons[0].args[1].fromcurrent, true, "from the current one");
  assert.deepEqual(buttons[1].args[0], [null], "Pause animates to no frame, which stops the animation");
});

test("on the target the walker is a ring drawn under the target star, which stays visible", () => {
  const golden = goldenPath(graph, createRng("g"));
  const figure = walkAnimationFigure(walkAnimationData(graph, golden));
  const names = figure.data.map((t) => t.name);
  assert.ok(names.indexOf("walker") < names.indexOf("target leaf"), "the star is drawn after (over) the walker");
  const walker = figure.data[names.indexOf("walker")];
  const star = figure.data[names.indexOf("target leaf")];
  assert.deepEqual([walker.x, walker.y], [star.x, star.y], "the golden path ends on the target");
  assert.equal(walker.marker?.symbol, "circle-open");
  assert.ok((walker.marker?.size as number) > (star.marker?.size as number), "the ring is larger than the star");
});

test("walkAnimationFigure places nodes where graphDrawing does (one shared layout)", () => {
  const drawing = graphDrawingData({ W: 3, K: 3, L: 2, S: 0, targetBranch: 0 });
  const animation = walkAnimationData(graph, walk);
  assert.deepEqual(animation.graph.nodes, drawing.nodes);
});

test("each step's description names the decision taken; the golden path takes only desired moves", () => {
  const golden = goldenPath(graph, createRng("g"));
  const data = walkAnimationData(graph, golden);
  assert.match(data.steps[1], /s → f \(the only move\)/);
  assert.match(data.steps[2], /the fork/);
  assert.match(data.steps[3], /c_1: desired move/);
  assert.ok(data.steps.slice(3).every((s) => !s.includes("alternative")));
  const frames = walkAnimationFigure(data).frames ?? [];
  assert.match(String((frames[frames.length - 1].layout as { title: { text: string } }).title.text), /target reached/);
});

test("walkAnimationData refuses a walk that does not follow the graph, and a bad maxSteps", () => {
  const broken: Walk = { nodes: [graph.start, graph.fork], edges: [] };
  assert.throws(() => walkAnimationData(graph, broken), /one node more than edges/);
  const jump: Walk = { nodes: [graph.start, graph.target], edges: [0] };
  assert.throws(() => walkAnimationData(graph, jump), /does not join/);
  assert.throws(() => walkAnimationData(graph, walk, 0), /maxSteps must be an integer/);
});

test("every trace of the walk animation carries the uid walkAnimation-index", () => {
  walkAnimationFigure(walkAnimationData(graph, walk)).data.forEach((trace, i) => assert.equal(trace.uid, `walkAnimation-${i}`));
});
