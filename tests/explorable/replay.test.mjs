// Section 7 of the explorable in Chromium, offline: the walks of appendix A3's trained
// transformers it replays are the walks Node samples with the library from the same
// models file (figures/sequenceModels.json), token by token; its sentences state the
// walk's numbers, the exact references (from the chain solver here, not the closed
// forms the page uses), the sweep's measurement, and the budget the sweep measured
// with (read from figures/sequenceSweep.json, written by the same sweep). Nothing here
// depends on what a model does: the data change when the sweep runs again.
//
//   npm run test:explorable      (builds the page first)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { missing, openPage } from "../../explorable/chromium.mjs";

const require = createRequire(import.meta.url);
const lib = require("rlvr-backtracking");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const data = JSON.parse(readFileSync(join(root, "figures", "sequenceModels.json"), "utf8"));
const sweep = JSON.parse(readFileSync(join(root, "figures", "sequenceSweep.json"), "utf8"));
const { protocol } = data;
const { W, L } = protocol;
const mainK = protocol.K;
const record = (name) => data.models.find((m) => m.model === name);
const NAMES = ["base", ...lib.SEQUENCE_TRAININGS];

/** The walk Node samples for a model, depth and episode, as the page's contract (explorable/README.md) says. */
function nodeWalk(name, K, episode) {
  const { config, parameters } = record(name);
  const model = lib.transformerFromJSON({ config, parameters });
  const problem = lib.drawEpisode(lib.pathStar(W, K, L), lib.createRng(`explorable/replay/K${K}/episode${episode}`));
  const budget = lib.measurementBudget(protocol, name, K);
  return lib.sampleTokenWalk(problem, lib.transformerPolicy(model), lib.createRng(`explorable/replay/${name}/K${K}/episode${episode}`), budget);
}

/** Entries into a branch label already entered, counted from the token ids (ENTER tokens are 9 + label). */
function reentries(tokens) {
  const entered = new Set();
  let again = 0;
  for (const token of tokens) {
    if (token < 9) continue;
    if (entered.has(token)) again++;
    entered.add(token);
  }
  return again;
}

let browser;
let page;
const problems = [];

before(async () => {
  assert.equal(missing(), null);
  // Small sizes for the sections above: their trainings are quick.
  ({ browser, page } = await openPage("#W=3&K=3&L=2", problems));
  await page.$eval("#replay-plot", (plot) => plot.scrollIntoView());
});

after(async () => {
  await browser?.close();
});

/** Waits until the page shows the walk of `name` at depth K, episode `episode` (it may still be playing). */
async function waitForWalk(name, K, episode) {
  await page.waitForFunction((shown) => document.querySelector("#replay").dataset.shown === shown, `${name}/${K}/${episode}`, { timeout: 60_000 });
}

/** The references are computed on the page from closed forms, here by the chain solver: equal to rounding. */
function assertClose(shownValue, expected, what) {
  assert.ok(Math.abs(Number(shownValue) - expected) <= 1e-9 * expected, `${what}: page ${shownValue}, solver ${expected}`);
}

const value = (name) => page.$eval(`#replay [data-quantity="${name}"]`, (el) => el.dataset.value);
const text = (selector) => page.$eval(selector, (el) => el.textContent.replace(/\s+/g, " ").trim());

/** The page's walk against Node's: the tokens and moves, the steps, the re-entries, the references, the measurement, the budget. */
async function assertShows(name, K, episode) {
  await waitForWalk(name, K, episode);
  const walk = nodeWalk(name, K, episode);
  const v = walk.episode.vocabulary;
  const what = `${name} at K = ${K}, episode ${episode}`;
  assert.deepEqual(await page.$$eval("#replay-tokens .token", (els) => els.map((el) => el.textContent)), Array.from(walk.tokens, (t) => lib.tokenName(v, t)), `${what}: tokens`);
  assert.deepEqual(await page.$$eval("#replay-tokens .move", (els) => els.map((el) => el.textContent)), Array.from(walk.moves, (m) => lib.moveName(v, m)), `${what}: moves`);
  assert.equal(await value("replay-steps"), String(walk.steps));
  const result = await text("#replay-result");
  assert.ok(result.includes(lib.SEQUENCE_TRAINING_LABELS[name]), `${what}: the model is named`);
  assert.equal(/found the answer after/.test(result), walk.reached, `${what}: ${result}`);
  assert.equal(/was cut at the budget of/.test(result), !walk.reached, `${what}: ${result}`);
  const again = reentries(walk.tokens);
  if (again === 0) assert.match(result, /never entered a branch it had searched before/);
  else assert.equal(await value("replay-reentries"), String(again));
  const shape = lib.pathStar(W, K, L);
  assertClose(await value("replay-base"), lib.expectedHittingTime(shape, lib.basePolicy(shape)), `${what}: the base walk`);
  assertClose(await value("replay-edge-state"), lib.expectedHittingTime(shape, lib.optimalPolicy(shape)), `${what}: the edge-state optimum`);
  assert.equal(await value("replay-memory"), String(2 * W * K + W + 1));
  // Remembering the branch just left: (W - 1)^2 / W wrong branches expected, 2K + 1 moves each way.
  assertClose(await value("replay-last-branch"), 1 + (2 * K + 1) * (1 + (2 * (W - 1) ** 2) / W), `${what}: the last-branch searcher`);
  const { hittingTime, lowerBound, seed } = record(name);
  assert.equal(await value("replay-measured"), String(hittingTime));
  assert.equal(await value("replay-seed"), String(seed));
  assert.equal(/at least/.test(await text("#replay-measured")), lowerBound, `${what}: "at least" when the measurement is a bound`);
  assert.equal(await value("replay-budget"), String(lib.measurementBudget(protocol, name, K)));
}

