/** Small neural networks with hand-written back-propagation (appendix notebooks A2 and A3). */
export type { Mlp, ForwardPass } from "./mlp";
export { parameterCount, createMlp, cloneMlp, mlpForward, mlpBackward } from "./mlp";
export type {
  PositionEncoding, TransformerConfig, Transformer, TransformerJSON, TransformerLayout, BlockLayout, SequenceExample, Decoder,
} from "./transformer";
export {
  POSITION_ENCODINGS, TRANSFORMER_LIMITS, transformerLayout, transformerParameterCount, createTransformer,
  cloneTransformer, transformerToJSON, transformerFromJSON, transformerLogits, accumulateSequenceGradient, createDecoder,
} from "./transformer";
