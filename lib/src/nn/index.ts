/** Small neural networks with hand-written back-propagation (appendix notebooks A2 and A3). */
export type { Mlp, ForwardPass } from "./mlp";
export { parameterCount, createMlp, cloneMlp, mlpForward, mlpBackward } from "./mlp";
// The transformer's module exports its public API only (the operations of ops.ts stay inside nn/).
export * from "./transformer";
