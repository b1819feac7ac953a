/**
 * Every figure of the project, by name: what it shows (one line), the notebook it
 * belongs to, its experiment (default parameters, seed among them where it is
 * random, and data function: parameters in, rows out) and its drawing (rows in,
 * Plotly spec out). The figure script (scripts/figures.mjs) loops over FIGURES;
 * notebooks call the same functions, or `figureData(name, overrides)` and
 * `drawFigure(name, data)`. Adding a figure: its experiment in experiments/, its
 * drawing in plot/, and one entry here.
 *
 * This module and plot/ are the package's drawing entry, `rlvr-backtracking/plot`.
 * The registry is typed per figure: `buildFigure("figure3", { steps: "1200" })`
 * and `buildFigure("nope")` do not compile; at run time a bad argument still gets
 * a RangeError naming it.
 */
import { GRAPH_DRAWING_DEFAULTS, graphDrawingData } from "./experiments/graph-layout";
import { WALK_ANIMATION_DEFAULTS, baseWalkAnimationData } from "./experiments/walk-animation";
import { SFT_DYNAMICS_DEFAULTS, sftDynamicsData } from "./experiments/theorem2-sft-dynamics";
import { RLVR_OPTIMIZERS_DEFAULTS, rlvrOptimizersData } from "./experiments/theorem3-optimizers";
import { EXPONENTIAL_GAP_DEFAULTS, exponentialGapData } from "./experiments/theorem4-gap";
import { GROWTH_FACTOR_DEFAULTS, growthFactorData } from "./experiments/theorem4-growth-factor";
import { COROLLARY1_WORK_DEFAULTS, corollary1WorkData } from "./experiments/corollary1-work";
import { COROLLARY1_FITS_DEFAULTS, corollary1FitsData } from "./experiments/corollary1-fits";
import { SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData } from "./experiments/success-vs-budget";
import { DIFFICULT_DECISIONS_DEFAULTS, difficultDecisionsData } from "./experiments/difficult-decisions";
import { FIGURE3_DEFAULTS, figure3Data } from "./experiments/figure3";
import { DISTILLATION_BY_TRACES_DEFAULTS, distillationByTracesData } from "./experiments/distillation-by-traces";
import { DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, distillationSampleComplexityData } from "./experiments/distillation-by-sample-size";
import { NEURAL_PROTOCOL_DEFAULTS, neuralProtocolData } from "./experiments/neural-protocol";
import { NEURAL_DEPTH_DEFAULTS, neuralDepthData } from "./experiments/neural-depth";
import { SEQUENCE_FIGURE_DEFAULTS, sequenceFigureData } from "./experiments/sequence-summary";
import type { Figure } from "./plot/figure";
import {
  corollary1FitsFigure, corollary1WorkFigure, difficultDecisionsFigure, distillationByTracesFigure, distillationSampleComplexityFigure, exponentialGapFigure, figure3Figure, graphDrawingFigure, growthFactorFigure, neuralDepthFigure, neuralProbabilitiesFigure, sequenceDepthFigure, sequenceGeneralisationFigure, sequenceTrainingFigure, neuralTrainingFigure, rlvrFamilyRacesFigure, rlvrOptimizersFigure, sftDynamicsFigure, successVsBudgetFigure, walkAnimationFigure, walkFramesFigure,
} from "./plot";
import { describe } from "./validate";

export * from "./plot";
export type { CommittedFigure, FigureDataSource } from "./committed-figures";
export { committedFigure, figureDataFromCommitted, figuresFolder } from "./committed-figures";

/** The registered RLVR-optimizer figures keep 301 rows per run (the notebook's check uses every step). */
const RLVR_OPTIMIZERS_FIGURE_DEFAULTS = { ...RLVR_OPTIMIZERS_DEFAULTS, maxRows: 301 };

/** The notebooks figures belong to (file names without `.ipynb`). */
export const NOTEBOOKS = {
  introduction: "00-introduction",
  setup: "01-graph-and-base-model",
  sft: "02-theorem-2-sft",
  rlvr: "03-theorem-3-rlvr",
  separation: "04-theorem-4-exponential-gap",
  search: "05-corollary-1-search",
  difficultDecisions: "06-difficult-decisions-and-compute",
  distillation: "A1-appendix-distillation",
  neural: "A2-appendix-neural-policy",
  sequence: "A3-appendix-sequence-model",
} as const;

