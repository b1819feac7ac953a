/**
 * The page: reads the sizes from the sliders or the address, recomputes every
 * exact number at once, queues the plots (drawing.ts draws them one per frame,
 * when on screen), and hands the curves, the trainings, the students and the
 * Monte Carlo checks to workers (jobs.ts, worker.ts).
 */
import {
  buildGraph,
  compileSamplingTable,
  createRng,
  describeShape,
  FAMILIES,
  GRAPH_DRAWING_DEFAULTS,
  drawnGraph,
  graphDrawingData,
  pathStar,
  policyFromProbabilities,
  fromLog10,
  sampleWalk,
} from "rlvr-backtracking";
import { FAMILY_COLORS } from "rlvr-backtracking/plot";
import type { DistillationByTracesData, DistillationRow, OptimizerName } from "rlvr-backtracking";
import { bindHittingTime, bindLog10, bindNumber } from "./format";
import type { Quantities, Size } from "./quantities";
import { checkSize, quantities, SIZES } from "./quantities";
import type { Reply, StepRecord } from "./protocol";
import { stepRecord, TRAINING_STEPS } from "./protocol";
import { jobRunner } from "./jobs";
import { dedupFigure, distillationFigure, DRAWN, familiesFigure, gapFigure, isDrawable, probabilitiesOf, timeFigure } from "./figures";
import { dequeue, draw, paint, redrawOnResize, timings, undraw } from "./drawing";
import { drawGraphCanvas, lookUpFont, walkCanvas } from "./graph-canvas";
import { say } from "./prose";
import { animateSteps } from "./animation";
import { setUpReplay, showReplay, showReplayControls } from "./replay";
import type { Address, WalkGraph } from "./state";
import { page, readHash, setAddress } from "./state";

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const slider = (name: Size) => $<HTMLInputElement>(`input[type=range][name="${name}"]`);

// ---------------------------------------------------------------- sizes and numbers

/**
 * Validates the sizes, showing the library's RangeError next to the slider that
 * caused it. Returns false on a refused size.
 */
function checkSizes(): boolean {
  let valid = true;
  for (const name of SIZES) {
    const error = $(`[data-size-error="${name}"]`);
    $(`[data-size-shown="${name}"]`).textContent = String(page.address[name]);
    try {
      checkSize(name, page.address[name]);
      error.textContent = "";
    } catch (e) {
      error.textContent = (e as Error).message;
      valid = false;
    }
  }
  document.body.classList.toggle("refused", !valid);
  // Opened at a refused size, the page has no numbers to show yet: only the sliders and the error.
  document.body.classList.toggle("nothing-shown", !valid && page.numbers === null);
  return valid;
}

/** Shows the exact numbers of one size, and redraws and retrains for it. */
function showNumbers(q: Quantities): void {
  page.numbers = q;
  bindNumber("W", q.W);
  bindNumber("K", q.K);
  bindNumber("L", q.L);
  bindNumber("golden-path-length", q.goldenPathLength);
  bindHittingTime("base-hitting-time", q.base);
  bindHittingTime("sft-hitting-time", q.sft);
  bindHittingTime("optimal-hitting-time", q.optimal);
  bindLog10("sft-over-base", q.log10SftOverBase);
  bindNumber("sft-crossing-depth", q.sftCrossingDepth);
  const versusBase = q.log10SftOverBase > 0 ? "slower" : "faster";
  say("sft-versus-base", versusBase);
  say("gap-here", versusBase);
  bindNumber("growth-factor", q.growthFactor);
  bindNumber("dedup-sft-hitting-time", q.dedupSft);
  bindNumber("dedup-optimal-hitting-time", q.dedupOptimal);
  schedulePlots();
  scheduleTraining();
}

/**
 * Redraws the size-dependent plots on the next frame, once however many updates
 * came before; the gap figure's curves are computed by the curves worker.
 */
function schedulePlots(): void {
  cancelAnimationFrame(page.timers.plots);
  page.timers.plots = requestAnimationFrame(() => {
    if (!page.numbers) return;
    const { W, K, L } = page.numbers;
    drawGraph(W, K, L);
    drawWalkCanvas(W, K, L);
    const sampled = page.sampled;
    draw("dedup-plot", () => dedupFigure(W, K, L, sampled));
    // After the frame: a worker starting up during the frame's layout and painting competes with them for the cores.
    setTimeout(() => curves.start({ kind: "curves", id: 0, W, K, L }));
  });
}

