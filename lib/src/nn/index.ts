/** Small neural networks with hand-written back-propagation (appendix notebook A2). */
export * from "./mlp";