/** One figure: its experiment (defaults and data function) and the drawing of its rows. */
interface Pairing<P, D> {
  /** One line: what the figure shows. */
  readonly caption: string;
  /** The notebook that shows it (see NOTEBOOKS). */
  readonly notebook: string;
  /** The parameters the default figure is computed with (plain JSON; the seed among them where the data is random). */
  readonly defaults: Readonly<P>;
  /** Parameters in, rows out: all the computing. */
  readonly data: (params: Partial<P>) => D;
  /** Rows in, Plotly spec out: no computing beyond arranging the rows. */
  readonly figure: (data: D) => Figure;
  /**
   * The figure for a static image (SVG, PNG), where an animation's Play button
   * and slider would do nothing: the same rows drawn still. `figure` when absent.
   */
  readonly still?: (data: D) => Figure;
}

/** One pairing, checked: the drawing takes what the data function returns. */
function pair<P, D>(pairing: Pairing<P, D>): Pairing<P, D> {
  return pairing;
}

const PAIRINGS = {
  graphDrawing: pair({
    caption: "The reasoning graph G(3, 3, 2): start, fork, three branches of diamonds with two parallel edges, the golden path and the target leaf.",
    notebook: NOTEBOOKS.introduction,
    defaults: GRAPH_DRAWING_DEFAULTS,
    data: graphDrawingData,
    figure: graphDrawingFigure,
  }),
  walkAnimation: pair({
    caption: "A walk of the base model on G(3, 3, 2), step by step: the edges walked, the last step and the decision it took (the page plays it, or a slider picks a step; the static image shows four moments of it).",
    notebook: NOTEBOOKS.setup,
    defaults: WALK_ANIMATION_DEFAULTS,
    data: baseWalkAnimationData,
    figure: walkAnimationFigure,
    still: walkFramesFigure,
  }),
  sftDynamics: pair({
    caption: "Theorem 2: during SFT on golden paths a and c rise toward 1, b and d stay at their base values at every depth, and the hitting time grows from the base walk's toward the SFT limit's.",
    notebook: NOTEBOOKS.sft,
    defaults: SFT_DYNAMICS_DEFAULTS,
    data: sftDynamicsData,
    figure: sftDynamicsFigure,
  }),
  rlvrOptimizers: pair({
    caption: "Theorem 3 beyond sign steps: exact E[T] under sign, plain-gradient and Adam steps on G(15,15,5), and sampled RLVR on G(5,5,3) over 6 seeds with groups of 64 and 128 (median seed as a line, the range over seeds between dotted edges; the panel reaches a decade above the medians and names any range that runs beyond it)",
    notebook: NOTEBOOKS.rlvr,
    defaults: RLVR_OPTIMIZERS_FIGURE_DEFAULTS,
    data: rlvrOptimizersData,
    figure: rlvrOptimizersFigure,
  }),
  rlvrFamilyRaces: pair({
    caption: "Which families move first: each family's logit over training: equal under sign steps, a and d leading under plain gradient steps, separated by Adam",
    notebook: NOTEBOOKS.rlvr,
    defaults: RLVR_OPTIMIZERS_FIGURE_DEFAULTS,
    data: rlvrOptimizersData,
    figure: rlvrFamilyRacesFigure,
  }),
  exponentialGap: pair({
    caption: "Theorem 4: expected hitting time against depth K and width W for the base walk, the SFT limit, the optimum and trained SFT and RLVR (log scale).",
    notebook: NOTEBOOKS.separation,
    defaults: EXPONENTIAL_GAP_DEFAULTS,
    data: exponentialGapData,
    figure: exponentialGapFigure,
  }),
  growthFactor: pair({
    caption: "Theorem 4: under the SFT limit each diamond multiplies the exit time from a dead end by a factor tending to (L + 1)^2 / L.",
    notebook: NOTEBOOKS.separation,
    defaults: GROWTH_FACTOR_DEFAULTS,
    data: growthFactorData,
    figure: growthFactorFigure,
  }),
  corollary1Work: pair({
    caption: "Corollary 1: with duplicate-edge rejection the SFT limit needs steps linear in L, the RLVR limit does not; exact values and Monte Carlo; plain SFT sampling below.",
    notebook: NOTEBOOKS.search,
    defaults: COROLLARY1_WORK_DEFAULTS,
    data: corollary1WorkData,
    figure: corollary1WorkFigure,
  }),
  corollary1Fits: pair({
    caption: "Corollary 1 measured: the work of the SFT limit and of trained RLVR under duplicate-edge rejection against W, K and L, log-log, with fitted slopes. SFT's slope against L is below 1 because its work is a + b (L − 1) with a fixed a; the last panel, its extra work b (L − 1) over RLVR, has slope 1: the Theta(W K L) term.",
    notebook: NOTEBOOKS.search,
    defaults: COROLLARY1_FITS_DEFAULTS,
    data: corollary1FitsData,
    figure: corollary1FitsFigure,
  }),
  successVsBudget: pair({
    caption: "Fraction of problems solved within a step budget: RLVR sampling against the SFT limit with rejection, restarts, best-of-n and plain sampling (each SFT decoder in its own colour and dash).",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: SUCCESS_VS_BUDGET_DEFAULTS,
    data: successVsBudgetData,
    figure: successVsBudgetFigure,
  }),
  difficultDecisions: pair({
    caption: "Stem variant: expected visits of every decision and the steps its desired move saves, under the SFT limit (on a signed log scale) and after RLVR.",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: DIFFICULT_DECISIONS_DEFAULTS,
    data: difficultDecisionsData,
    figure: difficultDecisionsFigure,
  }),
  figure3: pair({
    caption: "Figure 3 (Theorems 3 and 5): expected hitting time of RLVR, of its distilled student and of the golden-path control against the training step on G(15, 15, 5); optimum 900 dashed. Under the paper's sign steps the student's curve equals RLVR's by construction (each step moves every logit of both by 0.01; the data only choose its direction), not because the data suffice: distillationSampleComplexity shows where the amount of data matters.",
    notebook: NOTEBOOKS.distillation,
    defaults: FIGURE3_DEFAULTS,
    data: figure3Data,
    figure: figure3Figure,
  }),
  distillationByTraces: pair({
    caption: "Theorem 5 under sign steps: the distilled student's hitting time against the number of teacher walks (band over seeds), beside the teacher, the optimum and the golden-path control. Students from a single walk reach the teacher too: under sign steps by construction (the data only choose each step's direction), as the figure's note says; distillationSampleComplexity shows where the amount of data matters.",
    notebook: NOTEBOOKS.distillation,
    defaults: DISTILLATION_BY_TRACES_DEFAULTS,
    data: distillationByTracesData,
    figure: distillationByTracesFigure,
  }),
  distillationSampleComplexity: pair({
    caption: "Theorem 5 where data matters: students fitted to N walks of an RLVR teacher stopped after 300 steps, 6 data sets per N; deviation from the teacher against the delta-method prediction ∝ 1/√N; golden-path control",
    notebook: NOTEBOOKS.distillation,
    defaults: DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS,
    data: distillationSampleComplexityData,
    figure: distillationSampleComplexityFigure,
  }),
  // Appendix A2: the neural figures seed each run by its entry of params.seeds (the notebook's seeds).
  neuralTraining: pair({
    caption: "A2: a network shared by every depth against the table, on G(3, 3, 2): hitting time against step for SFT, exact and sampled RLVR and distillation (band over seeds).",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_PROTOCOL_DEFAULTS,
    data: neuralProtocolData,
    figure: neuralTrainingFigure,
  }),
  neuralProbabilities: pair({
    caption: "A2: the final P(desired move) of a, b, c and d at every depth, networks (range over seeds) beside tables, for each method of the protocol.",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_PROTOCOL_DEFAULTS,
    data: neuralProtocolData,
    figure: neuralProbabilitiesFigure,
  }),
  neuralDepth: pair({
    caption: "A2: networks trained at K = 1..4 evaluated at K = 1..16: hitting time, its ratio to the edge-state optimum (the networks above that panel, the SFT network among them, named in it with their ratios), and the lowest b and d probability.",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_DEPTH_DEFAULTS,
    data: neuralDepthData,
    figure: neuralDepthFigure,
  }),
  neuralTrainingContinue: pair({
    caption: "A2: as neuralTraining, with the network's output read as the logit of going on in the direction of arrival (\"continue\") instead of stepping deeper.",
    notebook: NOTEBOOKS.neural,
    defaults: { ...NEURAL_PROTOCOL_DEFAULTS, output: "continue" },
    data: neuralProtocolData,
    figure: neuralTrainingFigure,
  }),
  neuralDepthContinue: pair({
    caption: "A2: as neuralDepth, with the network's output read as the logit of going on in the direction of arrival (\"continue\").",
    notebook: NOTEBOOKS.neural,
    defaults: { ...NEURAL_DEPTH_DEFAULTS, output: "continue" },
    data: neuralDepthData,
    figure: neuralDepthFigure,
  }),
  // Appendix A3: drawn from the sweep's committed data (npm run sweep), which the figure script reads from figures/.
  sequenceTraining: pair({
    caption: "A3: a transformer that reads its walk, trained at K = 2 (depths 1..2) from a base model pretrained on random walks: RLVR's mean walk length and the SFT trainings' losses against the update (band over 10 seeds).",
    notebook: NOTEBOOKS.sequence,
    defaults: SEQUENCE_FIGURE_DEFAULTS,
    data: sequenceFigureData,
    figure: sequenceTrainingFigure,
  }),
  sequenceDepth: pair({
    caption: "A3: hitting time against K for the base model, SFT, RLVR, distillation and the two controls (median and range over seeds; open markers are lower bounds), with the exact random walk, the edge-state optimum 4WK + 2W - 2K and the memory optimum 2WK + W + 1.",
    notebook: NOTEBOOKS.sequence,
    defaults: SEQUENCE_FIGURE_DEFAULTS,
    data: sequenceFigureData,
    figure: sequenceDepthFigure,
  }),
  sequenceGeneralisation: pair({
    caption: "A3: depth generalisation of the models trained at K = 2, measured at 2 to 4 times that depth: success within the budget, and the hitting time over the edge-state optimum (open markers are lower bounds, which cannot pass the dotted budget: the training's at K = 2, four times the edge-state optimum deeper).",
    notebook: NOTEBOOKS.sequence,
    defaults: SEQUENCE_FIGURE_DEFAULTS,
    data: sequenceFigureData,
    figure: sequenceGeneralisationFigure,
  }),
};

