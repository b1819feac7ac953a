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
    update(() => `${label}: step ${record.step} / ${totalSteps}, ${hittingTimeText(record)}`, record.step === totalSteps);
}

/** "expected hitting time t" of a training record, in log space beyond the double range. */
export function hittingTimeText(record: TrainingRecord): string {
  if (typeof record !== "object" || record === null || typeof record.log10HittingTime !== "number") {
    throw new RangeError(`record must be a training record (from a trainer's history), got ${describe(record)}`);
  }
  const time = record.hittingTime === null ? `10^${record.log10HittingTime.toFixed(2)}` : record.hittingTime.toFixed(1);
  return `expected hitting time ${time}`;
}

/** A progress callback for any loop: `tick(done, total, what)`. */
export function loopProgress(label: string): (done: number, total: number, what?: string) => void {
  requireLabel(label);
  const update = throttled(updatableLine());
  return (done, total, what) => update(() => `${label}: ${done} / ${total}${what ? ` (${what})` : ""}`, done === total);
}

/** What a command-line progress line needs: where to write, and a clock in milliseconds. */
export interface ProgressTerminal {
  write(text: string): void;
  now(): number;
}

/** When a command-line progress line appears and how often it changes (milliseconds). */
export const TERMINAL_PROGRESS = { quietMs: 2000, everyMs: 1000 };

/**
 * Progress of a long command-line run, for a terminal's stderr: nothing during
 * the first TERMINAL_PROGRESS.quietMs (a short run prints nothing), then one line
 * "label: done / total (what)" rewritten in place at most every everyMs; `end`
 * finishes the line, if one was written, so what follows starts on its own.
 */
export function terminalProgress(label: string, terminal: ProgressTerminal): { report(done: number, total: number, what?: string): void; end(): void } {
  requireLabel(label);
  if (typeof terminal !== "object" || terminal === null || typeof terminal.write !== "function" || typeof terminal.now !== "function") {
    throw new RangeError(`terminal must be { write, now }, got ${describe(terminal)}`);
  }
  const start = terminal.now();
  let last = -Infinity;
  let shown = false;
  return {
    report(done, total, what) {
      const now = terminal.now();
      if (now - start < TERMINAL_PROGRESS.quietMs || now - last < TERMINAL_PROGRESS.everyMs) return;
      last = now;
      shown = true;
      // \r and erase-to-end-of-line: the line overwrites the one before.
      terminal.write(`\r${label}: ${done} / ${total}${what ? ` (${what})` : ""}\x1b[K`);
    },
    end() {
      if (shown) terminal.write("\n");
      shown = false;
    },
  };
}
