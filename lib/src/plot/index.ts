/**
 * Figures. Each registered figure is two functions: `xxxData(params)` computes
 * typed rows (what figures/xxx.json stores and notebooks assert on) and
 * `xxxFigure(data)` draws them as a Plotly spec. The registry lists them; the
 * drawing conventions are shared; html.ts shows a figure offline.
 */
export type { Figure, Trace, Frame } from "./figure";
export { POLICY_COLORS, FAMILY_COLORS, FAMILY_MEANING, FIGURE_SIZE } from "./style";
export type { HittingTimeValue, Estimate, Progress } from "./rows";
export { range, logSpacedIntegers } from "./rows";

// The registry.
export type { FigureName, FigureParams, FigureDataOf, FigureEntry } from "./registry";
export { NOTEBOOKS, FIGURES, FIGURE_ENTRIES, figureEntry, figureParams, figureData, drawFigure, buildFigure } from "./registry";

// Registered figures: data, then drawing.
export type { GraphDrawingParams, GraphDrawingData, DrawnNode, DrawnEdge, Point } from "./graph-drawing";
export { GRAPH_DRAWING_DEFAULTS, graphDrawingData, graphDrawingFigure } from "./graph-drawing";
export type { WalkAnimationParams, WalkAnimationData } from "./walk-animation";
export {
  WALK_ANIMATION_DEFAULTS, WALK_ANIMATION_LIMITS, baseWalkAnimationData, walkAnimationData, walkAnimationFigure,
} from "./walk-animation";
export type { ExponentialGapParams, ExponentialGapData, ExponentialGapRow, GapPolicy } from "./exponential-gap";
export { EXPONENTIAL_GAP_DEFAULTS, GAP_POLICIES, exponentialGapData, exponentialGapFigure } from "./exponential-gap";
export type { GrowthFactorParams, GrowthFactorData, GrowthFactorRow } from "./growth-factor";
export { GROWTH_FACTOR_DEFAULTS, growthFactorData, growthFactorFigure } from "./growth-factor";
export type { SftDynamicsParams, SftDynamicsData, SftDynamicsRow, FamilyValues } from "./sft-dynamics";
export { SFT_DYNAMICS_DEFAULTS, sftDynamicsData, sftDynamicsFigure } from "./sft-dynamics";
export type { Figure3Params, Figure3Data, Figure3Row } from "./figure3";
export { FIGURE3_DEFAULTS, figure3Data, figure3Figure } from "./figure3";
export type { DistillationByTracesParams, DistillationByTracesData, DistillationRow } from "./distillation-by-traces";
export { DISTILLATION_BY_TRACES_DEFAULTS, distillationByTracesData, distillationByTracesFigure } from "./distillation-by-traces";
export type { Corollary1WorkParams, Corollary1WorkData, Corollary1WorkRow } from "./corollary1-work";
export { COROLLARY1_WORK_DEFAULTS, corollary1WorkData, corollary1WorkFigure } from "./corollary1-work";
export type { Corollary1FitsParams, Corollary1FitsData, Corollary1FitsRow } from "./corollary1-fits";
export { COROLLARY1_FITS_DEFAULTS, corollary1FitsData, corollary1FitsFigure } from "./corollary1-fits";
export type { SuccessVsBudgetParams, SuccessVsBudgetData, BudgetCurve, PolicyKey } from "./success-vs-budget";
export { SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData, successVsBudgetFigure, budgetToReach } from "./success-vs-budget";
export type { DifficultDecisionsParams, DifficultDecisionsData, DifficultDecisionRow } from "./difficult-decisions";
export { DIFFICULT_DECISIONS_DEFAULTS, difficultDecisionsData, difficultDecisionsFigure } from "./difficult-decisions";

// Figures drawn from data a notebook computes.
export type { RlvrRun, RlvrCurvesOptions, FamilyHeatmapOptions } from "./rlvr-training";
export { RLVR_CURVES_DEFAULTS, FAMILY_HEATMAP_DEFAULTS, rlvrHittingTimeCurves, familyHeatmap } from "./rlvr-training";
export type { GraphRoute, NodeVisitCurve } from "./visits-along-graph";
export { routeAlongGraph, visitsAlongGraph } from "./visits-along-graph";
export type { PowerLawFit, WorkPoint, WorkSeries, WorkPanel } from "./corollary1-fits";
export { powerLawFit, workScaling } from "./corollary1-fits";

// Figures of notebooks 03 and A1: data (training runs) and drawing.
export type {
  RlvrOptimizersParams, RlvrOptimizersData, OptimizerRun, OptimizerRow, FamilySpread, SampledRuns, SampledBandRow,
} from "./rlvr-optimizers";
export { RLVR_OPTIMIZERS_DEFAULTS, rlvrOptimizersData, rlvrOptimizersFigure, rlvrFamilyRacesFigure } from "./rlvr-optimizers";
export type {
  DistillationSampleComplexityParams, DistillationSampleComplexityData, StudentRow, SpreadRow, GoldenRow,
} from "./distillation-sample-complexity";
export {
  DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, distillationSampleComplexityData, distillationSampleComplexityFigure,
} from "./distillation-sample-complexity";

// The committed figure data (figures/NAME.json), read back.
export type { CommittedFigure, FigureDataSource } from "./committed";
export { committedFigure, figureDataFromCommitted, figuresFolder } from "./committed";

// Display: offline HTML and notebook output.
export type { FigureHtmlOptions } from "./html";
export {
  PLOTLY_BUNDLE, PLOTLY_MISSING_MESSAGE, PLOTLY_WAITING_MESSAGE, SCRIPTS_STRIPPED_MESSAGE, CARRIER_STRIPPED_MESSAGE,
  PLOTLY_WAIT_MS, PLOTLY_CARRIER_CLASS, minifiedPlotlyPath, plotlyScript, plotlyLoaderHtml, figureHtml, figurePage,
  loadPlotly, showFigure,
} from "./html";
