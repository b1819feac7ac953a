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
// The library's own drawing of a graph, not in its public index.
import { FAMILY_COLORS } from "rlvr-backtracking/plot";
import type { DistillationByTracesData, DistillationRow, GraphDrawingData, OptimizerName, SamplingTable } from "rlvr-backtracking";
import { bindHittingTime, bindLog10, bindNumber, hittingTimeQuantity, quantity } from "./format";
import type { Quantities, Size } from "./quantities";
import { checkSize, quantities, SIZES } from "./quantities";
import type { Reply, StepRecord } from "./protocol";
import { stepRecord, TRAINING_STEPS } from "./protocol";
import { jobRunner } from "./jobs";
import type { Runs } from "./figures";
import { dedupFigure, distillationFigure, DRAWN, familiesFigure, gapFigure, isDrawable, probabilitiesOf, timeFigure } from "./figures";
import { dequeue, draw, paint, timings, undraw } from "./drawing";
import { drawGraphCanvas, lookUpFont, walkCanvas } from "./graph-canvas";
import { readHash, writeHash } from "./state";
import type { PageState } from "./state";

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const slider = (name: Size) => $<HTMLInputElement>(`input[type=range][name="${name}"]`);

let state: PageState = readHash(location.hash);
/** The exact numbers of the last accepted sizes (null until the first). */
let current: Quantities | null = null;

// ---------------------------------------------------------------- sizes and numbers

/**
 * Validates the sizes, showing the library's RangeError next to the slider that
 * caused it. Returns false on a refused size.
 */
function checkSizes(): boolean {
  let valid = true;
  for (const name of SIZES) {
    const error = $(`[data-size-error="${name}"]`);
    $(`[data-size-shown="${name}"]`).textContent = String(state[name]);
    try {
      checkSize(name, state[name]);
      error.textContent = "";
    } catch (e) {
      error.textContent = (e as Error).message;
      valid = false;
    }
  }
  document.body.classList.toggle("refused", !valid);
  // Opened at a refused size, the page has no numbers to show yet: only the sliders and the error.
  document.body.classList.toggle("nothing-shown", !valid && current === null);
  return valid;
}

/** Words counted by a size (`data-count`): singular (`data-one`) for 1, else as written in the page. */
function countWords(sizes: Record<string, number>): void {
  for (const word of document.querySelectorAll<HTMLElement>("[data-count]")) {
    word.dataset.many ??= word.textContent ?? "";
    word.textContent = sizes[word.dataset.count!] === 1 ? word.dataset.one! : word.dataset.many;
  }
}

/** Shows the exact numbers of one size, and redraws and retrains for it. */
function showNumbers(q: Quantities): void {
  current = q;
  bindNumber("W", q.W);
  bindNumber("K", q.K);
  bindNumber("L", q.L);
  countWords({ W: q.W, K: q.K, L: q.L });
  bindNumber("golden-path-length", q.goldenPathLength);
  bindHittingTime("base-hitting-time", q.base);
  bindHittingTime("sft-hitting-time", q.sft);
  bindHittingTime("optimal-hitting-time", q.optimal);
  bindLog10("sft-over-base", q.log10SftOverBase);
  bindNumber("growth-factor", q.growthFactor);
  bindNumber("dedup-sft-hitting-time", q.dedupSft);
  bindNumber("dedup-optimal-hitting-time", q.dedupOptimal);
  schedulePlots();
  scheduleTraining();
}

let plotFrame = 0;
/**
 * Redraws the size-dependent plots on the next frame, once however many updates
 * came before; the gap figure's curves are computed by the curves worker.
 */
function schedulePlots(): void {
  cancelAnimationFrame(plotFrame);
  plotFrame = requestAnimationFrame(() => {
    if (!current) return;
    const { W, K, L } = current;
    drawGraph(W, K, L);
    drawWalkCanvas(W, K, L);
    draw("dedup-plot", () => dedupFigure(W, K, L, dedup));
    // After the frame: a worker starting up during the frame's layout and painting competes with them for the cores.
    setTimeout(() => curves.start({ kind: "curves", id: 0, W, K, L }));
  });
}

