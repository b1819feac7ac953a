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
  LIMITS, pathStar, stemPathStar, depthCount, branchLength, goldenPathLength, describeShape, nodeIds,
  explicitSize, edgeStateCount, buildGraph, goldenPath,
} from "./graph";

// ---- The edge-state policy: families a, b, c, d per depth; the base model, the SFT limit, the optimum (policy.ts) ----
export type { Family, Rational, Policy, Move } from "./policy";
export {
  FAMILIES, decisionCount, decisionIndex, forkDecisionIndex, decisionName, baseOffsets, policyFromTheta,
  thetaOf, sigmoid, policyFromProbabilities, basePolicy, optimalPolicy, sftLimitPolicy, familyProbabilities,
  movesFrom,
} from "./policy";

// ---- Exact solvers: hitting and exit times on the chain's structure (chain.ts) ----
export type { BranchProbabilities, FirstStepAnalysis, BranchOccupancy, Occupancy, PolicyGradient, HittingTimeValue } from "./chain";
export {
  branchProbabilities, InfiniteHittingTimeError, BeyondDoubleRangeError, hittingTimeRelativeAccuracy,
  log10HittingTimeAccuracy, log10ExpectedHittingTime, expectedHittingTime, hittingTimeValue, firstStepAnalysis, expectedExitTime,
  occupancy, edgeFlowHittingTime, policyGradient,
} from "./chain";

/** 10^log10, or null beyond the double range: the one cut-off for values kept in log space. */
export { fromLog10 } from "./positive-arithmetic";

// ---- Exact solvers: the paper's closed forms (closed-forms.ts) ----
export {
  optimalHittingTime, baseHittingTime, sftGrowthFactor, sftShift, sftLimitExitTime, sftLimitHittingTime,
  log10SftLimitHittingTime, sftLimitCrossingDepth,
} from "./closed-forms";

// ---- Exact: the truncated reward sampled RLVR ascends, and its gradient (truncated-reward.ts) ----
export type { TruncatedRewardOptions, TruncatedReward } from "./truncated-reward";
export { TRUNCATED_REWARD_LIMIT, truncatedRewardGradient } from "./truncated-reward";

// ---- Exact solvers: the generic edge-state chain, sparse and exact-rational solves (edge-chain.ts, sparse.ts) ----
export type { CompiledChain } from "./edge-chain";
export { SPARSE_LIMITS, compileChain, moveProbability } from "./edge-chain";
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
export type { SolvedByBudget, ShortfallAtBudget, SeedBand, PowerLawFit } from "./stats";
export {
  proportionGapTolerance, shortfalls, countMeanTolerance, seedBand, samplesForRelativeTolerance, rmsRatioBounds,
  logLogSlopeTolerance, median, rmsDeviation, powerLawFit, chiSquareSurvival,
} from "./stats";

// ---- Training: SFT, RLVR, distillation (train/) ----
export type {
  OptimizerName, TrainingRecord, TrainingResult, SftOptions, Demonstrations, RlvrOptions, DistillOptions,
} from "./train";
export {
  OPTIMIZERS, isRecordedStep, SFT_DEFAULTS, emptyCounts, countDecisions, fitDemonstrations,
  crossEntropyGradient, sampleGoldenPaths, goldenDecisionCounts, trainSft, RLVR_DEFAULTS, RLVR_SAMPLED_DEFAULTS,
  plainGradientLearningRate, DEFAULT_BUDGET_FACTOR, defaultBudget, rolloutReward, addReinforceTerm, trainRlvr,
  DISTILL_DEFAULTS, teacherDemonstrations, distill, TRAINING_LIMITS,
} from "./train";

// ---- Training dynamics: when sign steps move every logit together; a student's spread (dynamics.ts) ----
export type { UniformSignCheck } from "./dynamics";
export { checkUniformSignTrajectory, distilledStudentSpread } from "./dynamics";

