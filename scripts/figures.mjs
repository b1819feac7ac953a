#!/usr/bin/env node
// Rebuilds the figures listed in the lib's registry (lib/src/plot/registry.ts).
//
//   node scripts/figures.mjs                 every figure
//   node scripts/figures.mjs NAME [NAME...]  only these
//   node scripts/figures.mjs --no-images     JSON and HTML only (no browser needed)
//
// For each figure it writes, into figures/:
//   NAME.json  the figure spec, its parameters, seed and the lib's version
//   NAME.html  a standalone page, plotly.js inlined: opens offline
//   NAME.svg   static export by headless Chromium (byte-identical across runs)
//   NAME.png   the same at twice the resolution
// and figures/index.md, the list of all figures. `npm run figures` first runs
// scripts/setup.sh, which installs Chromium and fonts-open-sans when missing.
//
// Files are written to a temporary name and renamed, all four only once the
// figure's outputs all exist: a figure that fails keeps its previous files. The
// script goes on with the other figures and exits with status 1 naming the ones
// that failed.
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const outDir = join(root, "figures");
const CHROMIUM = process.env.RLVR_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const INSTALL_HINT = "apt-get install chromium fonts-open-sans   (or: RLVR_NEED_CHROMIUM=1 bash scripts/setup.sh)";
/** Longest a single figure may take to render in the browser. */
const RENDER_TIMEOUT_MS = 60_000;
const PNG_SCALE = 2;

function usage(message) {
  if (message) process.stderr.write(`figures: ${message}\n`);
  process.stderr.write("usage: node scripts/figures.mjs [--no-images] [NAME ...]\n");
  process.exit(2);
}

let lib;
try {
  lib = require(join(root, "lib"));
} catch (error) {
  process.stderr.write(`figures: cannot load the lib (${error.message.split("\n")[0]}); build it first: npx tsc -b lib\n`);
  process.exit(1);
}
const libVersion = JSON.parse(readFileSync(join(root, "lib", "package.json"), "utf8")).version;

const args = process.argv.slice(2);
const wantImages = !args.includes("--no-images");
const names = args.filter((a) => a !== "--no-images");
for (const a of names) if (a.startsWith("-")) usage(`unknown option ${a}`);
const known = new Set(lib.FIGURES.map((f) => f.name));
for (const n of names) if (!known.has(n)) usage(`no figure named ${JSON.stringify(n)}; the figures are ${[...known].join(", ")}`);
const selected = names.length > 0 ? lib.FIGURES.filter((f) => names.includes(f.name)) : lib.FIGURES;

mkdirSync(outDir, { recursive: true });
// Temporary files of an interrupted earlier run.
for (const file of readdirSync(outDir)) if (file.startsWith(".tmp-")) rmSync(join(outDir, file), { force: true });

/** Writes all `files` ({name: contents}) under figures/ at once: temporaries first, then renames. */
function writeAtomically(files) {
  const temporaries = Object.entries(files).map(([name, contents]) => {
    const temporary = join(outDir, `.tmp-${process.pid}-${name}`);
    writeFileSync(temporary, contents);
    return [temporary, join(outDir, name)];
  });
  for (const [temporary, final] of temporaries) renameSync(temporary, final);
}

const elapsed = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const started = performance.now();
const failures = [];
const outputs = new Map(); // name -> { files, figure }

// 1. Figure specs, JSON and HTML: no browser needed.
selected.forEach((entry, i) => {
  const t = performance.now();
  const tag = `[${i + 1}/${selected.length}] ${entry.name}`;
  try {
    const figure = entry.build();
    const record = {
      name: entry.name,
      caption: entry.caption,
      notebook: entry.notebook,
      parameters: entry.defaults,
      seed: entry.seed,
      libVersion,
      figure,
    };
    const files = {
      [`${entry.name}.json`]: JSON.stringify(record, null, 1) + "\n",
      [`${entry.name}.html`]: lib.figurePage(figure, `${entry.name}: ${entry.caption}`, { divId: entry.name }),
    };
    outputs.set(entry.name, { files, figure });
    process.stdout.write(`${tag}: built in ${elapsed(t)}\n`);
  } catch (error) {
    failures.push(entry.name);
    process.stderr.write(`${tag}: FAILED to build: ${error.stack ?? error}\n`);
  }
});

