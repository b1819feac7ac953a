import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFigure, drawFigure, figureData, figureEntry, figureHtml, figurePage, figureParams, FIGURES, plotlyScript, SCRIPTS_STRIPPED_MESSAGE } from "../src/figures";
import * as lib from "../src";
import * as plot from "../src/figures";
import type { Figure, FigureDataOf, FigureName, FigureParams } from "../src/figures";

/**
 * Snapshots of every registered figure live in lib/test/snapshots/NAME.json: its
 * data (the rows) and its layout, floats rounded. After an intended change,
 * rewrite them with
 *   UPDATE_SNAPSHOTS=1 node --test lib/dist/test/plot.test.js
 * and review the diff like code.
 */
const SNAPSHOT_DIR = join(__dirname, "..", "..", "test", "snapshots");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";
/** Significant digits kept in snapshots: enough to catch a wrong number, few enough to survive rounding noise. */
const DIGITS = 8;

/** `value` with every float rounded to DIGITS significant digits. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(DIGITS)); // integers of 9+ digits too: they carry rounding noise
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/** One field per line, and one line per row of a list of rows: small diffs that point at the row that moved. */
function formatSnapshot(snapshot: Record<string, Record<string, unknown>>): string {
  const block = (record: Record<string, unknown>, indent: string): string =>
    Object.entries(record)
      .map(([k, v]) => {
        if (Array.isArray(v) && v.length > 0 && typeof v[0] === "object") {
          return `${indent}${JSON.stringify(k)}: [\n${v.map((row) => `${indent} ${JSON.stringify(row)}`).join(",\n")}\n${indent}]`;
        }
        return `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`;
      })
      .join(",\n");
  return `{\n${Object.entries(snapshot).map(([k, v]) => ` ${JSON.stringify(k)}: {\n${block(v, "  ")}\n }`).join(",\n")}\n}\n`;
}

/**
 * The neural figures, the optimizer comparison and the sample-complexity figure take
 * seconds at their defaults (many training runs): their snapshots are taken at these
 * smaller sizes, which go through the same code.
 */
/** figures/sequenceSweep.json, the data appendix A3's figures draw. */
const COMMITTED_SWEEP = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "figures", "sequenceSweep.json"), "utf8"));
const NEURAL_QUICK = { seeds: ["1", "2"], steps: 40, traces: 100, every: 5 };
const RLVR_OPTIMIZERS_QUICK = { W: 3, K: 3, L: 2, steps: 40, maxRows: 11, sampled: { W: 2, K: 2, L: 2, seeds: 2, steps: 10, groupSizes: [8, 16] } };
const SNAPSHOT_SIZES: { [N in FigureName]?: Partial<Parameters<typeof figureParams<N>>[1]> } = {
  rlvrOptimizers: RLVR_OPTIMIZERS_QUICK,
  rlvrFamilyRaces: RLVR_OPTIMIZERS_QUICK,
  distillationSampleComplexity: { W: 3, K: 3, L: 2, teacherSteps: 30, traceCounts: [1, 10], seeds: 2, steps: 40, goldenCounts: [1, 10] },
  neuralTraining: NEURAL_QUICK,
  neuralProbabilities: NEURAL_QUICK,
  neuralDepth: { trainDepths: [1, 2], evalDepths: [1, 2, 3, 4], seeds: ["1", "2"], steps: 40 },
  neuralTrainingContinue: NEURAL_QUICK,
  neuralDepthContinue: { trainDepths: [1, 2], evalDepths: [1, 2, 3, 4], seeds: ["1", "2"], steps: 40 },
  // Appendix A3's figures draw the committed sweep (npm run sweep), as the figure script does.
  sequenceTraining: { sweep: COMMITTED_SWEEP },
  sequenceDepth: { sweep: COMMITTED_SWEEP },
  sequenceGeneralisation: { sweep: COMMITTED_SWEEP },
};

