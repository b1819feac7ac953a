/**
 * The operations a transformer is made of, each with its hand-written backward
 * pass: a dense layer, layer normalisation, GELU and causal multi-head attention
 * (appendix notebook A3; lib/test/transformer-ops.test.ts checks each against
 * central finite differences).
 *
 * Every forward operation works on one row (one position) at given offsets into
 * flat Float64Arrays, so the training pass and the key/value-cache decoder run the
 * same arithmetic in the same order and agree to the last bit. The backward
 * operations work on `rows` rows at once and add into their outputs (gradients
 * accumulate; the caller zeroes what must start at zero). Parameters are read from,
 * and their gradients added to, one flat array at the offsets the caller gives.
 */

/** Added to the variance in layer normalisation, as in most transformers. */
export const LAYER_NORM_EPSILON = 1e-5;

/**
 * y = W x + b for `rows` rows stored one after another from x[xAt] (inSize numbers
 * each) into y[yAt] (outSize each). W has `outSize` rows of `inSize` weights
 * (row-major) at `parameters[weights]`, b has `outSize` entries at
 * `parameters[bias]`. Four rows share each pass over a weight row (one load of W
 * for four products); every row's sum still runs bias first, then k = 0, 1, ...,
 * so a row gives the same bits alone or in a block.
 */
export function denseRows(
  parameters: Float64Array, weights: number, bias: number, inSize: number, outSize: number, rows: number,
  x: Float64Array, xAt: number, y: Float64Array, yAt: number,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = xAt + r * inSize;
    const x1 = x0 + inSize;
    const x2 = x1 + inSize;
    const x3 = x2 + inSize;
    const y0 = yAt + r * outSize;
    for (let o = 0; o < outSize; o++) {
      const w = weights + o * inSize;
      const b = parameters[bias + o];
      let s0 = b;
      let s1 = b;
      let s2 = b;
      let s3 = b;
      for (let k = 0; k < inSize; k++) {
        const wk = parameters[w + k];
        s0 += wk * x[x0 + k];
        s1 += wk * x[x1 + k];
        s2 += wk * x[x2 + k];
        s3 += wk * x[x3 + k];
      }
      y[y0 + o] = s0;
      y[y0 + outSize + o] = s1;
      y[y0 + 2 * outSize + o] = s2;
      y[y0 + 3 * outSize + o] = s3;
    }
  }
  for (; r < rows; r++) {
    const x0 = xAt + r * inSize;
    for (let o = 0; o < outSize; o++) {
      const w = weights + o * inSize;
      let sum = parameters[bias + o];
      for (let k = 0; k < inSize; k++) sum += parameters[w + k] * x[x0 + k];
      y[yAt + r * outSize + o] = sum;
    }
  }
}

/**
 * Backward of `denseRows` over `rows` rows (x and dy row-major from index 0, rows x
 * inSize and rows x outSize): adds dW and db to `gradient`, and W^T dy to `dx`
 * unless null. Four rows at a time: each weight's gradient is read and written once
 * per four rows, and each dx entry is summed in a register down a column of W.
 */
export function denseBackward(
  parameters: Float64Array, weights: number, bias: number, inSize: number, outSize: number, rows: number,
  x: Float64Array, dy: Float64Array, gradient: Float64Array, dx: Float64Array | null,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = r * inSize;
    const x1 = x0 + inSize;
    const x2 = x1 + inSize;
    const x3 = x2 + inSize;
    const y0 = r * outSize;
    const y1 = y0 + outSize;
    const y2 = y1 + outSize;
    const y3 = y2 + outSize;
    for (let o = 0; o < outSize; o++) {
      const g0 = dy[y0 + o];
      const g1 = dy[y1 + o];
      const g2 = dy[y2 + o];
      const g3 = dy[y3 + o];
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      gradient[bias + o] += g0 + g1 + g2 + g3;
      const w = weights + o * inSize;
      for (let k = 0; k < inSize; k++) {
        gradient[w + k] += g0 * x[x0 + k] + g1 * x[x1 + k] + g2 * x[x2 + k] + g3 * x[x3 + k];
      }
    }
    if (!dx) continue;
    for (let k = 0; k < inSize; k++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let o = 0; o < outSize; o++) {
        const wk = parameters[weights + o * inSize + k];
        s0 += dy[y0 + o] * wk;
        s1 += dy[y1 + o] * wk;
        s2 += dy[y2 + o] * wk;
        s3 += dy[y3 + o] * wk;
      }
      dx[x0 + k] += s0;
      dx[x1 + k] += s1;
      dx[x2 + k] += s2;
      dx[x3 + k] += s3;
    }
  }
  for (; r < rows; r++) {
    const x0 = r * inSize;
    for (let o = 0; o < outSize; o++) {
      const g = dy[r * outSize + o];
      if (g === 0) continue;
      gradient[bias + o] += g;
      const w = weights + o * inSize;
      for (let k = 0; k < inSize; k++) gradient[w + k] += g * x[x0 + k];
      if (dx) for (let k = 0; k < inSize; k++) dx[x0 + k] += g * parameters[w + k];
    }
  }
}

