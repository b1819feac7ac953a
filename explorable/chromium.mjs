// Opening the built explorable in Debian's Chromium, offline, for the browser test
// and the benchmark: every request but the page's own file is aborted and reported,
// as are console errors and page errors.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const PAGE_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "build", "explorable", "index.html");
export const PAGE_URL = pathToFileURL(PAGE_PATH).href;

/** Why the page cannot be opened here, or null when it can. */
export function missing() {
  if (!existsSync(PAGE_PATH)) return `${PAGE_PATH} is not built (npm run explorable)`;
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (RLVR_NEED_CHROMIUM=1 bash scripts/setup.sh)`;
  return null;
}

/**
 * Launches Chromium and opens the page at `hash`. `problems` collects every
 * request other than the page's own file (and data: or blob: URLs), every console
 * error and every page error. With `longTasks`, every task over 50 ms on the
 * page's thread from the start of loading on (PerformanceObserver "longtask") is
 * kept in window.explorableLongTasks, with the phase (window.explorablePhase,
 * "load" at first) it fell in. The window is 1200 by 900 CSS pixels unless
 * `viewport` says otherwise.
 */
export async function openPage(hash, problems, { longTasks = false, viewport = { width: 1200, height: 900 } } = {}) {
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport, offline: true });
  if (longTasks) {
    await context.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.explorablePhase = "load";
      w.explorableLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.explorableLongTasks.push({ phase: w.explorablePhase, ms: entry.duration });
      }).observe({ type: "longtask" });
    });
  }
  const own = (url) => url.split("#")[0] === PAGE_URL;
  await context.route("**", (route) => {
    const url = route.request().url();
    if (own(url)) return route.continue();
    problems.push(`request: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    const url = request.url();
    if (!own(url) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`request: ${url}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${PAGE_URL}${hash}`);
  return { browser, page };
}

/**
 * Moves the slider `name` between two values `moves` times and returns the
 * page's own timings of each update (explorableTimings): the whole update and
 * the exact numbers' computation, in milliseconds.
 */
export function timeSliderMoves(page, name, values, moves) {
  return page.evaluate(
    ([n, vs, count]) => {
      const slider = /** @type {HTMLInputElement} */ (document.querySelector(`input[type=range][name="${n}"]`));
      const update = [];
      const compute = [];
      for (let i = 0; i < count; i++) {
        slider.value = String(vs[i % vs.length]);
        const start = performance.now();
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        update.push(performance.now() - start);
        compute.push(/** @type {any} */ (window).explorableTimings.computeMs);
      }
      return { update, compute };
    },
    [name, values, moves],
  );
}

/**
 * Scrolls every plot into view in turn, so the page draws them all (it draws only
 * what is on screen), each until nothing is queued for it and no worker is computing
 * what it will draw (data-pending, the replay's walk).
 */