type Pairings = typeof PAIRINGS;
export type FigureName = keyof Pairings;
/** Each registered figure's parameters. */
export type FigureParams = { [N in FigureName]: Pairings[N]["defaults"] };
/** Each registered figure's data: what `figures/NAME.json` stores and notebooks assert on. */
export type FigureDataOf = { [N in FigureName]: ReturnType<Pairings[N]["data"]> };

/** A registered figure. */
export interface FigureEntry<N extends FigureName = FigureName> extends Pairing<FigureParams[N], FigureDataOf[N]> {
  readonly name: N;
  /**
   * The exported name of the data function. Figures with the same data function
   * and parameters share one computation (scripts/figures.mjs).
   */
  readonly dataName: string;
  /** The exported name of the drawing function. */
  readonly figureName: string;
}

/** Every registered figure, by name. */
export const FIGURE_ENTRIES = Object.fromEntries(
  Object.entries(PAIRINGS).map(([name, pairing]) => [name, { name, ...pairing, dataName: pairing.data.name, figureName: pairing.figure.name }]),
) as unknown as { readonly [N in FigureName]: FigureEntry<N> };

/** The registered figures in the order of the notebooks that show them. */
export const FIGURES: readonly FigureEntry[] = Object.values(FIGURE_ENTRIES) as FigureEntry[];

