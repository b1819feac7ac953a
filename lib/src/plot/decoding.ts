/**
 * Figures of inference-time search (Corollary 1, notebook 05) and of where the
 * difficult decisions are (notebook 06). Monte Carlo numbers come from search.ts
 * with seeded generators; exact ones from chain.ts and search.ts's closed forms.
 */
import type { GraphShape } from "../graph";
import { buildGraph, depthCount, pathStar, stemPathStar } from "../graph";
import type { Policy } from "../policy";
import { basePolicy, decisionCount, familyOf, optimalPolicy, sftLimitPolicy } from "../policy";
import { analyseDecisions, expectedHittingTime } from "../chain";
import { createRng, meanWithInterval } from "../sample";
import type { Strategy } from "../search";
import { dedupOptimalHittingTime, dedupSftLimitHittingTime, sampleDedupHittingTimes, successProbabilityByBudget } from "../search";
import { trainRlvr } from "../train";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, POLICY_COLORS, range, legendBelow, sideBySide } from "./figure";
import { budgetCurves } from "./allocation";

export interface Corollary1WorkOptions {
  /** Width and depth of the panel against L. Default W = 5, K = 5. */
  W?: number;
  K?: number;
  /** Multiplicities of the panel against L. Defaults to 1..10. */
  Ls?: number[];
  /** Multiplicity of the panel against K. Defaults to 5. */
  L?: number;
  /** Depths of the panel against K. Defaults to 1..10. */
  Ks?: number[];
  /** Monte Carlo walks per point. Defaults to 2000. */
  walks?: number;
}

export const COROLLARY1_WORK_DEFAULTS = { W: 5, K: 5, Ls: range(1, 10), L: 5, Ks: range(1, 10), walks: 2000 };

/**
 * Corollary 1: with duplicate-edge rejection, the SFT limit still needs
 * Theta(W K L) steps, linear in L (its exact mean, line, and a Monte Carlo
 * estimate with a 4-standard-error bar, markers), while the RLVR limit needs
 * Theta(W K), flat in L; plain SFT sampling (dotted) is exponential in K.
 * Notebook 05.
 */
export function corollary1Work(options: Corollary1WorkOptions = {}, seed = "corollary1"): Figure {
  const o = { ...COROLLARY1_WORK_DEFAULTS, ...options };
  const panels = [
    { xs: o.Ls, shapeAt: (L: number) => pathStar(o.W, o.K, L), xaxis: "x", yaxis: "y", tag: "L" },
    { xs: o.Ks, shapeAt: (K: number) => pathStar(o.W, K, o.L), xaxis: "x2", yaxis: "y2", tag: "K" },
  ];
  const data: Trace[] = [];
  panels.forEach((panel, p) => {
    const shapes = panel.xs.map(panel.shapeAt);
    const common = { xaxis: panel.xaxis, yaxis: panel.yaxis, showlegend: p === 0 };
    const monteCarlo = (policy: (shape: GraphShape) => Policy, label: string) =>
      shapes.map((shape, i) =>
        meanWithInterval(sampleDedupHittingTimes(buildGraph(shape), policy(shape), createRng(`${seed}/${label}/${panel.tag}/${panel.xs[i]}`), { problems: o.walks })),
      );
    const sftRuns = monteCarlo(sftLimitPolicy, "sft");
    const rlvrRuns = monteCarlo(optimalPolicy, "rlvr");
    data.push(
      {
        type: "scatter", name: "SFT limit, plain sampling (exact)", legendgroup: "sft-plain", mode: "lines", x: panel.xs,
        y: shapes.map((s) => expectedHittingTime(s, sftLimitPolicy(s))),
        line: { color: POLICY_COLORS.sft, width: 1.5, dash: "dot" }, ...common,
      },
      {
        type: "scatter", name: "SFT limit + rejection (exact)", legendgroup: "sft-dedup", mode: "lines", x: panel.xs,
        y: shapes.map(dedupSftLimitHittingTime), line: { color: POLICY_COLORS.sft, width: 2 }, ...common,
      },
      {
        type: "scatter", name: "SFT limit + rejection (Monte Carlo)", legendgroup: "sft-dedup", mode: "markers", x: panel.xs,
        y: sftRuns.map((r) => r.mean), error_y: { type: "data", array: sftRuns.map((r) => r.halfWidth), visible: true },
        marker: { color: POLICY_COLORS.sft, size: 6 }, ...common,
      },
      {
        type: "scatter", name: "RLVR limit + rejection (exact)", legendgroup: "rlvr-dedup", mode: "lines", x: panel.xs,
        y: shapes.map(dedupOptimalHittingTime), line: { color: POLICY_COLORS.rlvr, width: 2 }, ...common,
      },
      {
        type: "scatter", name: "RLVR limit + rejection (Monte Carlo)", legendgroup: "rlvr-dedup", mode: "markers", x: panel.xs,
        y: rlvrRuns.map((r) => r.mean), error_y: { type: "data", array: rlvrRuns.map((r) => r.halfWidth), visible: true },
        marker: { color: POLICY_COLORS.rlvr, size: 6 }, ...common,
      },
    );
  });
  return finishFigure("corollary1Work", data, baseLayout("Corollary 1: with duplicate-edge rejection SFT needs Θ(WKL) steps, RLVR Θ(WK)", {
    ...sideBySide(
      { x: axis(`parallel edges L (W = ${o.W}, K = ${o.K})`), y: axis("expected steps to the target", { log: true }) },
      { x: axis(`depth K (W = ${o.W}, L = ${o.L})`), y: axis("", { log: true }) },
    ),
    width: 980,
    height: 500,
    legend: legendBelow(0.18),
    margin: { l: 70, r: 20, t: 60, b: 130 },
  }));
}

