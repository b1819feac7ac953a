/**
 * Arithmetic on positive numbers for the structured solvers of chain.ts: plain
 * doubles, or doubles with an exponent of their own so that values beyond the
 * double range (the SFT policy's 10^(10^6)) keep full relative precision.
 *
 * Either way every operation is one correctly rounded double operation (the
 * rescaling is by powers of two, which is exact), so the rounding-error bound of
 * `hittingTimeRelativeAccuracy` holds in both.
 */

/** The operations the recurrences use: all inputs and results are non-negative. */
export interface PositiveArithmetic<T> {
  readonly one: T;
  /** A non-negative double (a probability, a count) as a T. */
  of(x: number): T;
  add(x: T, y: T): T;
  mul(x: T, y: T): T;
  div(x: T, y: T): T;
  /** x times, or over, a non-negative double (a probability, a count). */
  times(x: T, p: number): T;
  over(x: T, p: number): T;
}

/** Doubles; a product with 0 is 0 even against Infinity: a move never taken costs nothing. */
export const doubles: PositiveArithmetic<number> = {
  one: 1,
  of: (x) => x,
  add: (x, y) => x + y,
  mul: (x, y) => (x === 0 || y === 0 ? 0 : x * y),
  div: (x, y) => x / y,
  times: (x, p) => (x === 0 || p === 0 ? 0 : x * p),
  over: (x, p) => x / p,
};

/** mantissa * 2^exponent, mantissa in [2^-256, 2^256] (or 0), exponent a multiple of 256. */
export interface Scaled {
  readonly mantissa: number;
  readonly exponent: number;
}

const STEP = 256;
const UP = 2 ** STEP;
const DOWN = 2 ** -STEP;
const ZERO: Scaled = { mantissa: 0, exponent: 0 };

function normalised(mantissa: number, exponent: number): Scaled {
  if (mantissa === 0) return ZERO;
  while (mantissa > UP) {
    mantissa *= DOWN;
    exponent += STEP;
  }
  while (mantissa < DOWN) {
    mantissa *= UP;
    exponent -= STEP;
  }
  return { mantissa, exponent };
}

/**
 * Products and quotients of two mantissas stay within [2^-512, 2^512], so they
 * neither overflow nor lose digits. In a sum, a term 2^768 or more times smaller
 * than the other (relative size below 2^-256) is dropped.
 */
export const scaled: PositiveArithmetic<Scaled> = {
  one: { mantissa: 1, exponent: 0 },
  of: (x) => normalised(x, 0),
  add(x, y) {
    if (x.exponent === y.exponent) return normalised(x.mantissa + y.mantissa, x.exponent);
    if (x.mantissa === 0) return y;
    if (y.mantissa === 0) return x;
    const [high, low] = x.exponent > y.exponent ? [x, y] : [y, x];
    const gap = high.exponent - low.exponent;
    if (gap >= 3 * STEP) return high;
    const shifted = gap === STEP ? low.mantissa * DOWN : low.mantissa * DOWN * DOWN;
    return normalised(high.mantissa + shifted, high.exponent);
  },
  mul: (x, y) => normalised(x.mantissa * y.mantissa, x.exponent + y.exponent),
  div: (x, y) => normalised(x.mantissa / y.mantissa, x.exponent - y.exponent),
  // A double at least 2^-256 times or divides a mantissa without leaving [2^-512, 2^512].
  times: (x, p) => (p >= DOWN ? normalised(x.mantissa * p, x.exponent) : scaled.mul(x, normalised(p, 0))),
  over: (x, p) => (p >= DOWN ? normalised(x.mantissa / p, x.exponent) : scaled.div(x, normalised(p, 0))),
};

/** The double nearest a scaled value: Infinity beyond the double range. */
export function scaledToNumber(x: Scaled): number {
  let value = x.mantissa;
  for (let e = x.exponent; e > 0 && value < Infinity; e -= STEP) value *= UP;
  for (let e = x.exponent; e < 0; e += STEP) value *= DOWN;
  return value;
}

/** log10 of a positive scaled value (-Infinity for 0). */
export function scaledLog10(x: Scaled): number {
  return Math.log10(x.mantissa) + x.exponent * Math.log10(2);
}

/**
 * 10^log10 as a double, or null where it lies beyond the double range (the
 * largest double is about 1.8e308): the one cut-off for values kept in log space.
 */
export function fromLog10(log10: number): number | null {
  return log10 < 308 ? 10 ** log10 : null;
}
