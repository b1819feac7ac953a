/**
 * The graph G(W, K, L) and a walk on it, drawn on a <canvas>. Plotly drew the
 * graph as line traces of thousands of points, too slow per redraw on the page's
 * thread (bench/README.md); one canvas path of all edges takes a few milliseconds. Same layout as the library's drawing
 * (graph-drawing.ts: each diamond's parallel edges bow through the midpoints it
 * gives, drawn here as quadratic curves), same colours and marks as its
 * graphDrawingFigure, and a node's label on hover.
 */
import type { GraphDrawingData } from "rlvr-backtracking";
import { FONT_FAMILY as FONT, POLICY_COLORS } from "rlvr-backtracking/plot";

type Point = { readonly x: number; readonly y: number };
type Context = CanvasRenderingContext2D;

/** A canvas sized to its element's width at the screen's pixel density, and the drawing's units mapped to it. */
interface Sheet {
  readonly canvas: HTMLCanvasElement;
  readonly context: Context;
  readonly width: number;
  readonly height: number;
  /** Drawing units (graph-drawing.ts) to CSS pixels of the canvas. */
  readonly at: (p: Point) => Point;
}

const MARGIN = { l: 20, r: 20, t: 50, b: 50 };

/** The drawing shown in each canvas, for the hover labels. */
const shown = new WeakMap<HTMLCanvasElement, { drawn: GraphDrawingData; at: (p: Point) => Point }>();

function sheetIn(element: HTMLElement, drawn: GraphDrawingData, height: number): Sheet {
  let canvas = element.querySelector("canvas");
  if (!canvas) {
    element.replaceChildren();
    canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.addEventListener("mousemove", (event) => hover(canvas!, event));
    element.append(canvas);
  }
  const width = Math.max(300, element.clientWidth);
  const ratio = window.devicePixelRatio || 1;
  const context = canvas.getContext("2d")!;
  // A new size is a new bitmap for the browser to allocate and hand on: only when the size changes.
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    // Resizing the canvas reset its context, the font included.
    fonts.delete(context);
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const [x0, x1] = drawn.xRange;
  const [y0, y1] = drawn.yRange;
  const sx = (width - MARGIN.l - MARGIN.r) / (x1 - x0);
  const sy = (height - MARGIN.t - MARGIN.b) / (y1 - y0);
  const at = (p: Point) => ({ x: MARGIN.l + (p.x - x0) * sx, y: height - MARGIN.b - (p.y - y0) * sy });
  shown.set(canvas, { drawn, at });
  canvas.dataset.edges = String(drawn.edges.length);
  canvas.dataset.nodes = String(drawn.nodes.length);
  return { canvas, context, width, height, at };
}

/** The label of the node under the pointer, as the canvas's tooltip. */
function hover(canvas: HTMLCanvasElement, event: MouseEvent): void {
  const drawing = shown.get(canvas);
  if (!drawing) return;
  const box = canvas.getBoundingClientRect();
  const px = event.clientX - box.left;
  const py = event.clientY - box.top;
  let best = 64; // squared pixels: within 8 px
  let label = "";
  for (const node of drawing.drawn.nodes) {
    const p = drawing.at(node);
    const d = (p.x - px) ** 2 + (p.y - py) ** 2;
    if (d < best) {
      best = d;
      label = node.id === drawing.drawn.target ? `${node.label}: target` : node.kind === "leaf" ? `${node.label}: dead end` : node.label;
    }
  }
  canvas.title = label;
}

/** Adds the edges `ids` of the drawing to the current path: straight, or bowed through their midpoint. */
function addEdges(context: Context, sheet: Sheet, drawn: GraphDrawingData, ids: Iterable<number>): void {
  for (const id of ids) {
    const points = drawn.edges[id].points.map(sheet.at);
    const from = points[0];
    const to = points[points.length - 1];
    context.moveTo(from.x, from.y);
    if (points.length === 3) {
      // The quadratic curve through the midpoint has its control point twice as far out.
      const mid = points[1];
      context.quadraticCurveTo(2 * mid.x - (from.x + to.x) / 2, 2 * mid.y - (from.y + to.y) / 2, to.x, to.y);
    } else context.lineTo(to.x, to.y);
  }
}

function strokeEdges(sheet: Sheet, drawn: GraphDrawingData, ids: Iterable<number>, color: string, width: number, alpha = 1): void {
  const { context } = sheet;
  context.beginPath();
  addEdges(context, sheet, drawn, ids);
  context.globalAlpha = alpha;
  context.strokeStyle = color;
  context.lineWidth = width;
  context.lineCap = "round";
  context.lineJoin = "round";
  context.stroke();
  context.globalAlpha = 1;
}

