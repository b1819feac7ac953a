/**
 * rlvr-backtracking: the maths of Wei and Kim, "Provable Benefits of RLVR over SFT
 * for Reasoning Models: Learning to Backtrack Efficiently" (ICML 2026,
 * arXiv:2606.22938), as a library the notebooks, the figure script, the
 * explorable and the tests share.
 *
 * The table of contents, by the paper's nouns. Each section names one module's
 * public part; argument checks, solver and optimizer plumbing, layout helpers and
 * history recorders stay inside their modules.
 */

// ---- The reasoning graph G(W, K, L) and its stem variant (graph.ts) ----
export type { GraphVariant, GraphShape, NodeKind, EdgeKind, GraphNode, GraphEdge, ExplicitGraph, Walk } from "./graph";
export {
  LIMITS, GRAPH_VARIANTS, pathStar, stemPathStar, depthCount, branchLength, goldenPathLength, describeShape, nodeIds,
  explicitSize, edgeStateCount, buildGraph, goldenPath,
} from "./graph";

// ---- The edge-state policy: families a, b, c, d per depth; the base model, the SFT limit, the optimum (policy.ts) ----
export type { Family, Rational, Policy, Move } from "./policy";
export {
  FAMILIES, FORK_FAMILY, decisionCount, decisionIndex, forkDecisionIndex, decisionName, baseOffsets, policyFromTheta,
  thetaOf, sigmoid, policyFromProbabilities, familyOf, basePolicy, optimalPolicy, sftLimitPolicy, familyProbabilities,
  movesFrom,
} from "./policy";

// ---- Exact solvers: hitting and exit times on the chain's structure (chain.ts) ----
export type { BranchProbabilities, FirstStepAnalysis, BranchOccupancy, Occupancy, PolicyGradient } from "./chain";
export {
  branchProbabilities, InfiniteHittingTimeError, BeyondDoubleRangeError, hittingTimeRelativeAccuracy,
  log10HittingTimeAccuracy, log10ExpectedHittingTime, expectedHittingTime, firstStepAnalysis, expectedExitTime,
  occupancy, edgeFlowHittingTime, policyGradient,
} from "./chain";

// ---- Exact solvers: the paper's closed forms (closed-forms.ts) ----
export {
  optimalHittingTime, baseHittingTime, sftGrowthFactor, sftShift, sftLimitExitTime, sftLimitHittingTime,
  log10SftLimitHittingTime, sftLimitCrossingDepth,
} from "./closed-forms";

// ---- Exact solvers: the generic edge-state chain, sparse and exact-rational solves (edge-chain.ts, sparse.ts) ----
export type { CompiledChain } from "./edge-chain";
export { SPARSE_LIMITS, compileChain, decisionProbability, moveProbability } from "./edge-chain";
export type { ChainSolution } from "./sparse";
export { solveChain, expectedNodeVisits, solveChainValues, exactHittingTime, fractionToNumber } from "./sparse";

// ---- Sampling: seeded walks and Monte Carlo estimates (sample.ts) ----
export type { SamplingTable, DecisionCounts, SampleOptions, SampledNodeVisits } from "./sample";
export {
  createRng, compileSamplingTable, SAMPLE_LIMITS, sampleHittingTimes, sampleRollout, sampleWalk, sampledNodeVisits,
  meanWithInterval,
} from "./sample";

// ---- Search at inference time: duplicate-edge rejection, restarts, best-of-n (search.ts) ----
export type {
  WhenStuck, Strategy, SearchOptions, DedupOptions, RestartOptions, BestOfNOptions, BudgetCurveOptions, DedupWalk,
} from "./search";
export {
  sampleDedupHittingTimes, sampleDedupWalk, sampleRestartHittingTimes, sampleBestOfNWork, sampleWork,
  successProbabilityByBudget, dedupOptimalHittingTime, dedupSftLimitHittingTime,
} from "./search";