export async function drawEveryPlot(page) {
  for (const id of await page.$$eval(".plot", (plots) => plots.map((p) => p.id))) {
    await page.$eval(`#${id}`, (plot) => plot.scrollIntoView());
    await page.waitForFunction(
      (plot) => !(/** @type {any} */ (window).explorableTimings.queuedPlots.includes(plot)) && document.getElementById(plot)?.dataset.pending === undefined,
      id,
      { timeout: 60_000 },
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Size-slider moves for readPageLikeAReader: up to the largest graph drawn, the sliders' ends, and back. */
const SIZE_MOVES = [["K", 16], ["W", 16], ["L", 6], ["L", 5], ["L", 6], ["K", 30], ["W", 50], ["K", 50], ["L", 10], ["W", 3], ["K", 3], ["L", 2], ["W", 16], ["K", 16], ["L", 6]];
/** Address changes: the largest graph drawn, the largest sizes accepted, a refused one, and the size trained next. */
const ADDRESSES = ["#W=3&K=3&L=2", "#W=1000&K=10000&L=5", "#W=1000000&K=10000&L=1000000", "#W=0&K=15&L=5", "#W=50&K=50&L=10", "#W=16&K=16&L=6"];

/**
 * Reads the page opened with `longTasks` (openPage) the way a reader does, one
 * phase after another: the sizes moved by the sliders with the graph on screen,
 * then with the gap and Corollary 1 plots on screen; sizes set in the address;
 * the training's step slider, its Play, and a walk (at G(16, 16, 6), the largest
 * drawn, under the base model: the longest animation); the distillation plot;
 * section 7 (readReplayLikeAReader). Returns every task over 50 ms with its phase.
 */
export async function readPageLikeAReader(page) {
  const phase = (name) => page.evaluate((n) => (/** @type {any} */ (window).explorablePhase = n), name);
  const view = (selector) => page.$eval(selector, (element) => element.scrollIntoView({ block: "center" }));
  const settle = (ms) => page.waitForTimeout(ms);
  const status = (selector, pattern) =>
    page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s)?.textContent ?? ""), [selector, pattern], { timeout: 180_000 });
  await status("#training-status", "^trained in");
  await settle(1000);
  for (const [name, at] of [["sizes, graph on screen", "#graph-plot"], ["sizes, gap and Corollary 1 on screen", "#gap-plot"]]) {
    await phase(name);
    await view(at);
    for (const [slider, value] of SIZE_MOVES) {
      await page.fill(`input[type=range][name="${slider}"]`, String(value));
      await settle(400);
    }
  }
  await phase("address");
  await view("#graph-plot");
  for (const hash of ADDRESSES) {
    await page.evaluate((h) => (location.hash = h), hash);
    await settle(800);
  }
  await status("#training-status", "^trained in");
  await phase("step slider");
  await view("#time-plot");
  for (const step of [0, 300, 600, 900, 1200, 150]) {
    await page.fill("#step", String(step));
    await settle(200);
  }
  await phase("play");
  await page.fill("#step", "0");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#play")?.textContent === "Play", null, { timeout: 60_000 });
  await phase("walk");
  await view("#walk-plot");
  await page.fill("#step", "0");
  await page.click("#walk");
  await status("#walk-status", "reached the target|not at the target");
  await phase("distillation");
  await view("#distill-plot");
  await status("#distill-caption", "students' exact");
  await settle(500);
  await phase("replay");
  await readReplayLikeAReader(page);
  return /** @type {{ phase: string, ms: number }[]} */ (await page.evaluate(() => /** @type {any} */ (window).explorableLongTasks));
}

/**
 * Section 7 as a reader reads it: every model's walk at the main depth, the depth
 * slider's two ends, a new walk, and Play through the whole of the last one.
 */
export async function readReplayLikeAReader(page) {
  const shown = () =>
    page.waitForFunction(() => {
      const [model, depth, episode] = (document.getElementById("replay")?.dataset.shown ?? "").split("/");
      const address = new URLSearchParams(location.hash.slice(1));
      return model === address.get("model") && (!address.has("depth") || depth === address.get("depth")) && episode === address.get("episode");
    }, null, { timeout: 60_000 });
  await page.$eval("#replay-plot", (element) => element.scrollIntoView({ block: "center" }));
  for (const model of await page.$$eval("input[name=replay-model]", (inputs) => inputs.map((input) => input.value))) {
    await page.click(`input[name=replay-model][value="${model}"]`);
    await page.waitForTimeout(200);
    await shown();
  }
  for (const depth of ["1", await page.$eval("#replay-depth", (slider) => slider.max)]) {
    await page.fill("#replay-depth", depth);
    await page.waitForTimeout(200);
    await shown();
  }
  await page.click("#replay-new");
  await page.waitForTimeout(200);
  await shown();
  await page.fill("#replay-step", "0");
  await page.click("#replay-play");
  await page.waitForFunction(() => document.querySelector("#replay-play")?.textContent === "Play", null, { timeout: 60_000 });
}