type Mark = "circle" | "cross" | "star";

/** A marker of diameter `size` (Plotly's marker size) at `p`. */
function mark(context: Context, kind: Mark, p: Point, size: number, fill: string, stroke: string, strokeWidth: number): void {
  const r = size / 2;
  context.beginPath();
  if (kind === "circle") context.arc(p.x, p.y, r, 0, 2 * Math.PI);
  else if (kind === "star") {
    for (let i = 0; i < 10; i++) {
      const radius = i % 2 === 0 ? r * 1.15 : r * 0.47;
      const angle = -Math.PI / 2 + (i * Math.PI) / 5;
      context.lineTo(p.x + radius * Math.cos(angle), p.y + radius * Math.sin(angle));
    }
    context.closePath();
  } else {
    // A thick x, drawn as one outlined shape like Plotly's "x" symbol.
    const a = r * 0.8;
    const w = r * 0.32;
    const arm = [
      [w, 0], [a, a - w], [a - w, a], [0, w], [-a + w, a], [-a, a - w],
      [-w, 0], [-a, -a + w], [-a + w, -a], [0, -w], [a - w, -a], [a, -a + w],
    ];
    for (const [dx, dy] of arm) context.lineTo(p.x + dx, p.y + dy);
    context.closePath();
  }
  context.fillStyle = fill;
  context.fill();
  if (strokeWidth > 0) {
    context.strokeStyle = stroke;
    context.lineWidth = strokeWidth;
    context.stroke();
  }
}

let fontLookedUp = false;

/** The sizes of the drawings' text: title, legend, node labels beside and above the nodes. */
const TEXT_SIZES = { title: 16, legend: 12, beside: 11, above: 10 };

/**
 * Looks up the drawings' font at each of its sizes once, as the first text drawn
 * on a canvas would: at load that was most of the first graph drawing's time
 * (bench/README.md), so the page does it a frame ahead of the drawing, with the
 * drawing's layout.
 */
export function lookUpFont(): void {
  if (fontLookedUp) return;
  fontLookedUp = true;
  const context = document.createElement("canvas").getContext("2d")!;
  for (const size of Object.values(TEXT_SIZES)) {
    context.font = `${size}px ${FONT}`;
    context.measureText("The reasoning graph G(15, 15, 5): s f t l(1) r(1) golden path target dead end");
  }
}

/** The font each context was last given: setting a canvas's font parses it anew, a millisecond each time. */
const fonts = new WeakMap<Context, string>();

function text(context: Context, words: string, x: number, y: number, size: number, align: CanvasTextAlign, baseline: CanvasTextBaseline, color = "#222"): void {
  const font = `${size}px ${FONT}`;
  if (fonts.get(context) !== font) {
    context.font = font;
    fonts.set(context, font);
  }
  context.fillStyle = color;
  context.textAlign = align;
  context.textBaseline = baseline;
  context.fillText(words, x, y);
}

/** One legend entry: a line sample or a marker. */
type LegendEntry = { label: string } & ({ line: string; width: number } | { mark: Mark; fill: string; size: number });

/** The legend in a row under the drawing, like the library's legendBelow. */
function legend(sheet: Sheet, entries: LegendEntry[]): void {
  const { context } = sheet;
  const y = sheet.height - 22;
  let x = 16;
  for (const entry of entries) {
    if ("line" in entry) {
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + 30, y);
      context.strokeStyle = entry.line;
      context.lineWidth = entry.width;
      context.stroke();
    } else mark(context, entry.mark, { x: x + 15, y }, entry.size, entry.fill, "#222", 1);
    text(context, entry.label, x + 38, y, TEXT_SIZES.legend, "left", "middle");
    x += 38 + context.measureText(entry.label).width + 24;
  }
}

const all = (drawn: GraphDrawingData) => drawn.edges.map((e) => e.id);

/** Whether the drawing is small enough to label every node (as graphDrawingFigure does; larger ones drop the labels). */
const labelled = (drawn: GraphDrawingData) => drawn.nodes.length <= 40;

/**
 * G(W, K, L) as the library's graphDrawingFigure draws it: all edges, the golden
 * path, the nodes (labelled when few), the dead-end leaves and the starred target.
 */
