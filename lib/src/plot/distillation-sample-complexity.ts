/**
 * Distillation where the amount of data matters (Theorem 5, appendix notebook A1):
 * the students' deviation from the teacher against N beside the delta-method
 * prediction, and the golden-path control. The rows come from
 * experiments/distillation-by-sample-size.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { baseLayout, decadeTicks, finishFigure, legendBelow, POLICY_COLORS, axis } from "./style";
import type { DistillationSampleComplexityData } from "../experiments/distillation-by-sample-size";

/**
 * Left, log-log: each student's relative deviation from the teacher's hitting
 * time against the number of teacher walks (circles; crosses where the walks
 * missed a decision), the root-mean-square over seeds (line) and the delta-method
 * prediction (dashed, slope -1/2). Right, log y: the students' hitting times, the
 * teacher, the optimum and the golden-path control. Appendix notebook A1.
 */
export function distillationSampleComplexityFigure(data: DistillationSampleComplexityData): Figure {
  const covered = data.students.filter((s) => s.covered && s.relativeDeviation !== null);
  const missed = data.students.filter((s) => !s.covered);
  // Labelled ticks at the numbers of walks and at whole decades of deviation: no minor-tick clutter.
  const counts = [...new Set([...data.students.map((s) => s.traces), ...data.golden.map((g) => g.traces)])].sort((a, b) => a - b);
  const walkTicks = { tickvals: counts, ticktext: counts.map(String) };
  const deviationTicks = decadeTicks([
    ...covered.map((s) => Math.max(s.relativeDeviation as number, 1e-6)), ...data.spread.map((r) => r.predictedRelativeSpread),
  ], 6);
  const traces: Trace[] = [
    {
      type: "scatter",
      name: "a student (one data set)",
      mode: "markers",
      x: covered.map((s) => s.traces),
      y: covered.map((s) => Math.max(s.relativeDeviation as number, 1e-6)),
      marker: { color: POLICY_COLORS.distilled, size: 7, symbol: "circle-open" },
      hovertemplate: "%{x} walks: deviation %{y:.2%}<extra></extra>",
    },
    {
      type: "scatter",
      name: "root mean square over data sets",
      mode: "lines+markers",
      x: data.spread.filter((r) => r.rmsRelativeDeviation !== null).map((r) => r.traces),
      y: data.spread.filter((r) => r.rmsRelativeDeviation !== null).map((r) => r.rmsRelativeDeviation),
      line: { color: POLICY_COLORS.distilled, width: 2.5 },
      marker: { color: POLICY_COLORS.distilled, size: 6 },
      hovertemplate: "%{x} walks: rms deviation %{y:.2%}<extra></extra>",
    },
    {
      type: "scatter",
      name: "delta-method prediction ∝ 1/√N",
      mode: "lines",
      x: data.spread.map((r) => r.traces),
      y: data.spread.map((r) => r.predictedRelativeSpread),
      line: { color: "#444", width: 1.5, dash: "dash" },
      hovertemplate: "%{x} walks: predicted %{y:.2%}<extra></extra>",
    },
  ];
  // The right panel's log axis takes the hitting times themselves (the rows hold their log10).
  const onAxis = (log10: number) => 10 ** log10;
  if (missed.length > 0) {
    traces.push({
      type: "scatter",
      name: "walks missed a decision (right panel)",
      mode: "markers",
      x: missed.map((s) => s.traces),
      y: missed.map((s) => onAxis(s.log10HittingTime)),
      marker: { color: POLICY_COLORS.sft, size: 9, symbol: "x" },
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: "%{x} walks, a decision never seen: E[T] = %{y:.3s}<extra></extra>",
    });
  }
  const ends = [Math.min(...data.students.map((s) => s.traces), ...data.golden.map((g) => g.traces)),
    Math.max(...data.students.map((s) => s.traces), ...data.golden.map((g) => g.traces))];
  const level = (name: string, value: number, color: string, dash: string): Trace => ({
    type: "scatter",
    name,
    mode: "lines",
    x: ends,
    y: [value, value],
    line: { color, width: 1.5, dash },
    xaxis: "x2",
    yaxis: "y2",
    hovertemplate: `${name}<extra></extra>`,
  });
  traces.push(
    {
      type: "scatter",
      name: "students (right panel)",
      mode: "markers",
      showlegend: false,
      x: covered.map((s) => s.traces),
      y: covered.map((s) => onAxis(s.log10HittingTime)),
      marker: { color: POLICY_COLORS.distilled, size: 7, symbol: "circle-open" },
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: "%{x} teacher walks: E[T] = %{y:.4s}<extra></extra>",
    },
    level(`teacher (RLVR after ${data.teacher.steps} steps), ${data.teacher.hittingTime.toFixed(0)}`, data.teacher.hittingTime, POLICY_COLORS.rlvr, "solid"),
    level(`base model, ${data.baseHittingTime.toFixed(0)}`, data.baseHittingTime, POLICY_COLORS.base, "dot"),
    level(`optimum, ${data.optimum.toFixed(0)}`, data.optimum, POLICY_COLORS.optimal, "dash"),
    {
      type: "scatter",
      name: "control: the same SFT on golden paths",
      mode: "lines+markers",
      x: data.golden.map((g) => g.traces),
      y: data.golden.map((g) => onAxis(g.log10HittingTime)),
      line: { color: POLICY_COLORS.golden, width: 2 },
      marker: { color: POLICY_COLORS.golden, size: 8, symbol: "square" },
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: "%{x} golden paths: E[T] = %{y:.3s}<extra></extra>",
    },
  );
  const rightValues = traces.filter((t) => t.yaxis === "y2").flatMap((t) => t.y);
  return finishFigure("distillationSampleComplexity", traces, baseLayout(
    `Distillation on ${data.graph}: how many teacher walks the student needs`, {
      xaxis: { ...axis("teacher walks N in the data", { log: true, ...walkTicks }), domain: [0, 0.45], anchor: "y" },
      yaxis: { ...axis("|student E[T] / teacher E[T] − 1|", { log: true, ...deviationTicks }), anchor: "x" },
      xaxis2: { ...axis("walks N in the data", { log: true, ...walkTicks }), domain: [0.57, 1], anchor: "y2" },
      yaxis2: { ...axis("expected hitting time (steps)", { log: true, ...decadeTicks(rightValues) }), anchor: "x2" },
      width: 1000,
      height: 520,
      legend: legendBelow(0.18),
      margin: { l: 80, r: 20, t: 60, b: 150 },
    },
  ));
}
