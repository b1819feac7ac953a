import { test } from "node:test";
import assert from "node:assert/strict";
import { baseHittingTime, createRng, expectedHittingTime, lastBranchSearchHittingTime, optimalHittingTime, pathStar, policyFromProbabilities, stemPathStar } from "../src";
import type { GraphShape } from "../src";
import {
  backOffProbabilities, depthFirstSearch, drawEpisode, edgeStateOptimum, estimateHittingTime, lastBranchSearch, lastTokenPolicy, legalMoves,
  makeMove, measureHittingTime, MOVES, probeWalks, sampleTokenWalk, startWalker, TOKENS, uniformWalk, vocabulary,
} from "../src/sequence";
import type { HittingTimeEstimate, SequencePolicy, Vocabulary } from "../src/sequence";

/** Monte Carlo within z = 4 standard errors of the exact value, plus z^2 / n where every walk took the same time. */
function assertWithin(estimate: HittingTimeEstimate, exact: number, what: string) {
  assert.equal(estimate.censored, 0, `${what}: no walk may be censored`);
  const tolerance = 4 * estimate.standardError + 16 / estimate.walks;
  assert.ok(Math.abs(estimate.mean - exact) <= tolerance, `${what}: ${estimate.mean} ± ${tolerance} against ${exact}`);
}

const memoryOptimum = (s: GraphShape) => 2 * s.W * s.K + s.W + 1;

test("vocabulary: 9 + W tokens, 2 + L + W moves, labels told apart", () => {
  const v = vocabulary(3, 2);
  assert.equal(v.size, 12);
  assert.equal(v.moves, 7);
  assert.equal(v.enteredLabel(v.enter(2)), 2);
  assert.equal(v.branchLabel(v.branch(1)), 1);
  assert.equal(v.branchLabel(v.edge(1)), -1);
  assert.throws(() => vocabulary(0, 2), /W must be an integer from 1 to 64/);
  assert.throws(() => vocabulary(3, 17), /L must be an integer from 1 to 16/);
});

test("environment: the golden path is 2K + 2 moves, every other move is checked", () => {
  const shape = pathStar(3, 3, 2);
  const rng = createRng("golden");
  for (let i = 0; i < 20; i++) {
    const episode = drawEpisode(shape, rng);
    const walker = startWalker(episode);
    const legal = new Uint8Array(episode.vocabulary.moves);
    const label = Array.from(episode.branchOfLabel).indexOf(episode.targetBranch);
    assert.deepEqual(Array.from(legalMoves(walker, legal)), [1, 0, 0, 0, 0, 0, 0], "at s only forward");
    makeMove(walker, MOVES.FORWARD);
    assert.throws(() => makeMove(walker, MOVES.BACK), RangeError, "the fork never sends the walker back to s");
    assert.equal(makeMove(walker, episode.vocabulary.branch(label)), episode.vocabulary.enter(label));
    for (let j = 1; j <= shape.K; j++) {
      assert.throws(() => makeMove(walker, MOVES.FORWARD), RangeError, "at l the forward move is an edge");
      assert.equal(makeMove(walker, episode.vocabulary.edge(j % 2)), TOKENS.RIGHT_FORWARD);
      makeMove(walker, MOVES.FORWARD);
    }
    assert.equal(walker.token, TOKENS.ANSWER);
    assert.equal(walker.steps, 2 * shape.K + 2);
    assert.throws(() => makeMove(walker, MOVES.BACK), RangeError, "the walk ends at the answer");
  }
  assert.throws(() => drawEpisode(stemPathStar(1, 2, 2, 2), rng), /G\(W, K, L\) only/);
});

test("environment: the target's label is uniform over episodes", () => {
  const shape = pathStar(4, 1, 1);
  const rng = createRng("labels");
  const n = 8000;
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const e = drawEpisode(shape, rng);
    counts[Array.from(e.branchOfLabel).indexOf(e.targetBranch)]++;
  }
  const sd = Math.sqrt((n * (1 / 4) * (3 / 4)));
  for (const c of counts) assert.ok(Math.abs(c - n / 4) <= 4 * sd, `label counts ${counts}`);
});

