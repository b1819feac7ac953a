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
 * error and every page error.
 */
export async function openPage(hash, problems) {
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, offline: true });
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

/** Scrolls every plot into view in turn, so the page draws them all (it draws only what is on screen). */
export async function drawEveryPlot(page) {
  for (const id of await page.$$eval(".plot", (plots) => plots.map((p) => p.id))) {
    await page.$eval(`#${id}`, (plot) => plot.scrollIntoView());
    await page.waitForFunction((plot) => !(/** @type {any} */ (window).explorableTimings.queuedPlots.includes(plot)), id);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
