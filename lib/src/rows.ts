/**
 * What experiments and drawings share, and nothing else: integer ranges for
 * parameters, the thinning of a long history into rows, and the drawable value
 * of a hitting time that may lie beyond the double range. Rows are plain JSON:
 * numbers, strings, arrays.
 */
import type { HittingTimeValue } from "./chain";
import { fromLog10 } from "./positive-arithmetic";
import { requireInteger } from "./validate";

/** Called after each long piece of a data function (for example `loopProgress(label)`). */
export type Progress = (done: number, total: number, what?: string) => void;

/** A Monte Carlo mean, the half-width of its 4-standard-error interval, and the walks that finished (`meanWithInterval`). */
export interface Estimate {
  readonly mean: number;
  readonly halfWidth: number;
  readonly finished: number;
}

/** The integers from `from` to `to`, inclusive. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * About `count` integers from `from` to `to`, evenly spaced on a log scale, each
 * once, in increasing order (nearby values round to the same integer at the low end).
 */
export function logSpacedIntegers(from: number, to: number, count: number): number[] {
  requireInteger("from", from, 1, Number.MAX_SAFE_INTEGER);
  requireInteger("to", to, from, Number.MAX_SAFE_INTEGER);
  requireInteger("count", count, 2, 1_000_000);
  const ratio = Math.log(to / from) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => Math.round(from * Math.exp(ratio * i)));
  values[count - 1] = to;
  return [...new Set(values)];
}

/** The value to draw: the hitting time, or null (a gap) where it lies beyond the double range. */
export function drawableHittingTime(value: HittingTimeValue): number | null {
  return value.hittingTime ?? fromLog10(value.log10HittingTime);
}

/**
 * The records to keep: about `maxPoints` of them, evenly strided, the first and
 * the last always included. Throws on an empty history.
 */
export function thinHistory<Row>(history: readonly Row[], maxPoints: number): Row[] {
  if (history.length === 0) throw new RangeError("the training history is empty: nothing to plot");
  requireInteger("maxPoints", maxPoints, 2, Number.MAX_SAFE_INTEGER);
  const stride = Math.max(1, Math.ceil((history.length - 1) / (maxPoints - 1)));
  const kept = history.filter((_, i) => i % stride === 0);
  if (kept[kept.length - 1] !== history[history.length - 1]) kept.push(history[history.length - 1]);
  return kept;
}

/** Checks every entry of a list parameter (`Ks`, `budgets`, ...) is an integer in [min, max]; names the bad one. */
export function requireIntegerList(name: string, values: unknown, min: number, max: number, minLength = 1): number[] {
  if (!Array.isArray(values) || values.length < minLength) {
    throw new RangeError(`${name} must be a list of at least ${minLength} integers from ${min} to ${max}, got ${JSON.stringify(values)}`);
  }
  return values.map((v, i) => requireInteger(`${name}[${i}]`, v, min, max));
}
