// The built explorable (build/explorable/index.html, `npm run explorable`) in Debian's
// Chromium, offline: every request other than the page's own file is aborted and
// fails the test, as does any console error or page error. The numbers the page
// shows are compared with the library's, computed here in Node from lib/dist.
//
//   npm run test:explorable      (builds the page first)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drawEveryPlot, missing, openPage, timeSliderMoves } from "../../explorable/chromium.mjs";

const require = createRequire(import.meta.url);
const lib = require("rlvr-backtracking");
const plot = require("rlvr-backtracking/plot");
// The library's own argument check, which the page shows for a refused size.
const { requireInteger } = lib;

const shots = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build", "explorable");

let browser;
let page;
/** Everything that went wrong in the browser: requests, console errors, page errors. */
const problems = [];

before(async () => {
  assert.equal(missing(), null);
  mkdirSync(shots, { recursive: true });
  ({ browser, page } = await openPage("#W=15&K=15&L=5", problems));
});

after(async () => {
  await browser?.close();
});

/**
 * Numbers computed with Math.exp, Math.log or ** are compared to a relative 1e-9,
 * all others exactly. Chromium's V8 and Node's V8 round Math.exp and ** differently
 * in the last bit for about one argument in ten (measured: 103 of 1200 values of
 * exp(0.01 t - ln 5), t = 1..1200, differ); a training run carries such one-ulp
 * (1e-16) differences through 1200 steps, and log space sums thousands of terms.
 * 1e-9 is far above that and far below what a wrong run would show: one training
 * step alone moves the hitting time by about 1%.
 */
const RELATIVE = 1e-9;

function assertClose(shownValue, expected, what) {
  const actual = Number(shownValue);
  assert.ok(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected), `${what}: page ${shownValue}, library ${expected}`);
}

/** The data-value (or data-log10) of the first element bound to `name`. */
const shown = (name, attribute = "value") =>
  page.$eval(`[data-quantity="${name}"]`, (el, a) => el.dataset[a] ?? null, attribute);

/** Waits until the page shows sizes W, K, L. */
async function waitForSizes(W, K, L) {
  await page.waitForFunction(
    ([w, k, l]) => ["W", "K", "L"].every((n, i) => document.querySelector(`[data-quantity="${n}"]`)?.dataset.value === String([w, k, l][i])),
    [W, K, L],
  );
}

/** The library's exact numbers for G(W, K, L), as String(x), the way the page must print them. */
function expected(W, K, L) {
  const shape = lib.pathStar(W, K, L);
  const time = (policy) => String(lib.expectedHittingTime(shape, policy));
  return {
    "base-hitting-time": time(lib.basePolicy(shape)),
    "sft-hitting-time": time(lib.sftLimitPolicy(shape)),
    "optimal-hitting-time": time(lib.optimalPolicy(shape)),
    "golden-path-length": String(lib.goldenPathLength(shape)),
    "dedup-sft-hitting-time": String(lib.dedupSftLimitHittingTime(shape)),
    "dedup-optimal-hitting-time": String(lib.dedupOptimalHittingTime(shape)),
    "growth-factor": String(((L + 1) * (L + 1)) / L),
  };
}

async function assertNumbers(W, K, L) {
  await waitForSizes(W, K, L);
  for (const [name, value] of Object.entries(expected(W, K, L))) {
    assert.equal(await shown(name), value, `${name} at W = ${W}, K = ${K}, L = ${L}`);
  }
}

/**
 * A picture of the whole page. The page lays out only the parts near the screen
 * (content-visibility), so for this picture every part is shown at once.
 */
async function screenshotWholePage(name) {
  const style = await page.addStyleTag({ content: ".deferred { content-visibility: visible !important; }" });
  await page.screenshot({ path: join(shots, name), fullPage: true });
  await style.evaluate((element) => element.remove());
}

/** How the first part of a section that needs a worker's result is displayed: "none" while there is none for the current sizes. */
const resultViewDisplay = (section) => page.$eval(`${section} .needs-result`, (element) => getComputedStyle(element).display);

async function waitForTraining() {
  await page.waitForFunction(() => /^trained in/.test(document.querySelector("#training-status").textContent), null, { timeout: 60_000 });
}

