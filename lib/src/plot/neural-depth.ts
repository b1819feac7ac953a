/**
 * Appendix A2, depth generalisation: networks trained on graphs of depth up to
 * some K (all of them at once) evaluated, unchanged, on deeper graphs. The
 * features j and K are numbers, so the network answers at any depth; the exact
 * solvers then give the hitting time of what it answers. `neuralDepthData` runs
 * the training and the evaluations; `neuralDepthFigure` only draws the rows.
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
import type { Figure, Trace } from "./figure";
import { POLICY_COLORS, axis, baseLayout, finishFigure, legendBelow } from "./style";

export const NEURAL_DEPTH_METHODS = ["base fit", "sft", "rlvr"] as const;
export type NeuralDepthMethod = (typeof NEURAL_DEPTH_METHODS)[number];

const NEURAL_DEPTH_LABELS: Record<NeuralDepthMethod, string> = { "base fit": "network fitted to the base model", sft: "SFT network", rlvr: "RLVR network (exact gradient)" };
const NEURAL_DEPTH_COLORS: Record<NeuralDepthMethod, string> = { "base fit": POLICY_COLORS.base, sft: POLICY_COLORS.sft, rlvr: POLICY_COLORS.rlvr };

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

/** E[T] / edge-state optimum, the middle panel's quantity, from log10 values. */
function overOptimum(log10: number, optimum: number): number {
  return 10 ** (log10 - optimum);
}

/** The middle panel's axis shows ratios up to 2.5; far above it a point is left out (null), not drawn off-canvas. */
const RATIO_SHOWN = 100;
function ratioShown(log10: number, optimum: number): number | null {
  const ratio = overOptimum(log10, optimum);
  return ratio <= RATIO_SHOWN ? ratio : null;
}

export interface NeuralDepthData {
  readonly params: NeuralDepthParams;
  readonly rows: NeuralDepthRow[];
  readonly references: NeuralDepthReferenceRow[];
}

function lowest(policy: Policy, families: readonly ("a" | "b" | "c" | "d")[]): number {
  return Math.min(...families.flatMap((f) => familyProbabilities(policy, f)));
}

