import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSFORMER_LIMITS, accumulateSequenceGradient, cloneTransformer, createDecoder, createRng, createTransformer,
  transformerFromJSON, transformerLayout, transformerLogits, transformerParameterCount, transformerToJSON,
} from "../src";
import type { SequenceExample, Transformer, TransformerConfig } from "../src";

const TINY: TransformerConfig = {
  vocabularySize: 5, outputSize: 4, contextLength: 7, width: 6, layers: 2, heads: 2, mlpWidth: 8, positions: "learned",
};

/** A model whose every parameter (LayerNorm gains and biases too) is moved off its initial value. */
function randomModel(config: TransformerConfig, seed: string): Transformer {
  const model = createTransformer(config, seed);
  const rng = createRng(`${seed}/perturb`);
  model.parameters.forEach((_, k) => (model.parameters[k] += 0.3 * (2 * rng() - 1)));
  return model;
}

function randomTokens(config: TransformerConfig, length: number, rng: () => number): number[] {
  return Array.from({ length }, () => Math.floor(rng() * config.vocabularySize));
}

/**
 * An independent forward pass: the transformer written as matrices, with the whole
 * attention matrix and -Infinity above the diagonal, reading weights where
 * transformerLayout says they are.
 */
function referenceLogits(model: Transformer, tokens: number[]): number[][] {
  const { config, parameters: p } = model;
  const { width: d, heads, mlpWidth: m, outputSize } = config;
  const layout = transformerLayout(config);
  const T = tokens.length;
  const affine = (x: number[], weights: number, bias: number, inSize: number, outSize: number): number[] =>
    Array.from({ length: outSize }, (_, o) => p[bias + o] + x.reduce((s, v, k) => s + p[weights + o * inSize + k] * v, 0));
  const norm = (x: number[], gain: number, bias: number): number[] => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    return x.map((v, k) => p[gain + k] * ((v - mean) / Math.sqrt(variance + 1e-5)) + p[bias + k]);
  };
  const position = (t: number, k: number): number => {
    if (config.positions === "learned") return p[layout.positionEmbedding + t * d + k];
    const angle = t / Math.pow(10000, (2 * Math.floor(k / 2)) / d);
    return k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  };
  let x = tokens.map((token, t) => Array.from({ length: d }, (_, k) => p[layout.tokenEmbedding + token * d + k] + position(t, k)));
  const gelu = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  for (const block of layout.blocks) {
    const qkv = x.map((row) => affine(norm(row, block.attentionNormGain, block.attentionNormBias), block.qkvWeights, block.qkvBias, d, 3 * d));
    const headWidth = d / heads;
    const attended = x.map(() => new Array<number>(d).fill(0));
    for (let h = 0; h < heads; h++) {
      const slice = (row: number[], part: number): number[] => row.slice(part * d + h * headWidth, part * d + (h + 1) * headWidth);
      for (let t = 0; t < T; t++) {
        const scores = qkv.map((row, u) =>
          u <= t ? slice(qkv[t], 0).reduce((s, q, j) => s + q * slice(row, 1)[j], 0) / Math.sqrt(headWidth) : -Infinity,
        );
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((s, e) => s + e, 0);
        for (let u = 0; u < T; u++) slice(qkv[u], 2).forEach((v, j) => (attended[t][h * headWidth + j] += (exps[u] / total) * v));
      }
    }
    x = x.map((row, t) => affine(attended[t], block.projectionWeights, block.projectionBias, d, d).map((v, k) => row[k] + v));
    x = x.map((row) => {
      const hidden = affine(norm(row, block.mlpNormGain, block.mlpNormBias), block.upWeights, block.upBias, d, m).map(gelu);
      return affine(hidden, block.downWeights, block.downBias, m, d).map((v, k) => row[k] + v);
    });
  }
  return x.map((row) => affine(norm(row, layout.finalNormGain, layout.finalNormBias), layout.headWeights, layout.headBias, d, outputSize));
}

/** The loss of the contract, computed from transformerLogits with a plain log-sum-exp. */
function referenceLoss(model: Transformer, example: SequenceExample): number {
  const { outputSize } = model.config;
  const logits = transformerLogits(model, example.tokens);
  let loss = 0;
  for (let t = 0; t < example.tokens.length; t++) {
    if (example.targets[t] < 0) continue;
    const row = Array.from(logits.subarray(t * outputSize, (t + 1) * outputSize));
    const allowed = row.filter((_, c) => !example.legal || example.legal[t * outputSize + c] === 1);
    const logSumExp = Math.log(allowed.reduce((s, z) => s + Math.exp(z), 0));
    loss += (example.weights ? example.weights[t] : 1) * (logSumExp - row[example.targets[t]]);
  }
  return loss;
}