/** The walk's canvas for the current size: the graph with no walk on it yet. */
function drawWalkCanvas(W: number, K: number, L: number): void {
  clearInterval(page.timers.walk);
  if (!isDrawable(W, K, L)) {
    undraw("walk-plot");
    say("walk-status", "too-large", DRAWN_SIZES);
    return;
  }
  // As the graph: its layout and sampling table in one frame, the drawing in the next.
  paint("walk-plot", () => {
    const { drawn } = walkGraphFor(W, K, L);
    paint("walk-plot", (element) => walkCanvas(element, drawn, `G(${W}, ${K}, ${L}): press Walk`, PLOT_HEIGHT).show([], 0, null));
  });
  say("walk-status", null);
}

/** The largest sizes drawn, as the sentences that state them bind them. */
const DRAWN_SIZES = { "drawn-W": DRAWN.W, "drawn-K": DRAWN.K, "drawn-L": DRAWN.L };

/** Height of the graph and walk drawings, in CSS pixels. */
const PLOT_HEIGHT = 420;

function drawGraph(W: number, K: number, L: number): void {
  const shown = { W: Math.min(W, DRAWN.W), K: Math.min(K, DRAWN.K), L: Math.min(L, DRAWN.L) };
  // Laid out in one frame, drawn in the next: together, the first time, they block too long.
  paint("graph-plot", () => {
    lookUpFont();
    const drawn = graphDrawingData({ ...GRAPH_DRAWING_DEFAULTS, ...shown });
    paint("graph-plot", (element) => drawGraphCanvas(element, drawn, PLOT_HEIGHT));
  });
  say("graph-caption", isDrawable(W, K, L) ? "whole" : "cut", { shape: describeShape(pathStar(shown.W, shown.K, shown.L)), ...DRAWN_SIZES });
}

/**
 * The largest K whose numbers are computed on the page's thread (their cost grows
 * linearly in K); larger K are computed by a worker, and the numbers follow a
 * moment later.
 */
const IN_PAGE_K = 500;

/** One size change, from a slider or the address: numbers now (or from a worker), plots next frame, training soon. */
function update(): void {
  const started = performance.now();
  numbers.stop();
  say("numbers-status", null);
  if (checkSizes()) {
    const { W, K, L } = page.address;
    if (K <= IN_PAGE_K) {
      const q = quantities(W, K, L);
      timings.computeMs = performance.now() - started;
      showNumbers(q);
    } else numbers.start({ kind: "numbers", id: 0, W, K, L });
  }
  timings.updateMs = performance.now() - started;
}

const numbers = jobRunner(
  (reply) => {
    if (reply.kind === "numbers") showNumbers(reply.quantities);
  },
  (message) => say("numbers-status", "error", { message }),
);

// ---------------------------------------------------------------- training in the workers

const curves = jobRunner(
  (reply) => {
    if (reply.kind !== "curves") return;
    say("gap-status", null);
    draw("gap-plot", () => gapFigure(reply));
  },
  (message) => {
    undraw("gap-plot");
    say("gap-status", "error", { message });
  },
);
const training = jobRunner(receive, (message) => say("training-status", "stopped", { message }));

/** The training wanted now: the sizes shown and the update rule. */
const trainingKey = (q: Quantities) => `${q.W},${q.K},${q.L},${page.address.optimizer}`;

/**
 * Trains for the sizes just shown, a moment after the last change. A training for
 * other sizes is ended now: left running, it competed with the redraw for the cores.
 */
function scheduleTraining(): void {
  if (page.numbers && page.job.key !== "" && page.job.key !== trainingKey(page.numbers)) {
    training.stop();
    page.job.key = "";
  }
  clearTimeout(page.timers.training);
  page.timers.training = window.setTimeout(startTraining, 150);
}

