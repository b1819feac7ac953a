import { test } from "node:test";
import assert from "node:assert/strict";
import {
  basePolicy, buildGraph, compileChain, createRng, dedupOptimalHittingTime, dedupSftLimitHittingTime,
  expectedHittingTime, meanWithInterval, movesFrom, optimalPolicy, pathStar, policyFromProbabilities,
  decisionCount, decisionIndex, sampleBestOfNWork, sampleDedupHittingTimes, sampleDedupWalk, sampleHittingTimes,
  compileSamplingTable, sampleRestartHittingTimes, sampleWork, sftLimitPolicy, stemPathStar,
  successProbabilityByBudget,
} from "../src";
import type { ExplicitGraph, Policy, Strategy, WhenStuck } from "../src";

/**
 * A policy mixing exact 0s and 1s with values inside (0, 1), so that rejection
 * meets every case: a desired move already walked, fresh moves of probability 0.
 */
function mixedPolicy(graph: ExplicitGraph): Policy {
  const shape = graph.shape;
  const p = new Float64Array(decisionCount(shape));
  for (let depth = 1; depth <= shape.K; depth++) {
    p[decisionIndex(shape, "a", depth)] = depth % 2 === 1 ? 1 : 0.7;
    p[decisionIndex(shape, "b", depth)] = 0.3;
    p[decisionIndex(shape, "c", depth)] = depth % 2 === 0 ? 1 : 0.8;
    p[decisionIndex(shape, "d", depth)] = depth === 1 ? 0 : 0.6;
  }
  return policyFromProbabilities(shape, p);
}

/**
 * The dedup process by exhaustive enumeration, written from its definition and
 * independently of search.ts: states are (previous node, current node, set of
 * walked directed edges), and every trail is followed with its probability.
 * Returns P(success) and E[T; success]. With "repeat", a stuck trail is an error:
 * only policies that never get stuck are enumerated that way.
 */
function enumerateDedup(graph: ExplicitGraph, policy: Policy, whenStuck: WhenStuck): { success: number; meanTimesSuccess: number } {
  const memo = new Map<string, { success: number; meanTimesSuccess: number }>();
  // Parallel copies are interchangeable, so the memo key keeps, for each pair of
  // adjacent nodes, only how many of its copies were walked one way, the other, or both.
  const pairs = new Map<string, number[]>();
  graph.edges.forEach((e, id) => {
    const pair = `${Math.min(e.u, e.v)}-${Math.max(e.u, e.v)}`;
    pairs.set(pair, [...(pairs.get(pair) ?? []), id]);
  });
  const groups = [...pairs.values()];
  const canonical = (walked: bigint) =>
    groups
      .map((ids) => {
        const counts = [0, 0, 0, 0];
        for (const id of ids) counts[Number((walked >> BigInt(2 * id)) & 3n)]++;
        return counts.join(".");
      })
      .join("|");
  const visit = (previous: number, current: number, walked: bigint): { success: number; meanTimesSuccess: number } => {
    if (current === graph.target) return { success: 1, meanTimesSuccess: 0 };
    const key = `${previous},${current},${canonical(walked)}`;
    const known = memo.get(key);
    if (known) return known;
    // Every (move, parallel copy) with its probability, and whether it is still fresh.
    const options: { to: number; bit: bigint; p: number }[] = [];
    for (const m of movesFrom(graph, previous, current)) {
      const p = (m.decision < 0 ? 1 : m.desired ? policy.desired[m.decision] : policy.alternative[m.decision]) / m.share;
      const copies = graph.incident[current].filter((id) => {
        const e = graph.edges[id];
        return (e.u === current && e.v === m.to) || (e.v === current && e.u === m.to);
      });
      for (const id of copies) {
        const direction = graph.edges[id].u === current ? 0 : 1;
        options.push({ to: m.to, bit: 1n << BigInt(2 * id + direction), p: p / copies.length });
      }
    }
    const fresh = options.filter((o) => (walked & o.bit) === 0n);
    if (fresh.length === 0) {
      if (whenStuck === "fail") {
        memo.set(key, { success: 0, meanTimesSuccess: 0 });
        return memo.get(key)!;
      }
      throw new Error(`stuck at ${graph.nodes[current].label}`);
    }
    const total = fresh.reduce((sum, o) => sum + o.p, 0);
    let success = 0;
    let meanTimesSuccess = 0;
    for (const o of fresh) {
      const q = total > 0 ? o.p / total : 1 / fresh.length;
      if (q === 0) continue;
      const after = visit(current, o.to, walked | o.bit);
      success += q * after.success;
      meanTimesSuccess += q * (after.meanTimesSuccess + after.success);
    }
    const result = { success, meanTimesSuccess };
    memo.set(key, result);
    return result;
  };
  return visit(-1, graph.start, 0n);
}

