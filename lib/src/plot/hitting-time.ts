/**
 * Figures of Theorem 4 (inference-time separation, notebook 04): the expected
 * hitting time of the base walk, the SFT limit, RLVR and the optimum as the
 * depth K and the width W grow, and the per-diamond growth factor of the SFT
 * policy's exit time from a dead end. Every number comes from chain.ts.
 */
import type { GraphShape } from "../graph";
import { describeShape, pathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, optimalPolicy, sftLimitPolicy } from "../policy";
import { expectedExitTime, expectedHittingTime, log10ExpectedHittingTime } from "../chain";
import { trainRlvr, trainSft } from "../train";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, DASHES, finishFigure, POLICY_COLORS, range, legendBelow, sideBySide } from "./figure";

/** A policy of the comparison, by how the figures name it. */
interface ComparedPolicy {
  readonly key: "base" | "sft" | "rlvr" | "optimal";
  readonly label: string;
  readonly policy: (shape: GraphShape) => Policy;
  /** The optimum and the RLVR limit do not depend on L: drawn once, not per L. */
  readonly dependsOnL: boolean;
}

const COMPARED: readonly ComparedPolicy[] = [
  { key: "base", label: "base random walk", policy: basePolicy, dependsOnL: true },
  { key: "sft", label: "SFT limit", policy: sftLimitPolicy, dependsOnL: true },
  { key: "optimal", label: "optimal, 4WK + 2W - 2K", policy: optimalPolicy, dependsOnL: false },
  // Theorem 3: RLVR converges to the optimal policy. Drawn as markers over the optimum.
  { key: "rlvr", label: "RLVR limit", policy: optimalPolicy, dependsOnL: false },
];

/** The expected hitting time; a plot's axis needs doubles, so sizes beyond the double range are refused. */
function hittingTime(shape: GraphShape, policy: Policy): number {
  const log10 = log10ExpectedHittingTime(shape, policy);
  if (log10 > 300) {
    throw new RangeError(`the hitting time of ${describeShape(shape)} is about 10^${log10.toFixed(0)}: too large to plot, use smaller sizes`);
  }
  return expectedHittingTime(shape, policy);
}

export interface ExponentialGapOptions {
  /** Width for the panel against K. Defaults to 15 (Figure 3's size). */
  W?: number;
  /** Depths of the panel against K. Defaults to 1..15. */
  Ks?: number[];
  /** Diamond multiplicities, one line style each. Defaults to [2, 5, 9]. */
  Ls?: number[];
  /** Depth for the panel against W. Defaults to 10. */
  K?: number;
  /** Widths of the panel against W. Defaults to 2..30 (W = 1 has no dead end). */
  Ws?: number[];
  /**
   * Depths of the panel against K at which to also train SFT (trainSft's defaults)
   * and RLVR (trainRlvr's defaults, the Figure 3 protocol) for every L and draw
   * the trained policies' hitting times as markers. Defaults to none.
   */
  trainedKs?: number[];
  /** Widths of the panel against W at which to train likewise. Defaults to none. */
  trainedWs?: number[];
  /** Called after each trained policy (for example `loopProgress(label)`): trainings done, trainings in all. */
  onProgress?: (done: number, total: number, what?: string) => void;
}

export const EXPONENTIAL_GAP_DEFAULTS = {
  W: 15, Ks: range(1, 15), Ls: [2, 5, 9], K: 10, Ws: range(2, 30), trainedKs: [] as number[], trainedWs: [] as number[],
};

/**
 * Markers of trained policies: SFT on golden paths and RLVR, both with their
 * trainers' defaults. Colour by policy, symbol by L (filled for SFT, open for RLVR).
 */
const TRAINED = [
  { key: "sft", label: "SFT trained", train: (shape: GraphShape) => trainSft(shape).policy, fill: "" },
  { key: "rlvr", label: "RLVR trained", train: (shape: GraphShape) => trainRlvr(shape).policy, fill: "-open" },
] as const;
const MARKER_SYMBOLS = ["diamond", "square", "triangle-up", "star", "pentagon"] as const;

/**
 * Theorem 4: left, the expected hitting time against the depth K at fixed W (log
 * scale: the SFT limit is a straight line, exponential in K, above even the base
 * random walk); right, against the width W at fixed K (all polynomial).
 * With `trainedKs` / `trainedWs`, policies trained by trainSft and trainRlvr at
 * those sizes are drawn as markers beside the limits. Notebook 04.
 */
