#!/usr/bin/env node
// The sweep of appendix A3 (notebook A3-appendix-sequence-model): every training of
// the plan in lib/src/train/sequence-sweep.ts, one per worker thread, as many threads
// as cores (or --workers N).
//
//   npm run sweep                 run what is not done yet, then write the figure data
//   npm run sweep -- --workers 1  one thread
//   npm run sweep -- --fresh      forget the finished jobs and start again
//   npm run sweep -- --smoke      a tiny plan into build/ only (for the tests)
//
// Each finished job is saved as it ends, atomically (written to a temporary file,
// then renamed), under build/sequence-sweep/: an interrupted sweep resumes where it
// stopped, and no file is ever half-written. A job runs only once the models it
// needs (its base model, RLVR's for distillation) are saved. At the end the results,
// with the plan, the seeds, each job's time and the sweep's, go to
// figures/sequenceSweep.json, which `npm run figures` and the notebook draw from, and
// the weights of one typical model per training (the median seed at the main depth) to
// figures/sequenceModels.json, which the explorable replays.
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const lib = require(join(root, "lib/dist/src/train/sequence-sweep.js"));
const smoke = process.argv.includes("--smoke") || (!isMainThread && workerData.smoke);
const stateDir = join(root, smoke ? "build/sequence-sweep-smoke" : "build/sequence-sweep");
const output = smoke ? join(stateDir, "sequenceSweep.json") : join(root, "figures/sequenceSweep.json");
const modelsOutput = smoke ? join(stateDir, "sequenceModels.json") : join(root, "figures/sequenceModels.json");
const plan = smoke ? lib.SEQUENCE_SWEEP_SMOKE_PLAN : lib.SEQUENCE_SWEEP_PLAN;

/** @param {string} id */
const fileOf = (id) => join(stateDir, "jobs", `${id.replaceAll("/", "_")}.json`);

