/**
 * Every figure of the project, by name: what it shows (one line), the notebook it
 * belongs to, its default parameters, its seed, its data function (parameters
 * in, rows out) and its drawing function (rows in, Plotly spec out). The figure
 * script (scripts/figures.mjs) loops over this list; notebooks call the same
 * functions, or `figureData(name, overrides)` and `drawFigure(name, data)`.
 *
 * The registry is typed per figure: `buildFigure("figure3", { steps: "1200" })`
 * and `buildFigure("nope")` do not compile; at run time a bad override still
 * gets a RangeError naming the parameter.
 */
import type { Figure } from "./figure";
import type { GraphDrawingData, GraphDrawingParams } from "./graph-drawing";
import { GRAPH_DRAWING_DEFAULTS, graphDrawingData, graphDrawingFigure } from "./graph-drawing";
import type { ExponentialGapData, ExponentialGapParams } from "./exponential-gap";
import { EXPONENTIAL_GAP_DEFAULTS, exponentialGapData, exponentialGapFigure } from "./exponential-gap";
import type { GrowthFactorData, GrowthFactorParams } from "./growth-factor";
import { GROWTH_FACTOR_DEFAULTS, growthFactorData, growthFactorFigure } from "./growth-factor";
import type { SftDynamicsData, SftDynamicsParams } from "./sft-dynamics";
import { SFT_DYNAMICS_DEFAULTS, sftDynamicsData, sftDynamicsFigure } from "./sft-dynamics";
import type { Figure3Data, Figure3Params } from "./figure3";
import { FIGURE3_DEFAULTS, figure3Data, figure3Figure } from "./figure3";
import type { DistillationByTracesData, DistillationByTracesParams } from "./distillation-by-traces";
import { DISTILLATION_BY_TRACES_DEFAULTS, distillationByTracesData, distillationByTracesFigure } from "./distillation-by-traces";
import type { Corollary1WorkData, Corollary1WorkParams } from "./corollary1-work";
import { COROLLARY1_WORK_DEFAULTS, corollary1WorkData, corollary1WorkFigure } from "./corollary1-work";
import type { Corollary1FitsData, Corollary1FitsParams } from "./corollary1-fits";
import { COROLLARY1_FITS_DEFAULTS, corollary1FitsData, corollary1FitsFigure } from "./corollary1-fits";
import type { SuccessVsBudgetData, SuccessVsBudgetParams } from "./success-vs-budget";
import { SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData, successVsBudgetFigure } from "./success-vs-budget";
import type { WalkAnimationData, WalkAnimationParams } from "./walk-animation";
import { baseWalkAnimationData, WALK_ANIMATION_DEFAULTS, walkAnimationFigure } from "./walk-animation";
import type { DifficultDecisionsData, DifficultDecisionsParams } from "./difficult-decisions";
import { DIFFICULT_DECISIONS_DEFAULTS, difficultDecisionsData, difficultDecisionsFigure } from "./difficult-decisions";
import type { NeuralProtocolData, NeuralProtocolParams } from "./neural-training";
import { NEURAL_PROTOCOL_FIGURE_DEFAULTS, neuralProbabilitiesFigure, neuralProtocolData, neuralTrainingFigure } from "./neural-training";
import type { NeuralDepthData, NeuralDepthParams } from "./neural-depth";
import { NEURAL_DEPTH_DEFAULTS, neuralDepthData, neuralDepthFigure } from "./neural-depth";
import type { RlvrOptimizersData, RlvrOptimizersParams } from "./rlvr-optimizers";
import { RLVR_OPTIMIZERS_DEFAULTS, rlvrFamilyRacesFigure, rlvrOptimizersData, rlvrOptimizersFigure } from "./rlvr-optimizers";
import type { DistillationSampleComplexityData, DistillationSampleComplexityParams } from "./distillation-sample-complexity";
import {
  DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, distillationSampleComplexityData, distillationSampleComplexityFigure,
} from "./distillation-sample-complexity";

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
} as const;