// 2. SVG and PNG in one headless Chromium.
let imagesMissing = false;
if (wantImages && outputs.size > 0) {
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
  } catch {
    process.stderr.write("figures: playwright-core is missing: run npm install at the repository root\n");
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    imagesMissing = true;
    process.stderr.write(`figures: no browser at ${CHROMIUM} for SVG and PNG export. Install it with:\n  ${INSTALL_HINT}\n` +
      "JSON and HTML are written; run with --no-images to skip the images on purpose.\n");
  } else {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      page.on("pageerror", (error) => process.stderr.write(`figures: page error: ${error.message}\n`));
      // A seeded Math.random, installed before plotly.js runs: Plotly draws ids with it.
      const seedScript = `<script>
        window.__seedRandom = function (seed) {
          var a = seed >>> 0;
          Math.random = function () {
            a = (a + 0x6D2B79F5) >>> 0;
            var t = Math.imul(a ^ (a >>> 15), 1 | a);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
          };
        };
        window.__seedRandom(1);
      </script>`;
      await page.setContent(
        `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${seedScript}` +
          `<script>${lib.plotlyScript()}</script></body></html>`,
        { waitUntil: "load" },
      );
      await page.evaluate(() => document.fonts.ready);
      let i = 0;
      for (const [name, output] of outputs) {
        const t = performance.now();
        const tag = `[${++i}/${outputs.size}] ${name}`;
        try {
          const seed = createHash("sha256").update(name).digest().readUInt32BE(0);
          const render = page.evaluate(
            async ({ figure, seed, scale }) => {
              const width = figure.layout.width;
              const height = figure.layout.height;
              window.__seedRandom(seed);
              const svg = await window.Plotly.toImage(figure, { format: "svg", width, height });
              window.__seedRandom(seed);
              const png = await window.Plotly.toImage(figure, { format: "png", width, height, scale });
              return { svg, png };
            },
            { figure: output.figure, seed, scale: PNG_SCALE },
          );
          let timer;
          const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`rendering took more than ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
          });
          const { svg, png } = await Promise.race([render, timeout]).finally(() => clearTimeout(timer));
          const svgPrefix = "data:image/svg+xml,";
          const pngPrefix = "data:image/png;base64,";
          if (!svg.startsWith(svgPrefix) || !png.startsWith(pngPrefix)) throw new Error("Plotly.toImage returned an unexpected data URL");
          output.files[`${name}.svg`] = decodeURIComponent(svg.slice(svgPrefix.length));
          output.files[`${name}.png`] = Buffer.from(png.slice(pngPrefix.length), "base64");
          process.stdout.write(`${tag}: rendered SVG and PNG in ${elapsed(t)}\n`);
        } catch (error) {
          failures.push(name);
          outputs.delete(name);
          process.stderr.write(`${tag}: FAILED to render: ${error.message ?? error}\n`);
        }
      }
    } finally {
      await browser.close();
    }
  }
}

// 3. Write each figure's files together, then the index of every registered figure.
for (const [, output] of outputs) writeAtomically(output.files);

const lines = [
  "# Figures",
  "",
  "Regenerated by `npm run figures` (or `node scripts/figures.mjs NAME`) from the builders in",
  "`lib/src/plot/`; do not edit by hand. Each figure has its data and parameters (`.json`), an",
  "interactive page that works offline (`.html`), and static images (`.svg`, `.png`).",
  "",
];
for (const entry of lib.FIGURES) {
  lines.push(`## ${entry.name}`, "", entry.caption, "", `Notebook: \`notebooks/${entry.notebook}.ipynb\`. ` +
    `Files: [data](${entry.name}.json), [interactive](${entry.name}.html), [SVG](${entry.name}.svg).`, "");
  if (existsSync(join(outDir, `${entry.name}.png`))) lines.push(`![${entry.name}](${entry.name}.png)`, "");
}
writeAtomically({ "index.md": lines.join("\n") });

const written = [...outputs.keys()];
process.stdout.write(`figures: ${written.length} written (${wantImages && !imagesMissing ? "json, html, svg, png" : "json, html"}) in ${elapsed(started)}\n`);
if (failures.length > 0) {
  process.stderr.write(`figures: FAILED: ${failures.join(", ")} (their previous files are unchanged)\n`);
  process.exit(1);
}
if (imagesMissing) process.exit(1);
