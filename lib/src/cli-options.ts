/**
 * The command line's option tables: each command declares its options once (name,
 * type, allowed range, default, the modes that use it, help text), and usage,
 * parsing and limits all come from that declaration, so they cannot disagree.
 *
 * One number grammar for every numeric option: plain decimal, optionally with a
 * fraction and an exponent (1200, 0.01, 1e-2, 1e6). Hex, signs, "Infinity" and
 * the like are refused; integer options must also be whole.
 */

import { describe } from "./validate";

/** An error in the command line: printed as one line, exit status 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  readonly name: string;
  readonly kind: "integer" | "number" | "choice" | "string" | "flag";
  /** Placeholder shown in the usage ("n", "x", "s"); choices show themselves. */
  readonly placeholder?: string;
  /** integer: inclusive bounds; number: values must exceed `min` and be at most `max`. */
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly required?: boolean;
  /** The default, as the usage states it. */
  readonly defaultText?: string;
  /** The values of --mode under which the option means something, and why the others refuse it. */
  readonly modes?: { readonly accepted: readonly string[]; readonly why: string };
  readonly help: string;
}

/** A parsed value: numbers for numeric options, strings for the others, true for flags. */
export type OptionValue = number | string | true;

const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** What an option accepts, in words: the text of its error and of its usage line. */
export function allowedRange(spec: OptionSpec): string {
  switch (spec.kind) {
    case "integer":
      return `an integer from ${spec.min} to ${spec.max}`;
    case "number":
      return `a decimal number greater than ${spec.min}${spec.max !== undefined ? ` and at most ${spec.max}` : ""}`;
    case "choice":
      return `one of ${(spec.choices ?? []).join(", ")}`;
    case "string":
      return "any text";
    case "flag":
      return "a flag, without a value";
  }
}

function convert(spec: OptionSpec, text: string): OptionValue {
  const refuse = (): never => {
    throw new UsageError(`--${spec.name} must be ${allowedRange(spec)}, got ${describe(text)}`);
  };
  switch (spec.kind) {
    case "integer":
    case "number": {
      if (!DECIMAL.test(text)) return refuse();
      const value = Number(text);
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      if (!Number.isFinite(value) || value > max) return refuse();
      if (spec.kind === "integer" ? !Number.isInteger(value) || value < min : !(value > min)) return refuse();
      return value;
    }
    case "choice":
      return (spec.choices ?? []).includes(text) ? text : refuse();
    default:
      return text;
  }
}

/**
 * Parses `args` (options only) against `specs`: `--name value` or `--name=value`,
 * each option at most once, flags without a value, no stray words. Applies no
 * defaults: an absent option is absent from the result.
 */
export function parseOptions(args: readonly string[], specs: ReadonlyMap<string, OptionSpec>, where: string): Map<string, OptionValue> {
  const values = new Map<string, OptionValue>();
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (!token.startsWith("--")) throw new UsageError(`unexpected argument ${describe(token)} for ${where}`);
    const equals = token.indexOf("=");
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const spec = specs.get(name);
    if (spec === undefined) {
      throw new UsageError(`unknown option ${describe(`--${name}`)} for ${where} (options: ${[...specs.keys()].map((n) => `--${n}`).join(" ")})`);
    }
    if (values.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    if (spec.kind === "flag") {
      if (equals >= 0) throw new UsageError(`--${name} is a flag and takes no value`);
      values.set(name, true);
      continue;
    }
    let text: string;
    if (equals >= 0) text = token.slice(equals + 1);
    else if (i + 1 < args.length) text = args[++i];
    else throw new UsageError(`--${name} needs a value: ${allowedRange(spec)}`);
    values.set(name, convert(spec, text));
  }
  for (const spec of specs.values()) {
    if (spec.required && !values.has(spec.name)) throw new UsageError(`--${spec.name} is required: ${allowedRange(spec)}`);
  }
  return values;
}

/** Refuses options the chosen mode does not use, saying why. */
export function checkModes(values: ReadonlyMap<string, OptionValue>, specs: ReadonlyMap<string, OptionSpec>, mode: string): void {
  for (const name of values.keys()) {
    const modes = specs.get(name)?.modes;
    if (modes && !modes.accepted.includes(mode)) {
      throw new UsageError(`--${name} applies only with --mode ${modes.accepted.join(" or ")}, not with mode ${mode}: ${modes.why}`);
    }
  }
}

/** Usage lines of an option table, one per option. */
export function usageLines(specs: ReadonlyMap<string, OptionSpec>): string[] {
  return [...specs.values()].map((spec) => {
    const value = spec.kind === "flag" ? "" : spec.kind === "choice" ? ` ${(spec.choices ?? []).join("|")}` : ` ${spec.placeholder ?? "v"}`;
    const range = spec.kind === "flag" || spec.kind === "choice" ? "" : `, ${allowedRange(spec)}`;
    const notes = [
      spec.required ? "required" : undefined,
      spec.defaultText !== undefined ? `default ${spec.defaultText}` : undefined,
      spec.modes ? `only with --mode ${spec.modes.accepted.join("|")}` : undefined,
    ].filter((n) => n !== undefined);
    return `  --${spec.name}${value}`.padEnd(30) + ` ${spec.help}${range}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
  });
}

/** A table from its entries, keyed by name in a prototype-free Map. */
export function optionTable(specs: readonly OptionSpec[]): ReadonlyMap<string, OptionSpec> {
  return new Map(specs.map((spec) => [spec.name, spec]));
}