test("a dead end is seen at the leaf, and back at the fork nothing says which branch was left", () => {
  const shape = pathStar(3, 2, 1);
  const rng = createRng("dead");
  const episode = drawEpisode(shape, rng);
  const v = episode.vocabulary;
  const seen: number[][] = [];
  for (let label = 0; label < 3; label++) {
    if (episode.branchOfLabel[label] === episode.targetBranch) continue;
    const walker = startWalker(episode);
    const tokens = [MOVES.FORWARD, v.branch(label), v.edge(0), MOVES.FORWARD, v.edge(0), MOVES.FORWARD].map((m) => makeMove(walker, m));
    assert.equal(tokens[tokens.length - 1], TOKENS.DEAD_END);
    const back = [MOVES.BACK, v.edge(0), MOVES.BACK, v.edge(0), MOVES.BACK].map((m) => makeMove(walker, m));
    assert.deepEqual(back, [TOKENS.RIGHT_BACK, TOKENS.LEFT_BACK, TOKENS.RIGHT_BACK, TOKENS.LEFT_BACK, TOKENS.FORK_BACK]);
    seen.push(tokens.filter((t) => v.enteredLabel(t) < 0).concat(back));
  }
  assert.deepEqual(seen[0], seen[1], "the two dead branches look alike apart from their ENTER token");
});

test("Monte Carlo: the random walk matches the exact base value (276 at G(3, 3, 2)) and others", () => {
  for (const [W, K, L] of [[3, 3, 2], [2, 2, 3]]) {
    const shape = pathStar(W, K, L);
    const estimate = measureHittingTime(shape, uniformWalk, createRng(`base/${W}${K}${L}`), { walks: 3000, budget: 200 * baseHittingTime(shape) });
    assertWithin(estimate, baseHittingTime(shape), `base at G(${W}, ${K}, ${L})`);
  }
  assert.equal(baseHittingTime(pathStar(3, 3, 2)), 276);
});

test("Monte Carlo: the edge-state optimum takes 4WK + 2W - 2K, the depth-first searcher 2WK + W + 1", () => {
  for (const [W, K, L] of [[3, 3, 2], [4, 2, 3], [1, 2, 2]]) {
    const shape = pathStar(W, K, L);
    const rng = createRng(`optima/${W}${K}${L}`);
    const budget = 100 * optimalHittingTime(shape);
    assertWithin(measureHittingTime(shape, edgeStateOptimum, rng, { walks: 3000, budget }), optimalHittingTime(shape), `edge-state at ${W}${K}${L}`);
    assertWithin(measureHittingTime(shape, depthFirstSearch, rng, { walks: 3000, budget }), memoryOptimum(shape), `memory at ${W}${K}${L}`);
  }
});

test("Monte Carlo: the searcher that avoids only the branch just left takes 1 + (2K + 1)(1 + 2(W - 1)^2/W)", () => {
  for (const [W, K, L] of [[3, 2, 1], [5, 3, 2], [8, 1, 1], [1, 2, 2]]) {
    const shape = pathStar(W, K, L);
    const exact = lastBranchSearchHittingTime(shape);
    const estimate = measureHittingTime(shape, lastBranchSearch, createRng(`last-branch/${W}${K}${L}`), { walks: 3000, budget: 100 * optimalHittingTime(shape) });
    assertWithin(estimate, exact, `last branch at ${W}${K}${L}`);
    assert.ok(memoryOptimum(shape) <= exact && exact <= optimalHittingTime(shape), `between the optima at ${W}${K}${L}`);
  }
  // With two branches, the one just left is the only one searched: the two memories agree.
  for (const K of [1, 4, 9]) assert.equal(lastBranchSearchHittingTime(pathStar(2, K, 3)), memoryOptimum(pathStar(2, K, 3)));
  assert.equal(lastBranchSearchHittingTime(pathStar(3, 2, 1)), 1 + 5 * (1 + 8 / 3));
});

/** A last-token policy with one P(desired) per edge-state family and the given fork logits. */
function familyPolicy(p: { a: number; b: number; c: number; d: number }, forkLogits: (v: Vocabulary) => number[]): SequencePolicy {
  return lastTokenPolicy("families", (v, token) => {
    const logits = new Float64Array(v.moves).fill(-Infinity);
    const edges = (q: number, other: number) => {
      for (let e = 0; e < v.L; e++) logits[v.edge(e)] = Math.log(q / v.L);
      logits[other] = Math.log(1 - q);
    };
    if (token === TOKENS.START || token === TOKENS.DEAD_END) logits[token === TOKENS.START ? MOVES.FORWARD : MOVES.BACK] = 0;
    else if (token === TOKENS.RIGHT_FORWARD) edges(1 - p.a, MOVES.FORWARD);
    else if (token === TOKENS.RIGHT_BACK) edges(p.b, MOVES.FORWARD);
    else if (token === TOKENS.LEFT_BACK) edges(1 - p.d, MOVES.BACK);
    else if (token === TOKENS.FORK_FORWARD || token === TOKENS.FORK_BACK) forkLogits(v).forEach((x, b) => (logits[v.branch(b)] = x));
    else edges(p.c, MOVES.BACK);
    return logits;
  });
}