export interface SuccessVsBudgetOptions {
  W?: number;
  K?: number;
  L?: number;
  /** Total step budgets (integers). Defaults to 24 values from 10 to 10^5, log-spaced. */
  budgets?: number[];
  /** Problems per strategy. Defaults to 1000. */
  walks?: number;
  /** Walks per problem for best-of-n. Defaults to 8. */
  bestOfN?: number;
  /** Steps between restarts. Defaults to 4 (K + 1), twice the golden path. */
  restartEvery?: number;
}

export const SUCCESS_VS_BUDGET_DEFAULTS = {
  W: 5,
  K: 5,
  L: 5,
  budgets: range(0, 23).map((i) => Math.round(10 ** (1 + (4 * i) / 23))),
  walks: 1000,
  bestOfN: 8,
  restartEvery: 24,
};

/**
 * Where to spend inference-time compute: the fraction of problems solved within
 * a total step budget by the RLVR policy (trained by `trainRlvr`) sampling plainly,
 * and by the SFT limit with plain sampling, restarts, best-of-n and
 * duplicate-edge rejection; the base walk for reference. Notebook 05 (and 06).
 */
export function successVsBudget(options: SuccessVsBudgetOptions = {}, seed = "budget"): Figure {
  const o = { ...SUCCESS_VS_BUDGET_DEFAULTS, ...options };
  const shape = pathStar(o.W, o.K, o.L);
  const graph = buildGraph(shape);
  const rlvr = trainRlvr(shape, { seed: `${seed}/rlvr` }).policy;
  const sft = sftLimitPolicy(shape);
  const runs: { name: string; strategy: Strategy; policy: Policy; color: string; dash: string }[] = [
    { name: "RLVR, plain sampling", strategy: { kind: "sample" }, policy: rlvr, color: POLICY_COLORS.rlvr, dash: "solid" },
    { name: "SFT limit + duplicate-edge rejection", strategy: { kind: "dedup" }, policy: sft, color: POLICY_COLORS.sft, dash: "solid" },
    { name: `SFT limit, restart every ${o.restartEvery} steps`, strategy: { kind: "restarts", restartEvery: o.restartEvery }, policy: sft, color: POLICY_COLORS.sft, dash: "dash" },
    { name: `SFT limit, best of ${o.bestOfN}`, strategy: { kind: "best-of-n", n: o.bestOfN }, policy: sft, color: POLICY_COLORS.sft, dash: "dashdot" },
    { name: "SFT limit, plain sampling", strategy: { kind: "sample" }, policy: sft, color: POLICY_COLORS.sft, dash: "dot" },
    { name: "base random walk, plain sampling", strategy: { kind: "sample" }, policy: basePolicy(shape), color: POLICY_COLORS.base, dash: "dot" },
  ];
  const budgets = o.budgets.filter((b) => b >= o.bestOfN);
  const curves = runs.map((run, i) => ({
    ...run,
    budgets,
    solved: successProbabilityByBudget(run.strategy, graph, run.policy, createRng(`${seed}/${i}`), { problems: o.walks, budgets }),
  }));
  return budgetCurves(curves, `Success within a step budget on G(${o.W}, ${o.K}, ${o.L})`, "successVsBudget");
}

