/**
 * Theorem 4 (inference-time separation, notebook 04): the expected hitting time
 * of the base walk, the SFT limit, the optimum (which RLVR reaches) and, at a few
 * sizes, policies trained by SFT and RLVR, as the depth K and the width W grow.
 * Every number comes from chain.ts.
 */
import type { GraphShape } from "../graph";
import { describeShape, pathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, optimalPolicy, sftLimitPolicy } from "../policy";
import { expectedHittingTime, log10ExpectedHittingTime } from "../chain";
import { trainRlvr, trainSft } from "../train";
import type { Figure, Trace } from "./figure";
import type { Progress } from "./rows";
import { range, requireIntegerList } from "./rows";
import { axis, baseLayout, DASHES, decadeTicks, finishFigure, legendBelow, panelNote, POLICY_COLORS, sideBySide } from "./style";

export interface ExponentialGapParams {
  /** Width of the sweep in K. */
  W: number;
  /** Depths of the sweep in K. */
  Ks: number[];
  /** Diamond multiplicities: every curve is drawn for each (one dash each). */
  Ls: number[];
  /** Depth of the sweep in W. */
  K: number;
  /** Widths of the sweep in W (W = 1 has no dead end). */
  Ws: number[];
  /** Depths of the sweep in K at which SFT and RLVR are trained (trainers' defaults) for every L. */
  trainedKs: number[];
  /** Widths of the sweep in W at which they are trained likewise. */
  trainedWs: number[];
}

export const EXPONENTIAL_GAP_DEFAULTS: ExponentialGapParams = {
  W: 15, Ks: range(1, 15), Ls: [2, 5, 9], K: 10, Ws: range(2, 30), trainedKs: [5, 10, 15], trainedWs: [],
};

/** The policies of the comparison. "optimal" is also the RLVR limit (Theorem 3). */
export const GAP_POLICIES = ["base", "sftLimit", "optimal", "sftTrained", "rlvrTrained"] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

/** One exact expected hitting time. */
export interface ExponentialGapRow {
  /** Which sweep the row belongs to: in the depth K (at fixed W) or in the width W (at fixed K). */
  readonly sweep: "K" | "W";
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly policy: GapPolicy;
  readonly hittingTime: number;
}

export interface ExponentialGapData {
  readonly W: number;
  readonly K: number;
  readonly Ls: readonly number[];
  readonly rows: ExponentialGapRow[];
}

/** The expected hitting time; a plot's axis needs doubles, so sizes beyond the double range are refused. */
function hittingTime(shape: GraphShape, policy: Policy): number {
  const log10 = log10ExpectedHittingTime(shape, policy);
  if (log10 > 300) {
    throw new RangeError(`the hitting time of ${describeShape(shape)} is about 10^${log10.toFixed(0)}: too large to plot, use smaller sizes`);
  }
  return expectedHittingTime(shape, policy);
}

const LIMIT_POLICIES: Record<"base" | "sftLimit" | "optimal", (shape: GraphShape) => Policy> = {
  base: basePolicy,
  sftLimit: sftLimitPolicy,
  optimal: optimalPolicy,
};
const TRAINED_POLICIES: Record<"sftTrained" | "rlvrTrained", (shape: GraphShape) => Policy> = {
  sftTrained: (shape) => trainSft(shape).policy,
  rlvrTrained: (shape) => trainRlvr(shape).policy,
};

/**
 * Computes every row of Theorem 4's comparison. `onProgress` (for example
 * `loopProgress(label)`) is called after each trained policy.
 */
export function exponentialGapData(
  params: ExponentialGapParams = EXPONENTIAL_GAP_DEFAULTS,
  onProgress?: Progress,
): ExponentialGapData {
  const max = 1_000_000_000;
  const Ks = requireIntegerList("Ks", params.Ks, 1, max);
  const Ws = requireIntegerList("Ws", params.Ws, 1, max);
  const Ls = requireIntegerList("Ls", params.Ls, 1, max);
  const trainedKs = requireIntegerList("trainedKs", params.trainedKs, 1, max, 0);
  const trainedWs = requireIntegerList("trainedWs", params.trainedWs, 1, max, 0);
  const { W, K } = pathStar(params.W, params.K, 1);
  const sweeps = [
    { sweep: "K" as const, xs: Ks, trained: trainedKs, shapeAt: (x: number, L: number) => pathStar(W, x, L) },
    { sweep: "W" as const, xs: Ws, trained: trainedWs, shapeAt: (x: number, L: number) => pathStar(x, K, L) },
  ];
  const total = 2 * Ls.length * (trainedKs.length + trainedWs.length);
  let done = 0;
  const rows: ExponentialGapRow[] = [];
  for (const { sweep, xs, trained, shapeAt } of sweeps) {
    for (const L of Ls) {
      const row = (shape: GraphShape, policy: GapPolicy, time: number): ExponentialGapRow =>
        ({ sweep, W: shape.W, K: shape.K, L, policy, hittingTime: time });
      for (const [policy, of] of Object.entries(LIMIT_POLICIES) as [GapPolicy, (s: GraphShape) => Policy][]) {
        for (const x of xs) rows.push(row(shapeAt(x, L), policy, hittingTime(shapeAt(x, L), of(shapeAt(x, L)))));
      }
      for (const [policy, train] of Object.entries(TRAINED_POLICIES) as [GapPolicy, (s: GraphShape) => Policy][]) {
        for (const x of trained) {
          const shape = shapeAt(x, L);
          rows.push(row(shape, policy, hittingTime(shape, train(shape))));
          onProgress?.(++done, total, `${policy}, ${describeShape(shape)}`);
        }
      }
    }
  }
  return { W, K, Ls, rows };
}

