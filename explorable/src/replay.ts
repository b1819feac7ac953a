/**
 * Section 7: walks of appendix A3's trained transformers, replayed. The models'
 * weights come with the page (replay-data.ts); the worker samples the walk the
 * address asks for (replay-walk.ts), and the page draws it on the episode's graph,
 * steps through it, writes it out as tokens and says what it did against the exact
 * references and the sweep's measurement.
 */
import {
  branchReentries,
  drawnGraph,
  labelOfBranch,
  modelDepths,
  moveName,
  replayOnGraph,
  SEQUENCE_TRAINING_LABELS,
  sequenceReferences,
  tokenName,
} from "rlvr-backtracking";
import type { GraphDrawingData, GraphReplay, SampledWalk } from "rlvr-backtracking";
import type { ReplaySummary, ReplayModelName } from "./replay-data";
import { REPLAY_MODELS } from "./replay-data";
import { checkReplay, deepestReplay, receivedWalk } from "./replay-walk";
import type { Reply } from "./protocol";
import { animateSteps } from "./animation";
import { jobRunner } from "./jobs";
import { paint, timings, undraw } from "./drawing";
import { lookUpFont, walkCanvas } from "./graph-canvas";
import { say } from "./prose";
import { page, setAddress } from "./state";

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

/** Height of the replay's drawing, in CSS pixels. */
const REPLAY_HEIGHT = 360;

/** One walk replayed, as the page shows it. */
export interface Replay {
  readonly model: ReplayModelName;
  readonly K: number;
  readonly episode: number;
  readonly walk: SampledWalk;
  readonly onGraph: GraphReplay;
  readonly drawn: GraphDrawingData;
  readonly budget: number;
}

/** What the page reads of the models (the summary build.mjs wrote), parsed the first time the section needs it. */
function replayData(): ReplaySummary {
  page.replay.data ??= JSON.parse($("#replay-summary").textContent ?? "") as ReplaySummary;
  return page.replay.data;
}

/** The models file itself, for the worker. */
const modelsText = () => $("#replay-data").textContent ?? "";

/** The depth the address asks for, or the sweep's main depth. */
const depthOf = (data: ReplaySummary) => page.address.depth ?? data.protocol.K;

const sampler = jobRunner(receive, refuse);

// ---------------------------------------------------------------- the controls

/** The model buttons (labelled by the library) and the controls' events; once, at load. */
export function setUpReplay(): void {
  const fieldset = $("#replay-models");
  for (const model of REPLAY_MODELS) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "replay-model";
    input.value = model;
    input.addEventListener("change", () => choose({ model }));
    label.append(input, ` ${SEQUENCE_TRAINING_LABELS[model]}`);
    fieldset.append(label);
  }
  const depth = $<HTMLInputElement>("#replay-depth");
  depth.addEventListener("input", () => choose({ depth: Number(depth.value) }));
  const episode = $<HTMLInputElement>("#replay-episode");
  episode.addEventListener("change", () => choose({ episode: Number(episode.value) }));
  $("#replay-new").addEventListener("click", () => choose({ episode: (Number.isInteger(page.address.episode) ? page.address.episode : 0) + 1 }));
  $("#replay-play").addEventListener("click", togglePlay);
  const step = $<HTMLInputElement>("#replay-step");
  step.addEventListener("input", () => {
    stopPlay();
    showStep(Number(step.value));
  });
  showReplayControls();
}

/** A reader's choice: into the address, and a new walk played from its start. */
function choose(change: { model?: ReplayModelName; depth?: number; episode?: number }): void {
  setAddress(change);
  showReplayControls();
  showReplay(true);
}

/** The controls as the address has them. */
export function showReplayControls(): void {
  const { model, depth, episode } = page.address;
  for (const input of document.querySelectorAll<HTMLInputElement>("input[name=replay-model]")) input.checked = input.value === model;
  $<HTMLInputElement>("#replay-episode").value = String(episode);
  if (depth !== null) {
    $<HTMLInputElement>("#replay-depth").value = String(depth);
    $("#replay-depth-shown").textContent = String(depth);
  }
}

// ---------------------------------------------------------------- the walk

