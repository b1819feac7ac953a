/**
 * Appendix A2, depth generalisation: networks trained on graphs of depth up to
 * some K (all of them at once) evaluated, unchanged, on deeper graphs. The
 * features j and K are numbers, so the network answers at any depth; the exact
 * solvers then give the hitting time of what it answers. `neuralDepthData` runs
 * the training and the evaluations; `neuralDepthFigure` (plot/) draws the rows.
 */
import { pathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, familyProbabilities, optimalPolicy, sftLimitPolicy } from "../policy";
import { log10ExpectedHittingTime } from "../chain";
import type { MoveCoding, PolicyNetwork } from "../train/neural-policy";
import { neuralPolicy } from "../train/neural-policy";
import { fitNeuralBase, trainNeuralRlvr, trainNeuralSft } from "../train/neural";
import { memorySearchHittingTime } from "../train/neural-memory";
import { requireInteger } from "../validate";
import type { SeedBand } from "../stats";
import { seedBand } from "../stats";

export const NEURAL_DEPTH_METHODS = ["base fit", "sft", "rlvr"] as const;
export type NeuralDepthMethod = (typeof NEURAL_DEPTH_METHODS)[number];

export interface NeuralDepthParams {
  W: number;
  L: number;
  /** Depths trained on, jointly. */
  trainDepths: readonly number[];
  /** Depths evaluated at. */
  evalDepths: readonly number[];
  seeds: readonly string[];
  steps: number;
  output: MoveCoding;
}

/**
 * The registered figure's parameters (notebook A2): ten seeds trained at K = 1..4 jointly, evaluated
 * at K = 1..16 (far enough that the RLVR networks' backtracking fades).
 */
export const NEURAL_DEPTH_DEFAULTS: NeuralDepthParams = {
  W: 3,
  L: 2,
  trainDepths: [1, 2, 3, 4],
  evalDepths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
  seeds: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
  steps: 400,
  output: "deeper",
};

export interface NeuralDepthRow {
  readonly method: NeuralDepthMethod;
  readonly K: number;
  /** Band over seeds of log10(expected hitting time). */
  readonly log10HittingTime: SeedBand;
  /** Band over seeds of the smallest P(desired) of the backtracking families b and d over all depths. */
  readonly lowestBacktrack: SeedBand;
  /** Band over seeds of the smallest P(desired) of a and c over all depths. */
  readonly lowestForward: SeedBand;
}

export interface NeuralDepthReferenceRow {
  readonly K: number;
  /** log10 of the exact hitting times of the table's base model, optimum and SFT limit. */
  readonly base: number;
  readonly optimum: number;
  readonly sftLimit: number;
  /** log10 of the best searcher with memory of the branches it explored, 2WK + W + 1. */
  readonly memoryOptimum: number;
}

export interface NeuralDepthData {
  readonly params: NeuralDepthParams;
  readonly rows: NeuralDepthRow[];
  readonly references: NeuralDepthReferenceRow[];
}

function lowest(policy: Policy, families: readonly ("a" | "b" | "c" | "d")[]): number {
  return Math.min(...families.flatMap((f) => familyProbabilities(policy, f)));
}

export function neuralDepthData(overrides: Partial<NeuralDepthParams> = {}): NeuralDepthData {
  const params: NeuralDepthParams = { ...NEURAL_DEPTH_DEFAULTS, ...overrides };
  const { W, L, trainDepths, evalDepths, seeds, steps, output } = params;
  if (seeds.length === 0) throw new RangeError("seeds must list at least one seed");
  if (evalDepths.length === 0) throw new RangeError("evalDepths must list at least one depth");
  evalDepths.forEach((K) => requireInteger("evalDepths[]", K, 1, 1000));
  const deepest = pathStar(W, Math.max(...trainDepths), L);
  const networks: Record<NeuralDepthMethod, PolicyNetwork[]> = { "base fit": [], sft: [], rlvr: [] };
  for (const seed of seeds) {
    const options = { seed, output, steps, trainDepths };
    const base = fitNeuralBase(deepest, options).net;
    networks["base fit"].push(base);
    networks.sft.push(trainNeuralSft(deepest, { ...options, initial: base }).net);
    networks.rlvr.push(trainNeuralRlvr(deepest, { ...options, initial: base }).net);
  }
  const rows: NeuralDepthRow[] = [];
  const references: NeuralDepthReferenceRow[] = [];
  for (const K of evalDepths) {
    const shape = pathStar(W, K, L);
    for (const method of NEURAL_DEPTH_METHODS) {
      const policies = networks[method].map((net) => neuralPolicy(net, shape));
      rows.push({
        method,
        K,
        log10HittingTime: seedBand(policies.map((p) => log10ExpectedHittingTime(shape, p))),
        lowestBacktrack: seedBand(policies.map((p) => lowest(p, ["b", "d"]))),
        lowestForward: seedBand(policies.map((p) => lowest(p, ["a", "c"]))),
      });
    }
    references.push({
      K,
      base: log10ExpectedHittingTime(shape, basePolicy(shape)),
      optimum: log10ExpectedHittingTime(shape, optimalPolicy(shape)),
      sftLimit: log10ExpectedHittingTime(shape, sftLimitPolicy(shape)),
      memoryOptimum: Math.log10(memorySearchHittingTime(shape)),
    });
  }
  return { params, rows, references };
}
