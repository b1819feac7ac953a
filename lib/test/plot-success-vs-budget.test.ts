import { test } from "node:test";
import assert from "node:assert/strict";
import { budgetToReach, SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData } from "../src";
import { successVsBudgetFigure } from "../src/figures";

test("budgetToReach finds the smallest budget reaching a level, or null", () => {
  const curve = { budgets: [10, 100, 1000], solved: [0.2, 0.9, 1] };
  assert.equal(budgetToReach(curve, 0.9), 100);
  assert.equal(budgetToReach(curve, 0.1), 10);
  assert.equal(budgetToReach({ budgets: [10], solved: [0.5] }, 0.9), null);
  assert.throws(() => budgetToReach(curve, 0), /level/);
});

test("the default budgets are more than 100, log-spaced, from 8 to 10^5", () => {
  const b = SUCCESS_VS_BUDGET_DEFAULTS.budgets;
  assert.ok(b.length > 100, `${b.length} budgets`);
  assert.deepEqual([b[0], b[b.length - 1]], [8, 100000]);
  b.slice(1).forEach((x, i) => assert.ok(x > b[i]));
});

test("successVsBudgetData's curves never fall as the budget grows; the drawing gives each decoder one line", () => {
  const data = successVsBudgetData({ ...SUCCESS_VS_BUDGET_DEFAULTS, W: 3, K: 3, L: 2, walks: 200, budgets: [8, 20, 50, 100, 1000], seed: "budget-test" });
  assert.equal(data.curves.length, 6);
  for (const curve of data.curves) curve.solved.slice(1).forEach((s, i) => assert.ok(s >= curve.solved[i], curve.name));
  const figure = successVsBudgetFigure(data);
  assert.deepEqual(figure.data.map((t) => t.name), data.curves.map((c) => c.name));
  assert.throws(() => successVsBudgetData({ ...SUCCESS_VS_BUDGET_DEFAULTS, budgets: [100, 4] }), /budgets\[1\] must be an integer from 8/);
});
