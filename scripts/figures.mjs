#!/usr/bin/env node
// Rebuilds the figures listed in the lib's registry (lib/src/figures.ts, `rlvr-backtracking/plot`).
//
//   node scripts/figures.mjs                 every figure
//   node scripts/figures.mjs NAME [NAME...]  only these
//   node scripts/figures.mjs --no-images     JSON and HTML only (no browser needed)
//
// For each figure it writes, into figures/:
//   NAME.json  its parameters (the seed among them), the lib's version and its data (the rows the
//              drawing function draws; `drawFigure(name, json.data)` redraws it)
//   NAME.html  a standalone page, plotly.js inlined: opens offline
//   NAME.svg   static export by headless Chromium (an animation drawn still: the entry's `still`)
//   NAME.png   the same SVG rasterised at twice the resolution
// and figures/index.md, the list of all figures. `npm run figures` first runs
// scripts/setup.sh, which installs Chromium and fonts-open-sans when missing.
//
// Byte-stable images: the browser gets a fontconfig file of its own (Open Sans and
// DejaVu only, grey-scale antialiasing, no hinting: this machine's and this user's
// font settings change the pixels of every glyph and, through fallback fonts, the
// SVG's text widths), runs without LCD text in the sRGB colour profile, the PNG is
// a screenshot at a fixed device scale factor, and only the chunks that hold
// pixels are kept. What is left to differ is the Chromium version (printed).
//
// Safety: each run writes into its own temporary folder (figures/.tmp-PID-XXXX)
// and renames a figure's files into place only once all of them exist, so a
// failed figure keeps its previous files and two runs at once never delete each
// other's files. SIGINT, SIGTERM and SIGHUP, and the loss of the parent process
// (npm killed), stop the run: the browser is closed and the temporary folder removed.
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const outDir = join(root, "figures");
const CHROMIUM = process.env.RLVR_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  // Rasterisation that does not depend on this machine's fontconfig or display.
  "--font-render-hinting=none", "--disable-lcd-text", "--force-color-profile=srgb", "--disable-font-subpixel-positioning",
];
const FONT_DIR = "/usr/share/fonts/truetype/open-sans";
/** Fallback for glyphs Open Sans lacks (arrows, symbols): DejaVu, which Debian's Chromium pulls in. */
const FALLBACK_FONT_DIR = "/usr/share/fonts/truetype/dejavu";
const INSTALL_HINT = "apt-get install chromium fonts-open-sans   (or: RLVR_NEED_CHROMIUM=1 bash scripts/setup.sh)";
/** Longest a single figure may take to render in the browser. */
const RENDER_TIMEOUT_MS = 60_000;
const PNG_SCALE = 2;

/** The message of a thrown value. */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {string} [message] */
function usage(message) {
  if (message) process.stderr.write(`figures: ${message}\n`);
  process.stderr.write("usage: node scripts/figures.mjs [--no-images] [NAME ...]\n");
  process.exit(2);
}

/** The registry and the drawing helpers, through the package's drawing entry. @type {import("../lib/dist/src/figures.js")} */
let lib;
try {
  lib = require("rlvr-backtracking/plot");
} catch (error) {
  process.stderr.write(`figures: cannot load the lib (${messageOf(error).split("\n")[0]}); build it first: npx tsc -b lib\n`);
  process.exit(1);
}
const libVersion = JSON.parse(readFileSync(join(root, "lib", "package.json"), "utf8")).version;

const args = process.argv.slice(2);
const wantImages = !args.includes("--no-images");
const names = args.filter((a) => a !== "--no-images");
for (const a of names) if (a.startsWith("-")) usage(`unknown option ${a}`);
/** @type {Set<string>} */
const known = new Set(lib.FIGURES.map((f) => f.name));
for (const n of names) if (!known.has(n)) usage(`no figure named ${JSON.stringify(n)}; the figures are ${[...known].join(", ")}`);
const selected = names.length > 0 ? lib.FIGURES.filter((f) => names.includes(f.name)) : lib.FIGURES;

// --- Stopping cleanly ----------------------------------------------------------
mkdirSync(outDir, { recursive: true });
/** Whether process `pid` is still running. @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}
// Temporary folders of earlier runs that died without cleaning up (never those of a run still going).
for (const entry of readdirSync(outDir)) {
  const match = /^\.tmp-(\d+)-/.exec(entry);
  if (match && !alive(Number(match[1]))) rmSync(join(outDir, entry), { recursive: true, force: true });
}
const tmpDir = mkdtempSync(join(outDir, `.tmp-${process.pid}-`));

let stopping = false;
/**
 * Removes this run's temporary folder and exits with `code` at once, so nothing
 * more is written; playwright-core's exit hook kills the browser it launched.
 */
