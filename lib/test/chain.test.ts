import { test } from "node:test";
import assert from "node:assert/strict";
import {
  policyGradient, basePolicy, decisionIndex, branchLength, buildGraph, decisionCount, expectedExitTime, expectedHittingTime,
  exactHittingTime, firstStepAnalysis, fractionToNumber, log10ExpectedHittingTime, occupancy, optimalPolicy, pathStar,
  policyFromProbabilities, policyFromTheta, sftLimitPolicy, solveChain, solveChainValues, stemPathStar, BeyondDoubleRangeError, log10HittingTimeAccuracy,
} from "../src";
import type { GraphShape, Policy } from "../src";

const relative = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

/** A policy with every decision at a different, generic value. */
function wigglyPolicy(shape: GraphShape, seed = 1): Policy {
  const theta = Float64Array.from({ length: decisionCount(shape) }, (_, k) => 1.5 * Math.sin(seed * (k + 1)));
  return policyFromTheta(shape, theta);
}

test("reference values: base walk 50142 on G(15, 15, 5) and 276 on G(3, 3, 2); SFT limit 1569/2 on G(3, 3, 2); optimum 900", () => {
  const big = pathStar(15, 15, 5);
  const small = pathStar(3, 3, 2);
  assert.ok(relative(expectedHittingTime(big, basePolicy(big)), 50142) < 1e-12);
  assert.ok(relative(expectedHittingTime(big, optimalPolicy(big)), 900) < 1e-12);
  assert.ok(relative(expectedHittingTime(small, basePolicy(small)), 276) < 1e-12);
  assert.ok(relative(expectedHittingTime(small, sftLimitPolicy(small)), 1569 / 2) < 1e-12);
  assert.equal(exactHittingTime(small, basePolicy(small)).toFraction(), "276");
  assert.equal(exactHittingTime(small, sftLimitPolicy(small)).toFraction(), "1569/2");
  assert.equal(exactHittingTime(big, basePolicy(big)).toFraction(), "50142");
});

test("the optimal policy's hitting time is 4WK + 2W - 2K over a grid of sizes", () => {
  for (const W of [1, 2, 5, 15, 40]) {
    for (const K of [1, 2, 7, 15, 100]) {
      for (const L of [1, 2, 5, 9]) {
        const shape = pathStar(W, K, L);
        assert.equal(Math.round(expectedHittingTime(shape, optimalPolicy(shape))), 4 * W * K + 2 * W - 2 * K);
        assert.ok(relative(expectedHittingTime(shape, optimalPolicy(shape)), 4 * W * K + 2 * W - 2 * K) < 1e-12);
      }
    }
  }
});

test("edge flows, first-step analysis, the sparse solve and exact rationals agree on small graphs", () => {
  for (const [W, K, L] of [[1, 1, 1], [2, 1, 3], [3, 3, 2], [4, 2, 5], [5, 4, 3]]) {
    const shape = pathStar(W, K, L);
    for (const policy of [basePolicy(shape), sftLimitPolicy(shape), optimalPolicy(shape), wigglyPolicy(shape), wigglyPolicy(shape, 7)]) {
      const flows = expectedHittingTime(shape, policy);
      const exact = exactHittingTime(shape, policy);
      const exactValue = fractionToNumber(exact);
      assert.ok(relative(flows, exactValue) < 1e-9, `flows ${flows} vs exact ${exactValue}`);
      assert.ok(relative(firstStepAnalysis(shape, policy).hittingTime, exactValue) < 1e-9);
      assert.ok(relative(solveChainValues(shape, policy).hittingTime, exactValue) < 1e-9);
      assert.ok(relative(10 ** log10ExpectedHittingTime(shape, policy), exactValue) < 1e-9);
    }
  }
});

test("at Figure 3 size the SFT limit value matches exact rationals to 1e-12, where the sparse double solve drifts", () => {
  const shape = pathStar(15, 15, 5);
  const exact = exactHittingTime(shape, sftLimitPolicy(shape));
  const exactValue = fractionToNumber(exact);
  assert.ok(exactValue > 4e14 && exactValue < 5e14);
  assert.ok(relative(expectedHittingTime(shape, sftLimitPolicy(shape)), exactValue) < 1e-12);
  assert.ok(relative(firstStepAnalysis(shape, sftLimitPolicy(shape)).hittingTime, exactValue) < 1e-12);
});