// ---- Neural policies (appendix A2): a network on edge states, trained by SFT, RLVR and distillation ----
export type { Mlp, ForwardPass } from "./nn";
export { parameterCount, createMlp, cloneMlp, mlpForward, mlpBackward } from "./nn";
export type { MoveCoding, PolicyNetwork, NeuralEvaluation } from "./train/neural-policy";
export {
  NEURAL_FEATURES, MOVE_CODINGS, createPolicyNetwork, clonePolicyNetwork, edgeStateFeatures,
  evaluateNetwork, neuralPolicy, backpropagateLogitGradient,
} from "./train/neural-policy";
export type {
  NeuralOptions, ExactObjective, NeuralRlvrOptions, NeuralDistillOptions, NeuralTrainingResult,
} from "./train/neural";
export {
  NEURAL_DEFAULTS, fitNeuralBase, distanceFromBase, trainNeuralSft, trainNeuralRlvr, distillNeural,
} from "./train/neural";
export type { MemoryForkOptions, MemoryForkResult } from "./train/neural-memory";
export {
  memorySearchHittingTime, lastBranchSearchHittingTime, sampleMemorySearch, MEMORY_FORK_DEFAULTS, trainMemoryFork,
} from "./train/neural-memory";
export type { NeuralTrainerName, NeuralCliOptions, NeuralCliResult } from "./train/neural-cli";
export { NEURAL_CLI_LIMITS, trainNeuralForCli } from "./train/neural-cli";

// ---- Sequence models (appendix A3): a small causal transformer that reads its walk (nn/transformer.ts) ----
export type {
  PositionEncoding, TransformerConfig, Transformer, TransformerJSON, TransformerLayout, BlockLayout, SequenceExample, Decoder,
} from "./nn";
export {
  POSITION_ENCODINGS, TRANSFORMER_LIMITS, transformerLayout, transformerParameterCount, createTransformer,
  cloneTransformer, transformerToJSON, transformerFromJSON, transformerLogits, accumulateSequenceGradient, createDecoder,
} from "./nn";

// ---- The paper's experiments: parameters (seed among them) in, rows out; drawn by rlvr-backtracking/plot (experiments/) ----
export type { Progress, Estimate } from "./rows";
export { range, logSpacedIntegers } from "./rows";
// The reasoning graph laid out, and a walk on it step by step (notebooks 00, 01, 05).
export type { GraphDrawingParams, GraphDrawingData, DrawnNode, DrawnEdge, Point } from "./experiments/graph-layout";
export { GRAPH_DRAWING_DEFAULTS, graphDrawingData, drawnGraph } from "./experiments/graph-layout";
export type { WalkAnimationParams, WalkAnimationData } from "./experiments/walk-animation";
export {
  WALK_ANIMATION_DEFAULTS, baseWalkAnimationData, walkAnimationData,
} from "./experiments/walk-animation";
// Theorem 2: SFT's dynamics (notebook 02).
export type { SftDynamicsParams, SftDynamicsData, SftDynamicsRow, FamilyValues } from "./experiments/theorem2-sft-dynamics";
export { SFT_DYNAMICS_DEFAULTS, sftDynamicsData } from "./experiments/theorem2-sft-dynamics";
// Theorem 3: RLVR under sign, plain-gradient and Adam steps; which families move first (notebook 03).
export type {
  RlvrOptimizersParams, RlvrOptimizersData, OptimizerRun, OptimizerRow, FamilySpread, SampledRuns, SampledBandRow,
} from "./experiments/theorem3-optimizers";
export { RLVR_OPTIMIZERS_DEFAULTS, rlvrOptimizersData } from "./experiments/theorem3-optimizers";
// Theorem 4: the exponential gap, and the SFT limit's growth factor per diamond (notebooks 02 and 04).
export type { ExponentialGapParams, ExponentialGapData, ExponentialGapRow, GapPolicy } from "./experiments/theorem4-gap";
export { EXPONENTIAL_GAP_DEFAULTS, GAP_POLICIES, exponentialGapData } from "./experiments/theorem4-gap";
export type { GrowthFactorParams, GrowthFactorData, GrowthFactorRow } from "./experiments/theorem4-growth-factor";
export { GROWTH_FACTOR_DEFAULTS, growthFactorData } from "./experiments/theorem4-growth-factor";
// Corollary 1: the work of duplicate-edge rejection, and its measured exponents (notebook 05).
export type { Corollary1WorkParams, Corollary1WorkData, Corollary1WorkRow } from "./experiments/corollary1-work";
export { COROLLARY1_WORK_DEFAULTS, corollary1WorkData } from "./experiments/corollary1-work";
export type { Corollary1FitsParams, Corollary1FitsData, Corollary1FitsRow } from "./experiments/corollary1-fits";
export { COROLLARY1_FITS_DEFAULTS, corollary1FitsData } from "./experiments/corollary1-fits";
// Inference-time compute: success against a step budget; difficult decisions on the stem variant (notebook 06).
export type { SuccessVsBudgetParams, SuccessVsBudgetData, BudgetCurve, PolicyKey } from "./experiments/success-vs-budget";
export { SUCCESS_VS_BUDGET_DEFAULTS, successVsBudgetData, budgetToReach } from "./experiments/success-vs-budget";
export type { DifficultDecisionsParams, DifficultDecisionsData, DifficultDecisionRow } from "./experiments/difficult-decisions";
export { DIFFICULT_DECISIONS_DEFAULTS, difficultDecisionsData } from "./experiments/difficult-decisions";
// Figure 3 and Theorem 5: RLVR, its distilled student and the golden-path control; distillation by traces and by sample size (notebook A1).
export type { Figure3Params, Figure3Data, Figure3Row } from "./experiments/figure3";
export { FIGURE3_DEFAULTS, figure3Data } from "./experiments/figure3";
export type { DistillationByTracesParams, DistillationByTracesData, DistillationRow } from "./experiments/distillation-by-traces";
export { DISTILLATION_BY_TRACES_DEFAULTS, distillationByTracesData } from "./experiments/distillation-by-traces";
export type {
  DistillationSampleComplexityParams, DistillationSampleComplexityData, StudentRow, SpreadRow, GoldenRow,
} from "./experiments/distillation-by-sample-size";
export {
  DISTILLATION_SAMPLE_COMPLEXITY_DEFAULTS, distillationSampleComplexityData,
} from "./experiments/distillation-by-sample-size";
// Appendix A2: the neural protocol against the table, and depth generalisation.
export type {
  NeuralProtocolMethod, NeuralProtocolParams, NeuralCurveRow, NeuralFinalProbabilityRow,
  NeuralFinalHittingTimeRow, NeuralBaseFitRow, NeuralProtocolData,
} from "./experiments/neural-protocol";
export { NEURAL_PROTOCOL_METHODS, NEURAL_PROTOCOL_DEFAULTS, neuralProtocolData } from "./experiments/neural-protocol";
export type {
  NeuralDepthMethod, NeuralDepthParams, NeuralDepthRow, NeuralDepthReferenceRow, NeuralDepthData,
} from "./experiments/neural-depth";
export { NEURAL_DEPTH_DEFAULTS, neuralDepthData } from "./experiments/neural-depth";

