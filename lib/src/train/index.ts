export * from "./optimizer";
export * from "./history";
export * from "./sft";
export * from "./rlvr";
export * from "./distill";
export { TRAINING_LIMITS } from "./run";
