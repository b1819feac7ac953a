/**
 * Argument checks shared by every public entry point. Each error names the
 * parameter and the allowed range, so a reader who mistypes a size in a notebook
 * learns what to change.
 */

/** Throws unless `value` is an integer in [min, max]; `name` is how the caller calls it. */
export function requireInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer from ${min} to ${max}, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a finite number greater than zero. */
export function requirePositiveFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number greater than 0, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a probability: a number in [0, 1]. */
export function requireProbability(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number (a logit, a gradient entry). */
export function requireFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
