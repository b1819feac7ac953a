import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { committedFigure, figureData, figureDataFromCommitted, figuresFolder, FIGURES } from "../src/figures";

test("every registered figure's committed data was computed with the registry's current defaults", () => {
  for (const entry of FIGURES) {
    assert.doesNotThrow(() => committedFigure(entry.name), entry.name);
  }
});

test("committedFigure refuses a figure file computed with other parameters, naming the command that regenerates it", () => {
  const file = JSON.parse(readFileSync(join(figuresFolder(), "neuralDepth.json"), "utf8"));
  const stale = { ...file, params: { ...file.params, seeds: ["1"] } };
  const folder = mkdtempSync(join(tmpdir(), "committed-"));
  writeFileSync(join(folder, "neuralDepth.json"), JSON.stringify(stale));
  assert.throws(() => committedFigure("neuralDepth", folder), /node scripts\/figures\.mjs neuralDepth/);
});

test("figureDataFromCommitted reads the committed file at the committed parameters and computes at others", () => {
  const atDefaults = figureDataFromCommitted("growthFactor");
  assert.equal(atDefaults.committed, true);
  assert.deepEqual(atDefaults.data, committedFigure("growthFactor").data);
  const elsewhere = figureDataFromCommitted("growthFactor", { Ls: [2], Ks: [1, 2, 3] });
  assert.equal(elsewhere.committed, false);
  assert.deepEqual(elsewhere.data, figureData("growthFactor", { Ls: [2], Ks: [1, 2, 3] }));
});
