/**
 * The page's state, in one place. `page.address` is what the address holds
 * (#W=15&K=15&L=5&opt=sign&method=rlvr&step=1200&model=rlvr&depth=2&episode=1): read on load and on
 * hashchange, written (without a new history entry) whenever a control moves, so
 * the address always shares what the reader sees. Sizes are kept as given, even
 * invalid ones: the page shows the library's error for them. The rest of `page`
 * is what the page has computed or received for those sizes, and the handles of
 * its pending frames and timers.
 */
import type { GraphDrawingData, OptimizerName, SamplingTable } from "rlvr-backtracking";
import { OPTIMIZERS } from "rlvr-backtracking";
import type { Runs } from "./figures";
import type { Quantities } from "./quantities";
import type { ReplayModelName, ReplaySummary } from "./replay-data";
import { REPLAY_MODELS } from "./replay-data";
import type { Replay } from "./replay";
import type { walkCanvas } from "./graph-canvas";

/** What the address holds. */
export interface Address {
  readonly W: number;
  readonly K: number;
  readonly L: number;
  readonly optimizer: OptimizerName;
  readonly method: "rlvr" | "sft";
  readonly step: number;
  /** Section 7: the trained transformer replayed, the depth (null: the sweep's main depth) and the episode number. */
  readonly model: ReplayModelName;
  readonly depth: number | null;
  readonly episode: number;
}

/** Figure 3's graph and protocol. */
export const DEFAULT_ADDRESS: Address = { W: 15, K: 15, L: 5, optimizer: "sign", method: "rlvr", step: 1200, model: "rlvr", depth: null, episode: 1 };

/** The Monte Carlo check of Corollary 1: sampled means and their half-widths. */
export interface Sampled {
  readonly sftMean: number;
  readonly sftHalfWidth: number;
  readonly optimalMean: number;
  readonly optimalHalfWidth: number;
}

/** G(W, K, L) as the walk is drawn on it (target in the top branch), with its sampling table. */
export interface WalkGraph {
  readonly key: string;
  readonly table: SamplingTable;
  readonly drawn: GraphDrawingData;
}

/** A size as written: a number if it reads as one (checked later), else NaN so the check names it. */
function sizeFrom(text: string | null, fallback: number): number {
  if (text === null || text.trim() === "") return fallback;
  return Number(text);
}

export function readHash(hash: string): Address {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const optimizer = params.get("opt");
  const method = params.get("method");
  const step = Number(params.get("step"));
  const model = params.get("model");
  return {
    W: sizeFrom(params.get("W"), DEFAULT_ADDRESS.W),
    K: sizeFrom(params.get("K"), DEFAULT_ADDRESS.K),
    L: sizeFrom(params.get("L"), DEFAULT_ADDRESS.L),
    optimizer: (OPTIMIZERS as readonly string[]).includes(optimizer ?? "") ? (optimizer as OptimizerName) : DEFAULT_ADDRESS.optimizer,
    method: method === "sft" ? "sft" : "rlvr",
    step: params.has("step") && Number.isInteger(step) && step >= 0 ? step : DEFAULT_ADDRESS.step,
    model: (REPLAY_MODELS as readonly string[]).includes(model ?? "") ? (model as ReplayModelName) : DEFAULT_ADDRESS.model,
    // Checked by the replay, which shows the library's error for a refused one.
    depth: params.has("depth") ? sizeFrom(params.get("depth"), NaN) : DEFAULT_ADDRESS.depth,
    episode: sizeFrom(params.get("episode"), DEFAULT_ADDRESS.episode),
  };
}

/** Everything the page keeps between events. */
export const page = {
  address: readHash(location.hash),
  /** The exact numbers of the last accepted sizes (null until the first). */
  numbers: null as Quantities | null,
  /** The trainings for the current sizes and update rule, once the worker has sent them. */
  runs: null as (Runs & { steps: number }) | null,
  /** The Monte Carlo check for the current sizes, once the worker has sent it. */
  sampled: null as Sampled | null,
  /** What the last training job was started for ("W,K,L,optimizer"; "" for none), and when. */
  job: { key: "", startedAt: 0 },
  /** The walk's graph for the last size drawn, and how many walks were drawn (each walk has its own seed). */
  walk: { graph: null as WalkGraph | null, drawn: 0 },
  /** Section 7: the models once parsed (null until the section first needs them), the walk shown and its drawing, and whether the next one plays. */
  replay: { data: null as ReplaySummary | null, shown: null as Replay | null, canvas: null as ReturnType<typeof walkCanvas> | null, play: false },
  /** Pending frames and timers: the plots' redraw, the training's start, Play, the walk's animation, the replay's, the address's write. */
  timers: { plots: 0, training: 0, play: 0, walk: 0, replay: 0, address: 0 },
};

/** Moves the controls' state: `change` merged into the address, written into the address bar. */
export function setAddress(change: Partial<Address>): void {
  page.address = { ...page.address, ...change };
  writeHash();
}

/**
 * Writes the state into the address a moment after the last change: browsers
 * refuse (and warn about) more than a few hundred address changes in seconds,
 * which a dragged slider or Play would otherwise make.
 */
function writeHash(): void {
  clearTimeout(page.timers.address);
  page.timers.address = window.setTimeout(() => {
    const { W, K, L, optimizer, method, step, model, depth, episode } = page.address;
    const replay = `&model=${model}${depth === null ? "" : `&depth=${depth}`}&episode=${episode}`;
    const hash = `#W=${W}&K=${K}&L=${L}&opt=${optimizer}&method=${method}&step=${step}${replay}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }, 100);
}
