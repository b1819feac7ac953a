/**
 * Training (Theorems 2, 3 and 5): SFT on golden paths or demonstrations, RLVR by
 * the exact or a sampled policy gradient, and distillation of a teacher's walks.
 * The optimizer plumbing, the run loop and the history recorder stay inside.
 */
export type { OptimizerName } from "./optimizer";
export { OPTIMIZERS } from "./optimizer";
export type { TrainingRecord, TrainingResult } from "./history";
export { isRecordedStep } from "./history";
export type { SftOptions, Demonstrations } from "./sft";
export {
  SFT_MODES, SFT_DEFAULTS, emptyCounts, countDecisions, fitDemonstrations, crossEntropyGradient, sampleGoldenPaths,
  goldenDecisionCounts, trainSft,
} from "./sft";
export type { RlvrOptions } from "./rlvr";
export { RLVR_DEFAULTS, RLVR_SAMPLED_DEFAULTS, plainGradientLearningRate, DEFAULT_BUDGET_FACTOR, defaultBudget, rolloutReward, addReinforceTerm, trainRlvr } from "./rlvr";
export type { DistillOptions } from "./distill";
export { DISTILL_DEFAULTS, teacherDemonstrations, distill } from "./distill";
export { TRAINING_LIMITS } from "./run";
