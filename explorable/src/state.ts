/**
 * The page's state in the address: #W=15&K=15&L=5&opt=sign&method=rlvr&step=1200.
 * Read on load and on hashchange; written (without a new history entry) whenever
 * a control moves, so the address always shares what the reader sees. Sizes are
 * kept as given, even invalid ones: the page shows the library's error for them.
 */
import type { OptimizerName } from "rlvr-backtracking";
import { OPTIMIZERS } from "rlvr-backtracking";

export interface PageState {
  W: number;
  K: number;
  L: number;
  optimizer: OptimizerName;
  method: "rlvr" | "sft";
  step: number;
}

/** Figure 3's graph and protocol. */
export const DEFAULT_STATE: PageState = { W: 15, K: 15, L: 5, optimizer: "sign", method: "rlvr", step: 1200 };

/** A size as written: a number if it reads as one (checked later), else NaN so the check names it. */
function sizeFrom(text: string | null, fallback: number): number {
  if (text === null || text.trim() === "") return fallback;
  return Number(text);
}

export function readHash(hash: string): PageState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const optimizer = params.get("opt");
  const method = params.get("method");
  const step = Number(params.get("step"));
  return {
    W: sizeFrom(params.get("W"), DEFAULT_STATE.W),
    K: sizeFrom(params.get("K"), DEFAULT_STATE.K),
    L: sizeFrom(params.get("L"), DEFAULT_STATE.L),
    optimizer: (OPTIMIZERS as readonly string[]).includes(optimizer ?? "") ? (optimizer as OptimizerName) : DEFAULT_STATE.optimizer,
    method: method === "sft" ? "sft" : "rlvr",
    step: params.has("step") && Number.isInteger(step) && step >= 0 ? step : DEFAULT_STATE.step,
  };
}

let pending = 0;

/**
 * Writes the state into the address a moment after the last change: browsers
 * refuse (and warn about) more than a few hundred address changes in seconds,
 * which a dragged slider or Play would otherwise make.
 */
export function writeHash(state: PageState): void {
  clearTimeout(pending);
  pending = window.setTimeout(() => {
    const hash = `#W=${state.W}&K=${state.K}&L=${state.L}&opt=${state.optimizer}&method=${state.method}&step=${state.step}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }, 100);
}