/** Each registered figure's parameters: the key of the mapped types below. */
export interface FigureParams {
  graphDrawing: GraphDrawingParams;
  walkAnimation: WalkAnimationParams;
  exponentialGap: ExponentialGapParams;
  growthFactor: GrowthFactorParams;
  sftDynamics: SftDynamicsParams;
  rlvrOptimizers: RlvrOptimizersParams;
  rlvrFamilyRaces: RlvrOptimizersParams;
  figure3: Figure3Params;
  distillationByTraces: DistillationByTracesParams;
  distillationSampleComplexity: DistillationSampleComplexityParams;
  corollary1Work: Corollary1WorkParams;
  corollary1Fits: Corollary1FitsParams;
  successVsBudget: SuccessVsBudgetParams;
  difficultDecisions: DifficultDecisionsParams;
  neuralTraining: NeuralProtocolParams;
  neuralProbabilities: NeuralProtocolParams;
  neuralDepth: NeuralDepthParams;
  neuralTrainingContinue: NeuralProtocolParams;
  neuralDepthContinue: NeuralDepthParams;
}

/** Each registered figure's data: what `figures/NAME.json` stores and notebooks assert on. */
export interface FigureDataOf {
  graphDrawing: GraphDrawingData;
  walkAnimation: WalkAnimationData;
  exponentialGap: ExponentialGapData;
  growthFactor: GrowthFactorData;
  sftDynamics: SftDynamicsData;
  rlvrOptimizers: RlvrOptimizersData;
  rlvrFamilyRaces: RlvrOptimizersData;
  figure3: Figure3Data;
  distillationByTraces: DistillationByTracesData;
  distillationSampleComplexity: DistillationSampleComplexityData;
  corollary1Work: Corollary1WorkData;
  corollary1Fits: Corollary1FitsData;
  successVsBudget: SuccessVsBudgetData;
  difficultDecisions: DifficultDecisionsData;
  neuralTraining: NeuralProtocolData;
  neuralProbabilities: NeuralProtocolData;
  neuralDepth: NeuralDepthData;
  neuralTrainingContinue: NeuralProtocolData;
  neuralDepthContinue: NeuralDepthData;
}

export type FigureName = keyof FigureParams;

/** A registered figure. */
export interface FigureEntry<N extends FigureName = FigureName> {
  readonly name: N;
  /** One line: what the figure shows. */
  readonly caption: string;
  /** The notebook that shows it (see NOTEBOOKS). */
  readonly notebook: string;
  /** The parameters the default figure is computed with (plain JSON). */
  readonly defaults: Readonly<FigureParams[N]>;
  /** The seed of any randomness in the data (every figure is a function of parameters and seed). */
  readonly seed: string;
  /** Parameters in, rows out: all the computing. */
  readonly data: (params: FigureParams[N], seed: string) => FigureDataOf[N];
  /**
   * The exported name of the function `data` calls. Figures with the same data
   * function, parameters and seed share one computation (scripts/figures.mjs).
   */
  readonly dataName: string;
  /** Rows in, Plotly spec out: no computing beyond arranging the rows. */
  readonly figure: (data: FigureDataOf[N]) => Figure;
  /** The exported name of the drawing function. */
  readonly figureName: string;
}