/** A random example: some positions without a target, random legal sets holding the target, weights of both signs. */
function randomExample(config: TransformerConfig, length: number, rng: () => number): SequenceExample {
  const { outputSize } = config;
  const legal = new Uint8Array(length * outputSize);
  const targets: number[] = [];
  for (let t = 0; t < length; t++) {
    for (let c = 0; c < outputSize; c++) legal[t * outputSize + c] = rng() < 0.6 ? 1 : 0;
    const target = Math.floor(rng() * outputSize);
    legal[t * outputSize + target] = 1;
    targets.push(t % 3 === 1 ? -1 : target);
  }
  const weights = Array.from({ length }, () => 2 * rng() - 0.7);
  return { tokens: randomTokens(config, length, rng), targets, weights, legal };
}

const H = 1e-5;

const CASES: [string, TransformerConfig][] = [
  ["2 layers of 2 heads, learned positions", TINY],
  ["1 layer of 1 head, sinusoidal positions", { ...TINY, layers: 1, heads: 1, positions: "sinusoidal" }],
  ["1 layer of 3 heads, sinusoidal positions, 9 output classes", { ...TINY, layers: 1, heads: 3, outputSize: 9, positions: "sinusoidal" }],
];

for (const [label, config] of CASES) {
  test(`the forward pass (${label}) equals an independent matrix implementation`, () => {
    const model = randomModel(config, `reference/${label}`);
    const tokens = randomTokens(config, config.contextLength, createRng(`reference tokens/${label}`));
    const logits = transformerLogits(model, tokens);
    referenceLogits(model, tokens).forEach((row, t) =>
      row.forEach((z, c) => {
        const computed = logits[t * config.outputSize + c];
        assert.ok(Math.abs(computed - z) < 1e-12 * Math.max(1, Math.abs(z)), `position ${t}, class ${c}: ${computed} against ${z}`);
      }),
    );
  });

  test(`the gradient of the masked, weighted loss (${label}) matches central finite differences in every parameter`, (t) => {
    const rng = createRng(`fd/${label}`);
    const model = randomModel(config, `fd/${label}`);
    const example = randomExample(config, config.contextLength - 1, rng);
    const gradient = new Float64Array(model.parameters.length);
    const loss = accumulateSequenceGradient(model, example, gradient);
    const expected = referenceLoss(model, example);
    assert.ok(Math.abs(loss - expected) < 1e-12 * Math.max(1, Math.abs(expected)), `loss ${loss} against ${expected}`);
    let worst = 0;
    for (let k = 0; k < model.parameters.length; k++) {
      const saved = model.parameters[k];
      model.parameters[k] = saved + H;
      const plus = referenceLoss(model, example);
      model.parameters[k] = saved - H;
      const minus = referenceLoss(model, example);
      model.parameters[k] = saved;
      const numeric = (plus - minus) / (2 * H);
      // Truncation O(h^2) and rounding O(1e-16 |loss| / h), both near 1e-10: a relative 1e-6 with a 1e-8 floor.
      const error = Math.abs(numeric - gradient[k]);
      assert.ok(
        error <= 1e-6 * Math.max(Math.abs(numeric), Math.abs(gradient[k])) + 1e-8,
        `parameter ${k} of ${model.parameters.length}: back-propagation ${gradient[k]}, finite difference ${numeric}`,
      );
      if (Math.abs(numeric) > 1e-3) worst = Math.max(worst, error / Math.abs(numeric));
    }
    assert.ok(worst < 1e-6, `largest relative error ${worst}`);
    t.diagnostic(`${model.parameters.length} parameters, largest relative error ${worst.toExponential(1)} (where |gradient| > 1e-3)`);
  });

  test(`the key/value-cache decoder (${label}) returns transformerLogits' rows exactly, and again after reset`, () => {
    const model = randomModel(config, `decoder/${label}`);
    const tokens = randomTokens(config, config.contextLength, createRng(`decoder tokens/${label}`));
    const logits = transformerLogits(model, tokens);
    const decoder = createDecoder(model);
    for (let round = 0; round < 2; round++) {
      tokens.forEach((token, t) => {
        const row = decoder.push(token);
        assert.equal(decoder.length, t + 1);
        assert.deepEqual(row, logits.slice(t * config.outputSize, (t + 1) * config.outputSize), `position ${t}, round ${round}`);
      });
      assert.throws(() => decoder.push(0), (e: unknown) => e instanceof RangeError && /contextLength = 7/.test(e.message));
      decoder.reset();
      assert.equal(decoder.length, 0);
    }
  });
}