/** F[t] = P(T <= t) of the plain walk, by pushing the state distribution forward step by step. */
function plainHittingCdf(graph: ExplicitGraph, policy: Policy, tMax: number): Float64Array {
  const chain = compileChain(graph);
  let mass = new Float64Array(chain.size);
  mass[0] = 1;
  const cdf = new Float64Array(tMax + 1);
  let hit = 0;
  for (let t = 1; t <= tMax; t++) {
    const next = new Float64Array(chain.size);
    for (let s = 0; s < chain.size; s++) {
      if (mass[s] === 0) continue;
      for (const m of chain.moves[s]) {
        const p = (m.decision < 0 ? 1 : m.desired ? policy.desired[m.decision] : policy.alternative[m.decision]) / m.share;
        if (chain.moves[m.to].length === 0) hit += mass[s] * p;
        else next[m.to] += mass[s] * p;
      }
    }
    mass = next;
    cdf[t] = hit;
  }
  return cdf;
}

/** |estimate - exact| within 4 binomial standard errors (plus a little for p near 0 or 1). */
function assertFractionClose(estimate: number, exact: number, walks: number, what: string): void {
  const se = Math.sqrt(Math.max(exact * (1 - exact), 1e-4) / walks);
  assert.ok(Math.abs(estimate - exact) <= 4 * se, `${what}: ${estimate} vs exact ${exact} (4 se = ${4 * se})`);
}

function directedEdgesOf(graph: ExplicitGraph, walk: { nodes: number[]; edges: number[] }): string[] {
  return walk.edges.map((id, i) => {
    const e = graph.edges[id];
    assert.deepEqual([e.u, e.v].sort(), [walk.nodes[i], walk.nodes[i + 1]].sort(), "each edge joins the nodes it sits between");
    return `${id}:${walk.nodes[i]}->${walk.nodes[i + 1]}`;
  });
}

test("with the optimal policy, rejection leaves every excursion straight and only makes the fork draw branches without replacement", () => {
  // W = 1: no fork choice, so rejection changes nothing: 2K + 2 steps, as the plain optimum.
  for (const K of [1, 3, 6]) {
    const shape = pathStar(1, K, 4);
    const steps = sampleDedupHittingTimes(buildGraph(shape), optimalPolicy(shape), createRng("w1"), { problems: 200 });
    assert.ok(steps.every((t) => t === 2 * K + 2 && t === expectedHittingTime(shape, optimalPolicy(shape))));
  }
  // W > 1: each excursion goes straight down and straight back as without rejection;
  // the fork never re-enters a branch it has searched.
  const shape = pathStar(5, 3, 3);
  const graph = buildGraph(shape);
  const rng = createRng("optimal");
  for (let i = 0; i < 300; i++) {
    const walk = sampleDedupWalk(graph, optimalPolicy(shape), rng);
    assert.ok(walk.reached && !walk.stuck && walk.repeatedSteps === 0);
    const excursion = 2 * (2 * shape.K + 1);
    assert.equal((walk.edges.length - 1 - (2 * shape.K + 1)) % excursion, 0);
    const entered = walk.nodes.filter((_, j) => j > 0 && walk.nodes[j - 1] === graph.fork);
    assert.equal(new Set(entered).size, entered.length, "no branch is entered twice");
  }
  const steps = sampleDedupHittingTimes(graph, optimalPolicy(shape), createRng("opt-mean"), { problems: 20000 });
  const { mean, halfWidth } = meanWithInterval(steps);
  assert.ok(Math.abs(mean - dedupOptimalHittingTime(shape)) < halfWidth, `${mean} ± ${halfWidth}`);
  assert.equal(dedupOptimalHittingTime(shape), (2 * 3 + 1) * 5 + 1);
});

