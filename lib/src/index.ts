/**
 * rlvr-backtracking: the maths of Wei and Kim, "Provable Benefits of RLVR over SFT
 * for Reasoning Models: Learning to Backtrack Efficiently" (ICML 2026,
 * arXiv:2606.22938), as a library the notebooks, the figure script and the tests share.
 */
export * from "./validate";
export * from "./graph";
export * from "./policy";
export * from "./chain";
export * from "./edge-chain";
export * from "./sparse";
export * from "./sample";
export * from "./search";
export * from "./stats";
export * from "./dynamics";
export * from "./train";
export * from "./progress";
export * from "./plot";
export * from "./display";
export * from "./closed-forms";

// ---- neural (appendix A2): a network edge-state policy trained by SFT, RLVR and distillation ----
export * from "./nn";
export * from "./train/neural-policy";
export * from "./train/neural";
export * from "./train/neural-cli";
export * from "./train/neural-memory";
export * from "./plot/neural-training";
export * from "./plot/neural-depth";
