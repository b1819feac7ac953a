/**
 * Figures of training runs (Theorem 2, notebook 02; Theorem 3 and Figure 3,
 * notebook 03; Theorem 5, appendix A1). The builders call the trainers of
 * lib/src/train and arrange their histories.
 */
import { pathStar } from "../graph";
import { expectedHittingTime } from "../chain";
import { optimalPolicy, FAMILIES } from "../policy";
import type { TrainingRecord } from "../train";
import { distill, trainRlvr, trainSft } from "../train";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, POLICY_COLORS, legendBelow, sideBySide } from "./figure";

/** A record's expected hitting time as a double (records beyond the double range keep only the log). */
function hittingTimeOf(record: TrainingRecord): number {
  return record.hittingTime ?? 10 ** record.log10HittingTime;
}

/** One colour per family a, b, c, d (shared by the training figures). */
export const FAMILY_COLORS = { a: "#0072b2", b: "#d55e00", c: "#009e73", d: "#cc79a7" } as const;
/** What each family's desired move is, as the figures label it. */
export const FAMILY_MEANING = {
  a: "a: on after a diamond",
  b: "b: back through a diamond",
  c: "c: into a diamond",
  d: "d: back toward the fork",
} as const;

export interface SftDynamicsOptions {
  W?: number;
  K?: number;
  L?: number;
  /** Gradient steps of SFT on golden paths (population mode, learning rate 0.5). Defaults to 2000. */
  steps?: number;
}

export const SFT_DYNAMICS_DEFAULTS = { W: 15, K: 15, L: 5, steps: 2000 };

/**
 * Theorem 2: SFT on golden paths (`trainSft`) drives a and c toward 1 while b and
 * d stay exactly at their base values; the expected hitting time grows to the
 * SFT limit's. Left: P(desired) of each family at depth 1 (solid) and depth K
 * (dotted) against the step; right: the expected hitting time. Notebook 02.
 */
export function sftDynamics(options: SftDynamicsOptions = {}): Figure {
  const o = { ...SFT_DYNAMICS_DEFAULTS, ...options };
  const shape = pathStar(o.W, o.K, o.L);
  // Every record would make a large figure: keep about 400 of them, the last included.
  const stride = Math.max(1, Math.ceil(o.steps / 400));
  const history = trainSft(shape, { steps: o.steps }).history.filter((r) => r.step % stride === 0 || r.step === o.steps);
  const steps = history.map((r) => r.step);
  const data: Trace[] = [];
  for (const family of FAMILIES) {
    for (const [depth, dash] of [[1, "solid"], [o.K, "dot"]] as const) {
      if (depth === 1 && o.K === 1 && dash === "dot") continue;
      data.push({
        type: "scatter",
        name: depth === 1 ? FAMILY_MEANING[family] : `${family} at depth K = ${o.K}`,
        legendgroup: family,
        showlegend: depth === 1,
        mode: "lines",
        x: steps,
        y: history.map((r) => r.probabilities[family][depth - 1]),
        line: { color: FAMILY_COLORS[family], width: 2, dash },
        hovertemplate: `${family}_${depth}, step %{x}: %{y:.4f}<extra></extra>`,
      });
    }
  }
  data.push({
    type: "scatter",
    name: "expected hitting time",
    mode: "lines",
    x: steps,
    y: history.map(hittingTimeOf),
    xaxis: "x2",
    yaxis: "y2",
    line: { color: POLICY_COLORS.sft, width: 2 },
    hovertemplate: "step %{x}: %{y:.4s} steps<extra></extra>",
  });
  return finishFigure("sftDynamics", data, baseLayout(`SFT on golden paths, G(${o.W}, ${o.K}, ${o.L}): a, c → 1; b, d never move`, {
    ...sideBySide(
      { x: axis("SFT step"), y: axis("P(desired move)", { range: [0, 1.02] }) },
      { x: axis("SFT step"), y: axis("expected hitting time (steps)", { log: true, side: "right" }) },
    ),
    width: 980,
    height: 480,
    legend: legendBelow(0.16),
    margin: { l: 70, r: 80, t: 60, b: 110 },
  }));
}

export interface Figure3Options {
  W?: number;
  K?: number;
  L?: number;
  /** Sign gradient steps of RLVR and of the student. Defaults to 1200. */
  steps?: number;
  /** Step size on the logits. Defaults to 0.01. */
  learningRate?: number;
  /** Teacher walks the student is trained on. Defaults to 1000. */
  traces?: number;
}

export const FIGURE3_DEFAULTS = { W: 15, K: 15, L: 5, steps: 1200, learningRate: 0.01, traces: 1000 };

/**
 * Figure 3 of the paper (Theorems 3 and 5): the expected hitting time of RLVR
 * (exact policy gradient, sign steps of 0.01 from the base model) and of a student
 * distilled by SFT on the RLVR policy's walks, against the training step, on G(15,
 * 15, 5); the dashed line is the optimum, 900. Notebook 03 (and A1).
 */
export function figure3(options: Figure3Options = {}, seed = "fig3"): Figure {
  const o = { ...FIGURE3_DEFAULTS, ...options };
  const shape = pathStar(o.W, o.K, o.L);
  const training = { steps: o.steps, learningRate: o.learningRate, optimizer: "sign" as const };
  const rlvr = trainRlvr(shape, { ...training, seed: `${seed}/rlvr` });
  const student = distill(shape, { ...training, teacher: rlvr.policy, traces: o.traces, seed: `${seed}/distill` });
  const optimum = expectedHittingTime(shape, optimalPolicy(shape));
  const curve = (name: string, history: TrainingRecord[], color: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: history.map((r) => r.step),
    y: history.map(hittingTimeOf),
    line: { color, width: 2.5 },
    hovertemplate: `${name}, step %{x}: %{y:.4s} steps<extra></extra>`,
  });
  // The student tracks RLVR closely: drawn wide and pale underneath, RLVR on top.
  const studentCurve = curve("distilled student (SFT on RLVR walks)", student.history, POLICY_COLORS.distilled);
  const data: Trace[] = [
    { ...studentCurve, line: { color: POLICY_COLORS.distilled, width: 7 }, opacity: 0.5 },
    curve("RLVR", rlvr.history, POLICY_COLORS.rlvr),
    {
      type: "scatter",
      name: `optimum, 4WK + 2W - 2K = ${Math.round(optimum)}`,
      mode: "lines",
      x: [0, o.steps],
      y: [optimum, optimum],
      line: { color: POLICY_COLORS.optimal, width: 1.5, dash: "dash" },
      hovertemplate: `optimum: ${Math.round(optimum)}<extra></extra>`,
    },
  ];
  return finishFigure("figure3", data, baseLayout(`Figure 3: RLVR and its distilled student on G(${o.W}, ${o.K}, ${o.L})`, {
    xaxis: axis(`training step (sign steps of ${o.learningRate})`),
    yaxis: axis("expected hitting time (steps)", { log: true }),
    legend: { x: 0.98, xanchor: "right", y: 0.98, bordercolor: "#ccc", borderwidth: 1 },
  }));
}