export interface DifficultDecisionsOptions {
  /** Stem diamonds before the fork. Defaults to 3. */
  S?: number;
  W?: number;
  K?: number;
  L?: number;
  /** RLVR steps (exact gradient, sign steps of 0.01). Defaults to 1200. */
  steps?: number;
}

export const DIFFICULT_DECISIONS_DEFAULTS = { S: 3, W: 4, K: 4, L: 3, steps: 1200 };

/**
 * Where the difficult decisions are, on the stem variant (notebook 06): for each
 * decision, its expected visits per run (top) and the steps its desired move saves
 * over the alternative (bottom), from `analyseDecisions`, under the SFT limit and
 * the RLVR-trained policy. RLVR makes every decision but the fork once or never.
 */
export function difficultDecisions(options: DifficultDecisionsOptions = {}, seed = "decisions"): Figure {
  const o = { ...DIFFICULT_DECISIONS_DEFAULTS, ...options };
  const shape = stemPathStar(o.S, o.W, o.K, o.L);
  const D = depthCount(shape);
  // Decisions in walking order: stem depths, the fork, then branch depths; four families each.
  const order: number[] = [];
  const label = (k: number) => {
    const family = familyOf(shape, k);
    if (family === "fork") return "fork";
    const depth = (k % D) + 1;
    return depth <= o.S ? `${family} stem ${depth}` : `${family} branch ${depth - o.S}`;
  };
  for (let depth = 1; depth <= D; depth++) {
    if (depth === o.S + 1) order.push(decisionCount(shape) - 1);
    for (let f = 0; f < 4; f++) order.push(f * D + depth - 1);
  }
  const policies = [
    { name: "SFT limit", policy: sftLimitPolicy(shape), color: POLICY_COLORS.sft },
    { name: "RLVR", policy: trainRlvr(shape, { steps: o.steps, seed: `${seed}/rlvr` }).policy, color: POLICY_COLORS.rlvr },
  ];
  const x = order.map(label);
  const data: Trace[] = [];
  for (const { name, policy, color } of policies) {
    const analysis = analyseDecisions(shape, policy);
    data.push(
      { type: "bar", name, legendgroup: name, x, y: order.map((k) => analysis.visits[k]), marker: { color }, xaxis: "x", yaxis: "y",
        hovertemplate: `${name}, %{x}: %{y:.3s} visits<extra></extra>` },
      { type: "bar", name: `${name}: steps saved`, legendgroup: name, showlegend: false, x, y: order.map((k) => analysis.stepsSaved[k]),
        marker: { color }, xaxis: "x2", yaxis: "y2", hovertemplate: `${name}, %{x}: desired move saves %{y:.4s} steps<extra></extra>` },
    );
  }
  return finishFigure("difficultDecisions", data, baseLayout(`Where the decisions are made: stem G(S = ${o.S}, W = ${o.W}, K = ${o.K}, L = ${o.L})`, {
    barmode: "group",
    xaxis: axis("", { type: "category", anchor: "y", showticklabels: false, domain: [0, 1] }),
    yaxis: axis("expected visits per run", { log: true, domain: [0.55, 1], anchor: "x" }),
    xaxis2: axis("decision (family, where)", { type: "category", anchor: "y2", matches: "x", tickangle: -60, tickfont: { size: 9 } }),
    yaxis2: axis("steps saved by the desired move", { domain: [0, 0.45], anchor: "x2" }),
    width: 980,
    height: 620,
    margin: { l: 70, r: 20, t: 60, b: 120 },
  }));
}
