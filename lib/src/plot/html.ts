/**
 * Figures as HTML that renders offline: plotly.js is read from node_modules (there
 * is no network at run time, and plotly.js cannot be loaded in Node itself).
 *
 * Two ways to carry plotly.js:
 * - a standalone page (`figurePage`, scripts/figures.mjs) inlines the minified
 *   bundle once per page;
 * - a notebook shows it once, from an explicit set-up cell at the top
 *   (`loadPlotly()`), gzip-compressed and unpacked in the browser. Every plot
 *   (`showFigure`) only references `window.Plotly` and waits for it, so re-running
 *   any single cell, saving and reloading never loses a plot.
 *
 * The bundle is minified once by scripts/setup.sh (esbuild) into a cache keyed on
 * plotly's version (`minifiedPlotlyPath`).
 *
 * Where a viewer strips scripts (an untrusted classic Jupyter notebook), each place
 * shows a line saying so; the scripts replace that line.
 */
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { gzipSync } from "zlib";
import type { Figure } from "./figure";
import sharedNames from "../shared-names.json";
import { showBundle } from "../notebook-output";

/** The npm package and file minified and inlined: the plotly.js bundle (it sets `window.Plotly`). */
export const PLOTLY_BUNDLE = "plotly.js-dist/plotly.js";

/** Shown where a figure waited for plotly.js in vain (the set-up cell's output is gone or never ran). */
export const PLOTLY_MISSING_MESSAGE =
  "plotly.js is not on this page: run the set-up cell at the top of the notebook " +
  "(the one that calls loadPlotly()), then this cell.";

/** Shown while a figure waits for the set-up cell's plotly.js to unpack. */
export const PLOTLY_WAITING_MESSAGE = "Waiting for plotly.js from the set-up cell at the top of the notebook...";

/** Shown in place of the figure where scripts do not run. */
export const SCRIPTS_STRIPPED_MESSAGE =
  "Interactive plot hidden: this view strips scripts. Trust the notebook (File > Trust Notebook, or " +
  "`jupyter trust file.ipynb`) or open the HTML export.";

/** Shown by the set-up cell where scripts do not run. */
export const CARRIER_STRIPPED_MESSAGE =
  "plotly.js for this notebook's plots is stored here, but this view strips scripts: trust the " +
  "notebook (File > Trust Notebook) or open the HTML export to see the plots.";

/** How long (ms) a figure waits for `window.Plotly` before it says the set-up cell is missing. */
export const PLOTLY_WAIT_MS = 30000;

/**
 * The class of the set-up cell's <script>, which the book replaces by one shared plotly.js file
 * (in shared-names.json, which the Python scripts read from the built library).
 */
export const PLOTLY_CARRIER_CLASS: string = sharedNames.plotlyCarrierClass;

/**
 * Where scripts/setup.sh writes the minified bundle:
 * `node_modules/.cache/rlvr-backtracking/plotly-<version>.min.js`, next to the
 * node_modules that holds plotly.js-dist.
 */
export function minifiedPlotlyPath(): string {
  let bundle: string;
  try {
    bundle = require.resolve(PLOTLY_BUNDLE);
  } catch {
    throw new Error(`cannot find ${PLOTLY_BUNDLE}: run npm install (or scripts/setup.sh) at the repository root`);
  }
  const packageDir = dirname(bundle);
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  return join(dirname(packageDir), ".cache", "rlvr-backtracking", `plotly-${version}.min.js`);
}

let plotlySource: string | undefined;

/** The minified plotly.js bundle as text, read once per process and made safe to inline in a <script>. */
export function plotlyScript(): string {
  if (plotlySource === undefined) {
    const path = minifiedPlotlyPath();
    if (!existsSync(path)) {
      throw new Error(`plotly.js is not minified yet (${path} is missing): run npm run setup`);
    }
    const text = readFileSync(path, "utf8");
    if (/<\/script/i.test(text)) throw new Error(`${path} contains "</script" and cannot be inlined`);
    // "<!--" inside a script can change how HTML parsers find its end; it occurs only in strings.
    plotlySource = text.split("<!--").join("\\x3C!--");
  }
  return plotlySource;
}

let plotlyGzipBase64: string | undefined;

