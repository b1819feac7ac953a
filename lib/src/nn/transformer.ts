/**
 * A small causal transformer, the architecture of language models, for the policy
 * that reads its own walk (appendix notebook A3). Token and position embeddings;
 * `layers` pre-LayerNorm blocks, each multi-head causal self-attention then a GELU
 * feed-forward block, both added to the residual stream; a final LayerNorm and a
 * linear head to `outputSize` logits (the next move). Double precision, plain
 * loops over Float64Arrays, no Node APIs (it runs in Node, tslab, a browser and
 * worker threads). The backward pass is written by hand from the operations of
 * ops.ts; lib/test/transformer.test.ts checks it against central finite
 * differences, and the key/value-cache decoder against `transformerLogits`.
 *
 * All parameters live in one flat Float64Array, in the order of `transformerLayout`,
 * so the optimizers of train/optimizer.ts update them as they update the MLP's.
 */
import { createRng } from "../sample";
import { requireInteger, requireOneOf, requireOptions } from "../validate";
import {
  attendRows, attentionBackward, attentionRowOffset, denseBackward, denseRows, geluBackward, geluRows, layerNormBackward,
  layerNormRow,
} from "./ops";

export type PositionEncoding = "learned" | "sinusoidal";
export const POSITION_ENCODINGS: readonly PositionEncoding[] = ["learned", "sinusoidal"];

export interface TransformerConfig {
  /** Input token ids are 0 .. vocabularySize - 1. */
  readonly vocabularySize: number;
  /** Output classes (moves) are 0 .. outputSize - 1. */
  readonly outputSize: number;
  /** The longest sequence the model reads; positions 0 .. contextLength - 1. */
  readonly contextLength: number;
  /** Model width (the residual stream's size). */
  readonly width: number;
  /** Number of transformer blocks. */
  readonly layers: number;
  /** Attention heads per block; must divide `width`. */
  readonly heads: number;
  /** Hidden width of each feed-forward block. */
  readonly mlpWidth: number;
  /** Absolute position embeddings added to the token embeddings: learned, or the fixed sin/cos table. */
  readonly positions: PositionEncoding;
}

/**
 * Bounds on each size, checked before anything is allocated; `memoryBytes` bounds
 * the parameters plus the activations a full-length training pass keeps (its
 * attention weights grow as heads * contextLength^2 per layer).
 */
export const TRANSFORMER_LIMITS = {
  vocabularySize: { min: 1, max: 65536 },
  outputSize: { min: 1, max: 65536 },
  contextLength: { min: 1, max: 4096 },
  width: { min: 1, max: 1024 },
  layers: { min: 1, max: 12 },
  heads: { min: 1, max: 64 },
  mlpWidth: { min: 1, max: 4096 },
  memoryBytes: 2 ** 30,
} as const;

export interface Transformer {
  readonly config: TransformerConfig;
  /** Every weight, in the order of `transformerLayout`. */
  readonly parameters: Float64Array;
}

/** Where one block's parameters start (weights row-major, output rows of input columns). */
export interface BlockLayout {
  readonly attentionNormGain: number;
  readonly attentionNormBias: number;
  /** Queries, keys and values in one 3 * width x width matrix (rows: queries, then keys, then values). */
  readonly qkvWeights: number;
  readonly qkvBias: number;
  readonly projectionWeights: number;
  readonly projectionBias: number;
  readonly mlpNormGain: number;
  readonly mlpNormBias: number;
  readonly upWeights: number;
  readonly upBias: number;
  readonly downWeights: number;
  readonly downBias: number;
}

export interface TransformerLayout {
  readonly tokenEmbedding: number;
  /** -1 with sinusoidal positions (they have no parameters). */
  readonly positionEmbedding: number;
  readonly blocks: readonly BlockLayout[];
  readonly finalNormGain: number;
  readonly finalNormBias: number;
  readonly headWeights: number;
  readonly headBias: number;
  /** Number of parameters. */
  readonly size: number;
}

