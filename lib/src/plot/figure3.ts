/**
 * Figure 3 of the paper (Theorems 3 and 5, notebooks 03 and A1): the expected
 * hitting time of RLVR, of its distilled student and of the golden-path control
 * against the training step. The rows come from experiments/figure3.ts; this file
 * only draws them.
 */
import type { Figure, Trace } from "./figure";
import { drawableHittingTime } from "../rows";
import { axis, baseLayout, finishFigure, formatSteps, legendBelow, panelNote, POLICY_COLORS, sideBySide, decadeTicks } from "./style";
import type { Figure3Data } from "../experiments/figure3";

/**
 * Figure 3 drawn in two panels. Left, as in the paper: RLVR and its distilled
 * student fall to the optimum (log axis from just under the optimum to just over
 * the start, so a difference of a few steps stays small). Right, the same runs on
 * a log axis wide enough for the golden-path control, which climbs toward the
 * SFT limit at every step.
 */
export function figure3Figure(data: Figure3Data): Figure {
  const steps = data.rows.map((r) => r.step);
  const ends = [steps[0], steps[steps.length - 1]];
  const series = [
    { key: "student", name: `distilled student (SFT on ${data.traces} RLVR walks)`, color: POLICY_COLORS.distilled, width: 7, opacity: 0.5 },
    { key: "rlvr", name: "RLVR (exact gradient)", color: POLICY_COLORS.rlvr, width: 2.5, opacity: 1 },
    { key: "golden", name: `control: SFT on ${data.traces} golden paths`, color: POLICY_COLORS.golden, width: 2.5, opacity: 1 },
  ] as const;
  const traces: Trace[] = [];
  ["1", "2"].forEach((panel) => {
    const [xaxis, yaxis] = panel === "1" ? ["x", "y"] : ["x2", "y2"];
    for (const s of series) {
      if (s.key === "golden" && panel === "1") continue;
      traces.push({
        type: "scatter", name: s.name, legendgroup: s.key, showlegend: panel === "1" || s.key === "golden", mode: "lines",
        x: steps, y: data.rows.map((r) => drawableHittingTime(r[s.key])), xaxis, yaxis,
        line: { color: s.color, width: s.width }, opacity: s.opacity,
        hovertemplate: `${s.name}, step %{x}: %{y:.5s} steps<extra></extra>`,
      });
    }
    traces.push({
      type: "scatter", name: `optimum, 4WK + 2W − 2K = ${Math.round(data.optimum)}`, legendgroup: "optimum", showlegend: panel === "1",
      mode: "lines", x: ends, y: [data.optimum, data.optimum], xaxis, yaxis,
      line: { color: POLICY_COLORS.optimal, width: 1.5, dash: "dash" }, hovertemplate: `optimum: ${Math.round(data.optimum)}<extra></extra>`,
    });
  });
  const lows = data.rows.flatMap((r) => [r.rlvr.log10HittingTime, r.student.log10HittingTime]);
  const paperRange = [Math.log10(data.optimum) - 0.1, Math.max(...lows) + 0.1];
  const everything = data.rows.flatMap((r) => [r.rlvr, r.student, r.golden].map(drawableHittingTime)).filter((v): v is number => v !== null);
  const gap = Math.max(...data.rows.map((r) => Math.abs(10 ** (r.student.log10HittingTime - r.rlvr.log10HittingTime) - 1)));
  const last = data.rows[data.rows.length - 1];
  const goldenLast = drawableHittingTime(last.golden);
  const xTitle = `training step (sign steps of ${data.learningRate})`;
  return finishFigure("figure3", traces, baseLayout(`Figure 3: RLVR, its distilled student and the golden-path control on G(${data.W}, ${data.K}, ${data.L})`, {
    ...sideBySide(
      { x: axis(xTitle), y: axis("expected hitting time (steps)", { log: true, range: paperRange, ...decadeTicks(paperRange.map((e) => 10 ** e)) }) },
      { x: axis(xTitle), y: axis("", { log: true, ...decadeTicks(everything) }) },
      0.1,
    ),
    annotations: [
      // Why the two curves coincide: not because distillation works well (notebook A1).
      panelNote(
        `as in the paper, with sign steps; the student is within ${(100 * gap).toFixed(2)}%<br>` +
          `of RLVR at every step <b>by construction</b>: a sign step moves<br>` +
          `every logit by ${data.learningRate}, and the data only choose its direction.<br>` +
          `Where the amount of data matters (Adam steps):<br>the figure distillationSampleComplexity`,
        { x: 0.98, xanchor: "right" },
      ),
      panelNote(`at step ${last.step}: RLVR ${drawableHittingTime(last.rlvr)?.toPrecision(4)} steps,<br>` +
        `golden-path control ${goldenLast === null ? `10<sup>${last.golden.log10HittingTime.toFixed(1)}</sup>` : formatSteps(goldenLast)} steps`, { xaxis: "x2", yaxis: "y2", x: 0.98, y: 0.5, xanchor: "right", yanchor: "middle" }),
    ],
    width: 980,
    height: 500,
    legend: legendBelow(0.16),
    margin: { l: 70, r: 20, t: 60, b: 120 },
  }));
}
