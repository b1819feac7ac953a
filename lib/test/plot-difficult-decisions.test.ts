import { test } from "node:test";
import assert from "node:assert/strict";
import { policyGradient, decisionName, difficultDecisionsData, sftLimitPolicy, stemPathStar, trainRlvr } from "../src";
import { difficultDecisionsFigure } from "../src/figures";

const data = difficultDecisionsData({ S: 2, W: 3, K: 2, L: 2, steps: 100, seed: "decisions-test" });
const shape = stemPathStar(2, 3, 2, 2);

test("difficultDecisionsData lists every decision once, in walking order, named as decisionName names it", () => {
  assert.equal(data.rows.length, 4 * (2 + 2) + 1);
  assert.equal(new Set(data.rows.map((r) => r.decision)).size, data.rows.length);
  for (const row of data.rows) assert.equal(row.name, decisionName(shape, row.decision));
  assert.deepEqual(data.rows.map((r) => r.where), [...Array(8).fill("stem"), "fork", ...Array(8).fill("branch")]);
  const sft = policyGradient(shape, sftLimitPolicy(shape));
  for (const row of data.rows) {
    assert.equal(row.sftVisits, sft.visits[row.decision]);
    assert.equal(row.sftStepsSaved, sft.stepsSaved[row.decision]);
  }
});

test("difficultDecisionsFigure gives each policy's steps saved its own linear axis and explains negative values", () => {
  const figure = difficultDecisionsFigure(data);
  const saved = figure.data.filter((t) => String(t.name).includes("steps saved"));
  assert.deepEqual(saved.map((t) => t.yaxis), ["y2", "y3"]);
  assert.deepEqual(figure.data[0].x, data.rows.map((r) => r.name));
  const notes = (figure.layout.annotations as { text: string }[]).map((a) => a.text).join(" ");
  assert.match(notes, /Below 0/);
});

test("difficultDecisionsData given an RLVR policy analyses that policy: the run it would train gives the same rows", () => {
  const shape = stemPathStar(2, 3, 2, 2);
  const trained = trainRlvr(shape, { steps: 100, seed: "decisions-test/rlvr" }).policy;
  assert.deepEqual(difficultDecisionsData({ S: 2, W: 3, K: 2, L: 2, steps: 100, seed: "decisions-test" }, trained), data);
  const other = trainRlvr(shape, { steps: 20 }).policy;
  const given = difficultDecisionsData({ S: 2, W: 3, K: 2, L: 2, steps: 100, seed: "decisions-test" }, other);
  const rlvr = policyGradient(shape, other);
  for (const row of given.rows) assert.equal(row.rlvrStepsSaved, rlvr.stepsSaved[row.decision]);
  assert.throws(() => difficultDecisionsData({ S: 2, W: 3, K: 3, L: 2, steps: 100, seed: "x" }, trained), /rlvrPolicy is a policy on .*; the figure's graph is/);
});