/**
 * Asks the worker for the walk the address asks for, once the section is near the
 * screen. `play`: animated from its first step when it comes (a reader's choice);
 * else shown whole.
 */
export function showReplay(play = false): void {
  stopPlay();
  paint("replay-plot", () => {
    const data = replayData();
    showSetting(data);
    // The drawing's font, looked up now: the first text on a canvas took the drawing's frame most of its time.
    lookUpFont();
    const { model, episode } = page.address;
    const K = depthOf(data);
    try {
      checkReplay(data.protocol, K, episode);
    } catch (error) {
      return refuse((error as Error).message);
    }
    say("replay-error", null);
    page.replay.play = play;
    // Until the worker's walk is queued for drawing (chromium.mjs's drawEveryPlot waits for it).
    $("#replay-plot").dataset.pending = "";
    sampler.start({ kind: "replay", id: 0, models: modelsText(), model, K, episode });
  });
}

function receive(reply: Reply): void {
  delete $("#replay-plot").dataset.pending;
  if (reply.kind === "error") return refuse(reply.message);
  if (reply.kind !== "replay") return;
  const data = replayData();
  const walk = receivedWalk(data.protocol, reply.K, reply.walk);
  timings.replaySampleMs = reply.sampleMs;
  const onGraph = replayOnGraph(walk);
  const replay: Replay = { model: reply.model, K: reply.K, episode: reply.episode, walk, onGraph, drawn: drawnGraph(onGraph.graph), budget: reply.budget };
  page.replay.shown = replay;
  page.replay.canvas = null;
  // The words in one frame, the drawing in the next: together, the first time, they held the page's thread too long.
  paint("replay-plot", () => {
    showWords(data, replay);
    paint("replay-plot", (element) => drawWalk(element, data, replay, page.replay.play));
  });
}

/** A refused depth or episode (or a failed worker): the error, and no walk. */
function refuse(message: string): void {
  delete $("#replay-plot").dataset.pending;
  delete $("#replay").dataset.shown;
  page.replay.shown = null;
  say("replay-error", "error", { message });
  $("#replay").classList.add("no-result");
  undraw("replay-plot");
}

/** What the section says of the sweep, and the depth slider's range, from the data. */
function showSetting(data: ReplaySummary): void {
  const p = data.protocol;
  const depth = $<HTMLInputElement>("#replay-depth");
  depth.max = String(deepestReplay(p));
  depth.value = String(depthOf(data));
  $("#replay-depth-shown").textContent = String(depthOf(data));
  say("replay-setting", "shown", {
    "replay-W": p.W,
    "replay-L": p.L,
    "replay-pretrain-depths": p.pretrain.depths.join(", "),
    "replay-trained-depth": Math.max(...modelDepths(p, "sft")),
    "replay-main-K": p.K,
  });
}

/** What the section says of the walk: its steps, its re-entries, the references, the measurement, the budget; and its tokens. */
function showWords(data: ReplaySummary, replay: Replay): void {
  const { walk, K, episode, model } = replay;
  const p = data.protocol;
  $("#replay").classList.remove("no-result");
  const references = sequenceReferences(p.W, K, p.L);
  say("replay-result", walk.reached ? "reached" : "cut", {
    "replay-model": SEQUENCE_TRAINING_LABELS[model],
    "replay-episode": episode,
    "replay-K": K,
    "replay-steps": walk.steps,
    "replay-base": references.base,
    "replay-edge-state": references.edgeState,
    "replay-memory": references.memory,
    "replay-last-branch": references.lastBranch,
  });
  const reentries = branchReentries(walk);
  say("replay-reentries", reentries === 0 ? "none" : "some", { "replay-reentries": reentries });
  const record = data.models[model];
  say("replay-measured", record.lowerBound ? "bound" : "estimate", {
    "replay-seed": record.seed,
    "replay-main-K": p.K,
    "replay-measured": record.hittingTime,
    "replay-measured-walks": p.evaluation.walks,
  });
  const trained = modelDepths(p, model).includes(K);
  say("replay-depth-kind", trained ? "trained" : "deeper", { "replay-K": K });
  say("replay-budget", trained ? "trained" : "deeper", {
    "replay-budget": replay.budget,
    "replay-budget-factor": p.rlvr.budgetFactor,
    "replay-context": record.config.contextLength,
  });
  writeTokens(walk);
  $<HTMLInputElement>("#replay-step").max = String(walk.steps);
}