/** Where each parameter block starts in `parameters` (the configuration is checked first). */
export function transformerLayout(config: TransformerConfig): TransformerLayout {
  return blockOffsets(checkConfig(config));
}

/** transformerLayout for a configuration already checked. */
function blockOffsets(config: TransformerConfig): TransformerLayout {
  const { vocabularySize, outputSize, contextLength, width, layers, mlpWidth, positions } = config;
  let at = 0;
  const take = (n: number): number => {
    const start = at;
    at += n;
    return start;
  };
  const tokenEmbedding = take(vocabularySize * width);
  const positionEmbedding = positions === "learned" ? take(contextLength * width) : -1;
  const blocks: BlockLayout[] = [];
  for (let l = 0; l < layers; l++) {
    blocks.push({
      attentionNormGain: take(width),
      attentionNormBias: take(width),
      qkvWeights: take(3 * width * width),
      qkvBias: take(3 * width),
      projectionWeights: take(width * width),
      projectionBias: take(width),
      mlpNormGain: take(width),
      mlpNormBias: take(width),
      upWeights: take(mlpWidth * width),
      upBias: take(mlpWidth),
      downWeights: take(width * mlpWidth),
      downBias: take(width),
    });
  }
  const finalNormGain = take(width);
  const finalNormBias = take(width);
  const headWeights = take(outputSize * width);
  const headBias = take(outputSize);
  return { tokenEmbedding, positionEmbedding, blocks, finalNormGain, finalNormBias, headWeights, headBias, size: at };
}

/** Number of parameters of a transformer with this configuration. */
export function transformerParameterCount(config: TransformerConfig): number {
  return transformerLayout(config).size;
}

/** Numbers a training pass over `rows` positions keeps: createActivations's arrays and the backward scratch. */
function activationCount(config: TransformerConfig, rows: number): number {
  const { width: d, heads, mlpWidth: m, layers, outputSize } = config;
  const perBlock = rows * (8 * d + 2 + 2 * m) + attentionRowOffset(heads, rows);
  const backward = rows * (6 * d + m + outputSize) + (rows * (rows + 1)) / 2;
  return layers * perBlock + rows * (4 * d + 1 + outputSize) + backward;
}

/** The keys of a TransformerConfig: any other key is refused (a misspelt size would otherwise be ignored). */
const CONFIG_KEYS: readonly (keyof TransformerConfig)[] = [
  "vocabularySize", "outputSize", "contextLength", "width", "layers", "heads", "mlpWidth", "positions",
];

/** Checks every size against TRANSFORMER_LIMITS (and the memory bound) and returns a frozen copy. */
function checkConfig(config: TransformerConfig): TransformerConfig {
  if (typeof config !== "object" || config === null) throw new RangeError("config must be an object with the transformer's sizes");
  requireOptions("config", config, CONFIG_KEYS);
  const limits = TRANSFORMER_LIMITS;
  const size = (name: keyof typeof limits & keyof TransformerConfig): number =>
    requireInteger(`config.${name}`, config[name], limits[name].min, limits[name].max);
  const checked: TransformerConfig = Object.freeze({
    vocabularySize: size("vocabularySize"),
    outputSize: size("outputSize"),
    contextLength: size("contextLength"),
    width: size("width"),
    layers: size("layers"),
    heads: size("heads"),
    mlpWidth: size("mlpWidth"),
    positions: requireOneOf("config.positions", config.positions, POSITION_ENCODINGS),
  });
  if (checked.width % checked.heads !== 0) {
    throw new RangeError(`config.heads must divide config.width (${checked.width}), got ${checked.heads}`);
  }
  const bytes = 8 * (blockOffsets(checked).size + activationCount(checked, checked.contextLength));
  if (bytes > limits.memoryBytes) {
    throw new RangeError(
      `config.contextLength, width, heads, mlpWidth and layers need ${(bytes / 2 ** 20).toFixed(0)} MiB of parameters and ` +
        `activations, more than the ${limits.memoryBytes / 2 ** 20} MiB allowed: lower them`,
    );
  }
  return checked;
}