/** Starts a job for the current sizes; a running job is stopped (its worker ended), not waited for. */
function startTraining(): void {
  const q = page.numbers;
  if (!q) return;
  const key = trainingKey(q);
  if (key === page.job.key) return;
  page.job = { key, startedAt: performance.now() };
  page.runs = null;
  page.sampled = null;
  say("training-status", "running");
  say("dedup-check", "running");
  say("distill-caption", "running");
  for (const where of ["#training-status", "#dedup-check", "#distill-caption"]) $(where).classList.remove("error");
  training.start({ kind: "training", id: 0, W: q.W, K: q.K, L: q.L, optimizer: page.address.optimizer });
}

function receive(reply: Reply): void {
  if (!page.numbers) return;
  const { W, K, L } = page.numbers;
  switch (reply.kind) {
    case "training": {
      page.runs = { sft: reply.sft, rlvr: reply.rlvr, steps: reply.steps };
      showsResult("#training", true);
      $<HTMLInputElement>("#step").max = String(reply.steps);
      page.address = { ...page.address, step: Math.min(page.address.step, reply.steps) };
      say("rates", "trained", { "rlvr-learning-rate": reply.learningRates.rlvr, "sft-learning-rate": reply.learningRates.sft });
      showLockstep(reply.lockstep);
      say("training-status", "done", { "training-seconds": (performance.now() - page.job.startedAt) / 1000 });
      showStep();
      break;
    }
    case "dedup": {
      const sampled = reply;
      page.sampled = sampled;
      showsResult("#search", true);
      say("dedup-check", "done", {
        "dedup-walks": reply.walks,
        "dedup-sft-sampled-mean": reply.sftMean,
        "dedup-sft-sampled-half-width": reply.sftHalfWidth,
        "dedup-optimal-sampled-mean": reply.optimalMean,
        "dedup-optimal-sampled-half-width": reply.optimalHalfWidth,
      });
      draw("dedup-plot", () => dedupFigure(W, K, L, sampled));
      break;
    }
    case "distillation":
      draw("distill-plot", () => distillationFigure(reply.data));
      say("distill-caption", "done", { "teacher-hitting-time": reply.data.teacher, "optimal-hitting-time": reply.data.optimum });
      sayStudents(page.address.optimizer === "sign" ? reply.data : null);
      break;
    case "error": {
      // A replay's error goes to the replay's own runner (replay.ts), never here.
      if (reply.part === "replay") break;
      const where = { training: "training-status", dedup: "dedup-check", distillation: "distill-caption" }[reply.part];
      say(where, "error", { message: reply.message });
      if (reply.part === "training") clearTrainingViews();
      if (reply.part === "dedup") showsResult("#search", false);
      if (reply.part === "distillation") undraw("distill-plot");
      $(`#${where}`).classList.add("error");
      break;
    }
  }
}

/**
 * Under sign steps the students' data only choose each step's direction: the note says,
 * from the students just trained, from how many walks on every one ends near the teacher.
 * No note under the other update rules (`data` null).
 */
function sayStudents(data: DistillationByTracesData | null): void {
  if (!data) return say("students-note", null);
  const near = (row: DistillationRow) => Math.abs(row.student.log10HittingTime - Math.log10(data.teacher)) <= Math.log10(1.01);
  const far = data.rows.filter((row) => !near(row)).length;
  if (far === 0) return say("students-note", "all-near");
  say("students-note", "some-far", { "students-far": far, students: data.rows.length });
  const enough = [...new Set(data.rows.map((row) => row.traces))].find((n) => data.rows.every((row) => row.traces < n || near(row)));
  say("students-enough", enough === undefined ? null : "some", enough === undefined ? {} : { "students-near-from-walks": enough });
}

// ---------------------------------------------------------------- the step slider and Play

/** The sign-step note, checked on the current run: how many logits went up at every step. */
function showLockstep(lockstep: { logits: number; everyStepUp: number; theta: number } | null): void {
  const q = page.numbers;
  if (!lockstep || !q) return say("sign-check", "other");
  say("sign-check", lockstep.everyStepUp === lockstep.logits ? "all" : "some", {
    shape: describeShape(pathStar(q.W, q.K, q.L)),
    "lockstep-logits": lockstep.everyStepUp,
    "rlvr-logits": lockstep.logits,
    "training-steps": TRAINING_STEPS,
  });
}

/** Shows, or hides, what in a section needs a worker's result (.needs-result), as there is one for the current sizes or not. */
function showsResult(section: string, shown: boolean): void {
  $(section).classList.toggle("no-result", !shown);
}