// ---- Display: tables, numbers, progress lines (display.ts, progress.ts); figures are in rlvr-backtracking/plot ----
export type { TableCell, NumberFormat, TableColumn, TableOptions } from "./display";
export { formatNumber, formatLog10, markdownTable, htmlTable, textTable, showTable, showMarkdown, familyTotals } from "./display";
export { texToHtml, texToText, markdownToHtml, markdownToText } from "./markup";
export { showBundle } from "./notebook-output";
export type { MimeBundle } from "./notebook-output";
export type { DiamondDiagram } from "./diamond-diagram";
export { diamondDiagram, showDiamondDiagram } from "./diamond-diagram";
export { trainingProgress, loopProgress } from "./progress";
/** The integer check every entry point uses (the explorable checks its inputs with it too). */
export { requireInteger } from "./validate";

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
  evaluationBudget, deeperBudget, modelDepths, measurementBudget, pretrainBase, runSequenceTraining, evaluateAtDepth, sequenceReferences,
} from "./train/sequence-protocol";
export type { SweepPlan, SweepJob, SweepResult, ReplayModel } from "./train/sequence-sweep";
export { SEQUENCE_SWEEP_PLAN, SEQUENCE_SWEEP_SMOKE_PLAN, sweepJobs, jobProtocol, runSweepJob, replayModels } from "./train/sequence-sweep";
export type { SequenceCliTrainer, SequenceCliOptions, SequenceCliResult } from "./train/sequence-cli";
export { SEQUENCE_CLI_TRAINERS, SEQUENCE_CLI_LIMITS, trainSequenceForCli } from "./train/sequence-cli";
export type {
  SweepJobResult, SequenceSweepData, SequenceModelName, DepthRow, LineFit, GrowthFit, CurveRow, LateTrainingRow, SequenceFigureParams, SequenceFigureData,
} from "./experiments/sequence-summary";
export {
  SEQUENCE_MODELS, depthRows, fitLine, growthFits, trainingCurves, rlvrLateTraining, baseCheck, SEQUENCE_FIGURE_DEFAULTS, sequenceFigureData,
} from "./experiments/sequence-summary";