/** Configurations known to pass checkConfig (every one createTransformer made). */
const checkedConfigs = new WeakSet<TransformerConfig>();

/** sin(t / 10000^(2i/width)) in column 2i and cos in column 2i + 1 (Vaswani et al., 2017). */
function sinusoidalTable(contextLength: number, width: number): Float64Array {
  const table = new Float64Array(contextLength * width);
  for (let t = 0; t < contextLength; t++) {
    for (let k = 0; k < width; k++) {
      const frequency = Math.pow(10000, -(2 * Math.floor(k / 2)) / width);
      table[t * width + k] = k % 2 === 0 ? Math.sin(t * frequency) : Math.cos(t * frequency);
    }
  }
  return table;
}

/** Sinusoidal tables by configuration (shared by clones, which share the frozen config). */
const sinusoidalTables = new WeakMap<TransformerConfig, Float64Array>();

function positionTable(config: TransformerConfig): Float64Array | null {
  if (config.positions !== "sinusoidal") return null;
  let table = sinusoidalTables.get(config);
  if (!table) {
    table = sinusoidalTable(config.contextLength, config.width);
    sinusoidalTables.set(config, table);
  }
  return table;
}

/**
 * A transformer with seeded initial weights. Dense weights are uniform with
 * variance 1 / fan-in (unit-scale outputs from unit-scale inputs), biases zero,
 * LayerNorm gains one. Token and learned position embeddings are uniform with mean
 * square 1/2 per coordinate, as the sinusoidal table has, so the embedded input
 * has about unit scale either way.
 */
export function createTransformer(config: TransformerConfig, seed: string): Transformer {
  const checked = checkConfig(config);
  checkedConfigs.add(checked);
  const layout = blockOffsets(checked);
  const parameters = new Float64Array(layout.size);
  const rng = createRng(seed);
  const { width: d, mlpWidth: m } = checked;
  const uniform = (start: number, count: number, variance: number): void => {
    const halfWidth = Math.sqrt(3 * variance);
    for (let k = start; k < start + count; k++) parameters[k] = (2 * rng() - 1) * halfWidth;
  };
  const ones = (start: number, count: number): void => {
    parameters.fill(1, start, start + count);
  };
  uniform(layout.tokenEmbedding, checked.vocabularySize * d, 0.5);
  if (layout.positionEmbedding >= 0) uniform(layout.positionEmbedding, checked.contextLength * d, 0.5);
  for (const block of layout.blocks) {
    ones(block.attentionNormGain, d);
    uniform(block.qkvWeights, 3 * d * d, 1 / d);
    uniform(block.projectionWeights, d * d, 1 / d);
    ones(block.mlpNormGain, d);
    uniform(block.upWeights, m * d, 1 / d);
    uniform(block.downWeights, d * m, 1 / m);
  }
  ones(layout.finalNormGain, d);
  uniform(layout.headWeights, checked.outputSize * d, 1 / d);
  return { config: checked, parameters };
}

/** A copy with its own parameters (for a fresh student, a reference model or a snapshot). */
export function cloneTransformer(model: Transformer): Transformer {
  checkModel(model);
  return { config: model.config, parameters: Float64Array.from(model.parameters) };
}

/** A transformer as plain JSON data (weights committed as data, read back by the explorable). */
export interface TransformerJSON {
  readonly config: TransformerConfig;
  /** `parameters` as numbers; JSON keeps every double exactly (shortest round-trip form). */
  readonly parameters: number[];
}

export function transformerToJSON(model: Transformer): TransformerJSON {
  checkModel(model);
  return { config: { ...model.config }, parameters: Array.from(model.parameters) };
}

