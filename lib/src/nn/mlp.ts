/**
 * A small multilayer perceptron with hand-written back-propagation (appendix
 * notebook A2). The networks of A2 are tiny (a few dense layers of width 16 to 32)
 * and a batch is every edge state of a graph (4K rows), so plain loops over
 * Float64Arrays beat a general tensor library here (measured in A2 and
 * bench/neural.mjs) and keep double precision. No Node APIs: the same code runs in
 * Node, tslab and a browser.
 *
 * Layout: layer i maps width sizes[i] to sizes[i+1] with weights W_i (row-major,
 * sizes[i+1] rows of sizes[i]) and biases b_i; every layer but the last is
 * followed by tanh; the last is linear. All parameters live in one flat
 * Float64Array, so the optimizers of train/optimizer.ts update them as they
 * update tabular logits.
 */
import { createRng } from "../sample";
import { describe, requireInteger } from "../validate";

export interface Mlp {
  /** Layer widths, input first, output last. */
  readonly sizes: readonly number[];
  /** Every weight and bias, layer by layer: W_0, b_0, W_1, b_1, ... */
  readonly parameters: Float64Array;
}

/** Throws unless `value` is a network as createMlp builds it: widths from 1 to 4096, and their number of parameters. */
export function requireMlp(value: unknown, name = "net"): Mlp {
  const net = value as Mlp;
  if (typeof value !== "object" || value === null || !Array.isArray(net.sizes) || !(net.parameters instanceof Float64Array)) {
    throw new RangeError(`${name} must be a network { sizes, parameters } (from createMlp), got ${describe(value)}`);
  }
  requireSizes(net.sizes, `${name}.sizes`);
  const count = parameterCount(net.sizes);
  if (net.parameters.length !== count) {
    throw new RangeError(`${name}.parameters must have ${count} entries for sizes ${net.sizes.join("-")}, got ${net.parameters.length}`);
  }
  return net;
}

function requireSizes(sizes: unknown, name: string): readonly number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`${name} must list at least an input and an output width, got ${describe(sizes)}`);
  }
  sizes.forEach((s, i) => requireInteger(`${name}[${i}]`, s, 1, 4096));
  return sizes;
}

/** Where layer i's weights and biases start in `parameters`. */
function layerOffsets(sizes: readonly number[]): { weights: number; biases: number }[] {
  const offsets: { weights: number; biases: number }[] = [];
  let at = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const weights = at;
    const biases = weights + sizes[i] * sizes[i + 1];
    offsets.push({ weights, biases });
    at = biases + sizes[i + 1];
  }
  return offsets;
}

/** Number of parameters of a network with these widths. */
export function parameterCount(sizes: readonly number[]): number {
  requireSizes(sizes, "sizes");
  let n = 0;
  for (let i = 0; i + 1 < sizes.length; i++) n += (sizes[i] + 1) * sizes[i + 1];
  return n;
}

/**
 * A network with seeded initial weights: uniform in +-sqrt(3 / fan-in) (variance
 * 1 / fan-in, so tanh units start unsaturated), biases zero.
 */
export function createMlp(sizes: readonly number[], seed: string): Mlp {
  requireSizes(sizes, "sizes");
  if (typeof seed !== "string") throw new RangeError(`seed must be a string, got ${describe(seed)}`);
  const parameters = new Float64Array(parameterCount(sizes));
  const rng = createRng(seed);
  layerOffsets(sizes).forEach(({ weights, biases }, i) => {
    const scale = Math.sqrt(3 / sizes[i]);
    for (let k = weights; k < biases; k++) parameters[k] = (2 * rng() - 1) * scale;
  });
  return { sizes: [...sizes], parameters };
}

/** A copy with its own parameters (for a fresh student, or a snapshot). */
export function cloneMlp(net: Mlp): Mlp {
  requireMlp(net);
  return { sizes: [...net.sizes], parameters: Float64Array.from(net.parameters) };
}

