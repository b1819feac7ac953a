/**
 * Progress for slow notebook cells: one output line that updates in place in a
 * tslab notebook; elsewhere (scripts, tests) nothing is printed.
 */
import type { TrainingRecord } from "./train/history";
import { describe } from "./validate";

function requireLabel(label: unknown): string {
  if (typeof label !== "string") throw new RangeError(`label must be a string, got ${describe(label)}`);
  return label;
}

/** Minimum time between two updates of the display, so updates never dominate a run. */
const REFRESH_MS = 200;

/**
 * A line that overwrites itself in a tslab notebook and is silent elsewhere:
 * outside a running kernel (or without tslab installed) tslab's display throws,
 * and the line turns itself off.
 */
function updatableLine(): (text: string) => void {
  let display: { text(s: string): void } | null;
  try {
    display = require("tslab").newDisplay();
  } catch {
    display = null;
  }
  return (text) => {
    if (!display) return;
    try {
      display.text(text);
    } catch {
      display = null;
    }
  };
}

/** Calls `show` at most every REFRESH_MS, and always for the last update. */
function throttled(show: (text: string) => void): (text: () => string, final: boolean) => void {
  let last = 0;
  return (text, final) => {
    const now = Date.now();
    if (!final && now - last < REFRESH_MS) return;
    last = now;
    show(text());
  };
}

/**
 * A progress callback for the trainers' `onProgress` option: shows
 * "label: step n / total, expected hitting time t" in one updating line.
 */
export function trainingProgress(label: string): (record: TrainingRecord, totalSteps: number) => void {
  requireLabel(label);
  const update = throttled(updatableLine());
  return (record, totalSteps) =>
    update(() => {
      const time = record.hittingTime === null ? `10^${record.log10HittingTime.toFixed(2)}` : record.hittingTime.toFixed(1);
      return `${label}: step ${record.step} / ${totalSteps}, expected hitting time ${time}`;
    }, record.step === totalSteps);
}

/** A progress callback for any loop: `tick(done, total, what)`. */
export function loopProgress(label: string): (done: number, total: number, what?: string) => void {
  requireLabel(label);
  const update = throttled(updatableLine());
  return (done, total, what) => update(() => `${label}: ${done} / ${total}${what ? ` (${what})` : ""}`, done === total);
}
