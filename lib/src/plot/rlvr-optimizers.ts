/**
 * RLVR with three update rules and with sampled rewards (Theorem 3, notebook 03):
 * the exact runs' hitting time, the sampled runs' band over seeds, and each
 * family's logit over training. The rows come from
 * experiments/theorem3-optimizers.ts; this file only draws them.
 */
import { FAMILIES } from "../policy";
import type { Family } from "../policy";
import type { OptimizerName } from "../train";
import type { Figure, Trace } from "./figure";
import { thinHistory } from "../rows";
import { baseLayout, FAMILY_COLORS, FAMILY_MEANING, finishFigure, legendBelow, panelNote, POLICY_COLORS, axis, decadeTicks } from "./style";
import type { OptimizerRow, RlvrOptimizersData } from "../experiments/theorem3-optimizers";

/** Dashes so that families on top of each other (all four, under sign steps) stay visible. */
const FAMILY_DASH: Record<Family, string> = { a: "solid", b: "dash", c: "dot", d: "dashdot" };

const RUN_STYLE: Record<OptimizerName, { name: string; color: string; dash: string }> = {
  sign: { name: "sign steps (the paper's)", color: POLICY_COLORS.rlvr, dash: "solid" },
  gradient: { name: "plain gradient steps", color: "#e69f00", dash: "dash" },
  adam: { name: "Adam", color: "#009e73", dash: "dot" },
};

/** About 300 evenly spaced rows, the first and the last kept. */
function thinned<T>(rows: readonly T[]): T[] {
  return thinHistory(rows, 300);
}

function optimumLine(value: number, steps: number, xaxis: string, yaxis: string, showlegend: boolean): Trace {
  return {
    type: "scatter",
    name: "optimum 4WK + 2W − 2K",
    legendgroup: "optimum",
    showlegend,
    mode: "lines",
    x: [0, steps],
    y: [value, value],
    xaxis,
    yaxis,
    line: { color: POLICY_COLORS.optimal, width: 1.5, dash: "dash" },
    hovertemplate: `optimum: ${value}<extra></extra>`,
  };
}

/**
 * Left: the exact expected hitting time of the three exact runs against the step
 * (log y); right: the sampled runs on their smaller graph, the mean over seeds as
 * a line and the range over seeds shaded. Notebook 03.
 */
export function rlvrOptimizersFigure(data: RlvrOptimizersData): Figure {
  const traces: Trace[] = [];
  const lastStep = Math.max(...data.runs.map((r) => r.rows[r.rows.length - 1].step));
  for (const run of data.runs) {
    const style = RUN_STYLE[run.optimizer];
    const rows = thinned(run.rows);
    traces.push({
      type: "scatter",
      name: `${style.name}, rate ${run.learningRate.toPrecision(2)}`,
      mode: "lines",
      x: rows.map((r) => r.step),
      y: rows.map((r) => r.hittingTime),
      line: { color: style.color, width: 2.5, dash: style.dash },
      hovertemplate: `${style.name}, step %{x}: %{y:.5s} steps<extra></extra>`,
    });
  }
  traces.push(optimumLine(data.optimum, lastStep, "x", "y", true));
  const groupColors = ["#56b4e9", "#0072b2", "#009e73"];
  let lastSampled = 0;
  data.sampled.groups.forEach((group, i) => {
    const band = thinned(group.rows);
    const steps = band.map((r) => r.step);
    const color = groupColors[i % groupColors.length];
    lastSampled = Math.max(lastSampled, steps[steps.length - 1]);
    traces.push(
      {
        type: "scatter",
        name: `sampled, group of ${group.groupSize}: range over ${data.sampled.seeds} seeds`,
        legendgroup: `group-${group.groupSize}`,
        mode: "lines",
        x: [...steps, ...[...steps].reverse()],
        y: [...band.map((r) => r.high), ...[...band].reverse().map((r) => r.low)],
        fill: "toself",
        fillcolor: `${color}33`,
        line: { color: `${color}00`, width: 0 },
        hoverinfo: "skip",
        xaxis: "x2",
        yaxis: "y2",
      },
      {
        type: "scatter",
        name: `sampled, group of ${group.groupSize}: median seed`,
        legendgroup: `group-${group.groupSize}`,
        mode: "lines",
        x: steps,
        y: band.map((r) => r.median),
        line: { color, width: 2.5, dash: i === 0 ? "dash" : "solid" },
        xaxis: "x2",
        yaxis: "y2",
        hovertemplate: `group of ${group.groupSize}, update %{x}: median %{y:.4s} steps<extra></extra>`,
      },
    );
  });
  traces.push(optimumLine(data.sampled.optimum, lastSampled, "x2", "y2", false));
  return finishFigure("rlvrOptimizers", traces, baseLayout("RLVR: the expected hitting time under three update rules, and from sampled rewards", {
    xaxis: { ...axis("RLVR step"), domain: [0, 0.55], anchor: "y" },
    yaxis: {
      ...axis(`exact gradient on ${data.graph}: E[T] (log)`, {
        log: true, ...decadeTicks(data.runs.flatMap((r) => r.rows.map((row) => row.hittingTime))),
      }),
      anchor: "x",
    },
    xaxis2: { ...axis("RLVR update"), domain: [0.65, 1], anchor: "y2" },
    yaxis2: {
      ...axis(`sampled on ${data.sampled.graph}: E[T] (log)`, {
        log: true, ...decadeTicks(data.sampled.groups.flatMap((g) => g.rows.flatMap((r) => [r.low, r.high]))),
      }),
      anchor: "x2",
    },
    width: 1000,
    height: 500,
    legend: legendBelow(0.18),
    margin: { l: 70, r: 20, t: 60, b: 130 },
  }));
}