test("duplicate-edge rejection never walks a directed edge twice, parallel copies counting as distinct edges", () => {
  const cases: [ExplicitGraph, (g: ExplicitGraph) => Policy][] = [
    [buildGraph(pathStar(3, 3, 3)), (g) => sftLimitPolicy(g.shape)],
    [buildGraph(pathStar(3, 3, 3)), (g) => basePolicy(g.shape)],
    [buildGraph(pathStar(4, 2, 2)), mixedPolicy],
    [buildGraph(stemPathStar(2, 2, 2, 3)), (g) => basePolicy(g.shape)],
  ];
  const rng = createRng("trails");
  let diamondRecrossings = 0;
  for (const [graph, makePolicy] of cases) {
    const policy = makePolicy(graph);
    for (let i = 0; i < 300; i++) {
      const walk = sampleDedupWalk(graph, policy, rng, { whenStuck: "fail" });
      const directed = directedEdgesOf(graph, walk);
      assert.equal(new Set(directed).size, directed.length, "a directed edge was walked twice");
      assert.equal(walk.repeatedSteps, 0);
      assert.equal(walk.reached, !walk.stuck);
      // The same pair of nodes crossed twice in one direction must use two different copies.
      const pairs = walk.edges.map((_, j) => `${walk.nodes[j]}->${walk.nodes[j + 1]}`);
      diamondRecrossings += pairs.length - new Set(pairs).size;
    }
  }
  assert.ok(diamondRecrossings > 0, "the checks above should include walks that cross a diamond twice in one direction");
});

test("when stuck, 'repeat' takes one unrestricted step and keeps rejecting, while 'fail' ends the walk unsolved", () => {
  const shape = pathStar(2, 1, 2);
  const graph = buildGraph(shape);
  const rng = createRng("stuck");
  let stuckWalks = 0;
  for (let i = 0; i < 500; i++) {
    const walk = sampleDedupWalk(graph, basePolicy(shape), rng);
    assert.ok(walk.reached);
    if (!walk.stuck) {
      assert.equal(walk.repeatedSteps, 0);
      continue;
    }
    stuckWalks++;
    const directed = directedEdgesOf(graph, walk);
    assert.ok(directed.length - new Set(directed).size >= 1 && walk.repeatedSteps >= 1);
  }
  assert.ok(stuckWalks > 0);
  const failed = sampleDedupHittingTimes(graph, basePolicy(shape), createRng("stuck"), { problems: 2000, whenStuck: "fail" });
  assert.ok(failed.some((t) => t < 0) && failed.some((t) => t > 0));
});

test("the closed forms under rejection agree with exhaustive enumeration of the dedup process", () => {
  for (const [W, K, L] of [[1, 1, 1], [1, 2, 4], [2, 1, 2], [3, 2, 3], [2, 3, 4], [4, 1, 5]]) {
    const shape = pathStar(W, K, L);
    const graph = buildGraph(shape);
    const sft = enumerateDedup(graph, sftLimitPolicy(shape), "repeat");
    const optimal = enumerateDedup(graph, optimalPolicy(shape), "repeat");
    assert.ok(Math.abs(sft.success - 1) < 1e-12 && Math.abs(optimal.success - 1) < 1e-12);
    assert.ok(Math.abs(sft.meanTimesSuccess - dedupSftLimitHittingTime(shape)) < 1e-9, `SFT ${sft.meanTimesSuccess} at ${[W, K, L]}`);
    assert.ok(Math.abs(optimal.meanTimesSuccess - dedupOptimalHittingTime(shape)) < 1e-9, `optimal ${optimal.meanTimesSuccess}`);
  }
  assert.throws(() => dedupSftLimitHittingTime(stemPathStar(1, 2, 2, 2)), /G\(W, K, L\) only/);
});

