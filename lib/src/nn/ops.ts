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
 * unless null. Four rows at a time, so each weight's gradient is read and written
 * once per four rows.
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
    for (let o = 0; o < outSize; o++) {
      const g0 = dy[r * outSize + o];
      const g1 = dy[(r + 1) * outSize + o];
      const g2 = dy[(r + 2) * outSize + o];
      const g3 = dy[(r + 3) * outSize + o];
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      gradient[bias + o] += g0 + g1 + g2 + g3;
      const w = weights + o * inSize;
      for (let k = 0; k < inSize; k++) {
        gradient[w + k] += g0 * x[x0 + k] + g1 * x[x1 + k] + g2 * x[x2 + k] + g3 * x[x3 + k];
      }
      if (!dx) continue;
      for (let k = 0; k < inSize; k++) {
        const wk = parameters[w + k];
        dx[x0 + k] += g0 * wk;
        dx[x1 + k] += g1 * wk;
        dx[x2 + k] += g2 * wk;
        dx[x3 + k] += g3 * wk;
      }
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

/** GELU in its tanh form (as in GPT-2): x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_SCALE * (x + GELU_CUBIC * x * x * x)));
}

/** The derivative of `gelu` at x. */
export function geluDerivative(x: number): number {
  const t = Math.tanh(GELU_SCALE * (x + GELU_CUBIC * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_SCALE * (1 + 3 * GELU_CUBIC * x * x);
}

/**
 * Causal multi-head attention for position t. `qkv` holds one row of 3 * width
 * numbers per position (queries, keys, values; head h owns columns h * width /
 * heads onwards of each), rows 0..t filled. For each head, the attention weights
 * softmax(q_t . k_u / sqrt(headWidth)) over u <= t are written to
 * probs[probsAt + h * (t + 1) + u], and the weighted sum of the values to
 * out[outAt + h * headWidth ..].
 */
export function attendRow(
  qkv: Float64Array, width: number, heads: number, t: number,
  probs: Float64Array, probsAt: number, out: Float64Array, outAt: number,
): void {
  const headWidth = width / heads;
  const scale = 1 / Math.sqrt(headWidth);
  const stride = 3 * width;
  for (let h = 0; h < heads; h++) {
    const q = t * stride + h * headWidth;
    const p = probsAt + h * (t + 1);
    let max = -Infinity;
    for (let u = 0; u <= t; u++) {
      const k = u * stride + width + h * headWidth;
      let score = 0;
      for (let j = 0; j < headWidth; j++) score += qkv[q + j] * qkv[k + j];
      score *= scale;
      probs[p + u] = score;
      if (score > max) max = score;
    }
    let total = 0;
    for (let u = 0; u <= t; u++) {
      const e = Math.exp(probs[p + u] - max);
      probs[p + u] = e;
      total += e;
    }
    const o = outAt + h * headWidth;
    for (let j = 0; j < headWidth; j++) out[o + j] = 0;
    for (let u = 0; u <= t; u++) {
      const weight = probs[p + u] / total;
      probs[p + u] = weight;
      const v = u * stride + 2 * width + h * headWidth;
      for (let j = 0; j < headWidth; j++) out[o + j] += weight * qkv[v + j];
    }
  }
}

/** Where position t's attention weights start when every position 0..t keeps its own. */
export function attentionRowOffset(heads: number, t: number): number {
  return (heads * t * (t + 1)) / 2;
}

/**
 * Backward of `attendRow` over positions 0..rows-1, each with its weights at
 * attentionRowOffset(heads, t): given d out (rows x width), adds d qkv. `scratch`
 * holds at least `rows` numbers.
 */
export function attentionBackward(
  qkv: Float64Array, width: number, heads: number, rows: number, probs: Float64Array,
  dOut: Float64Array, dqkv: Float64Array, scratch: Float64Array,
): void {
  const headWidth = width / heads;
  const scale = 1 / Math.sqrt(headWidth);
  const stride = 3 * width;
  for (let t = 0; t < rows; t++) {
    for (let h = 0; h < heads; h++) {
      const p = attentionRowOffset(heads, t) + h * (t + 1);
      const o = t * width + h * headWidth;
      // d weight_u = dOut . v_u; the values' gradient is weight_u dOut.
      let weighted = 0;
      for (let u = 0; u <= t; u++) {
        const v = u * stride + 2 * width + h * headWidth;
        const weight = probs[p + u];
        let dWeight = 0;
        for (let j = 0; j < headWidth; j++) {
          dWeight += dOut[o + j] * qkv[v + j];
          dqkv[v + j] += weight * dOut[o + j];
        }
        scratch[u] = dWeight;
        weighted += weight * dWeight;
      }
      // Through the softmax: d score_u = weight_u (d weight_u - sum_u' weight_u' d weight_u').
      const q = t * stride + h * headWidth;
      for (let u = 0; u <= t; u++) {
        const dScore = scale * probs[p + u] * (scratch[u] - weighted);
        if (dScore === 0) continue;
        const k = u * stride + width + h * headWidth;
        for (let j = 0; j < headWidth; j++) {
          dqkv[q + j] += dScore * qkv[k + j];
          dqkv[k + j] += dScore * qkv[q + j];
        }
      }
    }
  }
}
