/**
 * Theorem 2 (notebook 02): SFT on golden paths. The data function trains
 * (`trainSft`, population mode) and keeps, per recorded step, the hitting time and
 * each family's lowest and highest probability over the depths; plot/sft-dynamics.ts
 * draws those rows beside the base walk and the SFT limit.
 */
import { pathStar } from "../graph";
import { basePolicy, FAMILIES, sftLimitPolicy } from "../policy";
import type { Family } from "../policy";
import { trainSft } from "../train";
import { requireInteger } from "../validate";
import type { HittingTimeValue } from "../chain";
import { thinHistory } from "../rows";
import { hittingTimeValue } from "../chain";

export interface SftDynamicsParams {
  W: number;
  K: number;
  L: number;
  /** Gradient steps of SFT on golden paths (population mode, trainSft's learning rate 0.5). */
  steps: number;
  /** Rows kept (the history is thinned evenly, first and last step kept). */
  maxRows: number;
}

export const SFT_DYNAMICS_DEFAULTS: SftDynamicsParams = { W: 15, K: 15, L: 5, steps: 2000, maxRows: 201 };

/** A number per family a, b, c, d. */
export type FamilyValues = Record<Family, number>;

/** One recorded SFT step. */
export interface SftDynamicsRow extends HittingTimeValue {
  readonly step: number;
  /** Each family's lowest P(desired move) over the depths 1..K. */
  readonly lowest: FamilyValues;
  /** Each family's highest P(desired move) over the depths 1..K. */
  readonly highest: FamilyValues;
}

export interface SftDynamicsData {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  /** The base random walk's expected hitting time (where SFT starts). */
  readonly base: HittingTimeValue;
  /** The SFT limit's (a = c = 1, b and d at base): where SFT goes. */
  readonly sftLimit: HittingTimeValue;
  readonly rows: SftDynamicsRow[];
}

/** Trains SFT on golden paths of G(W, K, L) and returns its rows (Theorem 2, notebook 02). */
export function sftDynamicsData(overrides: Partial<SftDynamicsParams> = {}): SftDynamicsData {
  const params: SftDynamicsParams = { ...SFT_DYNAMICS_DEFAULTS, ...overrides };
  const shape = pathStar(params.W, params.K, params.L);
  requireInteger("steps", params.steps, 1, 10_000_000);
  requireInteger("maxRows", params.maxRows, 2, 100_000);
  const history = thinHistory(trainSft(shape, { steps: params.steps, mode: "population" }).history, params.maxRows);
  const over = (pick: (values: number[]) => number) => (record: (typeof history)[number]) =>
    Object.fromEntries(FAMILIES.map((f) => [f, pick(record.probabilities[f])])) as FamilyValues;
  const lowest = over((v) => Math.min(...v));
  const highest = over((v) => Math.max(...v));
  return {
    W: shape.W,
    K: shape.K,
    L: shape.L,
    base: hittingTimeValue(shape, basePolicy(shape)),
    sftLimit: hittingTimeValue(shape, sftLimitPolicy(shape)),
    rows: history.map((r) => ({
      step: r.step, hittingTime: r.hittingTime, log10HittingTime: r.log10HittingTime, lowest: lowest(r), highest: highest(r),
    })),
  };
}
