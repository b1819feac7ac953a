import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/**
 * The boundary between experiments and drawings, read from the sources: a file in
 * plot/ draws rows it is given, so it imports values only from plot/ itself and
 * from the modules that define the graph, the policy, argument checks, statistics
 * and the rows' shared helpers, and the one-output MIME bundle a notebook cell shows
 * (notebook-output: no maths); from the experiments, and from everything else
 * (solvers, samplers, searchers, trainers, networks), it imports types only. The
 * maths entry (index.ts) imports nothing of plot/.
 */
const SRC = join(__dirname, "..", "..", "src");
// shared-names.json: names the Python scripts share with the drawings (data, no computation).
const DRAWING_MAY_IMPORT = new Set(["graph", "policy", "validate", "stats", "rows", "notebook-output", "shared-names.json"]);

/** Every import of `source`: its specifier and whether it is `import type`. */
function importsOf(source: string): { from: string; typeOnly: boolean }[] {
  const found = [...source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)";/gms)];
  return found.map((m) => ({ from: m[3], typeOnly: m[2] !== undefined }));
}

test("a drawing imports only types from the experiments, and nothing from the solvers, samplers, searchers, trainers or networks", () => {
  const files = readdirSync(join(SRC, "plot")).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 10, "the plot sources are where the test expects them");
  for (const file of files) {
    for (const { from, typeOnly } of importsOf(readFileSync(join(SRC, "plot", file), "utf8"))) {
      if (typeOnly || !from.startsWith(".")) continue;
      const target = posix.normalize(posix.join("plot", from));
      const allowed = target.startsWith("plot/") || DRAWING_MAY_IMPORT.has(target);
      assert.ok(allowed, `plot/${file} imports values from ${from}; a drawing may import only types from there`);
    }
  }
});

test("a drawing module does not import Node's built-ins, except html.ts, which shows figures in Node", () => {
  for (const file of readdirSync(join(SRC, "plot")).filter((f) => f.endsWith(".ts") && f !== "html.ts")) {
    for (const { from } of importsOf(readFileSync(join(SRC, "plot", file), "utf8"))) {
      assert.ok(from.startsWith("."), `plot/${file} imports ${from}`);
    }
  }
});

test("the maths entry (index.ts) and the experiments import nothing of plot/ but types", () => {
  const sources = [join(SRC, "index.ts"), ...readdirSync(join(SRC, "experiments")).map((f) => join(SRC, "experiments", f))];
  for (const path of sources) {
    for (const { from, typeOnly } of importsOf(readFileSync(path, "utf8"))) {
      assert.ok(typeOnly || !/(^|\/)plot(\/|$)/.test(from) && from !== "./figures", `${path} imports values from ${from}`);
    }
  }
});