/** The registered figure called `name`; at run time an unknown name gets an error listing the names there are. */
export function figureEntry<N extends FigureName>(name: N): FigureEntry<N> {
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(FIGURE_ENTRIES, name)) {
    throw new RangeError(`name must be a registered figure: no figure named ${describe(name)}; the figures are ${Object.keys(FIGURE_ENTRIES).join(", ")}`);
  }
  return FIGURE_ENTRIES[name] as unknown as FigureEntry<N>;
}

/**
 * The parameters of figure `name`: its defaults changed by `overrides`. An
 * override the figure does not have, or of another type than its default, is a
 * RangeError naming it (the data function then checks the values' ranges).
 */
export function figureParams<N extends FigureName>(name: N, overrides: Partial<FigureParams[N]> = {}): FigureParams[N] {
  const entry = figureEntry(name);
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new RangeError(`overrides must be an object of figure ${name}'s parameters, got ${describe(overrides)}`);
  }
  const defaults = entry.defaults as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults)) {
      throw new RangeError(`figure ${name} has no parameter ${key}; its parameters are ${Object.keys(defaults).join(", ")}`);
    }
    const expected = Array.isArray(defaults[key]) ? "array" : typeof defaults[key];
    const actual = Array.isArray(value) ? "array" : typeof value;
    if (actual !== expected) {
      throw new RangeError(`figure ${name}: parameter ${key} must be a${expected === "array" ? "n array" : ` ${expected}`}, got ${describe(value)}`);
    }
  }
  return { ...entry.defaults, ...overrides } as FigureParams[N];
}

/** Computes the data of figure `name` with its defaults changed by `overrides`. */
export function figureData<N extends FigureName>(name: N, overrides: Partial<FigureParams[N]> = {}): FigureDataOf[N] {
  return figureEntry(name).data(figureParams(name, overrides));
}

/** Draws figure `name` from its data (as `figureData` returned it, or as read from figures/NAME.json). */
export function drawFigure<N extends FigureName>(name: N, data: FigureDataOf[N]): Figure {
  const entry = figureEntry(name);
  if (data === null || typeof data !== "object") {
    throw new RangeError(`data must be the object figureData(${JSON.stringify(name)}) returns, got ${describe(data)}`);
  }
  return entry.figure(data);
}

/** Computes and draws figure `name` with its defaults changed by `overrides`. */
export function buildFigure<N extends FigureName>(name: N, overrides: Partial<FigureParams[N]> = {}): Figure {
  return drawFigure(name, figureData(name, overrides));
}