test("the exit time from a dead leaf matches the sparse solve's value difference", () => {
  for (const [W, K, L] of [[3, 3, 2], [2, 5, 4]]) {
    const shape = pathStar(W, K, L);
    for (const policy of [basePolicy(shape), sftLimitPolicy(shape), wigglyPolicy(shape)]) {
      const graph = buildGraph(shape);
      const solution = solveChain(graph, policy);
      const { previous, current } = solution.chain;
      const deadLeaf = graph.nodes.findIndex((n) => n.kind === "leaf" && n.branch === 1);
      const atLeaf = [...current].findIndex((c) => c === deadLeaf);
      const atFork = [...current].findIndex((c, s) => c === graph.fork && previous[s] === graph.branchEntries[1]);
      const sparseExit = solution.values[atLeaf] - solution.values[atFork];
      assert.ok(relative(expectedExitTime(shape, policy), sparseExit) < 1e-9);
    }
  }
});

test("Theorem 4's growth: under the SFT limit each extra diamond multiplies the exit time by about (L+1)^2/L", () => {
  for (const L of [2, 5, 9]) {
    const exit = (K: number) => expectedExitTime(pathStar(3, K, L), sftLimitPolicy(pathStar(3, K, L)));
    const ratio = exit(30) / exit(29);
    assert.ok(relative(ratio, (L + 1) ** 2 / L) < 1e-9, `L = ${L}: ratio ${ratio}`);
  }
});

test("visit counts of every edge-state agree with the sparse solve, on both variants", () => {
  for (const shape of [pathStar(3, 3, 2), stemPathStar(2, 3, 2, 2)]) {
    const graph = buildGraph(shape);
    const N = branchLength(shape);
    for (const policy of [basePolicy(shape), wigglyPolicy(shape)]) {
      const occ = occupancy(shape, policy);
      const solution = solveChain(graph, policy);
      const total = (node: number) => [...solution.chain.current].reduce((sum, c, s) => sum + (c === node ? solution.visits[s] : 0), 0);
      for (let s = 0; s < solution.chain.size; s++) {
        const cur = solution.chain.current[s];
        const node = graph.nodes[cur];
        // The fork and the start are checked in total below; the target absorbs, so the solve has no visits there.
        if (cur === graph.fork || cur === graph.start || cur === graph.target) continue;
        const forward = solution.chain.previous[s] === graph.backward[cur];
        const onStem = node.branch < 0;
        const position = onStem ? 2 * node.depth - (node.kind === "left" ? 1 : 0) : cur - graph.branchEntries[node.branch] + 1;
        const line = onStem ? occ.stem : node.branch === graph.targetBranch ? occ.target : occ.eachDeadBranch;
        const expected = forward ? line.forward[position] : line.backward[position];
        assert.ok(relative(expected, solution.visits[s]) < 1e-9, `${node.label} ${forward} ${position}/${N}`);
      }
      assert.ok(relative(occ.fork, total(graph.fork)) < 1e-9);
      assert.ok(relative(occ.start, total(graph.start)) < 1e-9);
    }
  }
});

test("the exact policy gradient matches central finite differences to 1e-6 and the sparse solve's gradient", () => {
  for (const shape of [pathStar(3, 3, 2), pathStar(4, 5, 3)]) {
    for (const seed of [1, 3]) {
      const theta = Float64Array.from({ length: decisionCount(shape) }, (_, k) => Math.sin(seed * (k + 1)));
      const policy = policyFromTheta(shape, theta);
      const { gradient } = policyGradient(shape, policy);
      const sparse = solveChainValues(shape, policy).decisions.gradient;
      const h = 1e-5;
      for (let k = 0; k < theta.length; k++) {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[k] += h;
        minus[k] -= h;
        const fd = (expectedHittingTime(shape, policyFromTheta(shape, plus)) - expectedHittingTime(shape, policyFromTheta(shape, minus))) / (2 * h);
        assert.ok(Math.abs(gradient[k] - fd) <= 1e-6 * Math.max(Math.abs(fd), 1), `decision ${k}: ${gradient[k]} vs ${fd}`);
        assert.ok(Math.abs(gradient[k] - sparse[k]) <= 1e-9 * Math.max(Math.abs(sparse[k]), 1));
      }
    }
  }
});