/** The model `transformerToJSON` wrote (after JSON.parse), checked: sizes in bounds, one finite number per parameter. */
export function transformerFromJSON(json: TransformerJSON): Transformer {
  if (typeof json !== "object" || json === null || !Array.isArray(json.parameters)) {
    throw new RangeError("json must be an object with config and parameters, as transformerToJSON writes");
  }
  const config = checkConfig(json.config);
  checkedConfigs.add(config);
  const expected = blockOffsets(config).size;
  if (json.parameters.length !== expected) {
    throw new RangeError(`json.parameters must have ${expected} entries for its config, got ${json.parameters.length}`);
  }
  const parameters = Float64Array.from(json.parameters);
  const bad = parameters.findIndex((x, k) => !Number.isFinite(x) || typeof json.parameters[k] !== "number");
  if (bad >= 0) throw new RangeError(`json.parameters[${bad}] must be a finite number, got ${String(json.parameters[bad])}`);
  return { config, parameters };
}

/** The activations of one block (see Activations for which rows they hold). */
interface BlockActivations {
  readonly attentionNormed: Float64Array;
  readonly attentionNormHat: Float64Array;
  readonly attentionNormScale: Float64Array;
  /** Queries, keys and values of every position read so far (the decoder's cache). */
  readonly qkv: Float64Array;
  readonly probs: Float64Array;
  readonly attended: Float64Array;
  readonly mlpNormed: Float64Array;
  readonly mlpNormHat: Float64Array;
  readonly mlpNormScale: Float64Array;
  readonly hidden: Float64Array;
  readonly activated: Float64Array;
}

/**
 * What a forward pass writes, for `rows` positions at a time: the training pass
 * keeps a row of every activation for each position (for the backward pass), the
 * decoder one row that each token overwrites. The queries, keys and values keep a
 * row for each of `capacity` positions either way (the decoder's cache).
 */
interface Activations {
  readonly capacity: number;
  readonly blocks: BlockActivations[];
  readonly residual: Float64Array;
  readonly branch: Float64Array;
  readonly finalNormed: Float64Array;
  readonly finalNormHat: Float64Array;
  readonly finalNormScale: Float64Array;
  readonly logits: Float64Array;
}

function createActivations(config: TransformerConfig, capacity: number, rows: number): Activations {
  const { width: d, mlpWidth: m, heads } = config;
  const blocks: BlockActivations[] = [];
  for (let l = 0; l < config.layers; l++) {
    blocks.push({
      attentionNormed: new Float64Array(rows * d),
      attentionNormHat: new Float64Array(rows * d),
      attentionNormScale: new Float64Array(rows),
      qkv: new Float64Array(capacity * 3 * d),
      probs: new Float64Array(rows === 1 ? heads * capacity : attentionRowOffset(heads, rows)),
      attended: new Float64Array(rows * d),
      mlpNormed: new Float64Array(rows * d),
      mlpNormHat: new Float64Array(rows * d),
      mlpNormScale: new Float64Array(rows),
      hidden: new Float64Array(rows * m),
      activated: new Float64Array(rows * m),
    });
  }
  return {
    capacity,
    blocks,
    residual: new Float64Array(rows * d),
    branch: new Float64Array(rows * d),
    finalNormed: new Float64Array(rows * d),
    finalNormHat: new Float64Array(rows * d),
    finalNormScale: new Float64Array(rows),
    logits: new Float64Array(rows * config.outputSize),
  };
}

/**
 * Runs positions from .. to - 1 through the whole model, layer by layer; positions
 * before `from` must already have run with the same activations (their keys and
 * values are read). Position t reads tokens[t - from] and writes its activations
 * and logits at row t - from (its queries, keys and values at row t). The training
 * pass runs 0 .. T - 1 at once, the decoder one position per token: every row is
 * computed by the same arithmetic in the same order either way, so the decoder's
 * logits are the training pass's to the last bit.
 */
