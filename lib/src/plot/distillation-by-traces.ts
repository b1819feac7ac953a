/**
 * Theorem 5 measured (appendix notebook A1): the distilled student's expected
 * hitting time against the number of teacher walks, a band over seeds, beside the
 * teacher, the optimum and the golden-path control. The rows come from
 * experiments/distillation-by-traces.ts; this file only draws them.
 */
import type { Figure, Trace } from "./figure";
import { drawableHittingTime } from "../rows";
import { axis, baseLayout, finishFigure, legendBelow, panelNote, POLICY_COLORS, sideBySide, decadeTicks } from "./style";
import type { DistillationRow, DistillationByTracesData } from "../experiments/distillation-by-traces";

/** The linear panel reaches at most this many times the teacher's (or optimum's) hitting time. */
const LINEAR_PANEL_SPAN = 3;

/** Per number of walks: the lowest, median and highest value over the seeds. */
function overSeeds(rows: readonly DistillationRow[], pick: (r: DistillationRow) => number | null) {
  const counts = [...new Set(rows.map((r) => r.traces))].sort((a, b) => a - b);
  return counts.map((traces) => {
    const values = rows.filter((r) => r.traces === traces).map(pick).filter((v): v is number => v !== null).sort((a, b) => a - b);
    return { traces, low: values[0], median: values[Math.floor((values.length - 1) / 2)], high: values[values.length - 1] };
  });
}

/**
 * What sign steps do to this figure, from its rows: how many students end within
 * 1% of the teacher, however few their walks. Under sign steps every logit moves
 * by the step size at each step and the data only choose its direction, which is
 * the teacher's wherever the walks show the decision: the agreement holds by
 * construction, not because the data suffice (appendix notebook A1).
 */