test("under the SFT limit, every backtracking decision is visited and going back saves steps there", () => {
  const shape = pathStar(3, 4, 3);
  const { stepsSaved, visits } = policyGradient(shape, sftLimitPolicy(shape));
  for (const family of ["b", "d"] as const) {
    for (let depth = 1; depth <= 4; depth++) {
      const k = decisionIndex(shape, family, depth);
      assert.ok(visits[k] > 0 && stepsSaved[k] > 0, `${family}_${depth}`);
    }
  }
});

test("the stem variant's structured solver matches exact rationals", () => {
  const shape = stemPathStar(2, 3, 2, 2);
  for (const policy of [basePolicy(shape), optimalPolicy(shape), wigglyPolicy(shape)]) {
    const exact = exactHittingTime(shape, policy);
    assert.ok(relative(expectedHittingTime(shape, policy), fractionToNumber(exact)) < 1e-9);
  }
  assert.equal(exactHittingTime(shape, optimalPolicy(shape)).toFraction(), String(2 * 2 + 1 + (2 * 2 + 1) * (2 * 3 - 1)));
});

test("values beyond the double range come back in log space, never as Infinity", () => {
  const shape = pathStar(1000, 100000, 5);
  const log10 = log10ExpectedHittingTime(shape, sftLimitPolicy(shape));
  assert.ok(Number.isFinite(log10) && log10 > 308);
  // Each diamond multiplies the dead-branch flow by (L+1)^2/L = 7.2: about K log10(7.2) in all.
  assert.ok(Math.abs(log10 - 100000 * Math.log10(7.2)) < 10);
  assert.throws(() => expectedHittingTime(shape, sftLimitPolicy(shape)), /beyond the double range: use log10ExpectedHittingTime/);
  assert.ok(expectedHittingTime(shape, basePolicy(shape)) < 1e15);
});

test("a policy that can never come back from a dead end has an infinite expected hitting time, said as such", () => {
  const shape = pathStar(2, 2, 2);
  const p = Array.from(sftLimitPolicy(shape).desired);
  p.fill(0, 4, 6); // b = 0: never back through a diamond
  assert.throws(() => expectedHittingTime(shape, policyFromProbabilities(shape, p)), /infinite under this policy/);
  assert.throws(() => log10ExpectedHittingTime(shape, policyFromProbabilities(shape, p)), /infinite under this policy/);
});

test("a policy for another graph and sizes beyond the solvers' limits are refused with the limit", () => {
  assert.throws(() => expectedHittingTime(pathStar(3, 3, 2), basePolicy(pathStar(3, 3, 3))), /built for G\(W = 3, K = 3, L = 3\)/);
  assert.throws(() => expectedHittingTime(pathStar(1, 20_000_000, 2), basePolicy(pathStar(1, 20_000_000, 2))), /K \+ S must be at most 10000000/);
  assert.throws(() => exactHittingTime(pathStar(200, 40, 2), basePolicy(pathStar(200, 40, 2))), /limited to 20000/);
});

test("a subnormal fork probability is possible, not 0: the solvers give the value or the beyond-range error, never an infinite verdict", () => {
  const shape = stemPathStar(1, 2, 1, 1);
  const probabilities = new Array(decisionCount(shape)).fill(0.5);
  probabilities[decisionCount(shape) - 1] = 5e-324; // the fork's P(into a branch), the smallest double above 0
  const policy = policyFromProbabilities(shape, probabilities);
  const log10 = log10ExpectedHittingTime(shape, policy);
  assert.ok(log10 > 308.3, `10^${log10} is beyond the double range`);
  // The exact rational solve gets the same value: it is finite.
  const exact = exactHittingTime(shape, policy);
  // log10 of a bigint from its first 17 digits (relative error below 1e-16).
  const bigLog10 = (x: bigint) => {
    const digits = x.toString();
    const k = Math.min(17, digits.length);
    return digits.length - k + Math.log10(Number(digits.slice(0, k)));
  };
  const exactLog10 = bigLog10(exact.n) - bigLog10(exact.d);
  assert.ok(Math.abs(exactLog10 - log10) <= log10HittingTimeAccuracy(shape, log10) + 1e-15, `${exactLog10} against ${log10}`);
  for (const [name, solve] of [
    ["expectedHittingTime", () => expectedHittingTime(shape, policy)],
    ["solveChain", () => solveChainValues(shape, policy)],
  ] as const) {
    assert.throws(solve, (e: Error) => e instanceof BeyondDoubleRangeError && Math.abs(e.log10HittingTime - log10) < 1e-9 && /use log10ExpectedHittingTime/.test(e.message), name);
  }
});