/** The episode's graph with its branch labels, then the walk on it: played from its start, or shown whole. */
function drawWalk(element: HTMLElement, data: ReplaySummary, replay: Replay, play: boolean): void {
  const { walk, onGraph, drawn, K, episode } = replay;
  const p = data.protocol;
  const labels = labelOfBranch(walk.episode);
  const notes = Array.from(labels, (label, branch) => ({ node: onGraph.graph.branchEntries[branch], text: `branch ${label + 1}` }));
  const canvas = walkCanvas(element, drawn, `Episode ${episode} on G(${p.W}, ${K}, ${p.L})`, REPLAY_HEIGHT, notes);
  // The walk on it in the next frame: the section's first canvas and its first step together took too long.
  paint("replay-plot", () => {
    page.replay.canvas = canvas;
    if (play) startPlay(0);
    else showStep(walk.steps);
    // Which walk is shown, for the browser test.
    $("#replay").dataset.shown = `${replay.model}/${K}/${episode}`;
  });
}

/** The walk as the model read it: each token, then the move chosen after it. */
function writeTokens(walk: SampledWalk): void {
  const v = walk.episode.vocabulary;
  const parts: (HTMLElement | string)[] = [];
  walk.tokens.forEach((token, t) => {
    const read = document.createElement("span");
    read.className = "token";
    read.textContent = tokenName(v, token);
    parts.push(read);
    if (t === walk.moves.length) return;
    const move = document.createElement("span");
    move.className = "move";
    move.textContent = moveName(v, walk.moves[t]);
    // Spaces between the parts: where a line may break.
    parts.push(" ", move, " ");
  });
  $("#replay-tokens").replaceChildren(...parts);
}

/** The walk after `step` moves: on the drawing, in the tokens and in the step's words. */
function showStep(step: number): void {
  const replay = page.replay.shown;
  const canvas = page.replay.canvas;
  if (!replay || !canvas) return;
  const { walk, onGraph } = replay;
  canvas.show(onGraph.edges, step, onGraph.nodes[step]);
  $<HTMLInputElement>("#replay-step").value = String(step);
  $("#replay-step-shown").textContent = String(step);
  say("replay-status", "at", { node: placeName(replay, step), token: tokenName(walk.episode.vocabulary, walk.tokens[step]) });
  const box = $("#replay-tokens");
  const tokens = box.querySelectorAll<HTMLElement>(".token");
  tokens.forEach((el, t) => {
    el.classList.toggle("current", t === step);
    el.classList.toggle("ahead", t > step);
  });
  box.querySelectorAll<HTMLElement>(".move").forEach((el, t) => el.classList.toggle("ahead", t >= step));
  // Within its own box, the current token in view: the page itself does not scroll.
  const current = tokens[step];
  box.scrollTop = current.offsetTop - box.offsetTop - box.clientHeight / 2;
}

/** Where the walker stands after `step` moves, in the episode's words: s, f, l(j) or r(j) or the leaf of a branch by its label. */
function placeName({ walk, onGraph }: Replay, step: number): string {
  const node = onGraph.graph.nodes[onGraph.nodes[step]];
  if (node.branch < 0) return node.label;
  const where = node.kind === "leaf" ? "the leaf" : `${node.kind === "left" ? "l" : "r"}(${node.depth})`;
  return `${where} of branch ${labelOfBranch(walk.episode)[node.branch] + 1}`;
}

function startPlay(from: number): void {
  const replay = page.replay.shown;
  if (!replay) return;
  $("#replay-play").textContent = "Pause";
  showStep(from);
  page.timers.replay = animateSteps(from, replay.walk.steps, showStep, stopPlay);
}

function stopPlay(): void {
  clearInterval(page.timers.replay);
  page.timers.replay = 0;
  $("#replay-play").textContent = "Play";
}

function togglePlay(): void {
  const replay = page.replay.shown;
  if (!replay) return;
  if (page.timers.replay) return stopPlay();
  const at = Number($<HTMLInputElement>("#replay-step").value);
  startPlay(at >= replay.walk.steps ? 0 : at);
}

