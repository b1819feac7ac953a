/**
 * How many digits the command line prints: no more than the solver guarantees.
 *
 * `solverRelativeError` is the one place the accuracy bound comes from. It is a
 * conservative placeholder, 16 rounding errors per depth and per branch
 * (1e-15 * (K + S + W) * 16), until the solver states its own bound per shape;
 * the lead swaps in the solver's function here at merge.
 */
import type { GraphShape } from "./graph";

/** A bound on the relative error of the structured solver's hitting time on `shape` (placeholder, see above). */
export function solverRelativeError(shape: GraphShape): number {
  return 1e-15 * (shape.K + shape.S + shape.W) * 16;
}

/** Significant digits a value with this relative error supports: at least 1, at most 17. */
export function significantDigits(relativeError: number): number {
  if (!(relativeError > 0)) return 17;
  return Math.max(1, Math.min(17, Math.floor(-Math.log10(relativeError))));
}

/**
 * Decimals of log10(value) that a relative error supports: log10 moves by at most
 * relativeError / ln 10 (to first order), so that many decimals are exact.
 */
export function log10Decimals(relativeError: number): number {
  if (!(relativeError > 0)) return 17;
  return Math.max(0, Math.min(17, Math.floor(-Math.log10(relativeError / Math.LN10))));
}

/** A hitting time as printed: rounded to its exact digits, or in log10 form beyond the double range. */
export interface PrintedTime {
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  /** Significant digits of hittingTime, or decimals of log10HittingTime when hittingTime is null. */
  readonly digits: number;
}

/** Rounds a solver's result to the digits `relativeError` supports. */
export function printedTime(hittingTime: number | null, log10: number, relativeError: number): PrintedTime {
  const decimals = log10Decimals(relativeError);
  const roundedLog10 = Number(log10.toFixed(decimals));
  if (hittingTime !== null && Number.isFinite(hittingTime)) {
    const digits = significantDigits(relativeError);
    return { hittingTime: Number(hittingTime.toPrecision(digits)), log10HittingTime: roundedLog10, digits };
  }
  return { hittingTime: null, log10HittingTime: roundedLog10, digits: decimals };
}

/** "50142", or "10^85432.123 (log10 to 3 decimals, beyond the double range)". */
export function formatTime(time: PrintedTime): string {
  if (time.hittingTime !== null) return String(time.hittingTime);
  return `10^${time.log10HittingTime.toFixed(time.digits)} (log10 to ${time.digits} decimals, beyond the double range)`;
}