const computed = new Map<FigureName, { data: unknown; figure: Figure }>();
function defaultFigure<N extends FigureName>(name: N): { data: FigureDataOf[N]; figure: Figure } {
  if (!computed.has(name)) {
    const data = figureData(name, (SNAPSHOT_SIZES[name] ?? {}) as Partial<FigureParams[N]>);
    computed.set(name, { data, figure: drawFigure(name, data) });
  }
  return computed.get(name) as { data: FigureDataOf[N]; figure: Figure };
}

for (const entry of FIGURES) {
  test(`the ${entry.name} figure's rows and layout match the committed snapshot`, () => {
    const { data, figure } = defaultFigure(entry.name);
    const actual = rounded({ data, layout: figure.layout }) as Record<string, Record<string, unknown>>;
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

test("every figure's data is plain JSON: it survives a round trip and draws the same figure from it", () => {
  for (const entry of FIGURES) {
    const { data, figure } = defaultFigure(entry.name);
    const copy = JSON.parse(JSON.stringify(data));
    assert.deepEqual(copy, data, `${entry.name}: data is not plain JSON (undefined, NaN, Infinity or a typed array?)`);
    assert.deepEqual(drawFigure(entry.name, copy), figure, entry.name);
  }
});

test("every trace of every figure carries the deterministic uid figureName-index", () => {
  for (const entry of FIGURES) {
    defaultFigure(entry.name).figure.data.forEach((trace, i) => assert.equal(trace.uid, `${entry.name}-${i}`));
  }
});

/** Smaller versions of the slow figures, for the determinism check. */
const QUICK: { [N in FigureName]?: Partial<Parameters<typeof figureParams<N>>[1]> } = {
  figure3: { steps: 60, traces: 50 },
  corollary1Work: { Ls: [1, 3], Ks: [1, 3], walks: 100 },
  successVsBudget: { walks: 100 },
  difficultDecisions: { steps: 60 },
  sftDynamics: { steps: 60 },
  exponentialGap: { trainedKs: [2] },
  corollary1Fits: { Ws: [2, 4], Ks: [2], Ls: [1, 2], walks: 100 },
  distillationByTraces: { traceCounts: [1, 3], seeds: 1, steps: 50 },
  ...SNAPSHOT_SIZES,
};

test("computing a figure twice from the same parameters and seed gives the same data, byte for byte", () => {
  for (const entry of FIGURES) {
    const overrides = (QUICK[entry.name] ?? {}) as Record<string, never>;
    assert.equal(JSON.stringify(figureData(entry.name, overrides)), JSON.stringify(figureData(entry.name, overrides)), entry.name);
  }
});

test("the registry names each figure once, with a one-line caption, a notebook, defaults (a seed among them where the data is random) and a fixed size", () => {
  const names = FIGURES.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  for (const entry of FIGURES) {
    assert.ok(entry.caption.length > 20 && !entry.caption.includes("\n"), entry.name);
    assert.match(entry.notebook, /^(\d\d|A\d)-[a-z0-9-]+$/);
    assert.equal(typeof entry.defaults, "object");
    const seed = (entry.defaults as { seed?: unknown }).seed;
    if (seed !== undefined) assert.ok(typeof seed === "string" && seed.length > 0, `${entry.name}: seed`);
    const layout = defaultFigure(entry.name).figure.layout;
    assert.ok(typeof layout.width === "number" && typeof layout.height === "number", `${entry.name} has a fixed size for export`);
  }
});

test("the registry names each figure's data and drawing functions as the lib exports them (data from the main entry, drawings from rlvr-backtracking/plot)", () => {
  const exported = lib as unknown as Record<string, unknown>;
  const drawings = plot as unknown as Record<string, unknown>;
  for (const entry of FIGURES) {
    assert.equal(drawings[entry.figureName], entry.figure, `${entry.name}: drawing function ${entry.figureName}`);
    assert.equal(exported[entry.dataName], entry.data, `${entry.name}: data function ${entry.dataName}`);
    assert.match(entry.dataName, /Data$/, entry.name);
  }
});

test("the registry is typed per figure: a wrong name or a parameter of the wrong type does not compile", () => {
  // Never called: the @ts-expect-error lines fail the build if they ever compile.
  const neverRun = () => {
    // @ts-expect-error steps is a number
    buildFigure("figure3", { steps: "1200" });
    // @ts-expect-error no such figure
    buildFigure("nope");
    // @ts-expect-error no such parameter
    figureData("graphDrawing", { Q: 3 });
    // @ts-expect-error sftDynamics's data has no "curves"
    drawFigure("sftDynamics", figureData("successVsBudget"));
  };
  assert.equal(typeof neverRun, "function");
});

test("at run time an unknown figure, an unknown parameter or a wrong type is a RangeError naming it", () => {
  const untyped = buildFigure as (name: string, overrides?: Record<string, unknown>) => Figure;
  assert.throws(() => untyped("nope"), /no figure named "nope"; the figures are graphDrawing/);
  assert.throws(() => untyped("graphDrawing", { Q: 3 }), /has no parameter Q; its parameters are W, K, L/);
  assert.throws(() => untyped("figure3", { steps: "1200" }), /parameter steps must be a number, got "1200"/);
  assert.throws(() => untyped("exponentialGap", { Ks: 5 }), /parameter Ks must be an array/);
  assert.throws(() => buildFigure("figure3", { steps: 0 }), /steps must be an integer from 1/);
  assert.throws(() => buildFigure("exponentialGap", { Ks: [1, 2.5] }), /Ks\[1\] must be an integer/);
  assert.throws(() => buildFigure("successVsBudget", { budgets: [4, 100] }), /budgets\[0\] must be an integer from 8/);
  assert.throws(() => figureEntry("nope" as FigureName), RangeError);
  const untypedDraw = drawFigure as (name: unknown, data: unknown) => Figure;
  assert.throws(() => untypedDraw("figure3", null), /data must be the object figureData\("figure3"\) returns, got null/);
  assert.throws(() => untypedDraw(null, {}), /name must be a registered figure: no figure named null/);
  assert.throws(() => (figureParams as (name: string, overrides: unknown) => unknown)("figure3", 5), /overrides must be an object/);
});

test("parameters change the figure: graphDrawing of G(2, 4, 3) lays out 4 diamonds of 3 parallel edges per branch", () => {
  const data = figureData("graphDrawing", { W: 2, K: 4, L: 3 });
  // 2 branches x (1 fork edge + 4 x 3 diamond + 3 connectors + 1 leaf edge) + s-f.
  assert.equal(data.edges.length, 2 * (1 + 12 + 3 + 1) + 1);
  // The golden path walks 2K + 2 edges.
  assert.equal(data.edges.filter((e) => e.golden).length, 2 * 4 + 2);
  const drawing = drawFigure("graphDrawing", data);
  assert.equal(drawing.data[0].x.filter((x) => x === null).length, data.edges.length);
});

test("figureHtml inlines plotly.js exactly once and references no http(s) URL outside it", () => {
  const figure = defaultFigure("growthFactor").figure;
  const html = figureHtml(figure, { divId: "g" });
  const library = plotlyScript();
  assert.ok(library.length > 1_000_000);
  assert.equal(html.split(library).length - 1, 1);
  const rest = html.split(library).join("");
  assert.doesNotMatch(rest, /https?:\/\//);
  assert.doesNotMatch(rest, /<script[^>]*\ssrc=/);
  // Guarded: a page with several figures runs plotly.js only once.
  assert.match(html, /if \(typeof window\.Plotly === "undefined"\) \{/);
  assert.equal(figureHtml(figure, { includePlotly: false }).includes(library), false);
});

test("figureHtml shows a fallback line where scripts are stripped, which the figure's script removes", () => {
  const html = figureHtml(defaultFigure("graphDrawing").figure, { divId: "drawing" });
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
  const page = figurePage(defaultFigure("growthFactor").figure, "a < b", { divId: "p" });
  assert.match(page, /^<!DOCTYPE html>/);
  assert.ok(page.includes("<title>a &lt; b</title>"));
  assert.ok(page.trimEnd().endsWith("</html>"));
});
