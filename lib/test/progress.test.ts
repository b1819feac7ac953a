import { test } from "node:test";
import assert from "node:assert/strict";
import { terminalProgress, TERMINAL_PROGRESS } from "../src/progress";
import type { ProgressTerminal } from "../src/progress";
import { main } from "../src/cli";

/** A terminal whose clock moves on by `stepMs` at every reading, and which keeps what is written. */
function fakeTerminal(stepMs: number): ProgressTerminal & { isTTY: boolean; written: string[] } {
  let time = 0;
  const written: string[] = [];
  return { isTTY: true, written, write: (text) => void written.push(text), now: () => (time += stepMs) };
}

test("a terminal progress line stays silent for the quiet time, then changes at most once per interval, and end finishes it", () => {
  const { quietMs, everyMs } = TERMINAL_PROGRESS;
  // One report per 100 ms of the fake clock: 10 reports per interval.
  const terminal = fakeTerminal(100);
  const line = terminalProgress("train rlvr", terminal);
  const reports = 100;
  for (let done = 1; done <= reports; done++) line.report(done, reports, "what");
  line.end();
  const lines = terminal.written.slice(0, -1);
  assert.equal(terminal.written.at(-1), "\n");
  // The clock reads 100 ms at the start, so report i is read at 100 (i + 1) ms, (100 i) ms after it.
  const shown = Array.from({ length: reports }, (_, i) => i + 1).filter((done) => 100 * done >= quietMs);
  const expected: number[] = [];
  for (const done of shown) if (expected.length === 0 || 100 * (done - expected[expected.length - 1]) >= everyMs) expected.push(done);
  assert.deepEqual(lines, expected.map((done) => `\rtrain rlvr: ${done} / ${reports} (what)\x1b[K`));
  assert.ok(lines.length >= 2 && lines.length <= reports * 100 / everyMs, `${lines.length} lines`);
});

test("a run shorter than the quiet time writes nothing, not even the final newline", () => {
  const terminal = fakeTerminal(1);
  const line = terminalProgress("x", terminal);
  for (let done = 1; done <= 100; done++) line.report(done, 100);
  line.end();
  assert.deepEqual(terminal.written, []);
  assert.throws(() => terminalProgress(5 as never, terminal), /label must be a string, got 5/);
});

/** Runs the command line in this process, with `terminal` as its stderr terminal; returns its stdout and status. */
function runCli(args: string[], terminal: ReturnType<typeof fakeTerminal>): { status: number; stdout: string } {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    const status = main(args, terminal);
    return { status, stdout: chunks.join("") };
  } finally {
    process.stdout.write = write;
  }
}

test("a long command-line training shows progress on a terminal's stderr, and none in its --json stdout", () => {
  const args = ["train", "rlvr", "--W", "3", "--K", "3", "--L", "2", "--steps", "400", "--json"];
  // A clock that moves 50 ms per reading: the 400-step run lasts well past the quiet time.
  const terminal = fakeTerminal(50);
  const out = runCli(args, terminal);
  assert.equal(out.status, 0);
  const result = JSON.parse(out.stdout);
  assert.equal(result.history.length, 401);
  const progress = terminal.written.join("");
  assert.match(progress, /^\rtrain rlvr: \d+ \/ 400 \(expected hitting time [\d.]+\)\x1b\[K/);
  assert.ok(progress.endsWith("\n"));
  assert.doesNotMatch(out.stdout, /train rlvr: /);
  // The same run on a stderr that is no terminal (a pipe, a log file) writes no progress.
  const piped = { ...fakeTerminal(50), isTTY: false };
  assert.equal(runCli(args, piped).stdout, out.stdout);
  assert.deepEqual(piped.written, []);
  // The neural trainers report too (20 reports, 200 ms apart on this clock).
  const neural = fakeTerminal(200);
  assert.equal(runCli(["train", "neural-sft", "--W", "2", "--K", "2", "--L", "2", "--steps", "20", "--json"], neural).status, 0);
  assert.match(neural.written.join(""), /\rtrain neural-sft: \d+ \/ 20 \(expected hitting time/);
});