/** Empties and hides what shows a training run (when there is none for the current sizes). */
function clearTrainingViews(): void {
  showsResult("#training", false);
  for (const id of ["families-plot", "time-plot"]) undraw(id);
  for (const name of ["current-step", "current-hitting-time"]) {
    for (const el of document.querySelectorAll<HTMLElement>(`[data-quantity="${name}"]`)) {
      el.textContent = "–";
      delete el.dataset.value;
      delete el.dataset.log10;
    }
  }
}

function recordAt(step: number): StepRecord | null {
  if (!page.runs) return null;
  const run = page.address.method === "sft" ? page.runs.sft : page.runs.rlvr;
  return stepRecord(run, Math.min(step, run.records - 1));
}

const METHOD_NAMES = { rlvr: "RLVR", sft: "SFT" } as const;

function showStep(): void {
  const { step, method } = page.address;
  const record = recordAt(step);
  const runs = page.runs;
  const q = page.numbers;
  if (!runs || !record || !q) return;
  $<HTMLInputElement>("#step").value = String(step);
  $("#step-shown").textContent = String(step);
  $("#method-name").textContent = METHOD_NAMES[method];
  bindNumber("current-step", step);
  bindHittingTime("current-hitting-time", { value: record.hittingTime, log10: record.log10HittingTime });
  draw("families-plot", () => familiesFigure(record, METHOD_NAMES[method]));
  const reference = (t: { value: number | null; log10: number }) => t.value ?? fromLog10(t.log10);
  const references = { base: reference(q.base), sft: reference(q.sft), optimal: reference(q.optimal) };
  draw("time-plot", () => timeFigure(runs, step, references));
}

function togglePlay(): void {
  const button = $<HTMLButtonElement>("#play");
  if (page.timers.play) {
    cancelAnimationFrame(page.timers.play);
    page.timers.play = 0;
    button.textContent = "Play";
    return;
  }
  if (!page.runs) return;
  const total = page.runs.steps;
  if (page.address.step >= total) page.address = { ...page.address, step: 0 };
  button.textContent = "Pause";
  // About six seconds for a whole run, whatever its number of steps.
  const perMs = total / 6000;
  let last = performance.now();
  const tick = (now: number) => {
    setAddress({ step: Math.min(total, page.address.step + Math.max(1, Math.round((now - last) * perMs))) });
    last = now;
    showStep();
    if (page.address.step < total) page.timers.play = requestAnimationFrame(tick);
    else togglePlay();
  };
  page.timers.play = requestAnimationFrame(tick);
}

// ---------------------------------------------------------------- a walk under the current model

/** The longest walk drawn. */
const WALK_STEPS = 5000;

/** G(W, K, L) with its target in the top branch, as drawn, and its sampling table; kept for the last size. */
function walkGraphFor(W: number, K: number, L: number): WalkGraph {
  const key = `${W},${K},${L}`;
  if (page.walk.graph?.key !== key) {
    const graph = buildGraph(pathStar(W, K, L));
    page.walk.graph = { key, table: compileSamplingTable(graph), drawn: drawnGraph(graph) };
  }
  return page.walk.graph;
}

function startWalk(): void {
  clearInterval(page.timers.walk);
  const record = recordAt(page.address.step);
  if (!page.numbers || !record) return say("walk-status", "waiting");
  const { W, K, L } = page.numbers;
  if (!isDrawable(W, K, L)) return say("walk-status", "asked-too-large", DRAWN_SIZES);
  const { table, drawn } = walkGraphFor(W, K, L);
  const { graph } = table;
  const { method } = page.address;
  const policy = policyFromProbabilities(graph.shape, probabilitiesOf(record));
  // Each walk has its own seed, the same in every session.
  const walk = sampleWalk(table, policy, createRng(`explorable/walk/${method}/${record.step}/${page.walk.drawn++}`), WALK_STEPS);
  dequeue("walk-plot");
  const canvas = walkCanvas($("#walk-plot"), drawn, `A walk of the ${METHOD_NAMES[method]} model at step ${record.step}`, PLOT_HEIGHT);
  const show = (t: number) => {
    canvas.show(walk.edges, t, walk.nodes[t]);
    say("walk-status", "walking", { "walk-step": t, node: graph.nodes[walk.nodes[t]].label });
  };
  const done = () =>
    say("walk-status", walk.reached ? "reached" : "lost", {
      "walk-length": walk.edges.length,
      "current-hitting-time": { value: record.hittingTime, log10: record.log10HittingTime },
    });
  page.timers.walk = animateSteps(0, walk.edges.length, show, done);
}

