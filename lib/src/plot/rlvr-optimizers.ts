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
import { baseLayout, FAMILY_COLORS, FAMILY_MEANING, finishFigure, formatSteps, legendBelow, panelNote, POLICY_COLORS, axis, decadeTicks } from "./style";
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
 * (log y); right: the sampled runs on their smaller graph, the median seed as a
 * line and the range over seeds between thin dotted edges, up to a decade above
 * the medians (a note says how far a range goes beyond). Notebook 03.
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
      // The range over seeds as its two edges, thin: a shaded area of a few runaway seeds would cover the panel.
      ...(["high", "low"] as const).map((edge): Trace => ({
        type: "scatter",
        name: `sampled, group of ${group.groupSize}: range over ${data.sampled.seeds} seeds`,
        legendgroup: `group-${group.groupSize}`,
        showlegend: edge === "high",
        mode: "lines",
        x: steps,
        y: band.map((r) => r[edge]),
        line: { color, width: 1, dash: "dot" },
        hovertemplate: `group of ${group.groupSize}, update %{x}: ${edge === "high" ? "highest" : "lowest"} seed %{y:.4s} steps<extra></extra>`,
        xaxis: "x2",
        yaxis: "y2",
      })),
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
  // The right panel reaches a decade above the highest median (and the start): a few
  // seeds that never converge would otherwise stretch it over many decades and
  // flatten every median. How far each group's range goes above is written in it.
  const sampledRows = data.sampled.groups.flatMap((g) => g.rows);
  const top = 10 * Math.max(...sampledRows.map((r) => Math.max(r.median, r.low)), ...data.sampled.groups.map((g) => g.rows[0].high));
  const bottom = Math.min(data.sampled.optimum, ...sampledRows.map((r) => r.low)) / 1.5;
  const above = data.sampled.groups
    .map((g) => ({ size: g.groupSize, highest: Math.max(...g.rows.map((r) => r.high)) }))
    .filter((g) => g.highest > top)
    .map((g) => `group of ${g.size}: the range over seeds reaches ${formatSteps(g.highest)} (off the panel)`);
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
        log: true, range: [Math.log10(bottom), Math.log10(top)], ...decadeTicks([bottom, top]),
      }),
      anchor: "x2",
    },
    annotations: above.length === 0 ? [] : [panelNote(above.join("<br>"), { xaxis: "x2", yaxis: "y2", x: 0.98, xanchor: "right" })],
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