function forwardRange(
  model: Transformer, layout: TransformerLayout, acts: Activations, tokens: ArrayLike<number>, from: number, to: number,
): void {
  const { parameters, config } = model;
  const { width: d, mlpWidth: m, heads, outputSize } = config;
  const rows = to - from;
  const { residual, branch } = acts;
  const table = positionTable(config);
  for (let t = from; t < to; t++) {
    const embedding = layout.tokenEmbedding + tokens[t - from] * d;
    const row = (t - from) * d;
    for (let k = 0; k < d; k++) {
      const position = table ? table[t * d + k] : parameters[layout.positionEmbedding + t * d + k];
      residual[row + k] = parameters[embedding + k] + position;
    }
  }
  const addBranch = (): void => {
    for (let k = 0; k < rows * d; k++) residual[k] += branch[k];
  };
  for (let l = 0; l < layout.blocks.length; l++) {
    const block = layout.blocks[l];
    const a = acts.blocks[l];
    for (let r = 0; r < rows; r++) {
      a.attentionNormScale[r] = layerNormRow(parameters, block.attentionNormGain, block.attentionNormBias, d, residual, r * d, a.attentionNormHat, a.attentionNormed, r * d);
    }
    denseRows(parameters, block.qkvWeights, block.qkvBias, d, 3 * d, rows, a.attentionNormed, 0, a.qkv, from * 3 * d);
    attendRows(a.qkv, d, heads, from, to, a.probs, a.attended);
    denseRows(parameters, block.projectionWeights, block.projectionBias, d, d, rows, a.attended, 0, branch, 0);
    addBranch();
    for (let r = 0; r < rows; r++) {
      a.mlpNormScale[r] = layerNormRow(parameters, block.mlpNormGain, block.mlpNormBias, d, residual, r * d, a.mlpNormHat, a.mlpNormed, r * d);
    }
    denseRows(parameters, block.upWeights, block.upBias, d, m, rows, a.mlpNormed, 0, a.hidden, 0);
    geluRows(a.hidden, a.activated, rows * m);
    denseRows(parameters, block.downWeights, block.downBias, m, d, rows, a.activated, 0, branch, 0);
    addBranch();
  }
  for (let r = 0; r < rows; r++) {
    acts.finalNormScale[r] = layerNormRow(parameters, layout.finalNormGain, layout.finalNormBias, d, residual, r * d, acts.finalNormHat, acts.finalNormed, r * d);
  }
  denseRows(parameters, layout.headWeights, layout.headBias, d, outputSize, rows, acts.finalNormed, 0, acts.logits, 0);
}

/** The test of requireInteger, without building the message (checks run once per token). */
function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Throws unless `tokens` is a list of 1 .. contextLength token ids. */
function checkTokens(config: TransformerConfig, tokens: ArrayLike<number>, name: string): number {
  if (tokens === null || typeof tokens !== "object" || typeof tokens.length !== "number") {
    throw new RangeError(`${name} must be an array of token ids`);
  }
  requireInteger(`${name}.length`, tokens.length, 1, config.contextLength);
  for (let t = 0; t < tokens.length; t++) {
    if (!isIntegerIn(tokens[t], 0, config.vocabularySize - 1)) requireInteger(`${name}[${t}]`, tokens[t], 0, config.vocabularySize - 1);
  }
  return tokens.length;
}

/** Reusable training activations, one set per configuration, grown to the longest sequence seen. */
const trainingActivations = new WeakMap<TransformerConfig, Activations>();

function activationsFor(config: TransformerConfig, rows: number): Activations {
  const cached = trainingActivations.get(config);
  if (cached && cached.capacity >= rows) return cached;
  const acts = createActivations(config, rows, rows);
  trainingActivations.set(config, acts);
  return acts;
}

/** Runs positions 0 .. rows - 1 into the reusable activations and returns them. */
function forwardSequence(model: Transformer, tokens: ArrayLike<number>, rows: number): Activations {
  const layout = layoutOf(model.config);
  const acts = activationsFor(model.config, rows);
  forwardRange(model, layout, acts, tokens, 0, rows);
  return acts;
}