test("row t of the logits depends on tokens 0..t only (the model is causal)", () => {
  const model = randomModel(TINY, "causal");
  const rng = createRng("causal tokens");
  const tokens = randomTokens(TINY, TINY.contextLength, rng);
  const logits = transformerLogits(model, tokens);
  for (let t = 0; t + 1 < tokens.length; t++) {
    const changed = [...tokens.slice(0, t + 1), ...tokens.slice(t + 1).map((x) => (x + 1) % TINY.vocabularySize)];
    const other = transformerLogits(model, changed);
    assert.deepEqual(other.slice(0, (t + 1) * TINY.outputSize), logits.slice(0, (t + 1) * TINY.outputSize));
    assert.notDeepEqual(other.slice((t + 1) * TINY.outputSize), logits.slice((t + 1) * TINY.outputSize));
  }
});

test("a class illegal everywhere gets zero probability and zero gradient, whatever its logit", () => {
  const model = randomModel(TINY, "mask");
  const { outputSize, width } = TINY;
  const tokens = [1, 2, 3, 4];
  const legal = new Uint8Array(tokens.length * outputSize).fill(1);
  for (let t = 0; t < tokens.length; t++) legal[t * outputSize + 3] = 0;
  const example: SequenceExample = { tokens, targets: [0, 1, 2, 0], legal };
  const gradient = new Float64Array(model.parameters.length);
  const loss = accumulateSequenceGradient(model, example, gradient);
  const layout = transformerLayout(TINY);
  assert.equal(gradient[layout.headBias + 3], 0);
  for (let k = 0; k < width; k++) assert.equal(gradient[layout.headWeights + 3 * width + k], 0);
  // Raising the masked class's logit by 5 changes neither the loss nor the rest of the gradient.
  const raised = cloneTransformer(model);
  raised.parameters[layout.headBias + 3] += 5;
  const raisedGradient = new Float64Array(model.parameters.length);
  assert.equal(accumulateSequenceGradient(raised, example, raisedGradient), loss);
  assert.deepEqual(raisedGradient, gradient);
  // Without the mask the same targets cost more: the masked class took probability.
  assert.ok(accumulateSequenceGradient(model, { tokens, targets: example.targets }, new Float64Array(gradient.length)) > loss);
});

test("gradients accumulate, positions without a target or weight contribute nothing, and an empty example costs 0", () => {
  const model = randomModel(TINY, "accumulate");
  const example = randomExample(TINY, 5, createRng("accumulate"));
  const once = new Float64Array(model.parameters.length);
  const twice = new Float64Array(model.parameters.length);
  const loss = accumulateSequenceGradient(model, example, once);
  assert.equal(accumulateSequenceGradient(model, example, twice), loss);
  assert.equal(accumulateSequenceGradient(model, example, twice), loss);
  // The second pass adds its terms one by one onto the first's sums: equal up to rounding of order-1 terms.
  twice.forEach((g, k) => assert.ok(Math.abs(g - 2 * once[k]) <= 1e-13, `parameter ${k}: ${g} against 2 x ${once[k]}`));
  // Appending positions without targets changes nothing (they come after every target).
  const longer: SequenceExample = {
    tokens: [...Array.from(example.tokens), 0, 1],
    targets: [...Array.from(example.targets), -1, -1],
    weights: [...Array.from(example.weights ?? []), 1, 1],
  };
  const unmasked = { ...example, legal: undefined };
  const a = new Float64Array(model.parameters.length);
  const b = new Float64Array(model.parameters.length);
  assert.equal(accumulateSequenceGradient(model, longer, a), accumulateSequenceGradient(model, unmasked, b));
  assert.deepEqual(a, b);
  const none = new Float64Array(model.parameters.length);
  assert.equal(accumulateSequenceGradient(model, { tokens: [1, 2], targets: [0, 1], weights: [0, 0] }, none), 0);
  assert.ok(none.every((g) => g === 0));
});

test("createTransformer is seeded, counts its parameters, and refuses bad sizes naming the option and its range", () => {
  assert.deepEqual(createTransformer(TINY, "s").parameters, createTransformer(TINY, "s").parameters);
  assert.notDeepEqual(createTransformer(TINY, "s").parameters, createTransformer(TINY, "t").parameters);
  const { vocabularySize: V, outputSize: O, contextLength: C, width: d, mlpWidth: m } = TINY;
  const block = 2 * d + 3 * d * d + 3 * d + d * d + d + 2 * d + m * d + m + d * m + d;
  assert.equal(transformerParameterCount(TINY), V * d + C * d + 2 * block + 2 * d + O * d + O);
  assert.equal(transformerParameterCount({ ...TINY, positions: "sinusoidal" }), V * d + 2 * block + 2 * d + O * d + O);
  assert.equal(createTransformer(TINY, "s").parameters.length, transformerParameterCount(TINY));
  const refused = (config: Partial<Record<keyof TransformerConfig, unknown>>, message: RegExp): void =>
    assert.throws(() => createTransformer({ ...TINY, ...config } as TransformerConfig, "s"), (e: unknown) => e instanceof RangeError && message.test(e.message));
  refused({ width: 0 }, /config\.width must be an integer from 1 to 1024, got 0/);
  refused({ layers: 2.5 }, /config\.layers must be an integer from 1 to 12/);
  refused({ heads: 4 }, /config\.heads must divide config\.width \(6\), got 4/);
  refused({ positions: "rotary" }, /config\.positions must be one of "learned", "sinusoidal"/);
  refused({ contextLength: 4096, width: 1024, heads: 64 }, /MiB .* more than the 1024 MiB allowed/);
  refused({ widht: 8 } as Partial<Record<keyof TransformerConfig, unknown>>, /config has no option "widht"; its options are vocabularySize, /);
  assert.equal(TRANSFORMER_LIMITS.contextLength.max, 4096);
});

