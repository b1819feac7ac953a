/**
 * Argument checks shared by every public entry point. Each error names the
 * parameter and the allowed range, so a reader who mistypes a size in a notebook
 * learns what to change. Every refusal is a RangeError (wrong types included), so
 * a caller catches one kind of error for bad input.
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

/** Throws unless `value` is a finite number greater than zero (and at most `max`). */
export function requirePositiveFinite(name: string, value: unknown, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > max) {
    const bound = max < Infinity ? ` and at most ${max}` : "";
    throw new RangeError(`${name} must be a finite number greater than 0${bound}, got ${describe(value)}`);
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

/** Throws unless `value` is one of `allowed` (compared as values, never looked up as a property). */
export function requireOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/** Throws unless `value` is a function (a callback, a random generator). */
export function requireFunction<F extends (...args: never[]) => unknown>(name: string, value: unknown): F {
  if (typeof value !== "function") throw new RangeError(`${name} must be a function, got ${describe(value)}`);
  return value as F;
}

/**
 * An options argument: `undefined` stands for `{}`; anything but a plain object is
 * refused, and so is a key outside `known` (a misspelt option would otherwise be
 * ignored silently): the error names the key and lists the valid ones.
 */
export function requireOptions<T extends object>(name: string, value: T | undefined, known: readonly string[]): T {
  if (value === undefined) return {} as T;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RangeError(`${name} must be an object of options, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new RangeError(`${name} has no option ${describe(key)}; its options are ${known.join(", ")}`);
  }
  return value;
}

/**
 * The keys of an options type as a list, written once as an object the compiler
 * checks against the type (every key, and no other): `optionKeys<SampleOptions>({ walks: true, budget: true })`.
 */
export function optionKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/** Throws unless `value` is an array-like of numbers (a typed array or an array). */
export function requireNumberList(name: string, value: unknown): ArrayLike<number> {
  const ok =
    ArrayBuffer.isView(value) ||
    (Array.isArray(value) && value.every((x) => typeof x === "number"));
  if (!ok) throw new RangeError(`${name} must be an array of numbers, got ${describe(value)}`);
  return value as unknown as ArrayLike<number>;
}

/**
 * A draw of a random generator, checked to lie in [0, 1): a generator that returns
 * 1, a negative number or NaN would otherwise index past a table silently.
 */
export function requireUnitDraw(u: number): number {
  if (!(u >= 0 && u < 1)) throw new RangeError(`rng must return numbers in [0, 1), returned ${describe(u)}`);
  return u;
}

/** Characters of a value an error message shows; a longer one is cut, with its length. */
const SHOWN_CHARACTERS = 60;

/** A value as an error message shows it: strings quoted (long ones cut short), objects by their kind. */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    if (value.length <= SHOWN_CHARACTERS) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, SHOWN_CHARACTERS))}... (${value.length} characters)`;
  }
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}