const layouts = new WeakMap<TransformerConfig, TransformerLayout>();

function layoutOf(config: TransformerConfig): TransformerLayout {
  let layout = layouts.get(config);
  if (!layout) {
    layout = blockOffsets(config);
    layouts.set(config, layout);
  }
  return layout;
}

/** Throws unless `model` is a transformer whose configuration is within bounds and whose parameters fit it. */
function checkModel(model: Transformer): void {
  if (typeof model !== "object" || model === null || !(model.parameters instanceof Float64Array)) {
    throw new RangeError("model must be a transformer from createTransformer");
  }
  if (!checkedConfigs.has(model.config)) {
    checkConfig(model.config);
    checkedConfigs.add(model.config);
  }
  const expected = layoutOf(model.config).size;
  if (model.parameters.length !== expected) {
    throw new RangeError(`model.parameters must have ${expected} entries for its config, got ${model.parameters.length}`);
  }
}

/**
 * Output logits after each position: row t (outputSize numbers) is the prediction
 * after reading tokens[0..t] (causal). Length T * outputSize.
 */
export function transformerLogits(model: Transformer, tokens: ArrayLike<number>): Float64Array {
  checkModel(model);
  const rows = checkTokens(model.config, tokens, "tokens");
  return forwardSequence(model, tokens, rows).logits.slice(0, rows * model.config.outputSize);
}

export interface SequenceExample {
  /** Length T, 1 <= T <= contextLength. */
  readonly tokens: ArrayLike<number>;
  /** Length T: the class index, or -1 for no loss at position t. */
  readonly targets: ArrayLike<number>;
  /** Length T: the loss weight at t (default 1); may be negative (REINFORCE advantages). */
  readonly weights?: ArrayLike<number>;
  /** Length T * outputSize: 1 where the class is allowed; the softmax at t is over allowed classes only. Default all allowed. */
  readonly legal?: Uint8Array;
}

/** Checks an example against the model and returns the number of positions that need a forward pass. */
function checkExample(config: TransformerConfig, example: SequenceExample): number {
  if (typeof example !== "object" || example === null) throw new RangeError("example must be an object with tokens and targets");
  const { tokens, targets, weights, legal } = example;
  const T = checkTokens(config, tokens, "example.tokens");
  const { outputSize } = config;
  if (targets === null || typeof targets !== "object" || targets.length !== T) {
    throw new RangeError(`example.targets must be an array of ${T} class indices (one per token), or -1`);
  }
  if (weights !== undefined && (weights === null || typeof weights !== "object" || weights.length !== T)) {
    throw new RangeError(`example.weights must be an array of ${T} numbers (one per token)`);
  }
  if (legal !== undefined && (!(legal instanceof Uint8Array) || legal.length !== T * outputSize)) {
    throw new RangeError(`example.legal must be a Uint8Array of T * outputSize = ${T * outputSize} entries`);
  }
  let rows = 0;
  for (let t = 0; t < T; t++) {
    const target = targets[t];
    if (!isIntegerIn(target, -1, outputSize - 1)) requireInteger(`example.targets[${t}]`, target, -1, outputSize - 1);
    const weight = weights ? weights[t] : 1;
    if (typeof weight !== "number" || !Number.isFinite(weight)) {
      throw new RangeError(`example.weights[${t}] must be a finite number, got ${String(weight)}`);
    }
    if (target >= 0 && legal && legal[t * outputSize + target] === 0) {
      throw new RangeError(`example.targets[${t}] = ${target} is not a legal class at position ${t} (example.legal)`);
    }
    if (target >= 0 && weight !== 0) rows = t + 1;
  }
  return rows;
}

/**
 * loss = sum_t weights[t] * -log softmax_legal(logits_t)[targets[t]]. Adds
 * d loss / d parameters to `gradient` (length parameters.length) and returns the
 * loss. Positions after the last weighted target change neither (the model is
 * causal), so they are not computed. Double precision throughout.
 */
