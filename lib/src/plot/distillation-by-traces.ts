/**
 * Theorem 5 measured (appendix notebook A1): the distilled student's expected
 * hitting time against the number of teacher walks it was trained on, beside the
 * teacher, the optimum and the golden-path control. The numbers come from
 * `distill` and chain.ts; the builder only draws them.
 */
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, legendBelow, POLICY_COLORS, sideBySide } from "./style";

export interface DistillationByTracesData {
  /** Numbers of teacher walks, one student each. */
  readonly traces: readonly number[];
  /** Each student's exact expected hitting time. */
  readonly student: readonly number[];
  /** The teacher's expected hitting time. */
  readonly teacher: number;
  /** The optimal policy's expected hitting time. */
  readonly optimum: number;
  /** Students trained on golden paths (the negative control), at some of the same numbers of walks. */
  readonly golden?: { readonly traces: readonly number[]; readonly hittingTime: readonly number[] };
  /** Graph name for the title, such as "G(15, 15, 5)". */
  readonly graphName: string;
}

/**
 * Theorem 5 (notebook A1), two panels against the number of walks in the data
 * (log x): left, on a linear scale, the students' expected hitting times beside
 * the teacher and the optimum (horizontal lines), so that small differences show;
 * right, on a log scale, the students and the golden-path control, which stays
 * exponentially slow.
 */
export function distillationByTraces(d: DistillationByTracesData): Figure {
  if (d.traces.length !== d.student.length) throw new RangeError("traces and student must have the same length");
  if (d.golden && d.golden.traces.length !== d.golden.hittingTime.length) {
    throw new RangeError("golden.traces and golden.hittingTime must have the same length");
  }
  const allTraces = [...d.traces, ...(d.golden ? d.golden.traces : [])];
  const ends = [Math.min(...allTraces), Math.max(...allTraces)];
  const level = (name: string, y: number, color: string, dash: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: ends,
    y: [y, y],
    line: { color, width: 1.5, dash },
    hovertemplate: `${name}: %{y:.5s}<extra></extra>`,
  });
  const studentTrace = (xaxis: string, yaxis: string, showlegend: boolean): Trace => ({
    type: "scatter",
    name: "student: SFT on teacher walks",
    legendgroup: "student",
    showlegend,
    mode: "lines+markers",
    x: [...d.traces],
    y: [...d.student],
    line: { color: POLICY_COLORS.distilled, width: 2 },
    marker: { color: POLICY_COLORS.distilled, size: 8 },
    xaxis,
    yaxis,
    hovertemplate: "%{x} teacher walks: %{y:.6s} steps<extra></extra>",
  });
  const data: Trace[] = [
    level(`teacher (RLVR), ${d.teacher.toFixed(2)}`, d.teacher, POLICY_COLORS.rlvr, "solid"),
    level(`optimum, ${d.optimum.toFixed(0)}`, d.optimum, POLICY_COLORS.optimal, "dash"),
    studentTrace("x", "y", true),
    studentTrace("x2", "y2", false),
  ];
  if (d.golden) {
    data.push({
      type: "scatter",
      name: "control: SFT on golden paths",
      mode: "lines+markers",
      x: [...d.golden.traces],
      y: [...d.golden.hittingTime],
      line: { color: POLICY_COLORS.golden, width: 2 },
      marker: { color: POLICY_COLORS.golden, size: 8, symbol: "square" },
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: "%{x} golden paths: %{y:.3s} steps<extra></extra>",
    });
  }
  return finishFigure("distillationByTraces", data, baseLayout(`Distillation on ${d.graphName}: the student's hitting time against the data`, {
    ...sideBySide(
      { x: axis("walks in the training data", { log: true }), y: axis("expected hitting time (steps)") },
      { x: axis("walks in the training data", { log: true }), y: axis("expected hitting time (steps, log)", { log: true }) },
    ),
    width: 980,
    height: 500,
    legend: legendBelow(0.18),
    margin: { l: 70, r: 20, t: 60, b: 120 },
  }));
}
