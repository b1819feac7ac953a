import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../src";
import {
  attendRows, attentionBackward, attentionRowOffset, denseBackward, denseRows, geluBackward, geluRows, layerNormBackward,
  layerNormRow,
} from "../src/nn/ops";

// Central differences have error O(h^2) times a third derivative (order 1 here) plus rounding
// of order 1e-16 |f| / h: with h = 1e-5 both stay near 1e-10, far below the tolerance.
const H = 1e-5;
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-8;

function randomArray(n: number, rng: () => number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * (2 * rng() - 1));
}

/** Asserts d f / d values[k] = analytic[k] for every k, by central differences. */
function assertGradient(what: string, values: Float64Array, f: () => number, analytic: Float64Array): void {
  for (let k = 0; k < values.length; k++) {
    const saved = values[k];
    values[k] = saved + H;
    const plus = f();
    values[k] = saved - H;
    const minus = f();
    values[k] = saved;
    const numeric = (plus - minus) / (2 * H);
    assert.ok(
      Math.abs(numeric - analytic[k]) <= RELATIVE * Math.max(Math.abs(numeric), Math.abs(analytic[k])) + ABSOLUTE,
      `${what} ${k} of ${values.length}: back-propagation ${analytic[k]}, finite difference ${numeric}`,
    );
  }
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, k) => s + x * b[k], 0);

test("a dense layer's backward pass matches central finite differences in its weights, biases and inputs (blocks of 4 rows and the rest)", () => {
  const rng = createRng("ops/dense");
  const [inSize, outSize, rows] = [5, 3, 7];
  const parameters = randomArray(2 + outSize * inSize + outSize, rng); // two unused entries before: offsets matter
  const [weights, bias] = [2, 2 + outSize * inSize];
  const x = randomArray(rows * inSize, rng);
  const readOut = randomArray(rows * outSize, rng);
  const f = (): number => {
    const y = new Float64Array(rows * outSize);
    denseRows(parameters, weights, bias, inSize, outSize, rows, x, 0, y, 0);
    return dot(y, readOut);
  };
  // A row computed alone gives the same bits as in a block of four.
  const all = new Float64Array(rows * outSize);
  denseRows(parameters, weights, bias, inSize, outSize, rows, x, 0, all, 0);
  for (let r = 0; r < rows; r++) {
    const alone = new Float64Array(outSize);
    denseRows(parameters, weights, bias, inSize, outSize, 1, x, r * inSize, alone, 0);
    assert.deepEqual(alone, all.slice(r * outSize, (r + 1) * outSize), `row ${r}`);
  }
  const gradient = new Float64Array(parameters.length);
  const dx = new Float64Array(x.length);
  denseBackward(parameters, weights, bias, inSize, outSize, rows, x, readOut, gradient, dx);
  assertGradient("parameter", parameters, f, gradient);
  assertGradient("input", x, f, dx);
});

test("layer normalisation's backward pass matches central finite differences, and its rows have mean 0 and variance near 1", () => {
  const rng = createRng("ops/layer-norm");
  const [size, rows] = [6, 3];
  const parameters = randomArray(2 * size, rng);
  const x = randomArray(rows * size, rng, 3);
  const readOut = randomArray(rows * size, rng);
  const xHat = new Float64Array(rows * size);
  const scale = new Float64Array(rows);
  const f = (): number => {
    const y = new Float64Array(rows * size);
    for (let r = 0; r < rows; r++) scale[r] = layerNormRow(parameters, 0, size, size, x, r * size, xHat, y, r * size);
    return dot(y, readOut);
  };
  f();
  for (let r = 0; r < rows; r++) {
    const row = xHat.subarray(r * size, (r + 1) * size);
    const mean = row.reduce((s, v) => s + v, 0) / size;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / size;
    assert.ok(Math.abs(mean) < 1e-15 && Math.abs(variance - 1) < 1e-4, `row ${r}: mean ${mean}, variance ${variance}`);
  }
  const gradient = new Float64Array(parameters.length);
  const dx = new Float64Array(x.length);
  layerNormBackward(parameters, 0, size, size, rows, xHat, scale, readOut, gradient, dx);
  assertGradient("gain or bias", parameters, f, gradient);
  assertGradient("input", x, f, dx);
});

test("GELU's backward pass matches central finite differences, and GELU(x) is near x for large x and near 0 for very negative x", () => {
  const x = Float64Array.from({ length: 33 }, (_, k) => -6 + 0.37 * k);
  const readOut = randomArray(x.length, createRng("ops/gelu"));
  const f = (): number => {
    const y = new Float64Array(x.length);
    geluRows(x, y, x.length);
    return dot(y, readOut);
  };
  const dx = Float64Array.from(readOut);
  geluBackward(x, dx, x.length);
  assertGradient("input", x, f, dx);
  const y = new Float64Array(3);
  geluRows(Float64Array.from([8, -8, 0]), y, 3);
  assert.ok(Math.abs(y[0] - 8) < 1e-12 && Math.abs(y[1]) < 1e-12 && y[2] === 0, `GELU(8, -8, 0) = ${y.join(", ")}`);
});

for (const [width, heads] of [[4, 1], [6, 2], [6, 3]]) {
  test(`causal attention (width ${width}, ${heads} head${heads > 1 ? "s" : ""}) matches finite differences in its queries, keys and values, and sees no later position`, () => {
    const rng = createRng(`ops/attention/${width}/${heads}`);
    const rows = 7; // a block of four positions and three alone
    const qkv = randomArray(rows * 3 * width, rng, 1.5);
    const readOut = randomArray(rows * width, rng);
    const probs = new Float64Array(attentionRowOffset(heads, rows));
    const out = new Float64Array(rows * width);
    const f = (): number => {
      attendRows(qkv, width, heads, 0, rows, probs, out);
      return dot(out, readOut);
    };
    f();
    // Each position computed alone (as the decoder does) gives the same bits.
    for (let t = 0; t < rows; t++) {
      const alone = new Float64Array(width);
      const weights = new Float64Array(heads * (t + 1));
      attendRows(qkv, width, heads, t, t + 1, weights, alone);
      assert.deepEqual(alone, out.slice(t * width, (t + 1) * width), `position ${t}`);
      assert.deepEqual(weights, probs.slice(attentionRowOffset(heads, t), attentionRowOffset(heads, t + 1)), `position ${t}`);
    }
    // Each position's weights over 0..t sum to 1 for every head.
    for (let t = 0; t < rows; t++) {
      for (let h = 0; h < heads; h++) {
        const at = attentionRowOffset(heads, t) + h * (t + 1);
        const total = probs.subarray(at, at + t + 1).reduce((s, p) => s + p, 0);
        assert.ok(Math.abs(total - 1) < 1e-14, `position ${t}, head ${h}: weights sum to ${total}`);
      }
    }
    // Position 0 attends to itself only: its output is its own value.
    for (let j = 0; j < width; j++) assert.ok(Math.abs(out[j] - qkv[2 * width + j]) < 1e-15);
    const dqkv = new Float64Array(qkv.length);
    attentionBackward(qkv, width, heads, rows, probs, readOut, dqkv, new Float64Array((rows * (rows + 1)) / 2));
    assertGradient("qkv entry", qkv, f, dqkv);
  });
}