// ---- Statistics: Monte Carlo tolerances, bands over seeds (stats.ts) ----
export type { SolvedByBudget, ShortfallAtBudget, SeedBand } from "./stats";
export {
  proportionGapTolerance, shortfalls, countMeanTolerance, seedBand, samplesForRelativeTolerance, rmsRatioBounds,
  logLogSlopeTolerance, median, rmsDeviation,
} from "./stats";

// ---- Training: SFT, RLVR, distillation (train/) ----
export type {
  OptimizerName, TrainingRecord, TrainingResult, SftOptions, Demonstrations, RlvrOptions, DistillOptions,
} from "./train";
export {
  OPTIMIZERS, isRecordedStep, SFT_MODES, SFT_DEFAULTS, emptyCounts, countDecisions, fitDemonstrations,
  crossEntropyGradient, sampleGoldenPaths, goldenDecisionCounts, trainSft, RLVR_DEFAULTS, RLVR_SAMPLED_DEFAULTS,
  defaultBudget, rolloutReward, addReinforceTerm, trainRlvr, DISTILL_DEFAULTS, teacherDemonstrations, distill, TRAINING_LIMITS,
} from "./train";

// ---- Training dynamics: when sign steps move every logit together; a student's spread (dynamics.ts) ----
export type { UniformSignCheck } from "./dynamics";
export { checkUniformSignTrajectory, distilledStudentSpread } from "./dynamics";

// ---- Neural policies (appendix A2): a network on edge states, trained by SFT, RLVR and distillation ----
export type { Mlp, ForwardPass } from "./nn";
export { parameterCount, createMlp, cloneMlp, mlpForward, mlpBackward } from "./nn";
// ---- Sequence models (appendix A3): a small causal transformer that reads the walk ----
export type {
  PositionEncoding, TransformerConfig, Transformer, TransformerJSON, TransformerLayout, BlockLayout, SequenceExample, Decoder,
} from "./nn";
export {
  POSITION_ENCODINGS, TRANSFORMER_LIMITS, transformerLayout, transformerParameterCount, createTransformer,
  cloneTransformer, transformerToJSON, transformerFromJSON, transformerLogits, accumulateSequenceGradient, createDecoder,
} from "./nn";
export type { MoveCoding, PolicyNetwork, NeuralEvaluation } from "./train/neural-policy";
export {
  NEURAL_FEATURES, NEURAL_HIDDEN, MOVE_CODINGS, createPolicyNetwork, clonePolicyNetwork, edgeStateFeatures,
  evaluateNetwork, neuralPolicy, backpropagateLogitGradient,
} from "./train/neural-policy";
export type {
  NeuralOptions, ExactObjective, NeuralRlvrOptions, NeuralDistillOptions, NeuralTrainingResult,
} from "./train/neural";
export {
  NEURAL_DEFAULTS, EXACT_OBJECTIVES, fitNeuralBase, distanceFromBase, trainNeuralSft, trainNeuralRlvr, distillNeural,
} from "./train/neural";
export type { MemoryForkOptions, MemoryForkResult } from "./train/neural-memory";
export {
  memorySearchHittingTime, MEMORY_FORK_FEATURES, sampleMemorySearch, MEMORY_FORK_DEFAULTS, trainMemoryFork,
} from "./train/neural-memory";
export type { NeuralTrainerName, NeuralCliOptions, NeuralCliResult } from "./train/neural-cli";
export { NEURAL_TRAINERS, NEURAL_CLI_LIMITS, trainNeuralForCli } from "./train/neural-cli";

