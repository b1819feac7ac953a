// `npm run explorable`: builds build/explorable/index.html, one self-contained page
// (scripts, styles and fonts inlined) that opens from file:// with no network request.
//
// Two esbuild bundles are made from explorable/src, both against the library's
// TypeScript sources (lib/src), so the page runs the same code as the notebooks:
// the worker (training runs), embedded in the page as a string and started from a
// Blob URL, and the page script (it draws its own plots: see README.md), minified.
// The maths in page.html is typeset here with KaTeX, so the page needs only
// KaTeX's stylesheet and its fonts, inlined as data URIs.
import { build } from "esbuild";
import katex from "katex";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const require = createRequire(import.meta.url);
const outDir = join(root, "build", "explorable");

/** The page must stay below this (issue 13). */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * Node-only parts of the library, replaced by empty modules in the browser: they
 * show figures in tslab or read plotly's file (plot/html.ts), print progress in a
 * kernel (progress.ts), run the command line (cli.ts); mathjs serves only the
 * exact-rational cross-check, which the page never calls. tslab is loaded by its
 * subpaths too (notebook-output.ts requires tslab/dist/jupyter to show a cell's
 * output): every one of them is Node-only.
 */
const NODE_ONLY_FILES = /[\\/]lib[\\/]src[\\/](cli|progress|plot[\\/]html)\.ts$/;
const NODE_ONLY_PACKAGES = /^(fs|path|crypto|util|child_process|tslab|mathjs)(\/.*)?$/;

const browserSafeLib = {
  name: "browser-safe-lib",
  setup(b) {
    b.onResolve({ filter: /^rlvr-backtracking$/ }, () => ({ path: join(root, "lib", "src", "index.ts") }));
    b.onResolve({ filter: /^rlvr-backtracking\/plot$/ }, () => ({ path: join(root, "lib", "src", "figures.ts") }));
    b.onResolve({ filter: NODE_ONLY_PACKAGES }, (args) => ({ path: args.path, namespace: "node-only" }));
    b.onLoad({ filter: NODE_ONLY_FILES }, () => ({ contents: "export {};", loader: "ts" }));
    b.onLoad({ filter: /.*/, namespace: "node-only" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

async function bundle(entry, define = {}) {
  const result = await build({
    entryPoints: [join(here, "src", entry)],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    legalComments: "none",
    define,
    plugins: [browserSafeLib],
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

/** KaTeX's stylesheet with only the woff2 fonts, each inlined as a data URI. */
function katexStyles() {
  const dist = join(dirname(require.resolve("katex/package.json")), "dist");
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  return css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (_, font) => {
    const data = readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/** Typesets $$display$$ and $inline$ maths in the page source with KaTeX. */
function typeset(html) {
  const render = (tex, displayMode) => katex.renderToString(tex, { displayMode, throwOnError: true, output: "html" });
  return html
    .replace(/\$\$([^$]+)\$\$/g, (_, tex) => render(tex, true))
    .replace(/\$([^$]+)\$/g, (_, tex) => render(tex, false));
}

/** A script's text made safe to sit inside <script>...</script>. */
function inlineScript(js) {
  return js.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
}

/**
 * The trained models section 7 replays (figures/sequenceModels.json, `npm run sweep`),
 * checked by the page's own reader (replay-data.ts, bundled for Node here): the build
 * fails, naming the file, if it is missing or malformed.
 */
async function replayData() {
  const file = join(root, "figures", "sequenceModels.json");
  const name = "figures/sequenceModels.json";
  if (!existsSync(file)) throw new Error(`${name} is missing: npm run sweep writes it (the page replays its models)`);
  const text = readFileSync(file, "utf8");
  const checker = await build({
    entryPoints: [join(here, "src", "replay-data.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    plugins: [browserSafeLib],
    logLevel: "warning",
  });
  const { readReplayData, summaryOf } = await import(`data:text/javascript;base64,${Buffer.from(checker.outputFiles[0].text).toString("base64")}`);
  let summary;
  try {
    summary = summaryOf(readReplayData(text));
  } catch (error) {
    throw new Error(`${name} is malformed: ${error.message}`);
  }
  // Inside a JSON string "<" may be written \u003c: then no "</script" can end the element early.
  const safe = (json) => json.trim().replace(/</g, "\\u003c");
  return { models: safe(text), summary: safe(JSON.stringify(summary)) };
}

let replay;
try {
  replay = await replayData();
} catch (error) {
  process.stderr.write(`explorable: ${error.message}\n`);
  process.exit(1);
}
const { models, summary } = replay;
const worker = await bundle("worker.ts");
const page = await bundle("main.ts", { WORKER_SOURCE: JSON.stringify(worker) });
const styles = readFileSync(join(here, "src", "styles.css"), "utf8");
const body = typeset(readFileSync(join(here, "src", "page.html"), "utf8"));
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; worker-src blob:; style-src 'unsafe-inline'; font-src data:; img-src data: blob:">
<title>Learning to backtrack: RLVR against SFT, live</title>
<style>${katexStyles()}</style>
<style>${styles}</style>
</head>
<body>
${body}
<script type="application/json" id="replay-summary">${summary}</script>
<script type="application/json" id="replay-data">${models}</script>
<script>${inlineScript(page)}</script>
</body>
</html>
`;
const bytes = Buffer.byteLength(html);
if (bytes > MAX_BYTES) throw new Error(`the page is ${(bytes / 2 ** 20).toFixed(2)} MiB, over the 8 MiB limit`);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "index.html"), html);
console.log(`build/explorable/index.html: ${(bytes / 2 ** 20).toFixed(2)} MiB (worker ${(worker.length / 1024).toFixed(0)} KiB, models ${(models.length / 1024).toFixed(0)} KiB)`);