/**
 * Layer normalisation of one row of `size` numbers: xHat = (x - mean) / sqrt(var +
 * epsilon), y = gain * xHat + bias. Writes xHat and y (kept for the backward pass)
 * and returns 1 / sqrt(var + epsilon).
 */
export function layerNormRow(
  parameters: Float64Array, gain: number, bias: number, size: number,
  x: Float64Array, xAt: number, xHat: Float64Array, y: Float64Array, yAt: number,
): number {
  let mean = 0;
  for (let k = 0; k < size; k++) mean += x[xAt + k];
  mean /= size;
  let variance = 0;
  for (let k = 0; k < size; k++) variance += (x[xAt + k] - mean) ** 2;
  variance /= size;
  const inverseDeviation = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
  for (let k = 0; k < size; k++) {
    const normalised = (x[xAt + k] - mean) * inverseDeviation;
    xHat[yAt + k] = normalised;
    y[yAt + k] = parameters[gain + k] * normalised + parameters[bias + k];
  }
  return inverseDeviation;
}

/**
 * Backward of `layerNormRow` over `rows` rows: adds d gain and d bias to `gradient`
 * and d x to `dx`. With g = dy * gain, dx = inverseDeviation * (g - mean(g) - xHat *
 * mean(g * xHat)).
 */
export function layerNormBackward(
  parameters: Float64Array, gain: number, bias: number, size: number, rows: number,
  xHat: Float64Array, inverseDeviation: Float64Array, dy: Float64Array, gradient: Float64Array, dx: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const at = r * size;
    let meanG = 0;
    let meanGxHat = 0;
    for (let k = 0; k < size; k++) {
      const d = dy[at + k];
      gradient[gain + k] += d * xHat[at + k];
      gradient[bias + k] += d;
      const g = d * parameters[gain + k];
      meanG += g;
      meanGxHat += g * xHat[at + k];
    }
    meanG /= size;
    meanGxHat /= size;
    const s = inverseDeviation[r];
    for (let k = 0; k < size; k++) {
      dx[at + k] += s * (dy[at + k] * parameters[gain + k] - meanG - xHat[at + k] * meanGxHat);
    }
  }
}

const GELU_SCALE = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/**
 * y = GELU(x) elementwise over n numbers, in its tanh form (as in GPT-2):
 * x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). A loop over arrays rather than a
 * function per number: V8 boxes a double returned by a call it does not inline.
 */
export function geluRows(x: Float64Array, y: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const v = x[k];
    y[k] = 0.5 * v * (1 + Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v)));
  }
}

/** Backward of `geluRows`: dy[k] *= GELU'(x[k]) for k < n. */
export function geluBackward(x: Float64Array, dy: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const v = x[k];
    const t = Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
    dy[k] *= 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_SCALE * (1 + 3 * GELU_CUBIC * v * v);
  }
}

/**
 * Where row t of a lower-triangular table starts, when row t holds entries
 * u = 0 .. t (attention weights, or their gradients, for one head).
 */
export type TriangleRows = (t: number) => number;

/**
 * A head's view of a matrix stored row-major: row u starts at `data[u * stride +
 * column]` and has the head's `headWidth` numbers (queries, keys or values inside
 * the qkv rows; a head's columns of the attended output or its gradient).
 */
export interface HeadColumns {
  readonly data: Float64Array;
  readonly stride: number;
  readonly column: number;
}

/** The eight sums of `dots4x2`, reused (one call at a time: JavaScript runs one thread per isolate). */
const SUMS = new Float64Array(8);

/**
 * The eight dot products of four vectors a_i (entries a[a_i + m * aStep]) with two
 * vectors b_k (entries b[b_k + m * bStep]) over m = 0 .. n - 1, each added m = 0, 1,
 * ... in order, into SUMS[4k + i]: each entry read serves two or four products. The
 * core of causalDots (queries against two keys) and causalWeightedSums (weights
 * against two columns of values).
 */