/** The walk's canvas for the current size: the graph with no walk on it yet. */
function drawWalkCanvas(W: number, K: number, L: number): void {
  clearInterval(walkTimer);
  if (!isDrawable(W, K, L)) {
    undraw("walk-plot");
    $("#walk-status").textContent = `walks are drawn up to W = ${DRAWN.W}, K = ${DRAWN.K}, L = ${DRAWN.L}`;
    return;
  }
  // As the graph: its layout and sampling table in one frame, the drawing in the next.
  paint("walk-plot", () => {
    const { drawn } = walkGraphFor(W, K, L);
    paint("walk-plot", (element) => walkCanvas(element, drawn, `G(${W}, ${K}, ${L}): press Walk`, PLOT_HEIGHT).show([], 0, null));
  });
  $("#walk-status").textContent = "";
}

/** Height of the graph and walk drawings, in CSS pixels. */
const PLOT_HEIGHT = 420;

function drawGraph(W: number, K: number, L: number): void {
  const shown = { W: Math.min(W, DRAWN.W), K: Math.min(K, DRAWN.K), L: Math.min(L, DRAWN.L) };
  // Laid out in one frame, drawn in the next: together, the first time (before the
  // browser has compiled this code), they took 20 to 40 ms.
  paint("graph-plot", () => {
    lookUpFont();
    const drawn = graphDrawingData({ ...GRAPH_DRAWING_DEFAULTS, ...shown });
    paint("graph-plot", (element) => drawGraphCanvas(element, drawn, PLOT_HEIGHT));
  });
  $("#graph-caption").textContent = isDrawable(W, K, L)
    ? `${describeShape(pathStar(W, K, L))}, target leaf starred, golden path in orange.`
    : `Drawn at ${describeShape(pathStar(shown.W, shown.K, shown.L))}: the drawing stops at W = ${DRAWN.W}, K = ${DRAWN.K}, L = ${DRAWN.L}; the numbers are for the full size.`;
}

/**
 * The largest K whose numbers are computed on the page's thread: about 4
 * microseconds per unit of K, so a few milliseconds. Larger K (up to 10000, 40 to
 * 80 ms) are computed by a worker, and the numbers follow a moment later.
 */
const IN_PAGE_K = 500;

/** One size change, from a slider or the address: numbers now (or from a worker), plots next frame, training soon. */
function update(): void {
  const started = performance.now();
  numbers.stop();
  if (checkSizes()) {
    if (state.K <= IN_PAGE_K) {
      const q = quantities(state.W, state.K, state.L);
      timings.computeMs = performance.now() - started;
      showNumbers(q);
    } else numbers.start({ kind: "numbers", id: 0, W: state.W, K: state.K, L: state.L });
  }
  timings.updateMs = performance.now() - started;
}

const numbers = jobRunner(
  (reply) => {
    if (reply.kind === "numbers") showNumbers(reply.quantities);
  },
  (message) => ($("[data-size-error=K]").textContent = `the numbers could not be computed: ${message}`),
);

// ---------------------------------------------------------------- training in the workers

const curves = jobRunner(
  (reply) => {
    if (reply.kind === "curves") draw("gap-plot", () => gapFigure(reply));
  },
  (message) => ($("#gap-plot").textContent = `the curves could not be computed: ${message}`),
);
const training = jobRunner(receive, (message) => ($("#training-status").textContent = `the worker stopped: ${message}`));
let runs: (Runs & { steps: number }) | null = null;
let dedup: { sftMean: number; sftHalfWidth: number; optimalMean: number; optimalHalfWidth: number } | null = null;
let trainingTimer = 0;
let jobStarted = 0;
/** What the last job was started for: a job is started again only when this changes. */
let jobKey = "";

/** The training wanted now: the sizes shown and the update rule. */
const trainingKey = (q: Quantities) => `${q.W},${q.K},${q.L},${state.optimizer}`;

/**
 * Trains for the sizes just shown, a moment after the last change. A training for
 * other sizes is ended now: left running, it competed with the redraw for the cores.
 */
function scheduleTraining(): void {
  if (current && jobKey !== "" && jobKey !== trainingKey(current)) {
    training.stop();
    jobKey = "";
  }
  clearTimeout(trainingTimer);
  trainingTimer = window.setTimeout(startTraining, 150);
}