/** Writes `text` to `file` through a temporary file and a rename: the file is whole or absent. */
function writeAtomically(/** @type {string} */ file, /** @type {string} */ text) {
  const temporary = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** @param {string} id */
function readResult(id) {
  return JSON.parse(readFileSync(fileOf(id), "utf8"));
}

/**
 * CPU seconds this thread has used (Linux's /proc/thread-self/stat: user and system clock
 * ticks, 100 a second), or undefined where there is no such file: a job's CPU time does
 * not grow when the machine is busy, so it says what the sweep costs on idle cores.
 */
function threadCpuSeconds() {
  try {
    const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

if (!isMainThread) {
  const { job } = workerData;
  const startedAt = Date.now();
  const cpuAtStart = threadCpuSeconds();
  const result = lib.runSweepJob(plan, job, (/** @type {string} */ id) => readResult(id).parameters, () => Date.now());
  const cpuAtEnd = threadCpuSeconds();
  const cpuSeconds = cpuAtStart === undefined || cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuAtStart;
  const saved = { ...result, cpuSeconds, startedAt, finishedAt: Date.now(), parameters: Array.from(result.parameters) };
  writeAtomically(fileOf(job.id), JSON.stringify(saved));
  parentPort?.postMessage({ id: job.id, seconds: result.seconds });
} else {
  main();
}

function usage() {
  return "usage: npm run sweep [-- --workers N] [-- --fresh] [-- --smoke]";
}

function parseArguments(/** @type {string[]} */ args) {
  let workers = availableParallelism();
  let fresh = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--fresh") fresh = true;
    else if (args[i] === "--smoke") continue;
    else if (args[i] === "--workers") {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`--workers must be an integer from 1 to 64, got ${JSON.stringify(args[i])}`);
      workers = n;
    } else throw new RangeError(`unknown argument ${JSON.stringify(args[i])}; ${usage()}`);
  }
  return { workers, fresh };
}

function formatDuration(/** @type {number} */ seconds) {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sweep: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const jobs = lib.sweepJobs(plan);
  if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(join(stateDir, "jobs"), { recursive: true });
  // Saved jobs belong to the plan they were run with: resuming under another plan would mix the two.
  const planFile = join(stateDir, "plan.json");
  const planText = `${JSON.stringify(plan)}\n`;
  const savedPlan = existsSync(planFile) ? readFileSync(planFile, "utf8") : undefined;
  const savedJobs = readdirSync(join(stateDir, "jobs")).some((name) => name.endsWith(".json"));
  if (savedJobs && savedPlan !== planText) {
    process.stderr.write(`sweep: the saved jobs in ${stateDir} were run with another plan; run with --fresh to start again\n`);
    process.exit(2);
  }
  writeAtomically(planFile, planText);
  for (const name of readdirSync(join(stateDir, "jobs"))) if (name.includes(".tmp-")) rmSync(join(stateDir, "jobs", name));
  const finished = new Set(jobs.filter((job) => existsSync(fileOf(job.id))).map((job) => job.id));
  const resumed = finished.size;
  const running = new Map();
  const started = Date.now();
  let last = "";
  const progress = () => {
    const width = 30;
    const filled = Math.round((width * finished.size) / jobs.length);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${finished.size}/${jobs.length} jobs, ${running.size} running, ${formatDuration((Date.now() - started) / 1000)}${last ? `, last ${last}` : ""}`;
    process.stderr.write(`\r${line.padEnd(100)}`);
  };
  const ready = () => jobs.filter((job) => !finished.has(job.id) && !running.has(job.id) && job.needs.every((/** @type {string} */ id) => finished.has(id)));
  const timer = setInterval(progress, 1000);
  const stop = (/** @type {number} */ code) => {
    clearInterval(timer);
    for (const worker of running.values()) worker.terminate();
    process.exit(code);
  };
  process.on("SIGINT", () => {
    process.stderr.write(`\nsweep: interrupted; ${finished.size} jobs saved, run again to resume\n`);
    stop(130);
  });
  const launch = () => {
    for (const job of ready()) {
      if (running.size >= options.workers) break;
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { job, smoke } });
      running.set(job.id, worker);
      worker.on("message", (/** @type {{ id: string; seconds: number }} */ message) => {
        finished.add(message.id);
        last = `${message.id} (${Math.round(message.seconds)} s)`;
      });
      worker.on("error", (error) => {
        process.stderr.write(`\nsweep: job ${job.id} failed: ${error.message}\n`);
        stop(1);
      });
      worker.on("exit", () => {
        running.delete(job.id);
        progress();
        if (finished.size === jobs.length && running.size === 0) return write();
        launch();
      });
    }
  };
  const write = () => {
    clearInterval(timer);
    const results = jobs.map((job) => {
      const { parameters, ...rest } = readResult(job.id);
      // Training records to 5 significant digits: the curves, not the last bits, are the data.
      const history = rest.history.map((/** @type {Record<string, number>} */ record) =>
        Object.fromEntries(Object.entries(record).map(([key, value]) => [key, Number(value.toPrecision(5))])));
      return { ...rest, history };
    });
    const seconds = results.reduce((s, r) => s + r.seconds, 0);
    const cpuSeconds = results.every((r) => typeof r.cpuSeconds === "number") ? results.reduce((s, r) => s + r.cpuSeconds, 0) : undefined;
    // From the first job's start to the last job's end, over every run that contributed (a resumed sweep included).
    const span = (Math.max(...results.map((r) => r.finishedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
    const data = {
      plan,
      protocol: lib.jobProtocol(plan, plan.mainK, 0),
      jobs: results.length,
      workers: options.workers,
      resumedJobs: resumed,
      wallSecondsThisRun: (Date.now() - started) / 1000,
      wallSecondsFirstStartToLastEnd: span,
      jobSecondsTotal: seconds,
      jobCpuSecondsTotal: cpuSeconds,
      results,
    };
    const models = {
      about: "One model per training at the main depth, the seed with the median hitting time there; written by npm run sweep, replayed by the explorable.",
      protocol: data.protocol,
      models: lib.replayModels(plan, jobs, readResult),
    };
    writeAtomically(modelsOutput, `${JSON.stringify(models)}\n`);
    writeAtomically(output, `${JSON.stringify(data)}\n`);
    const cpuText = cpuSeconds === undefined ? "" : ` (${formatDuration(cpuSeconds)} of CPU time)`;
    process.stderr.write(`\nsweep: ${jobs.length} jobs (${resumed} resumed), ${formatDuration(seconds)} of job time${cpuText}, ${formatDuration((Date.now() - started) / 1000)} wall time this run, ${formatDuration(span)} from the first job's start to the last one's end; wrote ${output} and ${modelsOutput}\n`);
  };
  progress();
  if (finished.size === jobs.length) write();
  else launch();
}