// ---- Figures: xxxData(params) computes rows, xxxFigure(rows) draws them; the registry by name (plot/) ----
export type {
  Figure, Trace, Frame, HittingTimeValue, Estimate, Progress, FigureName, FigureParams, FigureDataOf, FigureEntry,
  GraphDrawingParams, GraphDrawingData, DrawnNode, DrawnEdge, Point, WalkAnimationParams, WalkAnimationData,
  ExponentialGapParams, ExponentialGapData, ExponentialGapRow, GapPolicy, GrowthFactorParams, GrowthFactorData,
  GrowthFactorRow, SftDynamicsParams, SftDynamicsData, SftDynamicsRow, FamilyValues, Figure3Params, Figure3Data,
  Figure3Row, DistillationByTracesParams, DistillationByTracesData, DistillationRow, Corollary1WorkParams,
  Corollary1WorkData, Corollary1WorkRow, Corollary1FitsParams, Corollary1FitsData, Corollary1FitsRow,
  SuccessVsBudgetParams, SuccessVsBudgetData, BudgetCurve, PolicyKey, DifficultDecisionsParams,
  DifficultDecisionsData, DifficultDecisionRow, RlvrRun, RlvrCurvesOptions, FamilyHeatmapOptions, GraphRoute,
  NodeVisitCurve, PowerLawFit, WorkPoint, WorkSeries, WorkPanel,
} from "./plot";
export {
  range, logSpacedIntegers, NOTEBOOKS, FIGURES, FIGURE_ENTRIES, figureEntry, figureParams, figureData, drawFigure,
  buildFigure, GRAPH_DRAWING_DEFAULTS, graphDrawingData, graphDrawingFigure, WALK_ANIMATION_DEFAULTS,
  WALK_ANIMATION_LIMITS, baseWalkAnimationData, walkAnimationData, walkAnimationFigure, EXPONENTIAL_GAP_DEFAULTS,
  GAP_POLICIES, exponentialGapData, exponentialGapFigure, GROWTH_FACTOR_DEFAULTS, growthFactorData,
  growthFactorFigure, SFT_DYNAMICS_DEFAULTS, sftDynamicsData, sftDynamicsFigure, FIGURE3_DEFAULTS, figure3Data,
  figure3Figure, DISTILLATION_BY_TRACES_DEFAULTS, distillationByTracesData, distillationByTracesFigure,
  COROLLARY1_WORK_DEFAULTS, corollary1WorkData, corollary1WorkFigure, COROLLARY1_FITS_DEFAULTS, corollary1FitsData,
  corollary1FitsFigure, SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData, successVsBudgetFigure, budgetToReach,
  DIFFICULT_DECISIONS_DEFAULTS, difficultDecisionsData, difficultDecisionsFigure, RLVR_CURVES_DEFAULTS,
  FAMILY_HEATMAP_DEFAULTS, rlvrHittingTimeCurves, familyHeatmap, routeAlongGraph, visitsAlongGraph, powerLawFit,
  workScaling,
} from "./plot";
export type {
  NeuralProtocolMethod, NeuralProtocolParams, NeuralCurveRow, NeuralFinalProbabilityRow,
  NeuralFinalHittingTimeRow, NeuralBaseFitRow, NeuralProtocolData,
} from "./plot/neural-training";
export {
  NEURAL_PROTOCOL_METHODS, NEURAL_PROTOCOL_LABELS, NEURAL_PROTOCOL_COLORS, NEURAL_PROTOCOL_DEFAULTS,
  neuralProtocolData, neuralTrainingFigure, neuralProbabilitiesFigure,
} from "./plot/neural-training";
export type {
  NeuralDepthMethod, NeuralDepthParams, NeuralDepthRow, NeuralDepthReferenceRow, NeuralDepthData,
} from "./plot/neural-depth";
export { NEURAL_DEPTH_METHODS, neuralDepthData, neuralDepthFigure } from "./plot/neural-depth";
export type {
  RlvrOptimizersParams, RlvrOptimizersData, OptimizerRun, OptimizerRow, FamilySpread, SampledRuns, SampledBandRow,
  DistillationSampleComplexityParams, DistillationSampleComplexityData, StudentRow, SpreadRow, GoldenRow,
} from "./plot";
export {
  RLVR_OPTIMIZERS_DEFAULTS, rlvrOptimizersData, rlvrOptimizersFigure, rlvrFamilyRacesFigure,
  DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, distillationSampleComplexityData, distillationSampleComplexityFigure,
} from "./plot";

