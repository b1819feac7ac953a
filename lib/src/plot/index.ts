/**
 * Plotly figure builders (one pure function per figure: parameters in, a figure
 * spec out), the registry that lists them, and offline HTML display.
 */
export * from "./figure";
export * from "./graph-drawing";
export * from "./walk";
export * from "./hitting-time";
export * from "./training";
export * from "./rlvr";
export * from "./decoding";
export * from "./search";
export * from "./allocation";
export * from "./distillation";
export * from "./registry";
export * from "./html";
export * from "./rlvr-optimizers";
export * from "./distillation-sample-complexity";
