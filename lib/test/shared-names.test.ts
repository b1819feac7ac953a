import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PLOTLY_CARRIER_CLASS } from "../src/plot/html";
import sharedNames from "../src/shared-names.json";

const ROOT = join(__dirname, "..", "..", "..");

/** Every source file under `dir`, recursively (Python's compiled caches left out: they copy their sources). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "__pycache__") return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("the names the library and the Python scripts share have one source, shared-names.json", () => {
  assert.equal(PLOTLY_CARRIER_CLASS, sharedNames.plotlyCarrierClass);
  // The scripts hold no copy of either name: they read the JSON from the built library.
  const copies = [sharedNames.plotlyCarrierClass, `KERNEL_NAME = "${sharedNames.kernelName}"`, `"kernels", "${sharedNames.kernelName}"`, `kernels/${sharedNames.kernelName}"`];
  for (const file of filesUnder(join(ROOT, "scripts"))) {
    const text = readFileSync(file, "utf8");
    for (const copy of copies) assert.ok(!text.includes(copy), `${file} holds a copy of ${copy}`);
  }
  // What the Python scripts read is the JSON's content.
  const read = spawnSync("/usr/bin/python3", ["-c", [
    "import json, sys",
    `sys.path[:0] = [${JSON.stringify(join(ROOT, "scripts"))}, ${JSON.stringify(join(ROOT, "scripts", "classroom"))}]`,
    "import run_notebooks, assignment, sandbox",
    "print(json.dumps([run_notebooks.PLOTLY_CARRIER_CLASS, run_notebooks.KERNEL_NAME, assignment.KERNEL_NAME, sandbox.KERNEL_NAME]))",
  ].join("\n")], { encoding: "utf8" });
  assert.equal(read.status, 0, read.stderr);
  assert.deepEqual(JSON.parse(read.stdout), [sharedNames.plotlyCarrierClass, sharedNames.kernelName, sharedNames.kernelName, sharedNames.kernelName]);
});