export function neuralDepthData(params: NeuralDepthParams): NeuralDepthData {
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

/**
 * Three panels against the depth K of the graph, trained depths shaded, each the
 * networks' median and seeds' range. Left: log10 of the expected hitting time
 * beside the table's references. Middle: the hitting time over the edge-state
 * optimum, where the optimum-scale curves can be told apart. Right: the smallest
 * P(desired) of the backtracking families b and d.
 */
export function neuralDepthFigure(d: NeuralDepthData): Figure {
  const Ks = d.references.map((r) => r.K);
  const data: Trace[] = [];
  for (const method of NEURAL_DEPTH_METHODS) {
    const rows = d.rows.filter((r) => r.method === method);
    const color = NEURAL_DEPTH_COLORS[method];
    const panels = [
      { band: rows.map((r) => r.log10HittingTime), xaxis: "x", yaxis: "y", showlegend: true },
      {
        band: rows.map((r, i) => {
          const optimum = d.references[i].optimum;
          const b = r.log10HittingTime;
          return { low: ratioShown(b.low, optimum), median: ratioShown(b.median, optimum), high: ratioShown(b.high, optimum) };
        }),
        xaxis: "x2",
        yaxis: "y2",
        showlegend: false,
      },
      { band: rows.map((r) => r.lowestBacktrack), xaxis: "x3", yaxis: "y3", showlegend: false },
    ];
    for (const { band, xaxis, yaxis, showlegend } of panels) {
      data.push(
        {
          type: "scatter",
          name: `${NEURAL_DEPTH_LABELS[method]}: seeds' range`,
          legendgroup: `${method}/band`,
          showlegend: false,
          mode: "lines",
          x: [...Ks, ...[...Ks].reverse()],
          y: [...band.map((b) => b.high), ...band.map((b) => b.low).reverse()],
          fill: "toself",
          fillcolor: `${color}40`,
          line: { width: 0 },
          hoverinfo: "skip",
          xaxis,
          yaxis,
        },
        {
          type: "scatter",
          name: NEURAL_DEPTH_LABELS[method],
          legendgroup: method,
          showlegend,
          mode: "lines+markers",
          x: Ks,
          y: band.map((b) => b.median),
          line: { color, width: 2 },
          marker: { color, size: 6 },
          xaxis,
          yaxis,
          hovertemplate: `${NEURAL_DEPTH_LABELS[method]}, K = %{x}: %{y:.3f}<extra></extra>`,
        },
      );
    }
  }
  const references = [
    ["table: base model", "base", POLICY_COLORS.base, "dot"],
    ["table: SFT limit (Theorem 2)", "sftLimit", POLICY_COLORS.sft, "dot"],
    ["optimum, 4WK + 2W - 2K", "optimum", POLICY_COLORS.optimal, "dash"],
    ["with memory, 2WK + W + 1", "memoryOptimum", "#000000", "dashdot"],
  ] as const;
  for (const [name, field, color, dash] of references) {
    data.push({
      type: "scatter",
      name,
      legendgroup: field,
      mode: "lines",
      x: Ks,
      y: d.references.map((r) => r[field]),
      line: { color, width: 1.5, dash },
      hovertemplate: `${name}, K = %{x}: %{y:.3f}<extra></extra>`,
    });
    if (field === "optimum" || field === "memoryOptimum") {
      data.push({
        type: "scatter",
        name,
        legendgroup: field,
        showlegend: false,
        mode: "lines",
        x: Ks,
        y: d.references.map((r) => overOptimum(r[field], r.optimum)),
        line: { color, width: 1.5, dash },
        xaxis: "x2",
        yaxis: "y2",
        hovertemplate: `${name} / optimum, K = %{x}: %{y:.3f}<extra></extra>`,
      });
    }
  }
  const trained = d.params.trainDepths;
  const shade = (xref: string, yref: string) => ({
    type: "rect",
    xref,
    yref,
    x0: Math.min(...trained) - 0.5,
    x1: Math.max(...trained) + 0.5,
    y0: 0,
    y1: 1,
    fillcolor: "rgba(0,0,0,0.06)",
    line: { width: 0 },
  });
  const coding = d.params.output === "deeper" ? "P(deeper)" : "P(go on)";
  // The "continue" reading is registered as its own figure (neuralDepthContinue): its traces' uids say so.
  return finishFigure(
    d.params.output === "deeper" ? "neuralDepth" : "neuralDepthContinue",
    data,
    baseLayout(`Trained at K = ${Math.min(...trained)}..${Math.max(...trained)} (shaded), evaluated deeper: output ${coding}, W = ${d.params.W}, L = ${d.params.L}`, {
      xaxis: axis("depth K of the graph", { dtick: 1, domain: [0, 0.28], anchor: "y" }),
      yaxis: axis("log10 expected hitting time", { anchor: "x" }),
      xaxis2: axis("depth K of the graph", { dtick: 1, domain: [0.36, 0.64], anchor: "y2" }),
      // Only curves near the optimum fit; the base and SFT networks leave the panel at the top.
      yaxis2: axis("hitting time / optimum 4WK + 2W - 2K", { anchor: "x2", range: [0, 2.5] }),
      xaxis3: axis("depth K of the graph", { dtick: 1, domain: [0.72, 1], anchor: "y3" }),
      yaxis3: axis("lowest P(desired) of b and d", { anchor: "x3", range: [-0.05, 1.05] }),
      shapes: [shade("x", "y domain"), shade("x2", "y2 domain"), shade("x3", "y3 domain")],
      width: 980,
      height: 520,
      legend: legendBelow(0.16),
      margin: { l: 70, r: 20, t: 60, b: 140 },
    }),
  );
}