function dots4x2(
  a: Float64Array, a0: number, a1: number, a2: number, a3: number, aStep: number,
  b: Float64Array, b0: number, b1: number, bStep: number, n: number,
): Float64Array {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let m = 0, ma = 0, mb = 0; m < n; m++, ma += aStep, mb += bStep) {
    const x0 = a[a0 + ma];
    const x1 = a[a1 + ma];
    const x2 = a[a2 + ma];
    const x3 = a[a3 + ma];
    const y = b[b0 + mb];
    const z = b[b1 + mb];
    s0 += x0 * y;
    s1 += x1 * y;
    s2 += x2 * y;
    s3 += x3 * y;
    z0 += x0 * z;
    z1 += x1 * z;
    z2 += x2 * z;
    z3 += x3 * z;
  }
  SUMS[0] = s0;
  SUMS[1] = s1;
  SUMS[2] = s2;
  SUMS[3] = s3;
  SUMS[4] = z0;
  SUMS[5] = z1;
  SUMS[6] = z2;
  SUMS[7] = z3;
  return SUMS;
}

/**
 * table[rowAt(t) + u] = scale * a_t . b_u for u <= t and t = from .. to - 1 (the
 * causal scores q_t . k_u, or in the backward pass d out_t . v_u). Four rows and two
 * keys at a time: each read of a_t or b_u serves two or four products. Every dot
 * product still adds j = 0, 1, ... in order, so a row gives the same bits alone (the
 * decoder) or in a block.
 */
export function causalDots(
  a: HeadColumns, b: HeadColumns, headWidth: number, scale: number, from: number, to: number,
  table: Float64Array, rowAt: TriangleRows,
): void {
  const ad = a.data;
  const bd = b.data;
  const dot = (t: number, u: number): number => {
    const at = t * a.stride + a.column;
    const bt = u * b.stride + b.column;
    let sum = 0;
    for (let j = 0; j < headWidth; j++) sum += ad[at + j] * bd[bt + j];
    return sum;
  };
  let t = from;
  for (; t + 4 <= to; t += 4) {
    const a0 = t * a.stride + a.column;
    const a1 = a0 + a.stride;
    const a2 = a1 + a.stride;
    const a3 = a2 + a.stride;
    const r0 = rowAt(t);
    const r1 = rowAt(t + 1);
    const r2 = rowAt(t + 2);
    const r3 = rowAt(t + 3);
    // Two keys at a time, u and u + 1.
    let u = 0;
    for (; u + 1 <= t; u += 2) {
      const bu = u * b.stride + b.column;
      const sums = dots4x2(ad, a0, a1, a2, a3, 1, bd, bu, bu + b.stride, 1, headWidth);
      table[r0 + u] = sums[0] * scale;
      table[r1 + u] = sums[1] * scale;
      table[r2 + u] = sums[2] * scale;
      table[r3 + u] = sums[3] * scale;
      table[r0 + u + 1] = sums[4] * scale;
      table[r1 + u + 1] = sums[5] * scale;
      table[r2 + u + 1] = sums[6] * scale;
      table[r3 + u + 1] = sums[7] * scale;
    }
    if (u === t) {
      table[r0 + t] = dot(t, t) * scale;
      table[r1 + t] = dot(t + 1, t) * scale;
      table[r2 + t] = dot(t + 2, t) * scale;
      table[r3 + t] = dot(t + 3, t) * scale;
    }
    // The later rows of the block also see the block's own earlier positions.
    table[r1 + t + 1] = dot(t + 1, t + 1) * scale;
    for (let u = t + 1; u <= t + 2; u++) table[r2 + u] = dot(t + 2, u) * scale;
    for (let u = t + 1; u <= t + 3; u++) table[r3 + u] = dot(t + 3, u) * scale;
  }
  for (; t < to; t++) {
    const r = rowAt(t);
    for (let u = 0; u <= t; u++) table[r + u] = dot(t, u) * scale;
  }
}

/**
 * out_t = sum over u <= t of table[rowAt(t) + u] x_u, for t = from .. to - 1, written
 * (not added) to out's row t - from (the attended values, or in the backward pass
 * d q_t). Four rows and two columns at a time: each read of a weight or of x_u serves
 * two or four products. Each sum adds u = 0, 1, ... in order, so a row gives the same
 * bits alone or in a block.
 */