/** The activations of a forward pass, kept for the backward pass. */
export interface ForwardPass {
  readonly net: Mlp;
  readonly rows: number;
  /** activations[i]: rows x sizes[i], the input of layer i (activations[0] is the input). */
  readonly activations: Float64Array[];
  /** The network's outputs, rows x sizes[last]. */
  readonly output: Float64Array;
}

/** Runs the network on `rows` inputs stored row-major in `input` (rows x sizes[0]). */
export function mlpForward(net: Mlp, input: Float64Array, rows: number): ForwardPass {
  const { sizes, parameters } = requireMlp(net);
  requireInteger("rows", rows, 0, Number.MAX_SAFE_INTEGER);
  if (!(input instanceof Float64Array) || input.length !== rows * sizes[0]) {
    const got = input instanceof Float64Array ? input.length : describe(input);
    throw new RangeError(`input must have rows * ${sizes[0]} = ${rows * sizes[0]} entries (a Float64Array), got ${got}`);
  }
  const activations: Float64Array[] = [input];
  const offsets = layerOffsets(sizes);
  let x = input;
  for (let i = 0; i < offsets.length; i++) {
    const inWidth = sizes[i];
    const outWidth = sizes[i + 1];
    const { weights, biases } = offsets[i];
    const y = new Float64Array(rows * outWidth);
    const hidden = i + 1 < offsets.length;
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < outWidth; o++) {
        let sum = parameters[biases + o];
        const w = weights + o * inWidth;
        for (let k = 0; k < inWidth; k++) sum += parameters[w + k] * x[r * inWidth + k];
        y[r * outWidth + o] = hidden ? Math.tanh(sum) : sum;
      }
    }
    if (hidden) activations.push(y);
    x = y;
  }
  return { net, rows, activations, output: x };
}

/**
 * Back-propagation: given d(objective)/d(output) (rows x sizes[last]), returns
 * d(objective)/d(parameters) in the layout of `net.parameters`.
 */
export function mlpBackward(pass: ForwardPass, outputGradient: Float64Array): Float64Array {
  if (typeof pass !== "object" || pass === null || !Array.isArray(pass.activations)) {
    throw new RangeError(`pass must be a forward pass (from mlpForward), got ${describe(pass)}`);
  }
  const { net, rows, activations } = pass;
  const { sizes, parameters } = net;
  const offsets = layerOffsets(sizes);
  const last = sizes.length - 1;
  if (!(outputGradient instanceof Float64Array) || outputGradient.length !== rows * sizes[last]) {
    const got = outputGradient instanceof Float64Array ? outputGradient.length : describe(outputGradient);
    throw new RangeError(`outputGradient must have ${rows * sizes[last]} entries (a Float64Array), got ${got}`);
  }
  const gradient = new Float64Array(parameters.length);
  // delta: d(objective)/d(pre-activation) of the layer being processed.
  let delta = outputGradient;
  for (let i = offsets.length - 1; i >= 0; i--) {
    const inWidth = sizes[i];
    const outWidth = sizes[i + 1];
    const { weights, biases } = offsets[i];
    const x = activations[i];
    const below = i > 0 ? new Float64Array(rows * inWidth) : null;
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < outWidth; o++) {
        const g = delta[r * outWidth + o];
        if (g === 0) continue;
        gradient[biases + o] += g;
        const w = weights + o * inWidth;
        for (let k = 0; k < inWidth; k++) {
          gradient[w + k] += g * x[r * inWidth + k];
          if (below) below[r * inWidth + k] += g * parameters[w + k];
        }
      }
    }
    if (below) {
      // Through tanh: d tanh(u) / du = 1 - tanh(u)^2, and x holds tanh(u).
      for (let k = 0; k < below.length; k++) below[k] *= 1 - x[k] * x[k];
      delta = below;
    }
  }
  return gradient;
}