test("a last-token policy with a uniform fork is the library's edge-state policy: same exact E[T]", () => {
  const shape = pathStar(3, 2, 2);
  const p = { a: 0.7, b: 0.8, c: 0.9, d: 0.6 };
  const desired = [p.a, p.a, p.b, p.b, p.c, p.c, p.d, p.d];
  const exact = expectedHittingTime(shape, policyFromProbabilities(shape, desired));
  const estimate = measureHittingTime(shape, familyPolicy(p, (v) => new Array(v.W).fill(0)), createRng("families"), { walks: 3000, budget: 1e5 });
  assertWithin(estimate, exact, "families (0.7, 0.8, 0.9, 0.6)");
});

test("no last-token policy beats 4WK + 2W - 2K: random families and fork preferences", () => {
  const shape = pathStar(3, 2, 2);
  const rng = createRng("last-token");
  const bound = optimalHittingTime(shape);
  for (let i = 0; i < 12; i++) {
    const p = { a: 0.5 + 0.5 * rng(), b: 0.5 + 0.5 * rng(), c: 0.5 + 0.5 * rng(), d: 0.5 + 0.5 * rng() };
    const fork = [0, 1, 2].map(() => 2 * rng());
    const estimate = measureHittingTime(shape, familyPolicy(p, () => fork), rng, { walks: 600, budget: 1e5 });
    assert.ok(estimate.mean + 4 * estimate.standardError >= bound, `policy ${JSON.stringify(p)} fork ${fork}: ${estimate.mean}`);
  }
  const best = measureHittingTime(shape, familyPolicy({ a: 1, b: 1, c: 1, d: 1 }, (v) => new Array(v.W).fill(0)), rng, { walks: 3000, budget: 1e5 });
  assertWithin(best, bound, "every family at 1");
});

test("censoring: walks past the budget are counted and the mean is a lower bound", () => {
  const shape = pathStar(3, 3, 2);
  const budget = 100;
  const estimate = measureHittingTime(shape, uniformWalk, createRng("censored"), { walks: 2000, budget });
  assert.ok(estimate.censored > 0 && estimate.lowerBound);
  assert.ok(estimate.mean <= budget && estimate.mean < baseHittingTime(shape));
  assert.equal(estimate.success, (2000 - estimate.censored) / 2000);
  const sure = estimateHittingTime([3, 5], [true, true], 10);
  assert.equal(sure.lowerBound, false);
  assert.equal(sure.mean, 4);
  assert.throws(() => estimateHittingTime([3, 11], [true, false], 10), /steps\[1\] must be an integer from 0 to 10/);
  assert.throws(() => sampleTokenWalk(drawEpisode(shape, Math.random), uniformWalk, Math.random, 0), /budget must be an integer from 1/);
});

test("back-off probabilities: the references at their values on the probe walks", () => {
  const shape = pathStar(3, 2, 2);
  const probes = probeWalks(shape, createRng("probes"), 60);
  const dfs = backOffProbabilities(depthFirstSearch, probes);
  const edge = backOffProbabilities(edgeStateOptimum, probes);
  const random = backOffProbabilities(uniformWalk, probes);
  for (const r of [dfs, edge]) for (const k of ["a", "b", "c", "d", "back"] as const) assert.ok(Math.abs(r[k] - 1) < 1e-12, `${k} = ${r[k]}`);
  assert.equal(dfs.forkReentry, 0);
  assert.ok(Math.abs(edge.forkReentry - edge.forkReentryUniform) < 1e-12, "the edge-state optimum picks uniformly");
  assert.ok(Math.abs(random.a - 1 / 3) < 1e-12 && Math.abs(random.b - 2 / 3) < 1e-12 && Math.abs(random.d - 1 / 3) < 1e-12);
  assert.ok(dfs.contexts.fork > 0 && dfs.contexts.b > 0);
});
