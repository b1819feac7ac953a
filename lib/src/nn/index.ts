/** Small neural networks with hand-written back-propagation (appendix notebook A2). */
export type { Mlp, ForwardPass } from "./mlp";
export { parameterCount, createMlp, cloneMlp, mlpForward, mlpBackward } from "./mlp";
