/**
 * How many digits the command line prints: no more than the solver guarantees,
 * as chain.ts states it (hittingTimeRelativeAccuracy, log10HittingTimeAccuracy).
 */
import type { GraphShape } from "./graph";
import { hittingTimeRelativeAccuracy, log10HittingTimeAccuracy } from "./chain";

/** Significant digits a value with this relative error supports: at least 1, at most 17. */
export function significantDigits(relativeError: number): number {
  if (!(relativeError > 0)) return 17;
  return Math.max(1, Math.min(17, Math.floor(-Math.log10(relativeError))));
}

/** Decimals of a log10 value known to within `absoluteError`: at least 0, at most 17. */
export function log10Decimals(absoluteError: number): number {
  if (!(absoluteError > 0)) return 17;
  return Math.max(0, Math.min(17, Math.floor(-Math.log10(absoluteError))));
}

/** A hitting time as printed: rounded to its exact digits, or in log10 form beyond the double range. */
export interface PrintedTime {
  readonly hittingTime: number | null;
  readonly log10HittingTime: number;
  /** Significant digits of hittingTime, or decimals of log10HittingTime when hittingTime is null. */
  readonly digits: number;
}

/** Rounds a solver's result on `shape` to the digits the solver's stated accuracy supports. */
export function printedTime(shape: GraphShape, hittingTime: number | null, log10: number): PrintedTime {
  const relativeError = hittingTimeRelativeAccuracy(shape);
  const decimals = log10Decimals(log10HittingTimeAccuracy(shape, log10));
  const roundedLog10 = Number(log10.toFixed(decimals));
  if (hittingTime !== null && Number.isFinite(hittingTime)) {
    const digits = significantDigits(relativeError);
    return { hittingTime: Number(hittingTime.toPrecision(digits)), log10HittingTime: roundedLog10, digits };
  }
  return { hittingTime: null, log10HittingTime: roundedLog10, digits: decimals };
}

/**
 * "50142", "4.31844824910e+14" (a value with more integer digits than are exact
 * shows only its exact ones), or "10^85432.123 (log10 to 3 decimals, beyond the double range)".
 */
export function formatTime(time: PrintedTime): string {
  if (time.hittingTime !== null) {
    const exactDigitsOnly = Math.abs(time.hittingTime) >= 10 ** time.digits;
    return exactDigitsOnly ? time.hittingTime.toPrecision(time.digits) : String(time.hittingTime);
  }
  return `10^${time.log10HittingTime.toFixed(time.digits)} (log10 to ${time.digits} decimals, beyond the double range)`;
}
