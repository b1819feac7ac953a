export * from "./tokens";
export * from "./environment";
export * from "./walk";
export * from "./reference-policies";
export * from "./measure";
export * from "./contexts";
export * from "./replay";