export function causalWeightedSums(
  table: Float64Array, rowAt: TriangleRows, x: HeadColumns, headWidth: number, from: number, to: number, out: HeadColumns,
): void {
  const xd = x.data;
  const xs = x.stride;
  const od = out.data;
  const os = out.stride;
  /** Column xj of the sum for the row at table[r] (position t): u = 0, 1, ..., t in order. */
  const columnSum = (r: number, t: number, xj: number): number => {
    let sum = 0;
    for (let u = 0; u <= t; u++) sum += table[r + u] * xd[u * xs + xj];
    return sum;
  };
  let t = from;
  for (; t + 4 <= to; t += 4) {
    const r0 = rowAt(t);
    const r1 = rowAt(t + 1);
    const r2 = rowAt(t + 2);
    const r3 = rowAt(t + 3);
    const o = (t - from) * os + out.column;
    // Every row's sum over u = 0 .. t, two columns at a time (j and j + 1).
    let j = 0;
    for (; j + 1 < headWidth; j += 2) {
      const xj = x.column + j;
      const sums = dots4x2(table, r0, r1, r2, r3, 1, xd, xj, xj + 1, xs, t + 1);
      for (let i = 0; i < 4; i++) {
        od[o + i * os + j] = sums[i];
        od[o + i * os + j + 1] = sums[4 + i];
      }
    }
    if (j < headWidth) for (let i = 0; i < 4; i++) od[o + i * os + j] = columnSum(rowAt(t + i), t, x.column + j);
    // The later rows of the block also weigh the block's own earlier positions, added in order.
    for (let i = 1; i < 4; i++) {
      const r = rowAt(t + i);
      const oi = o + i * os;
      for (let j = 0; j < headWidth; j++) {
        for (let u = t + 1; u <= t + i; u++) od[oi + j] += table[r + u] * xd[u * xs + x.column + j];
      }
    }
  }
  for (; t < to; t++) {
    const r = rowAt(t);
    const o = (t - from) * os + out.column;
    for (let j = 0; j < headWidth; j++) od[o + j] = columnSum(r, t, x.column + j);
  }
}

/**
 * out_u += sum over t >= u of table[rowAt(t) + u] x_t, for u < rows (the transposed
 * weighted sum of the backward pass: d v_u from the weights and d out, d k_u from
 * d scores and the queries). Four rows t and two outputs u at a time: each update of
 * out_u serves four products, each read of x_t two.
 */
export function causalTransposedSums(
  table: Float64Array, rowAt: TriangleRows, x: HeadColumns, headWidth: number, rows: number, out: HeadColumns,
): void {
  const xd = x.data;
  const od = out.data;
  const addRow = (weight: number, t: number, u: number): void => {
    const xt = t * x.stride + x.column;
    const ou = u * out.stride + out.column;
    for (let j = 0; j < headWidth; j++) od[ou + j] += weight * xd[xt + j];
  };
  let t = 0;
  for (; t + 4 <= rows; t += 4) {
    const r0 = rowAt(t);
    const r1 = rowAt(t + 1);
    const r2 = rowAt(t + 2);
    const r3 = rowAt(t + 3);
    const x0 = t * x.stride + x.column;
    const x1 = x0 + x.stride;
    const x2 = x1 + x.stride;
    const x3 = x2 + x.stride;
    // Two outputs at a time, u and v = u + 1: each entry of the four x rows read once for both.
    let u = 0;
    for (; u + 1 <= t; u += 2) {
      const w0 = table[r0 + u];
      const w1 = table[r1 + u];
      const w2 = table[r2 + u];
      const w3 = table[r3 + u];
      const v0 = table[r0 + u + 1];
      const v1 = table[r1 + u + 1];
      const v2 = table[r2 + u + 1];
      const v3 = table[r3 + u + 1];
      const ou = u * out.stride + out.column;
      const ov = ou + out.stride;
      for (let j = 0; j < headWidth; j++) {
        const a0 = xd[x0 + j];
        const a1 = xd[x1 + j];
        const a2 = xd[x2 + j];
        const a3 = xd[x3 + j];
        od[ou + j] += w0 * a0 + w1 * a1 + w2 * a2 + w3 * a3;
        od[ov + j] += v0 * a0 + v1 * a1 + v2 * a2 + v3 * a3;
      }
    }
    if (u === t) {
      const w0 = table[r0 + t];
      const w1 = table[r1 + t];
      const w2 = table[r2 + t];
      const w3 = table[r3 + t];
      const ou = t * out.stride + out.column;
      for (let j = 0; j < headWidth; j++) {
        od[ou + j] += w0 * xd[x0 + j] + w1 * xd[x1 + j] + w2 * xd[x2 + j] + w3 * xd[x3 + j];
      }
    }
    addRow(table[r1 + t + 1], t + 1, t + 1);
    for (let u = t + 1; u <= t + 2; u++) addRow(table[r2 + u], t + 2, u);
    for (let u = t + 1; u <= t + 3; u++) addRow(table[r3 + u], t + 3, u);
  }
  for (; t < rows; t++) {
    const r = rowAt(t);
    for (let u = 0; u <= t; u++) addRow(table[r + u], t, u);
  }
}

