import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { growthFactorData } from "../src";
import {
  figureBundle, figureHtml, growthFactorFigure, minifiedPlotlyPath, PLOTLY_BUNDLE, PLOTLY_CARRIER_CLASS, PLOTLY_MIME_TYPE,
  PLOTLY_MISSING_MESSAGE, PLOTLY_WAITING_MESSAGE, plotlyLoaderHtml, plotlyScript,
} from "../src/figures";

const CHROMIUM = process.env.RLVR_CHROMIUM ?? "/usr/bin/chromium";

test("a notebook plot is one output: HTML at the output area's width, Plotly's own JSON beside it, and a line of text", () => {
  const figure = growthFactorFigure(growthFactorData({ Ls: [1, 2], Ks: [1, 2, 3], W: 3 }));
  figure.layout.width = 1000;
  const bundle = figureBundle(figure);
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME_TYPE, "text/html", "text/plain"].sort());
  const html = bundle["text/html"] as string;
  assert.match(html, /class="rlvr-plot" style="width:100%;/);
  assert.doesNotMatch(html, /"width":1000/);
  assert.match(html, /"responsive":true/);
  assert.equal(html.includes(PLOTLY_CARRIER_CLASS), false);
  const json = bundle[PLOTLY_MIME_TYPE] as { data: unknown[]; layout: Record<string, unknown> };
  assert.equal(json.data, figure.data);
  assert.equal(json.layout.width, undefined);
  assert.equal(json.layout.autosize, true);
  assert.match(bundle["text/plain"] as string, /^Plotly figure/);
  assert.equal(figure.layout.width, 1000, "the figure itself is left as it was (the static exports use its width)");
  assert.match(figureHtml(figure, { includePlotly: false }), /style="width:1000px;/);
});

test("plotlyScript is the minified bundle, under half the size of plotly.js-dist, with its copyright header", () => {
  const original = readFileSync(require.resolve(PLOTLY_BUNDLE), "utf8");
  const minified = plotlyScript();
  assert.match(minifiedPlotlyPath(), /node_modules\/\.cache\/rlvr-backtracking\/plotly-\d+\.\d+\.\d+\.min\.js$/);
  assert.ok(minified.length < 0.5 * original.length, `${minified.length} vs ${original.length} characters`);
  assert.match(minified.slice(0, 200), /plotly\.js v\d+\.\d+\.\d+/);
  assert.doesNotMatch(minified, /<\/script/i);
});

test("the set-up cell's HTML carries the minified bundle gzip-compressed, at most 2.5 MB", () => {
  const html = plotlyLoaderHtml();
  assert.ok(html.length < 2.5e6, `${html.length} characters`);
  assert.ok(html.includes(`class="${PLOTLY_CARRIER_CLASS}"`));
  const packed = /var packed = "([A-Za-z0-9+/=]+)";/.exec(html);
  assert.ok(packed, "no packed bundle in the carrier");
  assert.equal(gunzipSync(Buffer.from(packed[1], "base64")).toString("utf8"), plotlyScript());
});

test("a notebook figure carries no plotly.js and waits for window.Plotly instead of failing at once", () => {
  const html = figureHtml(growthFactorFigure(growthFactorData({ Ls: [1, 2], Ks: [1, 2, 3], W: 3 })), { divId: "g", includePlotly: false });
  assert.ok(html.length < 20000, `${html.length} characters`);
  assert.equal(html.includes(PLOTLY_CARRIER_CLASS), false);
  assert.match(html, /setTimeout\(draw, 100\)/);
  assert.ok(html.includes(JSON.stringify(PLOTLY_WAITING_MESSAGE)));
  assert.ok(html.includes(JSON.stringify(PLOTLY_MISSING_MESSAGE)));
});

test("in Chromium a figure shown before the set-up cell's output still draws once plotly.js unpacks", {
  skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`,
  timeout: 60000,
}, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const figure = figureHtml(growthFactorFigure(growthFactorData({ Ls: [1, 2], Ks: [1, 2, 3], W: 3 })), { divId: "g", includePlotly: false });
    const lonely = figureHtml(growthFactorFigure(growthFactorData({ Ls: [1], Ks: [1, 2], W: 3 })), { divId: "h", includePlotly: false });
    // Figure first, carrier second: the order of a page where the first cell was re-run last.
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${figure}` +
      `${plotlyLoaderHtml()}${plotlyLoaderHtml()}</body></html>`);
    await page.waitForSelector("#g .main-svg", { state: "attached", timeout: 30000 });
    const status = await page.textContent("[id^=rlvr-plotly-]");
    assert.match(status ?? "", /^plotly\.js \d+\.\d+\.\d+ is loaded/);
    assert.equal(await page.$("#g-fallback"), null);
    // Without the set-up cell, a figure says what is missing instead of drawing nothing.
    const fresh = await browser.newPage();
    await fresh.setContent(`<!DOCTYPE html><html><body>${lonely}</body></html>`);
    assert.equal(await fresh.textContent("#h-fallback"), PLOTLY_WAITING_MESSAGE);
  } finally {
    await browser.close();
  }
});
