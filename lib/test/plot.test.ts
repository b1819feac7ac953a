import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFigure, FIGURES, figureHtml, figurePage, plotlyScript, SCRIPTS_STRIPPED_MESSAGE } from "../src";
import type { Figure } from "../src";

/**
 * Snapshots of every registered figure's data live in lib/test/snapshots/NAME.json.
 * After an intended change, rewrite them with
 *   UPDATE_SNAPSHOTS=1 node --test lib/dist/test/plot.test.js
 * and review the diff like code.
 */
const SNAPSHOT_DIR = join(__dirname, "..", "..", "test", "snapshots");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";
/** Significant digits kept in snapshots: enough to catch a wrong number, few enough to survive rounding noise. */
const DIGITS = 8;

/** The data of a figure with every float rounded to DIGITS significant digits. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(DIGITS));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/** One trace per block, one field per line: small files whose diffs point at the field that moved. */
function formatSnapshot(traces: unknown): string {
  const blocks = (traces as Record<string, unknown>[]).map(
    (trace) => " {\n" + Object.entries(trace).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n") + "\n }",
  );
  return "[\n" + blocks.join(",\n") + "\n]\n";
}

const built = new Map<string, Figure>();
const figure = (name: string) => {
  if (!built.has(name)) built.set(name, buildFigure(name));
  return built.get(name) as Figure;
};

for (const entry of FIGURES) {
  test(`the ${entry.name} figure's data matches its committed snapshot`, () => {
    const actual = rounded(figure(entry.name).data);
    const file = join(SNAPSHOT_DIR, `${entry.name}.json`);
    if (UPDATE || !existsSync(file)) {
      mkdirSync(SNAPSHOT_DIR, { recursive: true });
      writeFileSync(file, formatSnapshot(actual));
      if (!UPDATE) assert.fail(`no snapshot for ${entry.name}: wrote ${file}; review and commit it`);
      return;
    }
    const expected = JSON.parse(readFileSync(file, "utf8"));
    assert.deepEqual(actual, expected, `${entry.name} changed; if intended, run UPDATE_SNAPSHOTS=1 node --test lib/dist/test/plot.test.js`);
  });
}

test("every trace of every figure carries the deterministic uid figureName-index", () => {
  for (const entry of FIGURES) {
    figure(entry.name).data.forEach((trace, i) => assert.equal(trace.uid, `${entry.name}-${i}`));
  }
});

/** Smaller versions of the slow figures, for the determinism check. */
const QUICK: Record<string, Record<string, unknown>> = {
  figure3: { steps: 60, traces: 50 },
  corollary1Work: { Ls: [1, 3], Ks: [1, 3], walks: 100 },
  successVsBudget: { walks: 100 },
  difficultDecisions: { steps: 60 },
  sftDynamics: { steps: 60 },
};

test("building a figure twice from the same parameters and seed gives the same spec, byte for byte", () => {
  for (const entry of FIGURES) {
    const overrides = QUICK[entry.name] ?? {};
    assert.equal(JSON.stringify(entry.build(overrides)), JSON.stringify(entry.build(overrides)), entry.name);
  }
});

test("the registry names each figure once, with a one-line caption, a notebook, defaults and a seed", () => {
  const names = FIGURES.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  for (const entry of FIGURES) {
    assert.ok(entry.caption.length > 20 && !entry.caption.includes("\n"), entry.name);
    assert.match(entry.notebook, /^(\d\d|A\d)-[a-z0-9-]+$/);
    assert.equal(typeof entry.defaults, "object");
    assert.ok(entry.seed.length > 0);
    const layout = figure(entry.name).layout;
    assert.ok(typeof layout.width === "number" && typeof layout.height === "number", `${entry.name} has a fixed size for export`);
  }
});

test("buildFigure refuses an unknown figure or parameter and lists the ones there are", () => {
  assert.throws(() => buildFigure("nope"), /no figure named "nope"; the figures are graphDrawing/);
  assert.throws(() => buildFigure("graphDrawing", { Q: 3 }), /has no parameter Q; its parameters are W, K, L/);
});

test("parameters change the figure: graphDrawing of G(2, 4, 3) draws 4 diamonds of 3 parallel edges per branch", () => {
  const drawing = buildFigure("graphDrawing", { W: 2, K: 4, L: 3 });
  const edges = drawing.data[0];
  // Each edge is a polyline ended by a null: 2 branches x (1 fork edge + 4 x 3 diamond + 3 connectors + 1 leaf edge) + s-f.
  assert.equal(edges.x.filter((x) => x === null).length, 2 * (1 + 12 + 3 + 1) + 1);
  // The golden path walks 2K + 2 edges.
  assert.equal(drawing.data[1].x.filter((x) => x === null).length, 2 * 4 + 2);
});

test("exponentialGap's optimal curve is 4WK + 2W - 2K, 900 at Figure 3's size", () => {
  const optimal = figure("exponentialGap").data.find((t) => t.name?.startsWith("optimal") && t.xaxis === "x");
  assert.ok(optimal);
  const at15 = optimal.y[optimal.x.indexOf(15)] as number;
  assert.ok(Math.abs(at15 - 900) < 1e-9);
});

test("figureHtml inlines plotly.js exactly once and references no http(s) URL outside it", () => {
  const html = figureHtml(figure("growthFactor"), { divId: "g" });
  const library = plotlyScript();
  assert.ok(library.length > 1_000_000);
  assert.equal(html.split(library).length - 1, 1);
  const rest = html.split(library).join("");
  assert.doesNotMatch(rest, /https?:\/\//);
  assert.doesNotMatch(rest, /<script[^>]*\ssrc=/);
  // Guarded: a page with several figures runs plotly.js only once.
  assert.match(html, /if \(typeof window\.Plotly === "undefined"\) \{/);
  assert.equal(figureHtml(figure("growthFactor"), { includePlotly: false }).includes(library), false);
});

test("figureHtml shows a fallback line where scripts are stripped, which the figure's script removes", () => {
  const html = figureHtml(figure("graphDrawing"), { divId: "drawing" });
  assert.ok(html.includes(`<div id="drawing-fallback"`));
  assert.ok(html.includes(SCRIPTS_STRIPPED_MESSAGE));
  assert.match(SCRIPTS_STRIPPED_MESSAGE, /jupyter trust/);
  assert.match(html, /getElementById\("drawing-fallback"\)/);
  assert.match(html, /Plotly\.newPlot\("drawing"/);
});

test("figureHtml keeps labels from closing its script: every < in the figure's JSON is escaped", () => {
  const hostile: Figure = { data: [{ type: "scatter", x: [1], y: [1], name: "</script><b>x</b>" }], layout: {} };
  const html = figureHtml(hostile, { divId: "h", includePlotly: false });
  assert.equal(html.includes("</script><b>"), false);
  assert.ok(html.includes("\\u003c/script>"));
  assert.throws(() => figureHtml(hostile, { divId: "bad id" }), /divId must be/);
});

test("figurePage is a whole offline HTML document with the title escaped", () => {
  const page = figurePage(figure("growthFactor"), "a < b", { divId: "p" });
  assert.match(page, /^<!DOCTYPE html>/);
  assert.ok(page.includes("<title>a &lt; b</title>"));
  assert.ok(page.trimEnd().endsWith("</html>"));
});
