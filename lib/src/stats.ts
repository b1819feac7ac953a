/**
 * Statistical comparisons the notebooks assert with: tolerances that follow from
 * the variance of what is measured, never from one size's numbers. Means and
 * standard errors come from sample.ts (`meanWithInterval`); this module adds what
 * sits on top of them (notebooks 03, 05, 06 and A1).
 */
import { describe, requireInteger, requireFinite, requireNumberList, requirePositiveFinite, requireProbability } from "./validate";

/**
 * How far a success fraction q, measured on `problems` problems, may exceed p,
 * measured on as many others, before the difference is more than Monte Carlo
 * error: z standard errors of the difference of two independent proportions,
 * z * sqrt((p(1 - p) + q(1 - q)) / n), plus one problem (1/n), since where both
 * fractions are 0 or 1 the estimated standard error is 0. Notebook 06.
 */
export function proportionGapTolerance(p: number, q: number, problems: number, z = 4): number {
  requireProbability("p", p);
  requireProbability("q", q);
  requireInteger("problems", problems, 1, Number.MAX_SAFE_INTEGER);
  requirePositiveFinite("z", z);
  return z * Math.sqrt((p * (1 - p) + q * (1 - q)) / problems) + 1 / problems;
}

/** Fractions of problems solved within each budget (as `successProbabilityByBudget` returns). */
export interface SolvedByBudget {
  readonly budgets: readonly number[];
  readonly solved: readonly number[];
}

/** A budget where one decoder solved fewer problems than another by more than Monte Carlo error. */
export interface ShortfallAtBudget {
  readonly budget: number;
  readonly better: number;
  readonly other: number;
  readonly tolerance: number;
}

/**
 * The budgets of `other` at which `better` solves fewer problems than `other` by
 * more than `proportionGapTolerance`: empty when `better` solves at least as many
 * at every budget up to Monte Carlo error. Every budget of `other` must be one of
 * `better`'s. Notebook 06.
 */
export function shortfalls(better: SolvedByBudget, other: SolvedByBudget, problems: number, z = 4): ShortfallAtBudget[] {
  requireSolvedByBudget(better, "better");
  requireSolvedByBudget(other, "other");
  const found: ShortfallAtBudget[] = [];
  other.budgets.forEach((budget, i) => {
    const at = better.budgets.indexOf(budget);
    if (at < 0) throw new RangeError(`budget ${budget} of the other curve is not among the better curve's budgets`);
    const p = better.solved[at];
    const q = other.solved[i];
    const tolerance = proportionGapTolerance(p, q, problems, z);
    if (p < q - tolerance) found.push({ budget, better: p, other: q, tolerance });
  });
  return found;
}

/** Throws unless `value` holds one number solved per budget. */
function requireSolvedByBudget(value: unknown, name: string): void {
  const curve = value as SolvedByBudget;
  if (typeof value !== "object" || value === null) throw new RangeError(`${name} must be { budgets, solved }, got ${describe(value)}`);
  requireNumberList(`${name}.budgets`, curve.budgets);
  requireNumberList(`${name}.solved`, curve.solved);
  if (curve.budgets.length !== curve.solved.length) {
    throw new RangeError(`${name}.budgets and ${name}.solved must have the same length, got ${curve.budgets.length} and ${curve.solved.length}`);
  }
}

/**
 * The tolerance of a Monte Carlo mean of counts (visits per walk) against its
 * exact value: the z-standard-error half-width plus z^2 / samples. The second
 * term matters where every sample gave the same count: the estimated standard
 * error is then 0, yet a rate r of rarer counts goes unseen in n samples with
 * probability e^(-n r); a rate above z^2 / n would go unseen with probability
 * below e^(-z^2), rarer than a z-standard-error miss. Notebook 06.
 */