test("every exported transformer function refuses a missing or foreign argument with a RangeError, not a TypeError", () => {
  const isRange = (e: unknown): boolean => e instanceof RangeError;
  assert.throws(() => transformerLayout(undefined as unknown as TransformerConfig), isRange);
  assert.throws(() => transformerParameterCount(null as unknown as TransformerConfig), isRange);
  assert.throws(() => cloneTransformer({} as Transformer), isRange);
  assert.throws(() => createDecoder(undefined as unknown as Transformer), isRange);
  assert.throws(() => transformerLogits({ config: TINY, parameters: new Float64Array(3) }, [0]), isRange);
  assert.equal(transformerLayout(TINY).size, transformerParameterCount(TINY));
});

test("bad tokens, targets, weights, masks and gradients are refused naming the field", () => {
  const model = createTransformer(TINY, "bad");
  const gradient = new Float64Array(model.parameters.length);
  const refused = (example: unknown, message: RegExp, into = gradient): void =>
    assert.throws(() => accumulateSequenceGradient(model, example as SequenceExample, into), (e: unknown) => e instanceof RangeError && message.test(e.message));
  refused({ tokens: [0, 5], targets: [0, 0] }, /example\.tokens\[1\] must be an integer from 0 to 4, got 5/);
  refused({ tokens: [], targets: [] }, /example\.tokens\.length must be an integer from 1 to 7, got 0/);
  refused({ tokens: new Array(8).fill(0), targets: new Array(8).fill(0) }, /from 1 to 7, got 8/);
  refused({ tokens: [0, 1], targets: [0] }, /example\.targets must be an array of 2/);
  refused({ tokens: [0, 1], targets: [0, 4] }, /example\.targets\[1\] must be an integer from -1 to 3/);
  refused({ tokens: [0, 1], targets: [0, 1], weights: [1, NaN] }, /example\.weights\[1\] must be a finite number/);
  refused({ tokens: [0], targets: [2], legal: Uint8Array.from([1, 1, 0, 1]) }, /targets\[0\] = 2 is not a legal class/);
  refused({ tokens: [0], targets: [2], legal: new Uint8Array(3) }, /example\.legal must be a Uint8Array of T \* outputSize = 4/);
  refused({ tokens: [0], targets: [2] }, /gradient must be a Float64Array of \d+ entries/, new Float64Array(3));
  assert.throws(() => transformerLogits(model, [0, -1]), /tokens\[1\] must be an integer from 0 to 4/);
  assert.throws(() => createDecoder(model).push(9), /token must be an integer from 0 to 4, got 9/);
  assert.throws(() => transformerLogits({ config: TINY, parameters: new Float64Array(3) }, [0]), /model\.parameters must have/);
});

test("a model written as JSON text reads back with the same config and the same parameters to the last bit", () => {
  const model = randomModel({ ...TINY, positions: "sinusoidal" }, "json");
  const back = transformerFromJSON(JSON.parse(JSON.stringify(transformerToJSON(model))));
  assert.deepEqual(back.config, model.config);
  assert.deepEqual(back.parameters, model.parameters);
  assert.deepEqual(transformerLogits(back, [0, 1, 2]), transformerLogits(model, [0, 1, 2]));
  const json = transformerToJSON(model);
  assert.throws(() => transformerFromJSON({ ...json, parameters: json.parameters.slice(1) }), /json\.parameters must have \d+ entries/);
  assert.throws(() => transformerFromJSON({ ...json, parameters: json.parameters.map((x, k) => (k === 3 ? Number.NaN : x)) }), /json\.parameters\[3\] must be a finite number/);
  assert.throws(() => transformerFromJSON({ ...json, config: { ...json.config, layers: 0 } }), /config\.layers must be an integer from 1 to 12/);
});