function signStepsNote(data: DistillationByTracesData): Record<string, unknown> {
  const near = data.rows.filter((r) => Math.abs(r.student.log10HittingTime - Math.log10(data.teacher)) <= Math.log10(1.01)).length;
  const fewest = Math.min(...data.rows.map((r) => r.traces));
  return panelNote(
    `sign steps: ${near} of ${data.rows.length} students end within 1% of the teacher,<br>` +
      `from ${fewest} walk${fewest === 1 ? "" : "s"} on: each step moves every logit by ${data.learningRate},<br>` +
      `the data only choose its direction. Where the amount of data<br>matters (Adam steps): the figure distillationSampleComplexity`,
    { x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom" },
  );
}

/**
 * Two panels against the number of walks in the data (log x): left, on a linear
 * scale spanning at least 1% either side of the teacher and at most LINEAR_PANEL_SPAN
 * times it (the students above are counted in an "off scale" arrow), the students (median
 * line, band from the lowest to the highest seed) beside the teacher and the optimum; right, on a log scale, the students and the
 * golden-path control at every number of walks. Under sign steps a note says
 * why the students sit on the teacher (signStepsNote).
 */
export function distillationByTracesFigure(data: DistillationByTracesData): Figure {
  const student = overSeeds(data.rows, (r) => drawableHittingTime(r.student));
  const golden = overSeeds(data.rows, (r) => drawableHittingTime(r.golden));
  const traces = student.map((p) => p.traces);
  const ends = [traces[0], traces[traces.length - 1]];
  const seeds = new Set(data.rows.map((r) => r.seed)).size;
  const band = (name: string, points: typeof student, color: string, xaxis: string, yaxis: string, showlegend: boolean): Trace[] => [
    { type: "scatter", name: `${name}: highest seed`, legendgroup: name, showlegend: false, mode: "lines", x: traces, y: points.map((p) => p.high),
      xaxis, yaxis, line: { color, width: 0.5 }, hoverinfo: "skip" },
    { type: "scatter", name: `${name}: lowest seed`, legendgroup: name, showlegend: false, mode: "lines", x: traces, y: points.map((p) => p.low),
      xaxis, yaxis, line: { color, width: 0.5 }, fill: "tonexty", fillcolor: `${color}33`, hoverinfo: "skip" },
    { type: "scatter", name, legendgroup: name, showlegend, mode: "lines+markers", x: traces, y: points.map((p) => p.median), xaxis, yaxis,
      line: { color, width: 2 }, marker: { color, size: 7 }, hovertemplate: `${name}<br>%{x} walks: median %{y:.6s} steps<extra></extra>` },
  ];
  const level = (name: string, y: number, color: string, dash: string): Trace => ({
    type: "scatter", name, mode: "lines", x: ends, y: [y, y], line: { color, width: 1.5, dash }, hovertemplate: `${name}<extra></extra>`,
  });
  const studentName = `student: SFT on teacher walks (median, band over ${seeds} seeds)`;
  const traces2: Trace[] = [
    level(`teacher (RLVR), ${data.teacher.toFixed(2)}`, data.teacher, POLICY_COLORS.rlvr, "solid"),
    level(`optimum, ${data.optimum.toFixed(0)}`, data.optimum, POLICY_COLORS.optimal, "dash"),
    ...band(studentName, student, POLICY_COLORS.distilled, "x", "y", true),
    ...band(studentName, student, POLICY_COLORS.distilled, "x2", "y2", false),
    ...band("control: SFT on golden paths", golden, POLICY_COLORS.golden, "x2", "y2", true),
  ];
  const everything = [...student, ...golden].flatMap((p) => [p.low, p.high]);
  // The linear panel follows the teacher's scale: a student far off it (one trained on a
  // handful of walks can be as slow as the golden control, 1e14 steps) would squash the
  // comparison to the teacher, so it is marked "off scale" there and shown on the log panel.
  const ceiling = LINEAR_PANEL_SPAN * Math.max(data.teacher, data.optimum);
  const onScale = (v: number) => v <= ceiling;
  // At least 1% of the teacher's value either side, so a difference of a step or two stays small.
  const lows = [...student.map((p) => p.low).filter(onScale), data.optimum, data.teacher * 0.99];
  const highs = [...student.map((p) => p.high).filter(onScale), data.teacher * 1.01];
  const [lowest, highest] = [Math.min(...lows), Math.max(...highs)];
  // Headroom above the highest student drawn, for the off-scale arrows.
  const linearRange = [lowest, highest + 0.12 * (highest - lowest)];
  const annotations: Record<string, unknown>[] = traces.flatMap((n) => {
    const off = data.rows.filter((r) => r.traces === n && !onScale(drawableHittingTime(r.student) ?? Infinity)).length;
    if (off === 0) return [];
    return [{
      xref: "x", yref: "y", x: Math.log10(n), y: linearRange[1], text: `off scale: ${off}`, showarrow: true, arrowhead: 2,
      ax: 36, ay: 16, font: { size: 11, color: POLICY_COLORS.distilled }, arrowcolor: POLICY_COLORS.distilled,
      bgcolor: "rgba(255,255,255,0.85)",
    }];
  });
  const xTicks = { tickvals: traces, ticktext: traces.map(String) };
  if (data.optimizer === "sign") annotations.push(signStepsNote(data));
  return finishFigure("distillationByTraces", traces2, baseLayout(
    `Distillation on ${data.graph}: the student against its data (${data.optimizer} steps of ${data.learningRate}, ${data.steps} steps)`, {
      ...sideBySide(
        { x: axis("walks in the training data", { log: true, ...xTicks }), y: axis("expected hitting time (steps)", { range: linearRange }) },
        { x: axis("walks in the training data", { log: true, ...xTicks }), y: axis("expected hitting time (steps, log)", { log: true, ...decadeTicks(everything) }) },
      ),
      width: 980,
      height: 500,
      legend: legendBelow(0.18),
      margin: { l: 70, r: 20, t: 60, b: 120 },
      annotations,
    }));
}