/** The minified bundle, gzip-compressed and base64-encoded (about 2 MB instead of 4.8 MB). */
function plotlyCompressed(): string {
  plotlyGzipBase64 ??= gzipSync(Buffer.from(plotlyScript(), "utf8"), { level: 9 }).toString("base64");
  return plotlyGzipBase64;
}

let carrierCounter = 0;

/**
 * The set-up cell's HTML: a status line (saying that scripts are stripped, until
 * the script replaces it) and a script that unpacks plotly.js (gzip, with the
 * browser's DecompressionStream) and runs it, unless the page already has
 * `window.Plotly`. The compressed bundle is always in the output, so a saved
 * notebook carries it whichever cells ran after.
 */
export function plotlyLoaderHtml(): string {
  const id = `rlvr-plotly-${++carrierCounter}`;
  return [
    `<div id="${id}" style="padding:0.3em;color:#555;font-family:sans-serif;font-size:0.9em">` +
      `${CARRIER_STRIPPED_MESSAGE}</div>`,
    `<script type="text/javascript" class="${PLOTLY_CARRIER_CLASS}">(function () {\n` +
      `  var status = document.getElementById("${id}");\n` +
      `  function say(text) { if (status) status.textContent = text; }\n` +
      `  function loaded() { say("plotly.js " + window.Plotly.version + " is loaded for the plots below."); }\n` +
      `  if (typeof window.Plotly !== "undefined") { loaded(); return; }\n` +
      `  if (typeof DecompressionStream === "undefined") {\n` +
      `    say("This browser cannot unpack plotly.js (it needs DecompressionStream): open the HTML book.");\n` +
      `    return;\n` +
      `  }\n` +
      `  say("Unpacking plotly.js...");\n` +
      `  var packed = "${plotlyCompressed()}";\n` +
      `  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });\n` +
      `  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));\n` +
      `  new Response(stream).text().then(function (source) {\n` +
      `    if (typeof window.Plotly === "undefined") {\n` +
      `      var script = document.createElement("script");\n` +
      `      script.text = source;\n` +
      `      document.head.appendChild(script);\n` +
      `    }\n` +
      `    loaded();\n` +
      `  }, function (error) { say("plotly.js could not be unpacked: " + error); });\n` +
      `})();</script>`,
  ].join("\n");
}

export interface FigureHtmlOptions {
  /** The id of the plot's div. Defaults to one derived from the figure's content and a counter. */
  divId?: string;
  /** Inline plotly.js (run at most once per page). Defaults to true; false expects `window.Plotly` on the page. */
  includePlotly?: boolean;
  /** Plotly config. Defaults to { displaylogo: false, responsive: false } (responsive: true with `fitWidth`). */
  config?: Record<string, unknown>;
  /**
   * Draw at the width of the element the plot lands in (a notebook's output area),
   * ignoring the figure's own `layout.width`, and follow it when it changes.
   * Defaults to false: a standalone page and the static exports keep the figure's width.
   */
  fitWidth?: boolean;
}

let figureCounter = 0;