export function drawGraphCanvas(element: HTMLElement, drawn: GraphDrawingData, height: number): void {
  const sheet = sheetIn(element, drawn, height);
  const { context } = sheet;
  text(context, `The reasoning graph ${drawn.name}`, 16, 24, TEXT_SIZES.title, "left", "middle");
  const small = labelled(drawn);
  strokeEdges(sheet, drawn, all(drawn), "#9a9a9a", small ? 1.5 : 1);
  strokeEdges(sheet, drawn, drawn.edges.filter((e) => e.golden).map((e) => e.id), POLICY_COLORS.golden, 4);
  const leaves = drawn.nodes.filter((n) => n.kind === "leaf");
  // Leaf labels while the rows are far enough apart to read them.
  const rowGap = leaves.length > 1 ? Math.abs(sheet.at(leaves[0]).y - sheet.at(leaves[1]).y) : Infinity;
  for (const node of drawn.nodes) {
    const p = sheet.at(node);
    if (node.kind === "leaf") {
      const target = node.id === drawn.target;
      if (!target) mark(context, "cross", p, 12, "#bbbbbb", "#555", 1);
      if (rowGap >= 11 || target) text(context, node.label, p.x + 10, p.y, TEXT_SIZES.beside, "left", "middle", "#333");
      continue;
    }
    const filled = node.kind === "start" || node.kind === "fork";
    mark(context, "circle", p, small ? 9 : 5, filled ? "#222" : "white", "#222", small ? 1.5 : 1);
    if (small) text(context, node.label, p.x, p.y - 8, TEXT_SIZES.above, "center", "bottom", "#333");
  }
  mark(context, "star", sheet.at(drawn.nodes[drawn.target]), 18, POLICY_COLORS.optimal, "#222", 1);
  legend(sheet, [
    { label: `edges (${drawn.L} parallel per diamond)`, line: "#9a9a9a", width: 1.5 },
    { label: "golden path", line: POLICY_COLORS.golden, width: 4 },
    { label: "dead-end leaves", mark: "cross", fill: "#bbbbbb", size: 12 },
    { label: "target leaf", mark: "star", fill: POLICY_COLORS.optimal, size: 16 },
  ]);
}

/** A word written above a node of the drawing, to its right (the replay's branch labels). */
export interface NodeNote {
  readonly node: number;
  readonly text: string;
}

/**
 * A walk on G(W, K, L): the graph in light grey (drawn once, then copied), with
 * `notes` above their nodes, the edges walked so far, the walker and the target.
 * `show` redraws one moment of the walk; a whole redraw is a copy and one path of
 * at most a few thousand edges.
 */
export function walkCanvas(element: HTMLElement, drawn: GraphDrawingData, title: string, height: number, notes: readonly NodeNote[] = []) {
  const sheet = sheetIn(element, drawn, height);
  const { context, canvas } = sheet;
  const background = document.createElement("canvas");
  background.width = canvas.width;
  background.height = canvas.height;
  {
    // The still parts, drawn once into the background.
    const still = { ...sheet, context: background.getContext("2d")! };
    still.context.setTransform(context.getTransform());
    text(still.context, title, 16, 24, 16, "left", "middle");
    strokeEdges(still, drawn, all(drawn), "#cfcfcf", 1.2);
    for (const note of notes) {
      const p = sheet.at(drawn.nodes[note.node]);
      // Above the row and right of the node: clear of the fork's edges, which come in from the left.
      text(still.context, note.text, p.x + 6, p.y - 6, TEXT_SIZES.beside, "left", "bottom", "#333");
    }
    legend(still, [
      { label: "walked so far", line: "#56b4e9", width: 4 },
      { label: "walker", mark: "circle", fill: POLICY_COLORS.rlvr, size: 12 },
      { label: "target", mark: "star", fill: POLICY_COLORS.optimal, size: 16 },
    ]);
  }
  const target = sheet.at(drawn.nodes[drawn.target]);
  return {
    /** The walk after its first `steps` edges `edges`, the walker at node `at` (none before the walk). */
    show(edges: readonly number[], steps: number, at: number | null): void {
      context.save();
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.drawImage(background, 0, 0);
      context.restore();
      if (steps > 0) strokeEdges(sheet, drawn, edges.slice(0, steps), "#56b4e9", 4, 0.75);
      if (at !== null) mark(context, "circle", sheet.at(drawn.nodes[at]), 14, POLICY_COLORS.rlvr, "#222", 1);
      // Drawn last, so the walker never hides the target.
      mark(context, "star", target, 20, POLICY_COLORS.optimal, "#222", 1);
      canvas.dataset.steps = String(steps);
    },
  };
}
