import { test } from "node:test";
import assert from "node:assert/strict";
import { diamondDiagram } from "../src";

test("the diamond diagram draws min(L, 5) parallel edges between l_j and r_j and marks the four decisions", () => {
  for (const L of [1, 2, 3, 5, 8]) {
    const { text, html } = diamondDiagram(L);
    const lines = text.split("\n");
    // The middle edge runs between the two nodes; the others are arcs that start under the left node.
    const nodeColumn = lines.find((line) => line.includes("l_j ●"))!.indexOf("●");
    const edges = lines.filter((line) => /^\s*[●┌├└]/.test(line.slice(nodeColumn)) && /─{27}/.test(line));
    assert.equal(edges.length, Math.min(L, 5), `L = ${L}:\n${text}`);
    for (const name of ["a_j", "b_j", "c_j", "d_j"]) {
      assert.ok(text.includes(`${name}  at`), `${name} is explained`);
      assert.ok(html.includes(`<b>${name}</b>`), `${name} is bold in the HTML`);
    }
    assert.ok(html.startsWith("<pre") && !/style=|<svg/.test(html), "plain <pre>, which untrusted viewers keep");
  }
  assert.match(diamondDiagram(8).text, /5 of the L = 8 parallel edges/);
  assert.throws(() => diamondDiagram(0), /L must be an integer from 1/);
});