function stop(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) process.stderr.write(`figures: ${why}: stopping, nothing more is written\n`);
  rmSync(tmpDir, { recursive: true, force: true });
  process.exit(code);
}
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
for (const [signal, number] of Object.entries(SIGNAL_NUMBERS)) process.on(signal, () => stop(128 + number, `got ${signal}`));
// npm killed outright sends no signal: the parent changes (the orphan is adopted). Checked once a second.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop(129, "the parent process is gone");
}, 1000).unref();

/** Writes all `files` ({name: contents}) under figures/ at once: into the temporary folder first, then renames. */
function writeAtomically(files) {
  const moves = Object.entries(files).map(([name, contents]) => {
    const temporary = join(tmpDir, name);
    writeFileSync(temporary, contents);
    return [temporary, join(outDir, name)];
  });
  for (const [temporary, final] of moves) renameSync(temporary, final);
}

/**
 * The PNG with only the chunks that hold the image (IHDR, PLTE, tRNS, IDAT, IEND):
 * no gamma, colour profile, text or time chunk whose bytes could differ by machine.
 */
function pixelsOnly(png) {
  const keep = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
  const parts = [png.subarray(0, 8)];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const end = at + 12 + length;
    if (keep.has(type)) parts.push(png.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}

/**
 * A fontconfig file for the browser alone: only Open Sans and the fallback fonts,
 * grey-scale antialiasing, no hinting, no subpixel order, and none of this
 * machine's or this user's font settings (which change the pixels of every glyph).
 */
function pinnedFontconfig() {
  const file = join(tmpDir, "fonts.conf");
  writeFileSync(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${FONT_DIR}</dir>
  <dir>${FALLBACK_FONT_DIR}</dir>
  <cachedir>${join(tmpDir, "fontconfig-cache")}</cachedir>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintnone</const></edit>
    <edit name="autohint" mode="assign"><bool>false</bool></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="lcdfilter" mode="assign"><const>lcdnone</const></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
`);
  return file;
}

const elapsed = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const started = performance.now();
const failures = [];
const outputs = new Map(); // name -> { files, figure }
/** Data already computed, by data function and parameters (the seed among them): figures that share it compute it once. */
const computedData = new Map();

// 1. Data, figure specs, JSON and HTML: no browser needed.
// Between figures the event loop turns, so a signal or a lost parent stops the run there.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
for (const [i, entry] of selected.entries()) {
  await nextTurn();
  const t = performance.now();
  const tag = `[${i + 1}/${selected.length}] ${entry.name}`;
  try {
    const key = JSON.stringify([entry.dataName, entry.defaults]);
    // A figure whose parameters name a `source` draws that committed file of figures/ (appendix A3's
    // sweep, written by npm run sweep): it is read, never recomputed here.
    const source = /** @type {{ source?: string }} */ (entry.defaults).source;
    const overrides = source ? { sweep: JSON.parse(readFileSync(join(outDir, source), "utf8")) } : {};
    const data = computedData.get(key) ?? lib.figureData(entry.name, /** @type {never} */ (overrides));
    computedData.set(key, data);
    const figure = lib.drawFigure(entry.name, data);
    const record = {
      name: entry.name,
      caption: entry.caption,
      notebook: entry.notebook,
      params: entry.defaults,
      libVersion,
      data,
    };
    const files = {
      [`${entry.name}.json`]: JSON.stringify(record, null, 1) + "\n",
      [`${entry.name}.html`]: lib.figurePage(figure, `${entry.name}: ${entry.caption}`, { divId: entry.name }),
    };
    // The images are drawn still where the figure is an animation (its controls would do nothing there).
    outputs.set(entry.name, { files, figure: entry.still ? entry.still(data) : figure });
    process.stdout.write(`${tag}: computed in ${elapsed(t)}\n`);
  } catch (error) {
    failures.push(entry.name);
    process.stderr.write(`${tag}: FAILED to compute: ${error instanceof Error ? error.stack : error}\n`);
  }
}

// 2. SVG and PNG in one headless Chromium.
let imagesMissing = false;
/** The browser that drew the images: the one thing the pinning above does not fix. */
let chromiumVersion = "";
if (wantImages && outputs.size > 0) {
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
  } catch {
    process.stderr.write("figures: playwright-core is missing: run npm install at the repository root\n");
    stop(1);
  }
  if (!existsSync(CHROMIUM) || !existsSync(FONT_DIR)) {
    imagesMissing = true;
    process.stderr.write(`figures: no browser at ${CHROMIUM} or no fonts in ${FONT_DIR} for SVG and PNG export. Install them with:\n  ${INSTALL_HINT}\n` +
      "JSON and HTML are written; run with --no-images to skip the images on purpose.\n");
  } else {
    // The signals are this script's to handle (see stop), not playwright-core's.
    const browser = await chromium.launch({
      executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, FONTCONFIG_FILE: pinnedFontconfig() },
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    chromiumVersion = `Chromium ${browser.version()}`;
    try {
      const page = await browser.newPage({ deviceScaleFactor: PNG_SCALE, viewport: { width: 1200, height: 900 } });
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
      const blankPage =
        `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">${seedScript}` +
        `<script>${lib.plotlyScript()}</script><div id="shot"></div></body></html>`;
      let i = 0;
      for (const [name, output] of outputs) {
        const t = performance.now();
        const tag = `[${++i}/${outputs.size}] ${name}`;
        try {
          // A fresh page per figure: plotly.js keeps elements between drawings (the order of
          // their SVG attributes then depends on which figures came before), so a figure
          // drawn alone and in a full run would differ in its SVG bytes.
          await page.setContent(blankPage, { waitUntil: "load" });
          await page.evaluate(() => document.fonts.ready);
          const seed = createHash("sha256").update(name).digest().readUInt32BE(0);
          const { width, height } = /** @type {{ width: number, height: number }} */ (output.figure.layout);
          const render = page.evaluate(
            async ({ figure, seed, width, height }) => {
              const page = /** @type {any} */ (window);
              page.__seedRandom(seed);
              const url = await page.Plotly.toImage(figure, { format: "svg", width, height });
              const svg = decodeURIComponent(url.slice(url.indexOf(",") + 1));
              // The SVG drawn inline in the page, screenshot at the page's fixed device scale factor.
              const shot = /** @type {HTMLElement} */ (document.getElementById("shot"));
              shot.innerHTML = svg;
              shot.style.width = `${width}px`;
              shot.style.height = `${height}px`;
              await document.fonts.ready;
              return svg;
            },
            { figure: output.figure, seed, width, height },
          );
          let timer;
          const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`rendering took more than ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
          });
          const svg = await Promise.race([render, timeout]).finally(() => clearTimeout(timer));
          const png = await page.screenshot({ clip: { x: 0, y: 0, width, height }, animations: "disabled", caret: "hide" });
          output.files[`${name}.svg`] = svg;
          output.files[`${name}.png`] = pixelsOnly(png);
          process.stdout.write(`${tag}: rendered SVG and PNG in ${elapsed(t)}\n`);
        } catch (error) {
          failures.push(name);
          outputs.delete(name);
          process.stderr.write(`${tag}: FAILED to render: ${messageOf(error)}\n`);
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
  "Regenerated by `npm run figures` (or `node scripts/figures.mjs NAME`) from the data and drawing",
  "functions of the registry (`lib/src/figures.ts`: experiments in `lib/src/experiments/`, drawings in `lib/src/plot/`);",
  "do not edit by hand. Each figure has its parameters (the seed among them) and rows",
  "(`.json`; `drawFigure(name, json.data)` redraws it), an interactive page that works offline",
  "(`.html`), and static images (`.svg`, `.png`).",
  "",
];
for (const entry of lib.FIGURES) {
  lines.push(`## ${entry.name}`, "", entry.caption, "", `Notebook: \`notebooks/${entry.notebook}.ipynb\`. ` +
    `Data: \`${entry.dataName}\`, drawing: \`${entry.figureName}\`${entry.still ? ` (images: \`${entry.still.name}\`)` : ""}. ` +
    `Files: [data](${entry.name}.json), [interactive](${entry.name}.html), [SVG](${entry.name}.svg).`, "");
  if (existsSync(join(outDir, `${entry.name}.png`))) lines.push(`![${entry.name}](${entry.name}.png)`, "");
}
writeAtomically({ "index.md": lines.join("\n") });
rmSync(tmpDir, { recursive: true, force: true });

const written = [...outputs.keys()];
process.stdout.write(`figures: ${written.length} written (${wantImages && !imagesMissing ? `json, html, svg, png; ${chromiumVersion}` : "json, html"}) in ${elapsed(started)}\n`);
if (failures.length > 0) {
  process.stderr.write(`figures: FAILED: ${failures.join(", ")} (their previous files are unchanged)\n`);
  process.exit(1);
}
if (imagesMissing) process.exit(1);
process.exit(0);