// ---- Display: colours, tables, offline HTML, progress lines (plot/style.ts, display.ts, plot/html.ts, progress.ts) ----
export { POLICY_COLORS, FAMILY_COLORS, FAMILY_MEANING, FIGURE_SIZE } from "./plot";
export type { TableCell, NumberFormat, TableColumn, TableOptions } from "./display";
export { formatNumber, formatLog10, markdownTable, showTable, showMarkdown, familyTotals } from "./display";
export type { FigureHtmlOptions } from "./plot";
export {
  PLOTLY_BUNDLE, PLOTLY_MISSING_MESSAGE, PLOTLY_WAITING_MESSAGE, SCRIPTS_STRIPPED_MESSAGE, CARRIER_STRIPPED_MESSAGE,
  PLOTLY_WAIT_MS, PLOTLY_CARRIER_CLASS, minifiedPlotlyPath, plotlyScript, plotlyLoaderHtml, figureHtml, figurePage,
  loadPlotly, showFigure,
} from "./plot";
export { trainingProgress, loopProgress } from "./progress";

// ---- Appendix A3: the walk as tokens, a transformer that reads it, its trainings and the sweep's rows ----
export * from "./sequence";
export type { SequenceModelSizes, EvaluationOptions, SequenceEvaluation } from "./train/sequence-model";
export { SEQUENCE_MODEL_DEFAULTS, sequenceModelConfig, createSequenceModel, transformerPolicy, walkExample, stepOnWalks, evaluateSequenceModel } from "./train/sequence-model";
export { goldenWalks, randomWalks, searchDemonstrations, successfulWalks, depthShapes } from "./train/sequence-data";
export type { SequenceRecord, SequenceTrainingResult, SequencePretrainOptions, SequenceSftOptions, SequenceRlvrOptions } from "./train/sequence-train";
export {
  SEQUENCE_TRAINING_LIMITS, SEQUENCE_PRETRAIN_DEFAULTS, SEQUENCE_SFT_DEFAULTS, SEQUENCE_RLVR_DEFAULTS,
  pretrainSequenceBase, trainSequenceSft, trainSequenceRlvr,
} from "./train/sequence-train";
export type { SequenceTrainingName, SequenceProtocol } from "./train/sequence-protocol";
export {
  SEQUENCE_TRAININGS, SEQUENCE_TRAINING_LABELS, SEQUENCE_PROTOCOL_DEFAULTS, sequenceProtocol, trainingDepths, rlvrBudget,
  evaluationBudget, pretrainBase, runSequenceTraining, evaluateAtDepth, sequenceReferences,
} from "./train/sequence-protocol";
export type { SweepPlan, SweepJob, SweepResult } from "./train/sequence-sweep";
export { SEQUENCE_SWEEP_PLAN, SEQUENCE_SWEEP_SMOKE_PLAN, sweepJobs, jobProtocol, runSweepJob } from "./train/sequence-sweep";
export type { SequenceCliTrainer, SequenceCliOptions, SequenceCliResult } from "./train/sequence-cli";
export { SEQUENCE_CLI_TRAINERS, SEQUENCE_CLI_LIMITS, trainSequenceForCli } from "./train/sequence-cli";
export type { SweepJobResult, SequenceSweepData, SequenceModelName, DepthRow, LineFit, GrowthFit, CurveRow } from "./experiments/sequence-summary";
export { SEQUENCE_MODELS, depthRows, fitLine, growthFits, trainingCurves, baseCheck } from "./experiments/sequence-summary";
export { SEQUENCE_MODEL_COLORS, SEQUENCE_MODEL_LABELS, sequenceDepthFigure, sequenceTrainingFigure, sequenceGeneralisationFigure } from "./plot/sequence-model";