test("Monte Carlo dedup agrees with exhaustive enumeration within 4 standard errors, stuck walks included", () => {
  const walks = 40000;
  const cases: [ExplicitGraph, Policy, WhenStuck][] = [];
  for (const shape of [pathStar(1, 1, 3), pathStar(2, 1, 2), pathStar(2, 2, 2)]) {
    const graph = buildGraph(shape);
    cases.push([graph, basePolicy(shape), "fail"], [graph, mixedPolicy(graph), "fail"]);
  }
  const sftGraph = buildGraph(pathStar(3, 2, 3));
  cases.push([sftGraph, sftLimitPolicy(sftGraph.shape), "repeat"]);
  for (const [graph, policy, whenStuck] of cases) {
    const exact = enumerateDedup(graph, policy, whenStuck);
    const steps = sampleDedupHittingTimes(graph, policy, createRng("enumerate"), { problems: walks, whenStuck });
    const solved = steps.filter((t) => t >= 0).length / walks;
    assertFractionClose(solved, exact.success, walks, "success probability");
    const { mean, halfWidth } = meanWithInterval(steps);
    const conditionalMean = exact.meanTimesSuccess / exact.success;
    assert.ok(Math.abs(mean - conditionalMean) <= halfWidth + 1e-9, `mean ${mean} ± ${halfWidth} vs exact ${conditionalMean}`);
  }
});

test("under rejection the SFT limit's work grows linearly in L, K and W, while the optimal policy's does not depend on L", () => {
  const walks = 3000;
  const meanOf = (W: number, K: number, L: number, policyOf: typeof sftLimitPolicy) => {
    const shape = pathStar(W, K, L);
    return meanWithInterval(sampleDedupHittingTimes(buildGraph(shape), policyOf(shape), createRng(`scale ${W} ${K} ${L}`), { problems: walks }));
  };
  const base = meanOf(8, 8, 16, sftLimitPolicy).mean;
  // Closed form: 557 -> 1005 (L), 1105 (K), 1173 (W); the bounds below are generous.
  for (const [doubled, what] of [[meanOf(8, 8, 32, sftLimitPolicy).mean, "L"], [meanOf(8, 16, 16, sftLimitPolicy).mean, "K"], [meanOf(16, 8, 16, sftLimitPolicy).mean, "W"]] as const) {
    const ratio = doubled / base;
    assert.ok(ratio > 1.5 && ratio < 2.5, `doubling ${what} multiplied the SFT work by ${ratio}`);
  }
  const small = meanOf(8, 8, 2, optimalPolicy);
  const large = meanOf(8, 8, 32, optimalPolicy);
  const gap = Math.hypot(small.halfWidth, large.halfWidth);
  assert.ok(Math.abs(small.mean - large.mean) < gap, `optimal work ${small.mean} at L = 2 vs ${large.mean} at L = 32`);
  assert.ok(Math.abs(large.mean - dedupOptimalHittingTime(pathStar(8, 8, 32))) < large.halfWidth);
});

test("success by budget matches the exact plain-walk distribution for sampling, restarts and best-of-n", () => {
  const shape = pathStar(3, 2, 2);
  const graph = buildGraph(shape);
  const walks = 20000;
  const budgets = [6, 12, 20, 30, 45, 60, 90, 120];
  for (const policy of [basePolicy(shape), sftLimitPolicy(shape)]) {
    const F = plainHittingCdf(graph, policy, 120);
    const expected: Record<string, (B: number) => number> = {
      sample: (B) => F[B],
      "restarts 10": (B) => 1 - (1 - F[10]) ** Math.floor(B / 10) * (1 - F[B % 10]),
      "best-of-3": (B) => 1 - (1 - F[Math.floor(B / 3)]) ** 3,
    };
    const strategies: Record<string, Strategy> = {
      sample: { kind: "sample" },
      "restarts 10": { kind: "restarts", restartEvery: 10 },
      "best-of-3": { kind: "best-of-n", n: 3 },
    };
    for (const name of Object.keys(strategies)) {
      const curve = successProbabilityByBudget(strategies[name], graph, policy, createRng(name), { problems: walks, budgets });
      budgets.forEach((B, i) => assertFractionClose(curve[i], expected[name](B), walks, `${name} at budget ${B}`));
      for (let i = 1; i < budgets.length; i++) assert.ok(curve[i] >= curve[i - 1], "success never falls as the budget grows");
    }
  }
});

