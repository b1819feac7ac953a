import { test } from "node:test";
import assert from "node:assert/strict";
import { baseHittingTime, createRng, optimalHittingTime, pathStar } from "../src";
import {
  branchReentries, depthFirstSearch, drawEpisode, EDGE_OFFSET, labelOfBranch, replayOnGraph, sampleTokenWalk, TOKENS, uniformWalk,
} from "../src/sequence";
import { deeperBudget, evaluationBudget, measurementBudget, modelDepths, sequenceProtocol } from "../src/train/sequence-protocol";

/** The node kind each token says the walker arrived at. */
const KIND_OF_TOKEN: Record<number, string> = {
  [TOKENS.START]: "start",
  [TOKENS.FORK_FORWARD]: "fork",
  [TOKENS.FORK_BACK]: "fork",
  [TOKENS.LEFT_FORWARD]: "left",
  [TOKENS.LEFT_BACK]: "left",
  [TOKENS.RIGHT_FORWARD]: "right",
  [TOKENS.RIGHT_BACK]: "right",
  [TOKENS.DEAD_END]: "leaf",
  [TOKENS.ANSWER]: "leaf",
};

test("a token walk replayed on its graph: each move walks an edge joining the nodes the tokens name", () => {
  for (const [W, K, L] of [[3, 2, 1], [4, 3, 3], [2, 1, 2]]) {
    const shape = pathStar(W, K, L);
    const rng = createRng(`replay/${W}/${K}/${L}`);
    for (let i = 0; i < 30; i++) {
      const episode = drawEpisode(shape, rng);
      const walk = sampleTokenWalk(episode, i % 2 ? uniformWalk : depthFirstSearch, rng, 400);
      const { graph, nodes, edges } = replayOnGraph(walk);
      const labels = labelOfBranch(episode);
      assert.equal(graph.target, graph.branchEntries[episode.targetBranch] + 2 * K, "the target is the leaf of the episode's target branch");
      assert.equal(nodes.length, walk.steps + 1);
      assert.equal(edges.length, walk.steps);
      assert.equal(nodes[nodes.length - 1] === graph.target, walk.reached);
      walk.tokens.forEach((token, t) => {
        const node = graph.nodes[nodes[t]];
        const label = episode.vocabulary.enteredLabel(token);
        if (label >= 0) {
          // Entering a branch: its first left node, the branch the label stands for.
          assert.equal(nodes[t], graph.branchEntries[episode.branchOfLabel[label]]);
          assert.equal(labels[node.branch], label);
        } else assert.equal(node.kind, KIND_OF_TOKEN[token], `token ${token} at ${node.label}`);
      });
      edges.forEach((id, t) => {
        const edge = graph.edges[id];
        assert.deepEqual([edge.u, edge.v].sort(), [nodes[t], nodes[t + 1]].sort(), `move ${t} walks an edge between its nodes`);
        const move = walk.moves[t];
        if (move >= EDGE_OFFSET && move < EDGE_OFFSET + L) assert.equal(edge.copy, episode.copyOfEdgeLabel[move - EDGE_OFFSET]);
      });
    }
  }
});

test("branchReentries counts the fork's moves into a branch already entered, read off the graph's nodes", () => {
  const shape = pathStar(3, 2, 2);
  const rng = createRng("reentries");
  let total = 0;
  for (let i = 0; i < 40; i++) {
    const walk = sampleTokenWalk(drawEpisode(shape, rng), uniformWalk, rng, 300);
    const { graph, nodes } = replayOnGraph(walk);
    const entered = new Set<number>();
    let again = 0;
    nodes.forEach((node, t) => {
      if (t === 0 || nodes[t - 1] !== graph.fork) return;
      if (entered.has(node)) again++;
      entered.add(node);
    });
    assert.equal(branchReentries(walk), again);
    total += again;
  }
  assert.ok(total > 0, "the uniform walk re-enters some branch in 40 walks");
  // The depth-first searcher never enters a branch twice.
  for (let i = 0; i < 20; i++) assert.equal(branchReentries(sampleTokenWalk(drawEpisode(shape, rng), depthFirstSearch, rng, 300)), 0);
});

test("measurementBudget: 3x the base walk's E[T] at the depths a model saw, 4x the edge-state optimum deeper, within the context", () => {
  const p = sequenceProtocol({ W: 3, K: 2, L: 1, pretrain: { depths: [1, 2, 3] } });
  assert.deepEqual(modelDepths(p, "rlvr"), [1, 2]);
  assert.deepEqual(modelDepths(p, "base"), [1, 2, 3]);
  for (const K of [1, 2]) assert.equal(measurementBudget(p, "sft", K), Math.ceil(3 * baseHittingTime(pathStar(3, K, 1))));
  assert.equal(measurementBudget(p, "base", 3), evaluationBudget(p, 3));
  assert.equal(measurementBudget(p, "rlvr", 3), 4 * optimalHittingTime(pathStar(3, 3, 1)));
  // G(3, 8, 1): 4 (4 * 3 * 8 + 2 * 3 - 2 * 8) = 344.
  assert.equal(deeperBudget(p, 8), 344);
  const small = sequenceProtocol({ W: 3, K: 2, L: 1, sizes: { contextLength: 100 } });
  assert.equal(measurementBudget(small, "rlvr", 8), 100);
  assert.equal(measurementBudget(small, "rlvr", 2), Math.min(100, Math.ceil(3 * baseHittingTime(pathStar(3, 2, 1)))));
});