test("at Figure 3's size the page shows the library's exact numbers", async () => {
  await assertNumbers(15, 15, 5);
  assert.equal(await shown("optimal-hitting-time"), "900");
  assert.equal(await shown("base-hitting-time"), String(lib.expectedHittingTime(lib.pathStar(15, 15, 5), lib.basePolicy(lib.pathStar(15, 15, 5)))));
  const sentence = await page.textContent("#sft-sentence");
  assert.match(sentence.replace(/\s+/g, " "), /At W = 15, K = 15, L = 5 the SFT model needs about 4\.3 × 1014 steps/);
});

test("sizes set in the address are read on hashchange", async () => {
  await page.evaluate(() => (location.hash = "#W=3&K=3&L=2"));
  await assertNumbers(3, 3, 2);
  // The reference values of the paper notes: 276 and 1569 / 2.
  assert.equal(await shown("base-hitting-time"), "276");
  assert.equal(await shown("sft-hitting-time"), String(1569 / 2));
  assert.equal(await page.inputValue('input[type=range][name="K"]'), "3");
});

/** Section 2's and 3's sentences, whitespace collapsed. */
const gapSentences = async () => [await page.textContent("#sft-sentence"), await page.textContent("#gap p:nth-of-type(1)")].map((t) => t.replace(/\s+/g, " "));

test("section 3 says from which depth SFT is slower than the random walk, and which is faster here, at every size", async () => {
  for (const [W, K, L] of [[15, 1, 5], [2, 2, 1], [2, 3, 1], [3, 2, 2], [15, 15, 5]]) {
    await page.evaluate((h) => (location.hash = h), `#W=${W}&K=${K}&L=${L}`);
    await assertNumbers(W, K, L);
    const shape = lib.pathStar(W, K, L);
    const slower = lib.sftLimitHittingTime(shape) > lib.baseHittingTime(shape);
    const crossing = lib.sftLimitCrossingDepth(W, L);
    assert.equal(await shown("sft-crossing-depth"), String(crossing));
    assert.equal(slower, K >= crossing, "the library's crossing depth");
    const [section2, section3] = await gapSentences();
    assert.match(section3, new RegExp(`slower than the random walk from depth K = ${crossing} on`));
    assert.equal(/at so shallow a depth it is still the faster/.test(section3), !slower, `section 3 at G(${W}, ${K}, ${L})`);
    assert.equal(/still the faster of the two/.test(section2), !slower, `section 2 at G(${W}, ${K}, ${L})`);
  }
});