export function accumulateSequenceGradient(model: Transformer, example: SequenceExample, gradient: Float64Array): number {
  checkModel(model);
  const rows = checkExample(model.config, example);
  if (!(gradient instanceof Float64Array) || gradient.length !== model.parameters.length) {
    throw new RangeError(`gradient must be a Float64Array of ${model.parameters.length} entries (one per parameter)`);
  }
  if (rows === 0) return 0;
  const acts = forwardSequence(model, example.tokens, rows);
  const dLogits = scratchFor(model.config, rows).dLogits.subarray(0, rows * model.config.outputSize);
  dLogits.fill(0);
  const loss = maskedCrossEntropy(model.config.outputSize, rows, acts.logits, example, dLogits);
  backward(model, example.tokens, rows, acts, dLogits, gradient);
  return loss;
}

/** The weighted, masked cross-entropy of rows 0 .. rows - 1 and its gradient with respect to the logits. */
function maskedCrossEntropy(
  outputSize: number, rows: number, logits: Float64Array, example: SequenceExample, dLogits: Float64Array,
): number {
  const { targets, weights, legal } = example;
  let loss = 0;
  for (let t = 0; t < rows; t++) {
    const target = targets[t];
    const weight = weights ? weights[t] : 1;
    if (target < 0 || weight === 0) continue;
    const at = t * outputSize;
    let max = -Infinity;
    for (let c = 0; c < outputSize; c++) if ((!legal || legal[at + c]) && logits[at + c] > max) max = logits[at + c];
    let total = 0;
    for (let c = 0; c < outputSize; c++) if (!legal || legal[at + c]) total += Math.exp(logits[at + c] - max);
    loss += weight * (max + Math.log(total) - logits[at + target]);
    for (let c = 0; c < outputSize; c++) {
      if (legal && !legal[at + c]) continue;
      dLogits[at + c] = weight * (Math.exp(logits[at + c] - max) / total - (c === target ? 1 : 0));
    }
  }
  return loss;
}

/** Gradient scratch, one set per configuration, grown as the activations are. */
interface BackwardScratch {
  readonly capacity: number;
  readonly dLogits: Float64Array;
  readonly dResidual: Float64Array;
  readonly dNormed: Float64Array;
  readonly dAttended: Float64Array;
  readonly dQkv: Float64Array;
  readonly dHidden: Float64Array;
  readonly dWeights: Float64Array;
}

const backwardScratches = new WeakMap<TransformerConfig, BackwardScratch>();

function scratchFor(config: TransformerConfig, rows: number): BackwardScratch {
  const cached = backwardScratches.get(config);
  if (cached && cached.capacity >= rows) return cached;
  const { width: d, mlpWidth: m } = config;
  const scratch = {
    capacity: rows,
    dLogits: new Float64Array(rows * config.outputSize),
    dResidual: new Float64Array(rows * d),
    dNormed: new Float64Array(rows * d),
    dAttended: new Float64Array(rows * d),
    dQkv: new Float64Array(rows * 3 * d),
    dHidden: new Float64Array(rows * m),
    dWeights: new Float64Array((rows * (rows + 1)) / 2),
  };
  backwardScratches.set(config, scratch);
  return scratch;
}