/** Every registered figure, by name. */
export const FIGURE_ENTRIES: { readonly [N in FigureName]: FigureEntry<N> } = {
  graphDrawing: {
    name: "graphDrawing",
    caption: "The reasoning graph G(3, 3, 2): start, fork, three branches of diamonds with two parallel edges, the golden path and the target leaf.",
    notebook: NOTEBOOKS.introduction,
    defaults: GRAPH_DRAWING_DEFAULTS,
    seed: "graph-drawing",
    data: graphDrawingData,
    dataName: "graphDrawingData",
    figure: graphDrawingFigure,
    figureName: "graphDrawingFigure",
  },
  walkAnimation: {
    name: "walkAnimation",
    caption: "A walk of the base model on G(3, 3, 2), step by step (Play, or the slider): the edges walked, the last step and the decision it took.",
    notebook: NOTEBOOKS.setup,
    defaults: WALK_ANIMATION_DEFAULTS,
    seed: "walk",
    data: baseWalkAnimationData,
    dataName: "baseWalkAnimationData",
    figure: walkAnimationFigure,
    figureName: "walkAnimationFigure",
  },
  sftDynamics: {
    name: "sftDynamics",
    caption: "Theorem 2: during SFT on golden paths a and c rise toward 1, b and d stay at their base values at every depth, and the hitting time grows from the base walk's toward the SFT limit's.",
    notebook: NOTEBOOKS.sft,
    defaults: SFT_DYNAMICS_DEFAULTS,
    seed: "none",
    data: (params) => sftDynamicsData(params),
    dataName: "sftDynamicsData",
    figure: sftDynamicsFigure,
    figureName: "sftDynamicsFigure",
  },
  rlvrOptimizers: {
    name: "rlvrOptimizers",
    caption: "Theorem 3 beyond sign steps: exact E[T] under sign, plain-gradient and Adam steps on G(15,15,5), and sampled RLVR on G(5,5,3) over 6 seeds with groups of 64 and 128 (median line, range shaded)",
    notebook: NOTEBOOKS.rlvr,
    defaults: RLVR_OPTIMIZERS_FIGURE_DEFAULTS,
    seed: "params.seed",
    data: (params) => rlvrOptimizersData(params),
    dataName: "rlvrOptimizersData",
    figure: rlvrOptimizersFigure,
    figureName: "rlvrOptimizersFigure",
  },
  rlvrFamilyRaces: {
    name: "rlvrFamilyRaces",
    caption: "Which families move first: each family's logit over training: equal under sign steps, a and d leading under plain gradient steps, separated by Adam",
    notebook: NOTEBOOKS.rlvr,
    defaults: RLVR_OPTIMIZERS_FIGURE_DEFAULTS,
    seed: "params.seed",
    data: (params) => rlvrOptimizersData(params),
    dataName: "rlvrOptimizersData",
    figure: rlvrFamilyRacesFigure,
    figureName: "rlvrFamilyRacesFigure",
  },
  exponentialGap: {
    name: "exponentialGap",
    caption: "Theorem 4: expected hitting time against depth K and width W for the base walk, the SFT limit, the optimum and trained SFT and RLVR (log scale).",
    notebook: NOTEBOOKS.separation,
    defaults: EXPONENTIAL_GAP_DEFAULTS,
    seed: "none",
    data: (params) => exponentialGapData(params),
    dataName: "exponentialGapData",
    figure: exponentialGapFigure,
    figureName: "exponentialGapFigure",
  },
  growthFactor: {
    name: "growthFactor",
    caption: "Theorem 4: under the SFT limit each diamond multiplies the exit time from a dead end by a factor tending to (L + 1)^2 / L.",
    notebook: NOTEBOOKS.separation,
    defaults: GROWTH_FACTOR_DEFAULTS,
    seed: "none",
    data: (params) => growthFactorData(params),
    dataName: "growthFactorData",
    figure: growthFactorFigure,
    figureName: "growthFactorFigure",
  },
  corollary1Work: {
    name: "corollary1Work",
    caption: "Corollary 1: with duplicate-edge rejection the SFT limit needs steps linear in L, the RLVR limit does not; exact values and Monte Carlo; plain SFT sampling below.",
    notebook: NOTEBOOKS.search,
    defaults: COROLLARY1_WORK_DEFAULTS,
    seed: "corollary1",
    data: corollary1WorkData,
    dataName: "corollary1WorkData",
    figure: corollary1WorkFigure,
    figureName: "corollary1WorkFigure",
  },
  corollary1Fits: {
    name: "corollary1Fits",
    caption: "Corollary 1 measured: the work of the SFT limit and of trained RLVR under duplicate-edge rejection against W, K and L, log-log, with fitted slopes.",
    notebook: NOTEBOOKS.search,
    defaults: COROLLARY1_FITS_DEFAULTS,
    seed: "corollary1-fits",
    data: (params, seed) => corollary1FitsData(params, seed),
    dataName: "corollary1FitsData",
    figure: corollary1FitsFigure,
    figureName: "corollary1FitsFigure",
  },
  successVsBudget: {
    name: "successVsBudget",
    caption: "Fraction of problems solved within a step budget: RLVR sampling against SFT with rejection, restarts, best-of-n and plain sampling.",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: SUCCESS_VS_BUDGET_DEFAULTS,
    seed: "budget",
    data: successVsBudgetData,
    dataName: "successVsBudgetData",
    figure: successVsBudgetFigure,
    figureName: "successVsBudgetFigure",
  },
  difficultDecisions: {
    name: "difficultDecisions",
    caption: "Stem variant: expected visits of every decision and the steps its desired move saves, under the SFT limit and after RLVR.",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: DIFFICULT_DECISIONS_DEFAULTS,
    seed: "decisions",
    data: difficultDecisionsData,
    dataName: "difficultDecisionsData",
    figure: difficultDecisionsFigure,
    figureName: "difficultDecisionsFigure",
  },
  figure3: {
    name: "figure3",
    caption: "Figure 3 (Theorems 3 and 5): expected hitting time of RLVR, of its distilled student and of the golden-path control against the training step on G(15, 15, 5); optimum 900 dashed.",
    notebook: NOTEBOOKS.distillation,
    defaults: FIGURE3_DEFAULTS,
    seed: "fig3",
    data: figure3Data,
    dataName: "figure3Data",
    figure: figure3Figure,
    figureName: "figure3Figure",
  },
  distillationByTraces: {
    name: "distillationByTraces",
    caption: "Theorem 5: the distilled student's hitting time against the number of teacher walks (band over seeds), beside the teacher, the optimum and the golden-path control.",
    notebook: NOTEBOOKS.distillation,
    defaults: DISTILLATION_BY_TRACES_DEFAULTS,
    seed: "distillation",
    data: (params, seed) => distillationByTracesData(params, seed),
    dataName: "distillationByTracesData",
    figure: distillationByTracesFigure,
    figureName: "distillationByTracesFigure",
  },
  distillationSampleComplexity: {
    name: "distillationSampleComplexity",
    caption: "Theorem 5 where data matters: students fitted to N walks of an RLVR teacher stopped after 300 steps, 6 data sets per N; deviation from the teacher against the delta-method prediction ∝ 1/√N; golden-path control",
    notebook: NOTEBOOKS.distillation,
    defaults: DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS,
    seed: "params.seed",
    data: (params) => distillationSampleComplexityData(params),
    dataName: "distillationSampleComplexityData",
    figure: distillationSampleComplexityFigure,
    figureName: "distillationSampleComplexityFigure",
  },
  // Appendix A2: the neural figures seed each run by its entry of params.seeds (the notebook's seeds).
  neuralTraining: {
    name: "neuralTraining",
    caption: "A2: a network shared by every depth against the table, on G(3, 3, 2): hitting time against step for SFT, exact and sampled RLVR and distillation (band over seeds).",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_PROTOCOL_FIGURE_DEFAULTS,
    seed: "params.seeds",
    data: (params) => neuralProtocolData(params),
    dataName: "neuralProtocolData",
    figure: neuralTrainingFigure,
    figureName: "neuralTrainingFigure",
  },
  neuralProbabilities: {
    name: "neuralProbabilities",
    caption: "A2: the final P(desired move) of a, b, c and d at every depth, networks (range over seeds) beside tables, for each method of the protocol.",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_PROTOCOL_FIGURE_DEFAULTS,
    seed: "params.seeds",
    data: (params) => neuralProtocolData(params),
    dataName: "neuralProtocolData",
    figure: neuralProbabilitiesFigure,
    figureName: "neuralProbabilitiesFigure",
  },
  neuralDepth: {
    name: "neuralDepth",
    caption: "A2: networks trained at K = 1..4 evaluated at K = 1..10: hitting time, its ratio to the edge-state optimum, and the lowest b and d probability.",
    notebook: NOTEBOOKS.neural,
    defaults: NEURAL_DEPTH_DEFAULTS,
    seed: "params.seeds",
    data: (params) => neuralDepthData(params),
    dataName: "neuralDepthData",
    figure: neuralDepthFigure,
    figureName: "neuralDepthFigure",
  },
  neuralTrainingContinue: {
    name: "neuralTrainingContinue",
    caption: "A2: as neuralTraining, with the network's output read as the logit of going on in the direction of arrival (\"continue\") instead of stepping deeper.",
    notebook: NOTEBOOKS.neural,
    defaults: { ...NEURAL_PROTOCOL_FIGURE_DEFAULTS, output: "continue" },
    seed: "params.seeds",
    data: (params) => neuralProtocolData(params),
    dataName: "neuralProtocolData",
    figure: neuralTrainingFigure,
    figureName: "neuralTrainingFigure",
  },
  neuralDepthContinue: {
    name: "neuralDepthContinue",
    caption: "A2: as neuralDepth, with the network's output read as the logit of going on in the direction of arrival (\"continue\").",
    notebook: NOTEBOOKS.neural,
    defaults: { ...NEURAL_DEPTH_DEFAULTS, output: "continue" },
    seed: "params.seeds",
    data: (params) => neuralDepthData(params),
    dataName: "neuralDepthData",
    figure: neuralDepthFigure,
    figureName: "neuralDepthFigure",
  },
};