test("moving a slider updates the numbers within the frame and writes the address", async (t) => {
  await page.fill('input[type=range][name="W"]', "50");
  await page.fill('input[type=range][name="K"]', "50");
  await page.fill('input[type=range][name="L"]', "7");
  await assertNumbers(50, 50, 7);
  await page.waitForFunction(() => /^#W=50&K=50&L=7(&|$)/.test(location.hash));
  // The update a slider move makes, timed around the event (the plots follow on the next frame).
  const { update, compute } = await timeSliderMoves(page, "L", [7, 6], 21);
  const median = (xs) => [...xs].sort((a, b) => a - b)[10];
  t.diagnostic(`slider update at W = K = 50: median ${median(update).toFixed(2)} ms, of which ${median(compute).toFixed(2)} ms computing (target 16 ms, checked by npm run bench)`);
  await assertNumbers(50, 50, 7);
  await drawEveryPlot(page);
  await screenshotWholePage("size-50-50-7.png");
});

test("beyond the double range the page shows log10ExpectedHittingTime", async () => {
  await page.evaluate(() => (location.hash = "#W=1000&K=10000&L=5"));
  await waitForSizes(1000, 10000, 5);
  const shape = lib.pathStar(1000, 10000, 5);
  assert.equal(await shown("sft-hitting-time"), null, "no double holds this value");
  assertClose(await shown("sft-hitting-time", "log10"), lib.log10ExpectedHittingTime(shape, lib.sftLimitPolicy(shape)), "log10 of the SFT limit's hitting time");
  assert.equal(await shown("base-hitting-time"), String(lib.expectedHittingTime(shape, lib.basePolicy(shape))));
  assert.match(await page.textContent('[data-quantity="sft-hitting-time"]'), /× 10\d/);
  // Sizes beyond a slider's range: the slider is lengthened to show them, not left at its end.
  assert.equal(await page.inputValue('input[type=range][name="W"]'), "1000");
  assert.equal(await page.inputValue('input[type=range][name="K"]'), "10000");
  // Too large to train or sample on the page: each status says why, and no step slider, plot or caption stands empty.
  await page.waitForFunction(() => /^No training: W must be/.test(document.querySelector("#training-status").textContent));
  await page.waitForFunction(() => /No Monte Carlo check: W must be/.test(document.querySelector("#dedup-check").textContent));
  assert.equal(await resultViewDisplay("#training"), "none");
  assert.equal(await resultViewDisplay("#search"), "none");
});

test("a refused size shows the library's own RangeError next to its slider", async () => {
  for (const [hash, name, value] of [
    ["#W=0&K=15&L=5", "W", 0],
    // One branch has no dead end to come back from: the page, like the notebooks, starts at W = 2.
    ["#W=1&K=15&L=5", "W", 1],
    ["#W=15&K=2000000000&L=5", "K", 2000000000],
    ["#W=15&K=15&L=two", "L", NaN],
  ]) {
    await page.evaluate((h) => (location.hash = h), hash);
    const message = await page.textContent(`[data-size-error="${name}"]`);
    const [, low, high] = /from (\d+) to (\d+)/.exec(message).map(Number);
    assert.equal(low, name === "W" ? 2 : 1);
    assert.throws(() => requireInteger(name, value, low, high), (error) => error instanceof RangeError && error.message === message);
  }
  // A valid size clears the message and the numbers come back.
  await page.evaluate(() => (location.hash = "#W=15&K=15&L=5"));
  await assertNumbers(15, 15, 5);
  assert.equal(await page.textContent('[data-size-error="L"]'), "");
});

test("the trainings in the worker match the library's, step by step", async () => {
  const shape = lib.pathStar(15, 15, 5);
  await waitForTraining();
  assert.notEqual(await resultViewDisplay("#training"), "none", "a run for the current sizes is shown again");
  const run = lib.trainRlvr(shape, { steps: 1200, optimizer: "sign", learningRate: 0.01 });
  const rlvr = run.history;
  // Under sign steps, a logit whose gradient stayed negative stands at 1200 additions of 0.01.
  let top = 0;
  for (let step = 0; step < 1200; step++) top += 0.01;
  assert.equal(await shown("lockstep-logits"), String(run.theta.filter((x) => x === top).length));
  assert.equal(await shown("rlvr-logits"), String(run.theta.length));
  assertClose(await shown("current-hitting-time"), rlvr[1200].hittingTime, "RLVR, step 1200");
  await page.fill("#step", "300");
  assertClose(await shown("current-hitting-time"), rlvr[300].hittingTime, "RLVR, step 300");
  await page.check('input[name=method][value="sft"]');
  const sft = lib.trainSft(shape, { steps: 1200, optimizer: "sign", learningRate: 0.01 }).history;
  assertClose(await shown("current-hitting-time"), sft[300].hittingTime, "SFT, step 300");
  await page.waitForFunction(() => /opt=sign&method=sft&step=300/.test(location.hash));
  await page.check('input[name=optimizer][value="adam"]');
  await waitForTraining();
  const adam = lib.trainSft(shape, { steps: 1200, optimizer: "adam", learningRate: 0.05 }).history;
  assertClose(await shown("current-hitting-time"), adam[300].hittingTime, "SFT with Adam, step 300");
  await page.check('input[name=method][value="rlvr"]');
  await page.fill("#step", "1200");
});

test("Play runs the step slider from 0 to the last step", async () => {
  await page.fill("#step", "0");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#play").textContent === "Play" && document.querySelector("#step").value === "1200", null, { timeout: 60_000 });
  assert.equal(await shown("current-step"), "1200");
});

test("a walk under the current model is animated to its end", async () => {
  await page.click("#walk");
  await page.waitForFunction(() => /reached the target|not at the target/.test(document.querySelector("#walk-status").textContent), null, { timeout: 60_000 });
  await page.waitForFunction(() => /distillation|students' exact/i.test(document.querySelector("#distill-caption").textContent), null, { timeout: 60_000 });
  await page.waitForFunction(() => /gives/.test(document.querySelector("#dedup-check").textContent), null, { timeout: 60_000 });
  await drawEveryPlot(page);
  await screenshotWholePage("page.png");
  // The README's picture: the title, the sliders and the graph.
  await page.screenshot({ path: join(shots, "screenshot.png"), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: 1250 } });
});

test("the Monte Carlo check and the students' teacher are the library's, same seeds", async () => {
  // The page is at G(15, 15, 5) with Adam (the training test left it there).
  const shape = lib.pathStar(15, 15, 5);
  const graph = lib.buildGraph(shape);
  const walks = Number(await shown("dedup-walks"));
  for (const [name, policy] of [["sft", lib.sftLimitPolicy(shape)], ["optimal", lib.optimalPolicy(shape)]]) {
    const sampled = lib.meanWithInterval(lib.sampleDedupHittingTimes(graph, policy, lib.createRng(`explorable/dedup/${name}`), { problems: walks }));
    assert.equal(await shown(`dedup-${name}-sampled-mean`), String(sampled.mean));
    assert.equal(await shown(`dedup-${name}-sampled-half-width`), String(sampled.halfWidth));
  }
  assert.notEqual(await resultViewDisplay("#search"), "none", "the caption speaks of the sampled points again");
  // The students: the library's distillation data, Figure 3's teacher, Adam steps of 0.05 as the page chose.
  const data = lib.distillationByTracesData({ ...lib.DISTILLATION_BY_TRACES_DEFAULTS, W: 15, K: 15, L: 5, optimizer: "adam", learningRate: 0.05, steps: 1200, seed: "explorable/distillation" });
  assertClose(await shown("teacher-hitting-time"), data.teacher, "the teacher's hitting time");
  // The drawn median line of the students (the bands over seeds are drawn without a legend entry).
  const plotted = await page.$eval("#distill-plot", (plot) => plot.figure.data.map((trace) => ({ name: trace.name, xaxis: trace.xaxis, legend: trace.showlegend, y: trace.y })));
  const medians = plotted.find((trace) => trace.name.startsWith("student:") && trace.xaxis === "x" && trace.legend !== false);
  const counts = [...new Set(data.rows.map((r) => r.traces))];
  counts.forEach((traces, i) => {
    const values = data.rows.filter((r) => r.traces === traces).map((r) => r.student.hittingTime).sort((a, b) => a - b);
    assertClose(medians.y[i], values[Math.floor((values.length - 1) / 2)], `the students' median at ${traces} walks`);
  });
});

/** How many pixels of the canvas in `selector` have exactly the colour `hex` ("#rrggbb"). */
function pixelsOfColour(selector, hex) {
  return page.$eval(
    selector,
    (canvas, colour) => {
      const rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) count++;
      return count;
    },
    hex,
  );
}

