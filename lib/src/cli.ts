/**
 * Command line: `rlvr-backtracking <command> [options]`, for scripted use; the
 * committed entry point is lib/bin/rlvr-backtracking.js.
 * Every option is checked; a bad one exits with status 2 and names the option.
 */
import { parseArgs } from "util";
import type { GraphShape } from "./graph";
import { describeShape, LIMITS, pathStar, stemPathStar } from "./graph";
import type { Policy } from "./policy";
import { basePolicy, optimalPolicy, sftLimitPolicy } from "./policy";
import { expectedHittingTime, log10ExpectedHittingTime } from "./chain";

/** Significant digits printed: the structured solver is accurate to about 1e-15 relative. */
const PRINTED_DIGITS = 14;

const NAMED_POLICIES: Record<string, (shape: GraphShape) => Policy> = {
  base: basePolicy,
  sft: sftLimitPolicy,
  optimal: optimalPolicy,
};

const USAGE = `usage: rlvr-backtracking <command> [options]

commands:
  hitting   the exact expected hitting time of a policy on G(W, K, L)
            --W n --K n --L n        graph sizes, positive integers (1 to ${LIMITS.maxSize})
            --S n                    optional: a stem of n diamonds before the fork
            --policy base|sft|optimal
            --json                   print one JSON object
  help      this text`;

/** An error in the command line: printed with the usage hint, exit status 2. */
class UsageError extends Error {}

/** Reads a positive integer option; `name` as the user typed it. */
function integerOption(values: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const raw = values[name];
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required (a positive integer, 1 to ${LIMITS.maxSize})`);
    return undefined;
  }
  const text = String(raw);
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > LIMITS.maxSize) {
    throw new UsageError(`--${name} must be a positive integer (1 to ${LIMITS.maxSize}), got ${JSON.stringify(text)}`);
  }
  return value;
}

function shapeFromOptions(values: Record<string, unknown>): GraphShape {
  const W = integerOption(values, "W", true) as number;
  const K = integerOption(values, "K", true) as number;
  const L = integerOption(values, "L", true) as number;
  const S = integerOption(values, "S", false);
  return S === undefined ? pathStar(W, K, L) : stemPathStar(S, W, K, L);
}

function policyName(values: Record<string, unknown>): string {
  const name = String(values.policy ?? "");
  if (!(name in NAMED_POLICIES)) {
    throw new UsageError(`--policy must be one of ${Object.keys(NAMED_POLICIES).join(", ")}, got ${JSON.stringify(name)}`);
  }
  return name;
}

function hitting(args: string[]): string {
  const { values } = parseArgs({
    args,
    options: {
      W: { type: "string" },
      K: { type: "string" },
      L: { type: "string" },
      S: { type: "string" },
      policy: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const shape = shapeFromOptions(values);
  const name = policyName(values);
  const policy = NAMED_POLICIES[name](shape);
  const log10 = log10ExpectedHittingTime(shape, policy);
  const inDoubleRange = log10 < 308;
  const value = inDoubleRange ? Number(expectedHittingTime(shape, policy).toPrecision(PRINTED_DIGITS)) : null;
  const result = {
    graph: shape.variant,
    W: shape.W,
    K: shape.K,
    L: shape.L,
    ...(shape.stemDepth > 0 ? { S: shape.stemDepth } : {}),
    policy: name,
    logSpace: !inDoubleRange,
    hittingTime: value,
    log10HittingTime: log10,
  };
  if (values.json) return JSON.stringify(result);
  const shown = value === null ? `10^${log10.toFixed(3)} (beyond the double range)` : String(value);
  return `${describeShape(shape)}, ${name} policy: expected hitting time ${shown}`;
}

const COMMANDS: Record<string, (args: string[]) => string> = {
  hitting,
  help: () => USAGE,
};

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    process.stderr.write(`${command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`}\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(run(rest) + "\n");
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof RangeError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`rlvr-backtracking ${command}: ${(error as Error).message}\n`);
    if (!usage) throw error;
    return 2;
  }
}