/** Starts a job for the current sizes; a running job is stopped (its worker ended), not waited for. */
function startTraining(): void {
  if (!current) return;
  const key = trainingKey(current);
  if (key === jobKey) return;
  jobKey = key;
  runs = null;
  dedup = null;
  jobStarted = performance.now();
  $("#training-status").textContent = "training…";
  $("#dedup-check").textContent = "Sampling 2000 walks of each checks it (running)…";
  $("#distill-caption").textContent = "Distilling…";
  for (const where of ["#training-status", "#dedup-check", "#distill-caption"]) $(where).classList.remove("error");
  training.start({ kind: "training", id: 0, W: current.W, K: current.K, L: current.L, optimizer: state.optimizer });
}

function receive(reply: Reply): void {
  if (!current) return;
  const { W, K, L } = current;
  switch (reply.kind) {
    case "training": {
      runs = { sft: reply.sft, rlvr: reply.rlvr, steps: reply.steps };
      showsResult("#training", true);
      const step = $<HTMLInputElement>("#step");
      step.max = String(reply.steps);
      state.step = Math.min(state.step, reply.steps);
      const rate = (name: string, x: number) => quantity(name, x, x >= 0.001 ? String(x) : x.toExponential(2));
      $("#rates").innerHTML = `Step sizes: ${rate("rlvr-learning-rate", reply.learningRates.rlvr)} for RLVR, ${rate("sft-learning-rate", reply.learningRates.sft)} for SFT and the students.`;
      showLockstep(reply.lockstep);
      const seconds = (performance.now() - jobStarted) / 1000;
      $("#training-status").innerHTML = `trained in ${quantity("training-seconds", seconds, seconds.toFixed(1))} s`;
      showStep();
      break;
    }
    case "dedup":
      dedup = reply;
      showsResult("#search", true);
      $("#dedup-check").innerHTML =
        `Sampling ${quantity("dedup-walks", reply.walks)} walks of each gives ` +
        `${quantity("dedup-sft-sampled-mean", reply.sftMean, reply.sftMean.toFixed(1))} ± ${quantity("dedup-sft-sampled-half-width", reply.sftHalfWidth, reply.sftHalfWidth.toFixed(1))} and ` +
        `${quantity("dedup-optimal-sampled-mean", reply.optimalMean, reply.optimalMean.toFixed(1))} ± ${quantity("dedup-optimal-sampled-half-width", reply.optimalHalfWidth, reply.optimalHalfWidth.toFixed(1))} ` +
        `(four standard errors).`;
      draw("dedup-plot", () => dedupFigure(W, K, L, dedup));
      break;
    case "distillation":
      draw("distill-plot", () => distillationFigure(reply.data));
      $("#distill-caption").innerHTML =
        `Left: the students' exact expected hitting times (the median and the band over three seeds) beside the teacher ` +
        `(${quantity("teacher-hitting-time", reply.data.teacher, reply.data.teacher.toFixed(1))}) and the optimum (${quantity("optimal-hitting-time", reply.data.optimum)}). ` +
        (W === 1
          ? `Right, on a log scale: with one branch there is no dead end to come back from, so golden paths hold all there is to learn and the control reaches the teacher too.`
          : `Right, on a log scale: the control trained on golden paths stays at the SFT model's exponential cost.`) +
        (state.optimizer === "sign" ? signStepStudents(reply.data) : "");
      break;
    case "error": {
      const where = { training: "#training-status", dedup: "#dedup-check", distillation: "#distill-caption" }[reply.part];
      $(where).textContent = `No ${reply.part === "dedup" ? "Monte Carlo check" : reply.part}: ${reply.message}.`;
      if (reply.part === "training") clearTrainingViews();
      if (reply.part === "dedup") showsResult("#search", false);
      if (reply.part === "distillation") undraw("distill-plot");
      $(where).classList.add("error");
      break;
    }
  }
}

/**
 * Under sign steps the students' data only choose each step's direction: the note says,
 * from the students just trained, from how many walks on every one ends near the teacher.
 */
function signStepStudents(data: DistillationByTracesData): string {
  const near = (row: DistillationRow) => Math.abs(row.student.log10HittingTime - Math.log10(data.teacher)) <= Math.log10(1.01);
  const far = data.rows.filter((row) => !near(row)).length;
  const enough = [...new Set(data.rows.map((row) => row.traces))].find((n) => data.rows.every((row) => row.traces < n || near(row)));
  const intro = " Under sign steps every logit moves by 0.01 per step and the data only choose each step's direction, which is the teacher's for almost every decision";
  const outro = " Choose plain gradient or Adam to see the data matter.";
  if (far === 0) return `${intro}: every student ends within 1% of the teacher, whatever the amount of data.${outro}`;
  const where = enough === undefined ? "" : `: every student trained on ${quantity("students-near-from-walks", enough)} walks or more ends within 1% of the teacher`;
  return (
    `${intro}${where}. ${quantity("students-far", far)} of the ${quantity("students", data.rows.length)} students ${far === 1 ? "ends" : "end"} further off: ` +
    `a few walks may never turn back, and a decision the data never show gets no gradient, so under sign steps it does not move ` +
    `and the student keeps the base model's backtracking there.${outro}`
  );
}