/** The registered figures in the order of the notebooks that show them. */
export const FIGURES: readonly FigureEntry[] = Object.values(FIGURE_ENTRIES) as FigureEntry[];

/** The registered figure called `name`; at run time an unknown name gets an error listing the names there are. */
export function figureEntry<N extends FigureName>(name: N): FigureEntry<N> {
  if (!Object.prototype.hasOwnProperty.call(FIGURE_ENTRIES, name)) {
    throw new RangeError(`no figure named ${JSON.stringify(name)}; the figures are ${Object.keys(FIGURE_ENTRIES).join(", ")}`);
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
  const defaults = entry.defaults as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults)) {
      throw new RangeError(`figure ${name} has no parameter ${key}; its parameters are ${Object.keys(defaults).join(", ")}`);
    }
    const expected = Array.isArray(defaults[key]) ? "array" : typeof defaults[key];
    const actual = Array.isArray(value) ? "array" : typeof value;
    if (actual !== expected) {
      throw new RangeError(`figure ${name}: parameter ${key} must be a${expected === "array" ? "n array" : ` ${expected}`}, got ${JSON.stringify(value)}`);
    }
  }
  return { ...entry.defaults, ...overrides } as FigureParams[N];
}

/** Computes the data of figure `name` with its defaults changed by `overrides`, and its seed. */
export function figureData<N extends FigureName>(name: N, overrides: Partial<FigureParams[N]> = {}): FigureDataOf[N] {
  const entry = figureEntry(name);
  return entry.data(figureParams(name, overrides), entry.seed);
}

/** Draws figure `name` from its data (as `figureData` returned it, or as read from figures/NAME.json). */
export function drawFigure<N extends FigureName>(name: N, data: FigureDataOf[N]): Figure {
  return figureEntry(name).figure(data);
}

/** Computes and draws figure `name` with its defaults changed by `overrides`. */
export function buildFigure<N extends FigureName>(name: N, overrides: Partial<FigureParams[N]> = {}): Figure {
  return drawFigure(name, figureData(name, overrides));
}