export function exponentialGap(options: ExponentialGapOptions = {}): Figure {
  const o = { ...EXPONENTIAL_GAP_DEFAULTS, ...options };
  const data: Trace[] = [];
  const trainings = TRAINED.length * o.Ls.length * (o.trainedKs.length + o.trainedWs.length);
  let trained = 0;
  const panels = [
    { xs: o.Ks, shapeAt: (K: number, L: number) => pathStar(o.W, K, L), xaxis: "x", yaxis: "y" },
    { xs: o.Ws, shapeAt: (W: number, L: number) => pathStar(W, o.K, L), xaxis: "x2", yaxis: "y2" },
  ];
  panels.forEach((panel, p) => {
    for (const compared of COMPARED) {
      const Ls = compared.dependsOnL ? o.Ls : [o.Ls[0]];
      Ls.forEach((L, l) => {
        const name = compared.dependsOnL ? `${compared.label}, L = ${L}` : compared.label;
        const isRlvr = compared.key === "rlvr";
        data.push({
          type: "scatter",
          name,
          legendgroup: name,
          showlegend: p === 0,
          mode: isRlvr ? "markers" : "lines",
          x: panel.xs,
          y: panel.xs.map((x) => hittingTime(panel.shapeAt(x, L), compared.policy(panel.shapeAt(x, L)))),
          xaxis: panel.xaxis,
          yaxis: panel.yaxis,
          line: { color: POLICY_COLORS[compared.key], width: 2, dash: compared.dependsOnL ? DASHES[l % DASHES.length] : "solid" },
          marker: isRlvr ? { color: POLICY_COLORS.rlvr, size: 6, symbol: "circle-open", line: { width: 1.5 } } : undefined,
          hovertemplate: `${name}<br>%{x}: %{y:.4s}<extra></extra>`,
        });
      });
    }
    const trainedAt = p === 0 ? o.trainedKs : o.trainedWs;
    if (trainedAt.length === 0) return;
    for (const policy of TRAINED) {
      o.Ls.forEach((L, l) => {
        const name = `${policy.label}, L = ${L}`;
        data.push({
          type: "scatter",
          name,
          legendgroup: name,
          showlegend: p === 0 || o.trainedKs.length === 0,
          mode: "markers",
          x: trainedAt,
          y: trainedAt.map((x) => {
            const shape = panel.shapeAt(x, L);
            const time = hittingTime(shape, policy.train(shape));
            o.onProgress?.(++trained, trainings, `${policy.label}, ${describeShape(shape)}`);
            return time;
          }),
          xaxis: panel.xaxis,
          yaxis: panel.yaxis,
          marker: { color: POLICY_COLORS[policy.key], size: 8, symbol: MARKER_SYMBOLS[l % MARKER_SYMBOLS.length] + policy.fill },
          hovertemplate: `${name}<br>%{x}: %{y:.4s}<extra></extra>`,
        });
      });
    }
  });
  return finishFigure("exponentialGap", data.map(withoutUndefined), baseLayout("Expected hitting time: SFT is exponential in the depth K", {
    ...sideBySide(
      { x: axis(`depth K (W = ${o.W})`), y: axis("expected hitting time (steps)", { log: true }) },
      { x: axis(`width W (K = ${o.K})`), y: axis("", { log: true }) },
    ),
    width: 980,
    height: 520,
    legend: legendBelow(0.18),
    margin: { l: 70, r: 20, t: 60, b: 150 },
  }));
}

/** Drops undefined fields, so figures serialise the same way they compare. */
function withoutUndefined(trace: Trace): Trace {
  return Object.fromEntries(Object.entries(trace).filter(([, v]) => v !== undefined)) as Trace;
}

export interface GrowthFactorOptions {
  /** Diamond multiplicities, one curve each. Defaults to [1, 2, 3, 5, 9]. */
  Ls?: number[];
  /** Depths K at which the ratio exit(K + 1) / exit(K) is taken. Defaults to 1..20. */
  Ks?: number[];
  /** Width (the exit time does not depend on it). Defaults to 3. */
  W?: number;
}

export const GROWTH_FACTOR_DEFAULTS = { Ls: [1, 2, 3, 5, 9], Ks: range(1, 20), W: 3 };

/**
 * Theorem 4's mechanism: under the SFT limit, one more diamond multiplies the
 * expected exit time from a dead leaf by a factor that tends to (L + 1)^2 / L
 * (dashed lines). The ratios come from `expectedExitTime`. Notebook 04.
 */
export function growthFactor(options: GrowthFactorOptions = {}): Figure {
  const o = { ...GROWTH_FACTOR_DEFAULTS, ...options };
  const exit = (K: number, L: number) => {
    const shape = pathStar(o.W, K, L);
    return expectedExitTime(shape, sftLimitPolicy(shape));
  };
  const palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
  const data: Trace[] = [];
  o.Ls.forEach((L, i) => {
    const color = palette[i % palette.length];
    data.push({
      type: "scatter",
      name: `L = ${L}`,
      legendgroup: `L = ${L}`,
      mode: "lines+markers",
      x: o.Ks,
      y: o.Ks.map((K) => exit(K + 1, L) / exit(K, L)),
      line: { color, width: 2 },
      marker: { color, size: 5 },
      hovertemplate: `L = ${L}, K = %{x}: ratio %{y:.4f}<extra></extra>`,
    });
    const limit = (L + 1) ** 2 / L;
    data.push({
      type: "scatter",
      name: i === 0 ? "dashed: the limit (L + 1)²/L" : `(L + 1)²/L = ${Number(limit.toFixed(3))}`,
      legendgroup: i === 0 ? "limit" : `L = ${L}`,
      showlegend: i === 0,
      mode: "lines",
      x: [o.Ks[0], o.Ks[o.Ks.length - 1]],
      y: [limit, limit],
      line: { color, width: 1, dash: "dash" },
      hovertemplate: `(L + 1)²/L = ${limit.toFixed(4)}<extra></extra>`,
    });
  });
  return finishFigure("growthFactor", data, baseLayout("SFT limit: each diamond multiplies the exit time by about (L + 1)²/L", {
    xaxis: axis("depth K"),
    yaxis: axis("exit time at depth K + 1 / exit time at depth K"),
  }));
}