/** JSON that is safe inside a <script> element: no "<" that could close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * An HTML fragment that draws `figure` with no network access: a fallback line
 * (hidden by the script when scripts run), the plot's div, plotly.js inlined once
 * per page, and the call to `Plotly.newPlot`.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const fit = options.fitWidth ?? false;
  const layout = fit ? fittedLayout(figure) : figure.layout;
  const json = scriptJson({ data: figure.data, layout, frames: figure.frames });
  const divId =
    options.divId ?? `rlvr-plot-${createHash("sha1").update(json).digest("hex").slice(0, 10)}-${++figureCounter}`;
  if (!/^[A-Za-z][\w-]*$/.test(divId)) throw new RangeError(`divId must be letters, digits, - and _, got ${JSON.stringify(divId)}`);
  const config = scriptJson(options.config ?? { displaylogo: false, responsive: fit });
  const width = typeof layout.width === "number" ? `${layout.width}px` : "100%";
  const height = typeof figure.layout.height === "number" ? `${figure.layout.height}px` : "480px";
  const parts = [
    `<div id="${divId}-fallback" style="padding:0.5em;border:1px dashed #999;color:#555;font-family:sans-serif">${SCRIPTS_STRIPPED_MESSAGE}</div>`,
    `<div id="${divId}" class="rlvr-plot" style="width:${width};height:${height}"></div>`,
  ];
  if (options.includePlotly ?? true) {
    parts.push(`<script type="text/javascript">if (typeof window.Plotly === "undefined") {\n${plotlyScript()}\n}</script>`);
  }
  parts.push(
    `<script type="text/javascript">(function () {\n` +
      `  var fallback = document.getElementById("${divId}-fallback");\n` +
      `  var figure = ${json};\n` +
      `  var waited = 0;\n` +
      `  function draw() {\n` +
      `    if (typeof window.Plotly === "undefined") {\n` +
      `      if (waited >= ${PLOTLY_WAIT_MS}) { fallback.textContent = ${scriptJson(PLOTLY_MISSING_MESSAGE)}; return; }\n` +
      `      fallback.textContent = ${scriptJson(PLOTLY_WAITING_MESSAGE)};\n` +
      `      waited += 100;\n` +
      `      setTimeout(draw, 100);\n` +
      `      return;\n` +
      `    }\n` +
      `    if (fallback.parentNode) fallback.parentNode.removeChild(fallback);\n` +
      `    window.Plotly.newPlot("${divId}", { data: figure.data, layout: figure.layout, frames: figure.frames, config: ${config} });\n` +
      `  }\n` +
      `  draw();\n` +
      `})();</script>`,
  );
  return parts.join("\n");
}

/** The figure's layout without its fixed width, so that Plotly sizes the plot to its container. */
function fittedLayout(figure: Figure): Figure["layout"] {
  const layout: Figure["layout"] = { ...figure.layout, autosize: true };
  delete layout.width;
  return layout;
}

/**
 * The output of `showFigure` as a MIME bundle: the HTML that draws with the
 * set-up cell's plotly.js (classic Jupyter, nbconvert, the book), Plotly's own
 * JSON (`application/vnd.plotly.v1+json`, drawn natively by JupyterLab and VS
 * Code), and a line of text for text-only viewers.
 */
export function figureBundle(figure: Figure, options: FigureHtmlOptions = {}): Record<string, string | object> {
  const title = figure.layout.title as string | { text?: unknown } | undefined;
  const name = typeof title === "string" ? title : typeof title?.text === "string" ? title.text : "";
  return {
    "text/html": figureHtml(figure, { ...options, includePlotly: false, fitWidth: true }),
    [PLOTLY_MIME_TYPE]: { data: figure.data, layout: fittedLayout(figure), ...(figure.frames ? { frames: figure.frames } : {}) },
    "text/plain": `Plotly figure${name === "" ? "" : `: ${name.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()}`}`,
  };
}

/** The MIME type of Plotly's JSON figures, which JupyterLab's and VS Code's renderers draw. */
export const PLOTLY_MIME_TYPE = "application/vnd.plotly.v1+json";

/** A standalone HTML page showing `figure` offline (the figure script's `<name>.html`). */
export function figurePage(figure: Figure, title: string, options: FigureHtmlOptions = {}): string {
  const escaped = title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escaped}</title>\n</head>\n<body>\n` +
    `${figureHtml(figure, options)}\n</body>\n</html>\n`
  );
}

/** The part of tslab this module uses. */
interface TslabDisplay {
  display: { html(html: string): void };
}

function tslabDisplay(caller: string): TslabDisplay["display"] {
  try {
    return (require("tslab") as TslabDisplay).display;
  } catch {
    throw new Error(`${caller} runs inside a tslab notebook; elsewhere use figureHtml or figurePage and write the HTML`);
  }
}

/**
 * The set-up cell of every notebook: shows plotly.js once (`plotlyLoaderHtml`),
 * so that every later `showFigure` of the page can draw. Call it in the first code
 * cell; re-running it is harmless.
 */
export function loadPlotly(): void {
  tslabDisplay("loadPlotly").html(plotlyLoaderHtml());
}

/**
 * Shows `figure` in a tslab notebook cell (every notebook's plots), at the output
 * area's width, as `figureBundle`. The HTML carries no plotly.js: it draws with
 * the `window.Plotly` of the set-up cell (`loadPlotly`), waiting for it if the
 * set-up cell is still unpacking.
 */
export function showFigure(figure: Figure, options: FigureHtmlOptions = {}): void {
  showBundle("showFigure", figureBundle(figure, options));
}