test("restarts that never fire and best-of-1 are plain sampling: their means match the exact hitting time", () => {
  const shape = pathStar(4, 3, 2);
  const graph = buildGraph(shape);
  const policy = basePolicy(shape);
  const exact = expectedHittingTime(shape, policy);
  for (const steps of [
    sampleRestartHittingTimes(graph, policy, createRng("r"), { problems: 20000, restartEvery: 1e9 }),
    sampleBestOfNWork(graph, policy, createRng("b"), { problems: 20000, n: 1 }),
  ]) {
    const { mean, halfWidth, finished } = meanWithInterval(steps);
    assert.equal(finished, 20000);
    assert.ok(Math.abs(mean - exact) < halfWidth, `${mean} ± ${halfWidth} vs ${exact}`);
  }
  // Best-of-n work is n times the shortest of the n walks, so a multiple of n.
  const work = sampleBestOfNWork(graph, policy, createRng("n"), { problems: 500, n: 4, budget: 4000 });
  assert.ok(work.every((w) => w === -1 || w % 4 === 0));
  // The "sample" strategy is sample.ts's sampler, walk for walk.
  assert.deepEqual(
    sampleWork({ kind: "sample" }, graph, policy, createRng("same"), { problems: 100 }),
    sampleHittingTimes(compileSamplingTable(graph), policy, createRng("same"), { walks: 100 }),
  );
});

test("the same seed gives the same numbers for every strategy; another seed gives others", () => {
  const shape = pathStar(4, 3, 3);
  const graph = buildGraph(shape);
  const strategies: Strategy[] = [
    { kind: "sample" }, { kind: "restarts", restartEvery: 30 }, { kind: "best-of-n", n: 2 }, { kind: "dedup" }, { kind: "dedup", whenStuck: "fail" },
  ];
  for (const strategy of strategies) {
    const run = (seed: string) => sampleWork(strategy, graph, basePolicy(shape), createRng(seed), { problems: 200, budget: 5000 });
    assert.deepEqual(run("seed"), run("seed"));
    assert.notDeepEqual(run("seed"), run("other"));
    const curve = (seed: string) => successProbabilityByBudget(strategy, graph, basePolicy(shape), createRng(seed), { problems: 200, budgets: [50, 500, 5000] });
    assert.deepEqual(curve("seed"), curve("seed"));
  }
});

test("bad options are refused with a RangeError naming the option", () => {
  const shape = pathStar(3, 2, 2);
  const graph = buildGraph(shape);
  const policy = basePolicy(shape);
  const rng = createRng("bad");
  assert.throws(() => sampleDedupHittingTimes(graph, policy, rng, { problems: 0 }), /problems must be an integer from 1/);
  assert.throws(() => sampleDedupHittingTimes(graph, policy, rng, { budget: 0 }), /budget must be an integer from 1/);
  assert.throws(() => sampleDedupHittingTimes(graph, policy, rng, { problems: 2.5 }), /problems must be an integer/);
  assert.throws(() => sampleDedupHittingTimes(graph, policy, rng, { whenStuck: "retry" as WhenStuck }), /whenStuck must be one of "repeat", "fail"/);
  assert.throws(() => sampleRestartHittingTimes(graph, policy, rng, { restartEvery: 2.5 }), /restartEvery must be an integer from 1/);
  assert.throws(() => sampleRestartHittingTimes(graph, policy, rng, { restartEvery: 0 }), /restartEvery must be an integer from 1/);
  assert.throws(() => sampleBestOfNWork(graph, policy, rng, { n: 11, budget: 10 }), /n must be an integer from 1 to 10/);
  assert.throws(() => sampleBestOfNWork(graph, policy, rng, { n: 1.5 }), /n must be an integer/);
  assert.throws(() => sampleWork({ kind: "beam" } as unknown as Strategy, graph, policy, rng), /strategy.kind must be/);
  assert.throws(() => successProbabilityByBudget({ kind: "dedup" }, graph, policy, rng, { budgets: [] }), /budgets must be a non-empty list/);
  assert.throws(() => successProbabilityByBudget({ kind: "dedup" }, graph, policy, rng, { budgets: [10, 0] }), /budgets\[1\] must be an integer from 1/);
  assert.throws(() => successProbabilityByBudget({ kind: "sample" }, graph, policy, rng, { budgets: [10], problems: 0 }), /problems must be an integer from 1/);
  assert.throws(() => successProbabilityByBudget({ kind: "best-of-n", n: 8 }, graph, policy, rng, { budgets: [100, 5] }), /budgets\[1\] must be an integer from 8/);
  assert.throws(() => sampleDedupHittingTimes(graph, basePolicy(pathStar(3, 2, 3)), rng), /the policy was built for G\(W = 3, K = 2, L = 3\)/);
});
