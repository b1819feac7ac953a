/**
 * Figures as HTML that renders offline: plotly.js is read from node_modules and
 * inlined (there is no network at run time, and plotly.js cannot be loaded in
 * Node itself), guarded so that it runs once per page however many figures the
 * page shows. Used by every notebook (`showFigure`) and by scripts/figures.mjs.
 *
 * Where a viewer strips scripts (an untrusted classic Jupyter notebook), the
 * figure's place shows a line saying so; the figure's script removes that line.
 */
import { createHash } from "crypto";
import { readFileSync } from "fs";
import type { Figure } from "./figure";

/** The npm package and file inlined: the plotly.js bundle (it sets `window.Plotly`, no AMD). */
export const PLOTLY_BUNDLE = "plotly.js-dist/plotly.js";

/** Shown where the page never loaded plotly.js (a figure shown without it, outputs cleared). */
export const PLOTLY_MISSING_MESSAGE =
  "Plotly is not loaded on this page: run the notebook from the top (Kernel > Restart & Run All).";

/** Shown in place of the figure where scripts do not run. */
export const SCRIPTS_STRIPPED_MESSAGE =
  "Interactive plot hidden: this view strips scripts. Trust the notebook (File > Trust Notebook, or " +
  "`jupyter trust file.ipynb`) or open the HTML export.";

let plotlySource: string | undefined;

/** The plotly.js bundle as text, read once per process and made safe to inline in a <script>. */
export function plotlyScript(): string {
  if (plotlySource === undefined) {
    let path: string;
    try {
      path = require.resolve(PLOTLY_BUNDLE);
    } catch {
      throw new Error(`cannot find ${PLOTLY_BUNDLE}: run npm install (or scripts/setup.sh) at the repository root`);
    }
    const text = readFileSync(path, "utf8");
    if (/<\/script/i.test(text)) throw new Error(`${path} contains "</script" and cannot be inlined`);
    // "<!--" inside a script can change how HTML parsers find its end; it occurs only in strings.
    plotlySource = text.split("<!--").join("\\x3C!--");
  }
  return plotlySource;
}

export interface FigureHtmlOptions {
  /** The id of the plot's div. Defaults to one derived from the figure's content and a counter. */
  divId?: string;
  /** Inline plotly.js (run at most once per page). Defaults to true; false expects `window.Plotly` on the page. */
  includePlotly?: boolean;
  /** Plotly config. Defaults to { displaylogo: false, responsive: false }. */
  config?: Record<string, unknown>;
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
  const json = scriptJson({ data: figure.data, layout: figure.layout, frames: figure.frames });
  const divId =
    options.divId ?? `rlvr-plot-${createHash("sha1").update(json).digest("hex").slice(0, 10)}-${++figureCounter}`;
  if (!/^[A-Za-z][\w-]*$/.test(divId)) throw new RangeError(`divId must be letters, digits, - and _, got ${JSON.stringify(divId)}`);
  const config = scriptJson(options.config ?? { displaylogo: false, responsive: false });
  const width = typeof figure.layout.width === "number" ? `${figure.layout.width}px` : "100%";
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
      `  if (typeof window.Plotly === "undefined") { fallback.textContent = ${scriptJson(PLOTLY_MISSING_MESSAGE)}; return; }\n` +
      `  fallback.parentNode.removeChild(fallback);\n` +
      `  var figure = ${json};\n` +
      `  window.Plotly.newPlot("${divId}", { data: figure.data, layout: figure.layout, frames: figure.frames, config: ${config} });\n` +
      `})();</script>`,
  );
  return parts.join("\n");
}

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

/** Whether this process (one tslab kernel, one notebook) has already shown plotly.js. */
let plotlyShown = false;

/**
 * Shows `figure` in a tslab notebook cell (every notebook's plots). The first
 * figure of a kernel carries plotly.js (about 10 MB), so a notebook inlines it
 * once; later figures use it. tslab is loaded only when this is called, so the
 * library works outside Jupyter.
 */
export function showFigure(figure: Figure, options: FigureHtmlOptions = {}): void {
  let tslab: TslabDisplay;
  try {
    tslab = require("tslab") as TslabDisplay;
  } catch {
    throw new Error("showFigure runs inside a tslab notebook; elsewhere use figureHtml or figurePage and write the HTML");
  }
  tslab.display.html(figureHtml(figure, { includePlotly: !plotlyShown, ...options }));
  plotlyShown = true;
}