/** Back-propagates d loss / d logits (rows x outputSize) and adds d loss / d parameters to `gradient`. */
function backward(
  model: Transformer, tokens: ArrayLike<number>, rows: number, acts: Activations, dLogits: Float64Array, gradient: Float64Array,
): void {
  const { parameters, config } = model;
  const { width: d, mlpWidth: m, heads, outputSize } = config;
  const layout = layoutOf(config);
  const s = scratchFor(config, rows);
  const dResidual = s.dResidual.subarray(0, rows * d);
  const dNormed = s.dNormed.subarray(0, rows * d);
  const dAttended = s.dAttended.subarray(0, rows * d);
  const dQkv = s.dQkv.subarray(0, rows * 3 * d);
  const dHidden = s.dHidden.subarray(0, rows * m);

  dNormed.fill(0);
  denseBackward(parameters, layout.headWeights, layout.headBias, d, outputSize, rows, acts.finalNormed, dLogits, gradient, dNormed);
  dResidual.fill(0);
  layerNormBackward(parameters, layout.finalNormGain, layout.finalNormBias, d, rows, acts.finalNormHat, acts.finalNormScale, dNormed, gradient, dResidual);

  for (let l = layout.blocks.length - 1; l >= 0; l--) {
    const block = layout.blocks[l];
    const a = acts.blocks[l];
    // Feed-forward branch: residual += down(gelu(up(norm(residual)))).
    dHidden.fill(0);
    denseBackward(parameters, block.downWeights, block.downBias, m, d, rows, a.activated, dResidual, gradient, dHidden);
    geluBackward(a.hidden, dHidden, rows * m);
    dNormed.fill(0);
    denseBackward(parameters, block.upWeights, block.upBias, d, m, rows, a.mlpNormed, dHidden, gradient, dNormed);
    layerNormBackward(parameters, block.mlpNormGain, block.mlpNormBias, d, rows, a.mlpNormHat, a.mlpNormScale, dNormed, gradient, dResidual);
    // Attention branch: residual += projection(attention(qkv(norm(residual)))).
    dAttended.fill(0);
    denseBackward(parameters, block.projectionWeights, block.projectionBias, d, d, rows, a.attended, dResidual, gradient, dAttended);
    dQkv.fill(0);
    attentionBackward(a.qkv, d, heads, rows, a.probs, dAttended, dQkv, s.dWeights);
    dNormed.fill(0);
    denseBackward(parameters, block.qkvWeights, block.qkvBias, d, 3 * d, rows, a.attentionNormed, dQkv, gradient, dNormed);
    layerNormBackward(parameters, block.attentionNormGain, block.attentionNormBias, d, rows, a.attentionNormHat, a.attentionNormScale, dNormed, gradient, dResidual);
  }

  for (let t = 0; t < rows; t++) {
    const embedding = layout.tokenEmbedding + tokens[t] * d;
    for (let k = 0; k < d; k++) gradient[embedding + k] += dResidual[t * d + k];
    if (layout.positionEmbedding >= 0) {
      for (let k = 0; k < d; k++) gradient[layout.positionEmbedding + t * d + k] += dResidual[t * d + k];
    }
  }
}

/** Incremental decoding with a key/value cache, for sampling walks token by token. */
export interface Decoder {
  /** Tokens read so far. */
  readonly length: number;
  /**
   * Reads one token and returns the outputSize logits after it (equal to
   * transformerLogits' row for the tokens read so far). Throws a RangeError past
   * contextLength. Reads the model's parameters as they are at each call.
   */
  push(token: number): Float64Array;
  /** Forgets every token read, keeping the cache's memory (to sample the next walk). */
  reset(): void;
}

/** A decoder for `model`: its cache holds the keys and values of up to contextLength positions. */
export function createDecoder(model: Transformer): Decoder {
  checkModel(model);
  const { config } = model;
  const layout = layoutOf(config);
  const acts = createActivations(config, config.contextLength, 1);
  const oneToken = [0];
  let length = 0;
  return {
    get length() {
      return length;
    },
    push(token: number): Float64Array {
      if (length >= config.contextLength) {
        throw new RangeError(`the decoder has read contextLength = ${config.contextLength} tokens, the most it can read`);
      }
      requireInteger("token", token, 0, config.vocabularySize - 1);
      oneToken[0] = token;
      forwardRange(model, layout, acts, oneToken, length, length + 1);
      length++;
      return acts.logits.slice(0, config.outputSize);
    },
    reset() {
      length = 0;
    },
  };
}