export function countMeanTolerance(halfWidth: number, samples: number, z = 4): number {
  if (!(Number.isFinite(halfWidth) && halfWidth >= 0)) throw new RangeError(`halfWidth must be a finite number >= 0, got ${describe(halfWidth)}`);
  requireInteger("samples", samples, 1, Number.MAX_SAFE_INTEGER);
  requirePositiveFinite("z", z);
  return halfWidth + (z * z) / samples;
}

/** Quantiles over seeds: the band is the smallest to the largest seed, the line the median. */
export interface SeedBand {
  readonly low: number;
  readonly median: number;
  readonly high: number;
}

/** The band of `values` (one per seed) over seeds: smallest, median, largest. Notebooks 03 and A2. */
export function seedBand(values: readonly number[]): SeedBand {
  requireNumberList("values", values);
  if (values.length === 0) throw new RangeError("seedBand needs at least one value");
  return { low: Math.min(...values), median: median(values), high: Math.max(...values) };
}

/**
 * The number of independent samples whose mean has a z-standard-error interval
 * within `relativeTolerance` of the mean, for a quantity whose standard deviation
 * is `coefficientOfVariation` times its mean: ceil((z * cv / tolerance)^2), at
 * least 2. For a hitting time the coefficient of variation is close to 1 (it is
 * nearly geometric), which gives about 16 / tolerance^2 walks at z = 4.
 */
export function samplesForRelativeTolerance(coefficientOfVariation: number, relativeTolerance: number, z = 4): number {
  requirePositiveFinite("coefficientOfVariation", coefficientOfVariation);
  requirePositiveFinite("relativeTolerance", relativeTolerance);
  requirePositiveFinite("z", z);
  return Math.max(2, Math.ceil(((z * coefficientOfVariation) / relativeTolerance) ** 2));
}

/**
 * Bounds on root-mean-square / sigma for `samples` independent normal deviations
 * of standard deviation sigma about a known centre: sqrt(chi2_n(q) / n) at the
 * quantiles q of z standard normal units either side, by the Wilson-Hilferty
 * approximation chi2_n(q) = n (1 - 2/(9n) + z_q sqrt(2/(9n)))^3. Used to check a
 * predicted spread against a spread measured over seeds (notebook A1).
 */
export function rmsRatioBounds(samples: number, z = 4): { low: number; high: number } {
  const n = requireInteger("samples", samples, 1, Number.MAX_SAFE_INTEGER);
  requirePositiveFinite("z", z);
  const quantile = (zq: number) => n * Math.max(0, 1 - 2 / (9 * n) + zq * Math.sqrt(2 / (9 * n))) ** 3;
  return { low: Math.sqrt(quantile(-z) / n), high: Math.sqrt(quantile(z) / n) };
}

/**
 * How far the slope of a least-squares fit of ln y against ln x can move when
 * each y_i is off by a factor within (1 - e_i, 1 + e_i): the slope is
 * sum_i w_i ln y_i with w_i = (ln x_i - mean ln x) / sum_j (ln x_j - mean ln x)^2,
 * so it moves by at most sum_i |w_i| * (-ln(1 - e_i)). With e_i a Monte Carlo
 * interval over its mean, this is the tolerance of a fitted exponent against the
 * exponent of the exact values (notebook 05).
 */
export function logLogSlopeTolerance(xs: readonly number[], relativeErrors: readonly number[]): number {
  requireNumberList("xs", xs);
  requireNumberList("relativeErrors", relativeErrors);
  if (xs.length !== relativeErrors.length) {
    throw new RangeError(`xs and relativeErrors must have the same length, got ${xs.length} and ${relativeErrors.length}`);
  }
  if (xs.length < 2) throw new RangeError(`a slope needs at least 2 points, got ${xs.length}`);
  xs.forEach((x, i) => requirePositiveFinite(`xs[${i}]`, x));
  relativeErrors.forEach((e, i) => {
    if (!(e >= 0 && e < 1)) throw new RangeError(`relativeErrors[${i}] must be in [0, 1), got ${e}`);
  });
  const logs = xs.map(Math.log);
  const centre = logs.reduce((sum, l) => sum + l, 0) / logs.length;
  const spread = logs.reduce((sum, l) => sum + (l - centre) ** 2, 0);
  if (spread === 0) throw new RangeError("a slope needs at least two distinct x values");
  return logs.reduce((sum, l, i) => sum + (Math.abs(l - centre) / spread) * -Math.log(1 - relativeErrors[i]), 0);
}

