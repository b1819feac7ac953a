/**
 * Drawing: each drawing turns an experiment's rows into a Plotly spec and computes
 * nothing beyond arranging them (rows come from experiments/; this folder imports
 * only their types). The shared look is in style.ts; html.ts shows a figure
 * offline or in a notebook. With the registry (../figures.ts) this is the
 * package's drawing entry, `rlvr-backtracking/plot`.
 */
export type { Figure, Trace, Frame } from "./figure";
export { POLICY_COLORS, FAMILY_COLORS, FAMILY_MEANING, FIGURE_SIZE, FONT_FAMILY, axis, baseLayout, legendBelow, sideBySide } from "./style";

// The registered figures' drawings, in the order of the notebooks.
export { graphDrawingFigure } from "./graph-drawing";
export { walkAnimationFigure, walkFramesFigure } from "./walk-animation";
export { sftDynamicsFigure } from "./sft-dynamics";
export { rlvrOptimizersFigure, rlvrFamilyRacesFigure } from "./rlvr-optimizers";
export { exponentialGapFigure } from "./exponential-gap";
export { growthFactorFigure } from "./growth-factor";
export { corollary1WorkFigure } from "./corollary1-work";
export type { WorkPoint, WorkSeries, WorkPanel } from "./corollary1-fits";
export { corollary1FitsFigure, workScaling } from "./corollary1-fits";
export { successVsBudgetFigure } from "./success-vs-budget";
export { difficultDecisionsFigure } from "./difficult-decisions";
export { figure3Figure } from "./figure3";
export { distillationByTracesFigure } from "./distillation-by-traces";
export { distillationSampleComplexityFigure } from "./distillation-sample-complexity";
export { NEURAL_PROTOCOL_LABELS, NEURAL_PROTOCOL_COLORS, neuralTrainingFigure, neuralProbabilitiesFigure } from "./neural-training";
export { neuralDepthFigure } from "./neural-depth";
export { SEQUENCE_MODEL_COLORS, SEQUENCE_MODEL_LABELS, sequenceDepthFigure, sequenceTrainingFigure, sequenceGeneralisationFigure } from "./sequence-model";

// Drawings of rows a notebook computes itself.
export type { RlvrRun, RlvrCurvesOptions, FamilyHeatmapOptions } from "./rlvr-training";
export { RLVR_CURVES_DEFAULTS, FAMILY_HEATMAP_DEFAULTS, rlvrHittingTimeCurves, familyHeatmap } from "./rlvr-training";
export type { GraphRoute, NodeVisitCurve } from "./visits-along-graph";
export { routeAlongGraph, visitsAlongGraph } from "./visits-along-graph";

// Display: offline HTML and notebook output.
export type { FigureHtmlOptions } from "./html";
export {
  PLOTLY_BUNDLE, PLOTLY_MISSING_MESSAGE, PLOTLY_WAITING_MESSAGE, SCRIPTS_STRIPPED_MESSAGE, PLOTLY_CARRIER_CLASS, minifiedPlotlyPath, plotlyScript, plotlyLoaderHtml, figureHtml, figurePage,
  loadPlotly, showFigure, figureBundle, PLOTLY_MIME_TYPE,
} from "./html";