/** How each policy is drawn: colour by policy; the dash (lines) or the symbol (markers) by L. */
const LOOK: Record<GapPolicy, { label: string; color: string; markers: boolean; fill: string }> = {
  base: { label: "base random walk", color: POLICY_COLORS.base, markers: false, fill: "" },
  sftLimit: { label: "SFT limit", color: POLICY_COLORS.sft, markers: false, fill: "" },
  optimal: { label: "optimum = RLVR limit, 4WK + 2W − 2K", color: POLICY_COLORS.optimal, markers: false, fill: "" },
  sftTrained: { label: "SFT trained", color: POLICY_COLORS.sft, markers: true, fill: POLICY_COLORS.sft },
  rlvrTrained: { label: "RLVR trained", color: POLICY_COLORS.rlvr, markers: true, fill: "white" },
};
const SYMBOLS = ["diamond", "square", "triangle-up", "circle", "pentagon"] as const;

/**
 * Theorem 4 drawn: left, against the depth K (log y: the SFT limit is a straight
 * line, exponential in K, above even the base walk); right, against the width W
 * on log-log axes (straight lines of slope about 1: linear in W). Colour says the
 * policy, the dash or the marker says L. The legend keeps the two keys apart, each
 * under its own title: the policies in their colours (solid lines, round
 * markers: no L's dash or symbol), then each L's dash and marker in black.
 * Trained RLVR is drawn as white-filled markers over the optimum.
 */
export function exponentialGapFigure(data: ExponentialGapData): Figure {
  const traces: Trace[] = [];
  const panels = [
    { sweep: "K" as const, xaxis: "x", yaxis: "y", xOf: (r: ExponentialGapRow) => r.K },
    { sweep: "W" as const, xaxis: "x2", yaxis: "y2", xOf: (r: ExponentialGapRow) => r.W },
  ];
  for (const panel of panels) {
    for (const policy of GAP_POLICIES) {
      const look = LOOK[policy];
      // The optimum does not depend on L: one line.
      const Ls = policy === "optimal" ? [data.Ls[0]] : data.Ls;
      Ls.forEach((L, l) => {
        const rows = data.rows.filter((r) => r.sweep === panel.sweep && r.policy === policy && r.L === L);
        if (rows.length === 0) return;
        traces.push({
          type: "scatter",
          name: look.label,
          legendgroup: policy,
          showlegend: false,
          mode: look.markers ? "markers" : "lines",
          x: rows.map(panel.xOf),
          y: rows.map((r) => r.hittingTime),
          xaxis: panel.xaxis,
          yaxis: panel.yaxis,
          ...(look.markers
            ? { marker: { color: look.fill, size: 10, symbol: SYMBOLS[l % SYMBOLS.length], line: { color: look.color, width: 2 } } }
            : { line: { color: look.color, width: policy === "optimal" ? 3 : 2, dash: DASHES[l % DASHES.length] } }),
          hovertemplate: `${look.label}${policy === "optimal" ? "" : `, L = ${L}`}<br>${panel.sweep} = %{x}: %{y:.4s} steps<extra></extra>`,
        });
      });
    }
  }
  // The policy key: one entry per policy in its colour, neither dashed nor in an L's symbol.
  GAP_POLICIES.forEach((policy, i) => {
    const look = LOOK[policy];
    traces.push({
      type: "scatter", name: look.label, legendgroup: "policy", mode: look.markers ? "markers" : "lines", x: [null], y: [null],
      ...(i === 0 ? { legendgrouptitle: { text: "colour: the policy" } } : {}),
      ...(look.markers
        ? { marker: { color: look.fill, size: 10, symbol: "circle", line: { color: look.color, width: 2 } } }
        : { line: { color: look.color, width: policy === "optimal" ? 3 : 2 } }),
    });
  });
  // The L key: one black entry per L showing its dash and its marker.
  data.Ls.forEach((L, l) => {
    traces.push({
      type: "scatter", name: `L = ${L}`, legendgroup: "L", mode: "lines+markers", x: [null], y: [null],
      ...(l === 0 ? { legendgrouptitle: { text: "dash and marker: L" } } : {}),
      line: { color: "#222", width: 2, dash: DASHES[l % DASHES.length] },
      marker: { color: "#222", size: 9, symbol: SYMBOLS[l % SYMBOLS.length] },
    });
  });
  const values = (sweep: "K" | "W") => data.rows.filter((r) => r.sweep === sweep).map((r) => r.hittingTime);
  const Ws = [...new Set(data.rows.filter((r) => r.sweep === "W").map((r) => r.W))];
  return finishFigure("exponentialGap", traces, baseLayout("Expected hitting time: SFT is exponential in the depth K, every policy linear in W", {
    ...sideBySide(
      { x: axis(`depth K (W = ${data.W})`), y: axis("expected hitting time (steps)", { log: true, ...decadeTicks(values("K")) }) },
      {
        x: axis(`width W (K = ${data.K}), log scale`, { log: true, tickvals: [1, 2, 5, 10, 20, 50, 100, 200, 500].filter((w) => w >= Math.min(...Ws) && w <= Math.max(...Ws)) }),
        y: axis("", { log: true, ...decadeTicks(values("W")) }),
      },
    ),
    annotations: [panelNote("log-log: a line of slope 1 is linear in W", { xaxis: "x2", yaxis: "y2", x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom" })],
    width: 980,
    height: 540,
    legend: legendBelow(0.15),
    margin: { l: 70, r: 20, t: 60, b: 120 },
  }));
}