/**
 * P(X >= x) for X chi-square with `degrees` degrees of freedom: the regularised upper
 * incomplete gamma Q(degrees/2, x/2), from the series of the lower one, which converges
 * for every x (its terms fall once the index passes x/2). Notebook A3 reads its growth fits with it.
 */
export function chiSquareSurvival(x: number, degrees: number): number {
  requireFinite("x", x);
  requireInteger("degrees", degrees, 1, 1000);
  if (x <= 0) return 1;
  const a = degrees / 2;
  const half = x / 2;
  // Lower regularised gamma P(a, half) = half^a e^-half / Gamma(a + 1) * sum_n half^n / ((a + 1) ... (a + n)).
  let term = 1;
  let sum = 1;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= half / (a + n);
    sum += term;
  }
  const logPrefactor = a * Math.log(half) - half - logGamma(a + 1);
  return Math.max(0, 1 - Math.exp(logPrefactor) * sum);
}

/** ln Gamma(z) for z > 0 and z a multiple of 1/2 (what chi-square degrees of freedom give): exact recurrences. */
function logGamma(z: number): number {
  let value = 0;
  let t = z;
  while (t > 1) {
    t -= 1;
    value += Math.log(t);
  }
  // t is now 1 (Gamma 1 = 1) or 1/2 (Gamma 1/2 = sqrt(pi)).
  return t === 1 ? value : value + 0.5 * Math.log(Math.PI);
}

/** The median of `values` (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  requireNumberList("values", values);
  if (values.length === 0) throw new RangeError("median needs at least one value");
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Root-mean-square deviation of `values` from `centre`. */
export function rmsDeviation(values: readonly number[], centre: number): number {
  requireNumberList("values", values);
  requireFinite("centre", centre);
  if (values.length === 0) throw new RangeError("rmsDeviation needs at least one value");
  return Math.sqrt(values.reduce((sum, v) => sum + (v - centre) ** 2, 0) / values.length);
}

/** A least-squares line through (ln x, ln y): y is about prefactor * x^slope. */
export interface PowerLawFit {
  /** The fitted exponent: d ln y / d ln x. */
  readonly slope: number;
  /** The fitted ln y at x = 1. */
  readonly intercept: number;
  /** exp(intercept). */
  readonly prefactor: number;
  /** Number of points fitted. */
  readonly points: number;
}

/**
 * Fits ln y = intercept + slope * ln x by ordinary least squares (notebook 05: the
 * exponent of the work in W, K or L). Needs at least two points, every x and y
 * positive and finite, and two distinct x values.
 */
export function powerLawFit(xs: ArrayLike<number>, ys: ArrayLike<number>): PowerLawFit {
  requireNumberList("xs", xs);
  requireNumberList("ys", ys);
  if (xs.length !== ys.length) throw new RangeError(`xs and ys must have the same length, got ${xs.length} and ${ys.length}`);
  if (xs.length < 2) throw new RangeError(`a power-law fit needs at least 2 points, got ${xs.length}`);
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (const [name, v] of [["xs", xs[i]], ["ys", ys[i]]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name}[${i}] must be a finite number greater than 0 for a log-log fit, got ${describe(v)}`);
    }
    lx.push(Math.log(xs[i]));
    ly.push(Math.log(ys[i]));
  }
  const n = lx.length;
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ly.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (sxx === 0) throw new RangeError("a power-law fit needs at least two distinct x values");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  return { slope, intercept, prefactor: Math.exp(intercept), points: n };
}
