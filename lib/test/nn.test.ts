import { test } from "node:test";
import assert from "node:assert/strict";
import { cloneMlp, createMlp, createRng, mlpBackward, mlpForward, parameterCount } from "../src";
import type { Mlp } from "../src";

/** sum(output * weights): a linear read-out, so its gradient is mlpBackward of `weights`. */
function readOut(net: Mlp, input: Float64Array, rows: number, weights: Float64Array): number {
  return mlpForward(net, input, rows).output.reduce((s, y, k) => s + y * weights[k], 0);
}

function randomArray(n: number, rng: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => 2 * rng() - 1);
}

// Central differences have error O(h^2) times the third derivative (order 1 here) plus
// rounding of order 1e-16 / h: with h = 1e-5 both stay far below 1e-7.
const H = 1e-5;
const TOLERANCE = 1e-7;

for (const sizes of [[3, 2], [3, 4, 1], [5, 8, 6, 2]]) {
  const kind = sizes.length === 2 ? "a dense layer alone" : `dense and tanh layers ${sizes.join("-")}`;
  test(`back-propagation through ${kind} matches central finite differences for every parameter`, () => {
    const rng = createRng(`fd/${sizes.join("-")}`);
    const rows = 4;
    const net = createMlp(sizes, `net/${sizes.join("-")}`);
    net.parameters.forEach((_, k) => (net.parameters[k] += 0.3 * (2 * rng() - 1))); // non-zero biases too
    const input = randomArray(rows * sizes[0], rng);
    const weights = randomArray(rows * sizes[sizes.length - 1], rng);
    const gradient = mlpBackward(mlpForward(net, input, rows), weights);
    assert.equal(gradient.length, parameterCount(sizes), "one gradient entry per parameter");
    for (let k = 0; k < net.parameters.length; k++) {
      const plus = cloneMlp(net);
      const minus = cloneMlp(net);
      plus.parameters[k] += H;
      minus.parameters[k] -= H;
      const numeric = (readOut(plus, input, rows, weights) - readOut(minus, input, rows, weights)) / (2 * H);
      assert.ok(
        Math.abs(numeric - gradient[k]) < TOLERANCE * Math.max(1, Math.abs(numeric)),
        `parameter ${k} of ${net.parameters.length}: back-propagation ${gradient[k]}, finite difference ${numeric}`,
      );
    }
  });
}

test("a dense layer alone computes W x + b, and tanh layers stay in (-1, 1)", () => {
  const net = createMlp([2, 1], "affine");
  const [w0, w1, b] = net.parameters;
  const y = mlpForward(net, Float64Array.from([3, -2]), 1).output[0];
  assert.ok(Math.abs(y - (3 * w0 - 2 * w1 + b)) < 1e-15, `expected ${3 * w0 - 2 * w1 + b}, computed ${y}`);
  const deep = createMlp([2, 3, 1], "deep");
  const pass = mlpForward(deep, Float64Array.from([100, -100]), 1);
  pass.activations[1].forEach((a) => assert.ok(a > -1 - 1e-15 && a < 1 + 1e-15, `hidden activation ${a}`));
});

test("createMlp is seeded, and bad sizes and inputs are refused with the parameter named", () => {
  assert.deepEqual(createMlp([3, 4, 1], "s").parameters, createMlp([3, 4, 1], "s").parameters);
  assert.notDeepEqual(createMlp([3, 4, 1], "s").parameters, createMlp([3, 4, 1], "t").parameters);
  assert.equal(parameterCount([3, 4, 1]), 3 * 4 + 4 + 4 + 1);
  assert.throws(() => createMlp([3], "s"), /sizes must list at least/);
  assert.throws(() => createMlp([3, 0], "s"), /sizes\[1\]/);
  assert.throws(() => mlpForward(createMlp([3, 1], "s"), new Float64Array(5), 2), /input must have/);
  const pass = mlpForward(createMlp([3, 1], "s"), new Float64Array(6), 2);
  assert.throws(() => mlpBackward(pass, new Float64Array(3)), /outputGradient must have 2 entries/);
});