// ---------------------------------------------------------------- the step slider and Play

/** The sign-step note, checked on the current run: how many logits went up at every step. */
function showLockstep(lockstep: { logits: number; everyStepUp: number; theta: number } | null): void {
  const check = $("#sign-check");
  if (!lockstep || !current) {
    check.textContent = "Choose sign steps to check this at the current size.";
    return;
  }
  const graph = describeShape(pathStar(current.W, current.K, current.L));
  const all = lockstep.everyStepUp === lockstep.logits;
  check.innerHTML =
    `Checked on ${graph}: ${quantity("lockstep-logits", lockstep.everyStepUp)} of the ${quantity("rlvr-logits", lockstep.logits)} logits ` +
    `ended at exactly ${TRAINING_STEPS} × 0.01` +
    (all ? ", so here too every gradient entry stayed negative at every step." : "; the others met a gradient of the other sign at some step, so at this size the claim does not hold for every decision.");
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
  if (!runs) return null;
  const run = state.method === "sft" ? runs.sft : runs.rlvr;
  return stepRecord(run, Math.min(step, run.records - 1));
}

function showStep(): void {
  const record = recordAt(state.step);
  if (!runs || !record || !current) return;
  const methodName = state.method === "sft" ? "SFT" : "RLVR";
  $<HTMLInputElement>("#step").value = String(state.step);
  $("#step-shown").textContent = String(state.step);
  $("#method-name").textContent = methodName;
  bindNumber("current-step", state.step);
  bindHittingTime("current-hitting-time", { value: record.hittingTime, log10: record.log10HittingTime });
  draw("families-plot", () => familiesFigure(record, methodName));
  const reference = (t: { value: number | null; log10: number }) => t.value ?? fromLog10(t.log10);
  const references = { base: reference(current.base), sft: reference(current.sft), optimal: reference(current.optimal) };
  const shownRuns = runs;
  const step = state.step;
  draw("time-plot", () => timeFigure(shownRuns, step, references));
}

let playing = 0;
function togglePlay(): void {
  const button = $<HTMLButtonElement>("#play");
  if (playing) {
    cancelAnimationFrame(playing);
    playing = 0;
    button.textContent = "Play";
    return;
  }
  if (!runs) return;
  const total = runs.steps;
  if (state.step >= total) state.step = 0;
  button.textContent = "Pause";
  // About six seconds for a whole run, whatever its number of steps.
  const perMs = total / 6000;
  let last = performance.now();
  const tick = (now: number) => {
    state.step = Math.min(total, state.step + Math.max(1, Math.round((now - last) * perMs)));
    last = now;
    showStep();
    writeHash(state);
    if (state.step < total) playing = requestAnimationFrame(tick);
    else togglePlay();
  };
  playing = requestAnimationFrame(tick);
}

// ---------------------------------------------------------------- a walk under the current policy

/** The longest walk drawn, and how long its animation may take at most. */
const WALK_STEPS = 5000;
const WALK_SECONDS = 8;
const WALK_TICK_MS = 40;
let walkTimer = 0;
/** Walks drawn so far: each walk has its own seed, the same in every session. */
let walksDrawn = 0;
interface WalkGraph {
  readonly key: string;
  readonly table: SamplingTable;
  readonly drawn: GraphDrawingData;
}
let walkGraph: WalkGraph | null = null;

/** G(W, K, L) with its target in the top branch, as drawn, and its sampling table; kept for the last size. */
function walkGraphFor(W: number, K: number, L: number): WalkGraph {
  const key = `${W},${K},${L}`;
  if (walkGraph?.key !== key) {
    const graph = buildGraph(pathStar(W, K, L));
    walkGraph = { key, table: compileSamplingTable(graph), drawn: drawnGraph(graph) };
  }
  return walkGraph;
}