/** Softmax of table[at .. at + n - 1] in place. */
function softmaxInPlace(table: Float64Array, at: number, n: number): void {
  let max = -Infinity;
  for (let u = at; u < at + n; u++) if (table[u] > max) max = table[u];
  let total = 0;
  for (let u = at; u < at + n; u++) {
    const e = Math.exp(table[u] - max);
    table[u] = e;
    total += e;
  }
  const inverseTotal = 1 / total;
  for (let u = at; u < at + n; u++) table[u] *= inverseTotal;
}

/** Where position t's attention weights start when every position 0..t keeps its own (all heads, row after row). */
export function attentionRowOffset(heads: number, t: number): number {
  return (heads * t * (t + 1)) / 2;
}

/**
 * Causal multi-head attention for positions from .. to - 1. `qkv` holds one row of
 * 3 * width numbers per position (queries, keys, values; head h owns columns
 * h * width / heads onwards of each), rows 0 .. to - 1 filled. For position t and
 * head h, the attention weights softmax(q_t . k_u / sqrt(headWidth)) over u <= t go
 * to probs[attentionRowOffset(heads, t) - attentionRowOffset(heads, from) + h * (t +
 * 1) + u], and their sum of the values to out[(t - from) * width + h * headWidth ..].
 * The training pass runs every position at once, the decoder one at a time: the
 * same bits either way (see causalDots).
 */
export function attendRows(
  qkv: Float64Array, width: number, heads: number, from: number, to: number, probs: Float64Array, out: Float64Array,
): void {
  const headWidth = width / heads;
  const start = attentionRowOffset(heads, from);
  for (let h = 0; h < heads; h++) {
    const rowAt: TriangleRows = (t) => attentionRowOffset(heads, t) - start + h * (t + 1);
    const column = h * headWidth;
    const queries = { data: qkv, stride: 3 * width, column };
    const keys = { data: qkv, stride: 3 * width, column: width + column };
    const values = { data: qkv, stride: 3 * width, column: 2 * width + column };
    causalDots(queries, keys, headWidth, 1 / Math.sqrt(headWidth), from, to, probs, rowAt);
    for (let t = from; t < to; t++) softmaxInPlace(probs, rowAt(t), t + 1);
    causalWeightedSums(probs, rowAt, values, headWidth, from, to, { data: out, stride: width, column });
  }
}

/**
 * Backward of `attendRows` over positions 0 .. rows - 1 (weights at
 * attentionRowOffset(heads, t)): given d out (rows x width), adds d qkv. `scratch`
 * holds at least rows (rows + 1) / 2 numbers (one head's triangle).
 */
export function attentionBackward(
  qkv: Float64Array, width: number, heads: number, rows: number, probs: Float64Array,
  dOut: Float64Array, dqkv: Float64Array, scratch: Float64Array,
): void {
  const headWidth = width / heads;
  const scale = 1 / Math.sqrt(headWidth);
  const triangle: TriangleRows = (t) => (t * (t + 1)) / 2;
  for (let h = 0; h < heads; h++) {
    const rowAt: TriangleRows = (t) => attentionRowOffset(heads, t) + h * (t + 1);
    const column = h * headWidth;
    const part = (data: Float64Array, offset: number): HeadColumns => ({ data, stride: 3 * width, column: offset + column });
    const dOutHead = { data: dOut, stride: width, column };
    // d weight[t, u] = d out_t . v_u; d v_u = sum over t of weight[t, u] d out_t.
    causalDots(dOutHead, part(qkv, 2 * width), headWidth, 1, 0, rows, scratch, triangle);
    causalTransposedSums(probs, rowAt, dOutHead, headWidth, rows, part(dqkv, 2 * width));
    // Through the softmax and the scale: d score[t, u] = scale weight (d weight - sum_u' weight d weight).
    for (let t = 0; t < rows; t++) {
      const p = rowAt(t);
      const d = triangle(t);
      let weighted = 0;
      for (let u = 0; u <= t; u++) weighted += probs[p + u] * scratch[d + u];
      for (let u = 0; u <= t; u++) scratch[d + u] = scale * probs[p + u] * (scratch[d + u] - weighted);
    }
    // d q_t = sum over u of d score[t, u] k_u; d k_u = sum over t of d score[t, u] q_t.
    causalWeightedSums(scratch, triangle, part(qkv, width), headWidth, 0, rows, part(dqkv, 0));
    causalTransposedSums(scratch, triangle, part(qkv, 0), headWidth, rows, part(dqkv, width));
  }
}