/**
 * Which families move first: for each exact run, one panel with each family's
 * logit (its distance from the base model; mean over depths, the range over
 * depths shaded) against the step. Under sign steps all four lie on theta = lr t.
 * Notebook 03.
 */
export function rlvrFamilyRacesFigure(data: RlvrOptimizersData): Figure {
  const traces: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const notes: Record<string, unknown>[] = [];
  const gap = 0.06;
  const width = (1 - gap * (data.runs.length - 1)) / data.runs.length;
  data.runs.forEach((run, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const rows = thinned(run.rows);
    const steps = rows.map((r) => r.step);
    for (const family of FAMILIES) {
      traces.push({
        type: "scatter",
        name: `${FAMILY_MEANING[family]} (range over depths)`,
        legendgroup: `${family}-range`,
        showlegend: false,
        mode: "lines",
        x: [...steps, ...[...steps].reverse()],
        y: [...rows.map((r) => r.logits[family].max), ...[...rows].reverse().map((r) => r.logits[family].min)],
        fill: "toself",
        fillcolor: `${FAMILY_COLORS[family]}33`,
        line: { width: 0, color: `${FAMILY_COLORS[family]}00` },
        hoverinfo: "skip",
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
      });
      traces.push({
        type: "scatter",
        name: FAMILY_MEANING[family],
        legendgroup: family,
        showlegend: i === 0,
        mode: "lines",
        x: steps,
        y: rows.map((r) => r.logits[family].mean),
        line: { color: FAMILY_COLORS[family], width: 2, dash: FAMILY_DASH[family] },
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        hovertemplate: `${RUN_STYLE[run.optimizer].name}, ${family}, step %{x}: mean logit %{y:.3f}<extra></extra>`,
      });
    }
    const overlapping = overlappingFamilies(rows);
    if (overlapping.length > 0) notes.push(panelNote(overlapping, { xaxis: `x${suffix}`, yaxis: `y${suffix}`, x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom" }));
    const from = i * (width + gap);
    layout[`xaxis${suffix}`] = { ...axis(`${RUN_STYLE[run.optimizer].name}: step`), domain: [from, from + width], anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = { ...axis(i === 0 ? "logit θ (from the base model), mean over depths" : ""), anchor: `x${suffix}` };
  });
  return finishFigure("rlvrFamilyRaces", traces, baseLayout(`RLVR on ${data.graph}: which families move first, per update rule`, {
    ...layout,
    width: 1000,
    height: 460,
    legend: legendBelow(0.2),
    margin: { l: 70, r: 20, t: 60, b: 120 },
    annotations: notes,
  }));
}

/**
 * The families whose mean-logit lines lie on one another in a panel (within 1% of
 * the panel's largest logit at every step, closer than a line's width), as a note
 * such as "a, b, c and d overlap"; "" when every line stands apart.
 */
function overlappingFamilies(rows: readonly OptimizerRow[]): string {
  const largest = Math.max(...rows.flatMap((r) => FAMILIES.map((f) => Math.abs(r.logits[f].mean))));
  const together = (f: Family, g: Family) => rows.every((r) => Math.abs(r.logits[f].mean - r.logits[g].mean) <= 0.01 * largest);
  const groups: Family[][] = [];
  for (const family of FAMILIES) {
    const group = groups.find((g) => together(g[0], family));
    if (group) group.push(family);
    else groups.push([family]);
  }
  const named = groups.filter((g) => g.length > 1).map((g) => `${g.slice(0, -1).join(", ")} and ${g[g.length - 1]} overlap`);
  return named.join("; ");
}