// What keeps the page's thread free (timed by npm run bench, not here): the largest graph the
// page draws is one canvas, not thousands of plot points, and no plot is drawn by Plotly, whose
// start alone took the page's thread about a second.
test("the largest graph drawn is one canvas of every edge, and no plot uses Plotly", async () => {
  await page.evaluate(() => (location.hash = "#W=16&K=16&L=6"));
  await waitForSizes(16, 16, 6);
  const graph = lib.buildGraph(lib.pathStar(16, 16, 6));
  await page.$eval("#graph-plot", (plot) => plot.scrollIntoView());
  await page.waitForFunction((nodes) => document.querySelector("#graph-plot canvas")?.dataset.nodes === String(nodes), graph.nodes.length);
  const drawing = await page.$eval("#graph-plot", (plot) => ({
    elements: plot.querySelectorAll("*").length,
    canvas: plot.firstElementChild?.tagName,
    edges: plot.querySelector("canvas")?.dataset.edges,
    nodes: plot.querySelector("canvas")?.dataset.nodes,
  }));
  assert.deepEqual(drawing, { elements: 1, canvas: "CANVAS", edges: String(graph.edges.length), nodes: String(graph.nodes.length) });
  // Drawn, not blank: the golden path and the target star in their colours.
  assert.ok((await pixelsOfColour("#graph-plot canvas", plot.POLICY_COLORS.golden)) > 100, "the golden path is drawn");
  assert.ok((await pixelsOfColour("#graph-plot canvas", plot.POLICY_COLORS.optimal)) > 20, "the target is drawn");
  assert.equal(await page.evaluate(() => typeof (/** @type {any} */ (window).Plotly)), "undefined");
  assert.equal(await page.$$eval(".js-plotly-plot", (plots) => plots.length), 0);
  // Every other plot on the page is one SVG.
  const plots = await page.$$eval(".plot:not(#graph-plot):not(#walk-plot)", (all) => all.map((plot) => [plot.id, plot.querySelectorAll(":scope > svg").length]));
  for (const [id, svgs] of plots) assert.ok(svgs <= 1, `${id} holds ${svgs} SVGs`);
});

test("the page made no request and logged no error", () => {
  assert.deepEqual(problems, []);
});
