/**
 * Drawing on the page's thread. Plots are drawn one per animation frame, and only
 * when on screen (or near it): `draw` queues a figure's builder (svg-plot.ts) and
 * `paint` a canvas drawing (graph-canvas.ts), each replacing any older one for the
 * same plot, so dragging a slider never piles up drawings the reader cannot see.
 * `timings` records what the page's thread spends, for the test and the benchmark
 * (window.explorableTimings).
 */
import type { Figure } from "rlvr-backtracking/plot";
import { fitted, STACKED_BELOW, stacked } from "./figures";
import { renderFigure } from "./svg-plot";

/** The last size change (the exact numbers alone, and all of it), each plot's last drawing, the plots still queued, the last replayed walk's sampling. */
export const timings = { computeMs: 0, updateMs: 0, drawMs: {} as Record<string, number>, queuedPlots: [] as string[], replaySampleMs: 0 };
(window as unknown as { explorableTimings: typeof timings }).explorableTimings = timings;

const element = (id: string) => document.getElementById(id)!;

/** Draws a library-shaped figure into an element, as wide as the element: its panels one above the other in a narrow one. */
function plot(target: HTMLElement, figure: Figure): void {
  const shown = fitted(figure);
  renderFigure(target, target.clientWidth < STACKED_BELOW ? stacked(shown) : shown);
}

/** Each plot's last figure, to draw again at a new width. */
const figures = new Map<string, () => Figure>();

/** What is queued for each plot: a function that draws into its element. */
const queued = new Map<string, (element: HTMLElement) => void>();
const onScreen = new Set<string>();
let drawFrame = 0;

/** Queues the drawing of plot `id` (the element's id) by `figure`. */
export function draw(id: string, figure: () => Figure): void {
  figures.set(id, figure);
  paint(id, (element) => plot(element, figure()));
}

/**
 * Draws every plot again when the page's width changes (a phone turned, a window
 * resized): the figures here, the canvases by `redrawCanvases`.
 */
export function redrawOnResize(redrawCanvases: () => void): void {
  let width = window.innerWidth;
  let pending = 0;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = window.setTimeout(() => {
      if (window.innerWidth === width) return;
      width = window.innerWidth;
      for (const [id, figure] of figures) if (element(id).firstElementChild) draw(id, figure);
      redrawCanvases();
    }, 200);
  });
}

/** Queues a drawing of plot `id` that draws into the element itself, or queues its next part for the next frame. */
export function paint(id: string, drawing: (element: HTMLElement) => void): void {
  queued.set(id, drawing);
  scheduleDrawing();
}

/** Forgets a queued drawing of plot `id` (something else draws there now). */
export function dequeue(id: string): void {
  queued.delete(id);
  timings.queuedPlots = [...queued.keys()];
}

/** Removes a plot and any drawing still queued for it. */
export function undraw(id: string): void {
  dequeue(id);
  figures.delete(id);
  element(id).replaceChildren();
}

function scheduleDrawing(): void {
  timings.queuedPlots = [...queued.keys()];
  if (drawFrame || ![...queued.keys()].some((id) => onScreen.has(id))) return;
  // Drawn in a task of its own just after a frame, not inside the frame's own task
  // with the browser's layout and painting (too long together when a jump down the
  // page brings a plot and two sections into view at once: bench/README.md).
  drawFrame = requestAnimationFrame(() => setTimeout(drawNext));
}

/** Draws the first queued plot on screen, then schedules the next. */
function drawNext(): void {
  drawFrame = 0;
  const id = [...queued.keys()].find((key) => onScreen.has(key));
  if (id === undefined) return;
  const drawing = queued.get(id)!;
  queued.delete(id);
  const started = performance.now();
  drawing(element(id));
  timings.drawMs[id] = performance.now() - started;
  scheduleDrawing();
}

const visibility = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) onScreen.add(entry.target.id);
      else onScreen.delete(entry.target.id);
    }
    scheduleDrawing();
  },
  { rootMargin: "400px 0px" },
);
for (const plotElement of document.querySelectorAll<HTMLElement>(".plot")) visibility.observe(plotElement);