// ---------------------------------------------------------------- wiring

/**
 * The size sliders at the address's sizes. A slider whose range ends below the
 * size the address asks for is lengthened to reach it, so that it shows the size
 * in use rather than its own end; its range comes back when the address asks
 * for a size within it.
 */
function showSliders(): void {
  for (const name of SIZES) {
    const input = slider(name);
    const value = page.address[name];
    const end = Number((input.dataset.end ??= input.max));
    let accepted = true;
    try {
      checkSize(name, value);
    } catch {
      accepted = false;
    }
    input.max = String(accepted ? Math.max(end, value) : end);
    input.value = String(value);
  }
}

/** The update rule and the method shown, as the address has them. */
function showChoices(): void {
  const { optimizer, method } = page.address;
  for (const input of document.querySelectorAll<HTMLInputElement>("input[name=optimizer], input[name=method]")) {
    input.checked = input.value === (input.name === "optimizer" ? optimizer : method);
  }
  $("#sign-note").classList.toggle("dim", optimizer !== "sign");
}

for (const name of SIZES) {
  slider(name).addEventListener("input", () => {
    setAddress({ [name]: Number(slider(name).value) });
    update();
  });
}
for (const input of document.querySelectorAll<HTMLInputElement>("input[name=optimizer]")) {
  input.addEventListener("change", () => {
    setAddress({ optimizer: input.value as OptimizerName });
    showChoices();
    startTraining();
  });
}
for (const input of document.querySelectorAll<HTMLInputElement>("input[name=method]")) {
  input.addEventListener("change", () => {
    setAddress({ method: input.value as Address["method"] });
    showStep();
  });
}
$<HTMLInputElement>("#step").addEventListener("input", (event) => {
  setAddress({ step: Number((event.target as HTMLInputElement).value) });
  showStep();
});
$("#play").addEventListener("click", togglePlay);
$("#walk").addEventListener("click", startWalk);
window.addEventListener("hashchange", () => {
  page.address = readHash(location.hash);
  showSliders();
  showChoices();
  update();
  showStep();
  showReplayControls();
  showReplay();
});
redrawOnResize(() => {
  schedulePlots();
  showReplay();
});

// The families' names in the prose take the colours the plots give them.
for (const family of FAMILIES) {
  for (const el of document.querySelectorAll<HTMLElement>(`.fam-${family}`)) el.style.color = FAMILY_COLORS[family];
}
bindNumber("training-steps", TRAINING_STEPS);
showSliders();
showChoices();
setUpReplay();
showReplay();
// The first layouts come one per frame (the masthead, the controls, then the first section), and
// the first numbers and plots after them: in one task, the first layout and drawing block the page
// too long, most of it the browser's first look-up of each font.
const nextFrame = (then: () => void) => requestAnimationFrame(() => requestAnimationFrame(then));
const reveal = (selector: string, then: () => void) =>
  nextFrame(() => {
    $(selector).classList.remove("staged");
    then();
  });
reveal("#controls", () => reveal("main", () => nextFrame(() => setTimeout(update))));

/**
 * Lays out once, one per idle moment after load, each part of the page the first
 * layout left out (.deferred in styles.css), and lets the browser skip it again. Most of a section's
 * first layout is looking up its fonts, which the browser keeps; a jump down the
 * page that brings two sections into view at once then finds them cheap.
 */
function warmUpSections(sections: HTMLElement[]): void {
  const section = sections.shift();
  if (!section) return;
  section.classList.add("warming");
  void section.offsetHeight; // the layout, now
  section.classList.remove("warming");
  requestIdleCallback(() => warmUpSections(sections), { timeout: 2000 });
}
window.addEventListener("load", () =>
  requestIdleCallback(() => warmUpSections([...document.querySelectorAll<HTMLElement>(".deferred")]), { timeout: 2000 }),
);