function startWalk(): void {
  clearInterval(walkTimer);
  const record = recordAt(state.step);
  const status = $("#walk-status");
  if (!current || !record) {
    status.textContent = "the trainings are still running";
    return;
  }
  const { W, K, L } = current;
  if (!isDrawable(W, K, L)) {
    status.textContent = `walks are drawn up to W = ${DRAWN.W}, K = ${DRAWN.K}, L = ${DRAWN.L}: choose smaller sizes to watch one`;
    return;
  }
  const { table, drawn } = walkGraphFor(W, K, L);
  const { graph } = table;
  const policy = policyFromProbabilities(graph.shape, probabilitiesOf(record));
  const walk = sampleWalk(table, policy, createRng(`explorable/walk/${state.method}/${record.step}/${walksDrawn++}`), WALK_STEPS);
  const method = state.method === "sft" ? "SFT" : "RLVR";
  dequeue("walk-plot");
  const canvas = walkCanvas($("#walk-plot"), drawn, `A walk of the ${method} model at step ${record.step}`, PLOT_HEIGHT);
  // Paced by the clock, not by ticks: the walk ends on time however long a redraw takes.
  const started = performance.now();
  const duration = Math.min(WALK_SECONDS * 1000, walk.edges.length * WALK_TICK_MS);
  walkTimer = window.setInterval(() => {
    const t = Math.min(walk.edges.length, Math.ceil((walk.edges.length * (performance.now() - started)) / duration));
    canvas.show(walk.edges, t, walk.nodes[t]);
    status.innerHTML = `step ${quantity("walk-step", t)}: at ${graph.nodes[walk.nodes[t]].label}`;
    if (t < walk.edges.length) return;
    clearInterval(walkTimer);
    const expected = { value: record.hittingTime, log10: record.log10HittingTime };
    status.innerHTML = walk.reached
      ? `reached the target in ${quantity("walk-length", walk.edges.length)} steps`
      : `not at the target after ${quantity("walk-length", WALK_STEPS)} steps (on average this model needs ${hittingTimeQuantity("current-hitting-time", expected)})`;
  }, WALK_TICK_MS);
}

// ---------------------------------------------------------------- wiring

function showState(): void {
  for (const name of SIZES) slider(name).value = String(state[name]);
  for (const input of document.querySelectorAll<HTMLInputElement>("input[name=optimizer], input[name=method]")) {
    input.checked = input.value === (input.name === "optimizer" ? state.optimizer : state.method);
  }
  $("#sign-note").classList.toggle("dim", state.optimizer !== "sign");
}

for (const name of SIZES) {
  slider(name).addEventListener("input", () => {
    state = { ...state, [name]: Number(slider(name).value) };
    writeHash(state);
    update();
  });
}
for (const input of document.querySelectorAll<HTMLInputElement>("input[name=optimizer]")) {
  input.addEventListener("change", () => {
    state = { ...state, optimizer: input.value as OptimizerName };
    writeHash(state);
    showState();
    startTraining();
  });
}
for (const input of document.querySelectorAll<HTMLInputElement>("input[name=method]")) {
  input.addEventListener("change", () => {
    state = { ...state, method: input.value as PageState["method"] };
    writeHash(state);
    showStep();
  });
}
$<HTMLInputElement>("#step").addEventListener("input", (event) => {
  state = { ...state, step: Number((event.target as HTMLInputElement).value) };
  writeHash(state);
  showStep();
});
$("#play").addEventListener("click", togglePlay);
$("#walk").addEventListener("click", startWalk);
window.addEventListener("hashchange", () => {
  state = readHash(location.hash);
  showState();
  update();
  showStep();
});

// The families' names in the prose take the colours the plots give them.
for (const family of FAMILIES) {
  for (const el of document.querySelectorAll<HTMLElement>(`.fam-${family}`)) el.style.color = FAMILY_COLORS[family];
}
bindNumber("training-steps", TRAINING_STEPS);
showState();
// The first layouts come one per frame (the masthead, the controls, then the first section), and
// the first numbers and plots after them: in one task, the layout of all three and the first
// drawing took about 80 ms of the page's thread, most of it the browser's first look-up of each font.
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
 * first layout is looking up its fonts (measured: 45 of the first layout's 59 ms),
 * which the browser keeps; a jump down the page that brings two sections into
 * view at once then finds them cheap (before: up to 100 ms).
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