test("section 7 says what the sweep trained, from the models file", async () => {
  await page.waitForFunction(() => document.querySelector("#replay").dataset.shown !== undefined, null, { timeout: 60_000 });
  assert.equal(await value("replay-W"), String(W));
  assert.equal(await value("replay-L"), String(L));
  assert.equal(await value("replay-main-K"), String(mainK));
  assert.equal(await value("replay-trained-depth"), String(Math.max(...lib.trainingDepths(protocol))));
  assert.match(await text("#replay-setting"), new RegExp(`depths k = ${protocol.pretrain.depths.join(", ")}\\.`));
  assert.equal(await page.$eval("#replay-depth", (el) => el.max), String(4 * mainK));
});

test("every model replays the walk Node samples from the same weights, model, depth and episode", async () => {
  // Opened without a model in the address: RLVR, at the main depth, episode 1.
  await assertShows("rlvr", mainK, 1);
  for (const name of NAMES) {
    await page.click(`input[name=replay-model][value="${name}"]`);
    await assertShows(name, mainK, 1);
  }
  await page.click("#replay-new");
  await assertShows(NAMES[NAMES.length - 1], mainK, 2);
  await page.waitForFunction(() => /&model=sft-random&episode=2$/.test(location.hash));
});

test("the budget is the one the sweep measured each model with, at every depth it measured, and its number of walks", async () => {
  for (const name of ["base", "rlvr"]) {
    const job = sweep.results.find((r) => r.id === record(name).id);
    assert.ok(job, `figures/sequenceSweep.json has the job ${record(name).id} of figures/sequenceModels.json`);
    for (const evaluation of job.evaluations) {
      await page.evaluate(([n, k]) => (location.hash = `#W=3&K=3&L=2&model=${n}&depth=${k}&episode=3`), [name, evaluation.K]);
      await assertShows(name, evaluation.K, 3);
      // Set by the address, the walk is shown whole.
      assert.equal(await page.$eval("#replay-plot canvas", (el) => el.dataset.steps), String(nodeWalk(name, evaluation.K, 3).steps));
      assert.equal(await value("replay-budget"), String(evaluation.hittingTime.budget), `${name} at K = ${evaluation.K}`);
      if (evaluation.K === mainK) assert.equal(await value("replay-measured-walks"), String(evaluation.hittingTime.walks));
      const trained = lib.modelDepths(protocol, name).includes(evaluation.K);
      assert.equal(/deeper than this model was trained on/.test(await text("#replay-measured")), !trained);
    }
  }
});

test("the depth slider reaches four times the main depth, and the step slider and Play step through the walk", async () => {
  const deepest = 4 * mainK;
  await page.fill("#replay-depth", String(deepest));
  await assertShows("rlvr", deepest, 3);
  const walk = nodeWalk("rlvr", deepest, 3);
  const middle = Math.floor(walk.steps / 2);
  await page.fill("#replay-step", String(middle));
  assert.equal(await page.$eval("#replay-plot canvas", (el) => el.dataset.steps), String(middle));
  assert.equal(await page.$$eval("#replay-tokens .token", (els) => els.findIndex((el) => el.classList.contains("current"))), middle);
  await page.click("#replay-play");
  await page.waitForFunction((steps) => document.querySelector("#replay-play").textContent === "Play" && document.querySelector("#replay-step").value === steps, String(walk.steps), { timeout: 30_000 });
});

test("a refused depth or episode shows the library's error and no walk", async () => {
  const deepest = 4 * mainK;
  for (const [hash, name, low, high, given] of [
    [`depth=${deepest + 1}&episode=1`, "depth K", 1, deepest, deepest + 1],
    ["depth=1&episode=0", "episode", 1, 1_000_000, 0],
  ]) {
    await page.evaluate((h) => (location.hash = `#W=3&K=3&L=2&model=sft&${h}`), hash);
    let expected;
    try {
      lib.requireInteger(name, given, low, high);
    } catch (error) {
      expected = error.message;
    }
    await page.waitForFunction((message) => document.querySelector("#replay-error").textContent.trim() === message, expected);
    assert.equal(await page.$eval("#replay-tokens", (el) => getComputedStyle(el).display), "none");
  }
  await page.evaluate(() => (location.hash = "#W=3&K=3&L=2&model=sft&depth=1&episode=4"));
  await assertShows("sft", 1, 4);
  assert.equal(await text("#replay-error"), "");
});

test("the replays made no request and logged no error", () => {
  assert.deepEqual(problems, []);
});
