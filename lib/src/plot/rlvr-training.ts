/**
 * Figures of RLVR training runs (Theorem 3, notebook 03): the expected hitting
 * time against the training step, and every family's probability at every depth
 * over training as a heatmap. Both are pure: they arrange the `history` a trainer
 * returned (trainRlvr, or any trainer's TrainingRecord[]) and train nothing.
 */
import type { TrainingRecord } from "../train";
import { FAMILIES } from "../policy";
import type { Figure, Trace } from "./figure";
import { drawableHittingTime, thinHistory } from "../rows";
import { axis, baseLayout, FAMILY_MEANING, finishFigure, legendBelow, panelTitle, POLICY_COLORS } from "./style";

/** One run for `rlvrHittingTimeCurves`. */
export interface RlvrRun {
  /** Panel title, for example "exact gradient, G(15, 15, 5)". */
  readonly label: string;
  readonly history: readonly TrainingRecord[];
  /** The optimal expected hitting time on the run's graph (drawn dashed); omit to leave it out. */
  readonly optimum?: number;
  /** Line colour; defaults to the RLVR colour. */
  readonly color?: string;
}

export interface RlvrCurvesOptions {
  /** Points drawn per curve (the history is thinned evenly). Defaults to 400. */
  maxPoints?: number;
  /** Figure title. */
  title?: string;
}

export const RLVR_CURVES_DEFAULTS = { maxPoints: 400, title: "RLVR: expected hitting time over training" };

/**
 * Theorem 3: the exact expected hitting time of each run's policy against the
 * training step, one panel per run side by side (runs may be on different graphs),
 * log y axis, with the optimum dashed. Notebook 03.
 */
export function rlvrHittingTimeCurves(runs: readonly RlvrRun[], options: RlvrCurvesOptions = {}): Figure {
  const o = { ...RLVR_CURVES_DEFAULTS, ...options };
  if (runs.length === 0) throw new RangeError("rlvrHittingTimeCurves needs at least one run");
  const gap = 0.08;
  const width = (1 - gap * (runs.length - 1)) / runs.length;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  runs.forEach((run, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const records = thinHistory(run.history, o.maxPoints);
    const steps = records.map((r) => r.step);
    const color = run.color ?? POLICY_COLORS.rlvr;
    data.push({
      type: "scatter",
      name: run.label,
      mode: "lines",
      x: steps,
      y: records.map(drawableHittingTime),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      line: { color, width: 2.5 },
      hovertemplate: `${run.label}, step %{x}: %{y:.5s} steps<extra></extra>`,
    });
    if (run.optimum !== undefined) {
      data.push({
        type: "scatter",
        name: `optimum ${Number(run.optimum.toPrecision(6))} (${run.label})`,
        mode: "lines",
        x: [steps[0], steps[steps.length - 1]],
        y: [run.optimum, run.optimum],
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        line: { color: POLICY_COLORS.optimal, width: 1.5, dash: "dash" },
        hovertemplate: `optimum: ${run.optimum}<extra></extra>`,
      });
    }
    const left = i * (width + gap);
    layout[`xaxis${suffix}`] = axis("training step", { domain: [left, left + width], anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(i === 0 ? "expected hitting time (steps)" : "", { log: true, anchor: `x${suffix}` });
  });
  const annotations = runs.map((run, i) => panelTitle(run.label, i * (width + gap) + width / 2, 1.0));
  return finishFigure("rlvrHittingTimeCurves", data, baseLayout(o.title, {
    ...layout,
    annotations,
    width: runs.length > 1 ? 980 : 820,
    height: 480,
    legend: legendBelow(0.16),
    margin: { l: 70, r: 20, t: 80, b: 110 },
  }));
}

export interface FamilyHeatmapOptions {
  /** Training steps drawn (the history is thinned evenly). Defaults to 200. */
  maxColumns?: number;
  /** Figure title. */
  title?: string;
}

export const FAMILY_HEATMAP_DEFAULTS = { maxColumns: 200, title: "P(desired move) of every family at every depth over training" };

/**
 * Theorem 3: for each family a, b, c, d (four panels), P(desired move) at every
 * depth (rows) against the training step (columns), on one shared colour scale
 * from 0 to 1. Under RLVR every cell turns to 1; under SFT the b and d panels
 * never change. Pure: arranges a trainer's history. Notebook 03.
 */
export function familyHeatmap(history: readonly TrainingRecord[], options: FamilyHeatmapOptions = {}): Figure {
  const o = { ...FAMILY_HEATMAP_DEFAULTS, ...options };
  const records = thinHistory(history, o.maxColumns);
  const depthCount = records[0].probabilities.a.length;
  const steps = records.map((r) => r.step);
  const depths = Array.from({ length: depthCount }, (_, j) => j + 1);
  // 2 x 2 grid: a top left, b top right, c bottom left, d bottom right.
  const cells = [
    { x: [0, 0.45], y: [0.56, 1] },
    { x: [0.55, 1], y: [0.56, 1] },
    { x: [0, 0.45], y: [0, 0.44] },
    { x: [0.55, 1], y: [0, 0.44] },
  ];
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  FAMILIES.forEach((family, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    data.push({
      type: "heatmap",
      name: FAMILY_MEANING[family],
      x: steps,
      y: depths,
      // z[row = depth][column = step]
      z: depths.map((_, j) => records.map((r) => r.probabilities[family][j])),
      coloraxis: "coloraxis",
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `${family}_%{y}, step %{x}: P(desired) = %{z:.4f}<extra></extra>`,
    });
    layout[`xaxis${suffix}`] = axis(i >= 2 ? "training step" : "", { domain: cells[i].x, anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(i % 2 === 0 ? "depth j" : "", { domain: cells[i].y, anchor: `x${suffix}`, ...(depthCount <= 20 ? { dtick: 1 } : {}) });
  });
  const annotations = FAMILIES.map((family, i) => panelTitle(FAMILY_MEANING[family], (cells[i].x[0] + cells[i].x[1]) / 2, cells[i].y[1]));
  return finishFigure("familyHeatmap", data, baseLayout(o.title, {
    ...layout,
    annotations,
    coloraxis: { cmin: 0, cmax: 1, colorscale: "Viridis", colorbar: { title: { text: "P(desired)" } } },
    width: 980,
    height: 640,
    margin: { l: 70, r: 20, t: 80, b: 60 },
  }));
}
