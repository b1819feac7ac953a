/**
 * The page's plots as SVG, drawn from the same figure specs (`{ data, layout }`)
 * the library's Plotly builders return. Plotly's start and its redraws of a
 * two-panel figure block the page's thread longer than a page may (measured in
 * bench/README.md); these plots take a few milliseconds.
 * Only what the page's figures use is drawn: scatter traces (lines, markers,
 * lines+markers, null gaps, dashes, fill "tonexty", error_y), linear and log axes
 * (range, dtick, tickvals/ticktext, rangemode "tozero"), subplots side by side,
 * a legend in rows below, the title, vertical line shapes and annotations. A
 * point's hover text (the trace's hovertemplate) shows under the pointer. Text is
 * measured in the page's own font, so the title wraps and the legend's rows break
 * where the box ends, and the SVG grows to hold them: nothing is cut at an edge.
 */
import type { Figure, Trace } from "rlvr-backtracking/plot";
import { FONT_FAMILY as FONT } from "rlvr-backtracking/plot";

const SVG = "http://www.w3.org/2000/svg";

type Attributes = Record<string, string | number>;

function node<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, parent?: Element): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.append(element);
  return element;
}

/** One canvas to measure text with, in the font the SVG's text is drawn in. */
let measurer: CanvasRenderingContext2D | null = null;

/** The width in pixels of `markup` (powers in it drawn at 70%) at `size` px. */
export function textWidth(markup: string, size: number): number {
  measurer ??= document.createElement("canvas").getContext("2d")!;
  measurer.font = `${size}px ${FONT}`;
  return markup
    .split(/<sup>|<\/sup>/)
    .reduce((width, part, i) => width + measurer!.measureText(part).width * (i % 2 === 1 ? 0.7 : 1), 0);
}

/** `markup` broken into lines of at most `width` px at `size` px, at spaces. */
function wrap(markup: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const word of markup.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(`${lines[last]} ${word}`, size) <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Text with Plotly's markup for powers (`10<sup>14</sup>`) as raised tspans. */
function label(parent: Element, markup: string, attributes: Attributes): SVGTextElement {
  const text = node("text", { "font-family": FONT, ...attributes }, parent);
  for (const [i, part] of markup.split(/<sup>|<\/sup>/).entries()) {
    if (part === "") continue;
    const span = node("tspan", i % 2 === 1 ? { "baseline-shift": "super", "font-size": "70%" } : {}, text);
    span.textContent = part;
  }
  return text;
}

type AxisSpec = Record<string, unknown> & { type?: string; range?: number[]; domain?: number[]; dtick?: number; tickvals?: number[]; ticktext?: string[]; rangemode?: string; title?: { text?: string } };

/** One axis on the page: value to pixel, and the ticks to draw. */
interface Axis {
  readonly log: boolean;
  readonly toPixel: (value: number) => number;
  ticks: { value: number; text: string }[];
}

/** Vertical space of a line of the title. */
const TITLE_LINE = 22;

/**
 * An x axis's ticks with every second (third, ...) label left out where the
 * labels would touch: a narrow panel cannot hold as many as a wide one.
 */
function spacedOut(ticks: { value: number; text: string }[], toPixel: (value: number) => number): { value: number; text: string }[] {
  const fits = (kept: typeof ticks) =>
    kept.every((t, i) => i === 0 || toPixel(t.value) - toPixel(kept[i - 1].value) >= (textWidth(t.text, 12) + textWidth(kept[i - 1].text, 12)) / 2 + 6);
  for (let every = 1; every < ticks.length; every++) {
    const kept = ticks.filter((_, i) => i % every === 0);
    if (fits(kept)) return kept;
  }
  return ticks.slice(0, 1);
}

const DASHES: Record<string, string> = { dash: "9,9", dot: "3,3", dashdot: "9,3,3,3", longdash: "15,15" };

/** A linear tick label: up to four significant digits, thousands as "k" like Plotly. */
function linearText(value: number, step: number): string {
  if (Math.abs(value) >= 1e4 && step >= 1000) return `${Number((value / 1000).toPrecision(4))}k`;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

/** A log tick label: 1, 10, 100, 1000, then powers of ten. */
function powerText(exponent: number): string {
  return exponent >= 0 && exponent <= 3 ? String(10 ** exponent) : `10<sup>${exponent}</sup>`;
}

/** About `count` round ticks over [low, high]: steps of 1, 2 or 5 times a power of ten. */
function niceStep(low: number, high: number, count: number): number {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= 0.75 * raw) ?? 10 * power;
}

function ticksOf(spec: AxisSpec, log: boolean, low: number, high: number, pixels: number): { value: number; text: string }[] {
  if (spec.tickvals) return spec.tickvals.map((value, i) => ({ value, text: spec.ticktext?.[i] ?? String(value) }));
  const wanted = Math.max(2, Math.round(pixels / (log ? 40 : 80)));
  if (log) {
    // low and high are log10 values here: 1, 2 and 5 times each power of ten over
    // a short span, else whole decades, every few when there are many.
    if (high - low < 1.5 && spec.dtick === undefined) {
      const ticks = [];
      for (let e = Math.floor(low); e <= Math.ceil(high); e++) for (const m of [1, 2, 5]) ticks.push({ value: m * 10 ** e, text: linearText(m * 10 ** e, 10 ** Math.min(0, e)) });
      return ticks;
    }
    const step = spec.dtick ?? Math.max(1, Math.round(niceStep(low, high, wanted)));
    const ticks = [];
    for (let e = Math.ceil(low / step) * step; e <= high + 1e-9; e += step) ticks.push({ value: 10 ** e, text: powerText(e) });
    return ticks;
  }
  const step = spec.dtick ?? niceStep(low, high, wanted);
  const ticks = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + 1e-9 * step; v += step) ticks.push({ value: v, text: linearText(v, step) });
  return ticks;
}

/** The values a trace puts on its x or y axis, error bars included. */
function valuesOf(trace: Trace, which: "x" | "y"): number[] {
  const values = (trace[which] as (number | string | null)[]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const error = trace.error_y as { array?: number[] } | undefined;
  if (which === "y" && error?.array) {
    const ys = trace.y;
    error.array.forEach((e, i) => {
      const y = ys[i];
      if (y !== null) values.push(y - e, y + e);
    });
  }
  return values;
}

const hasLines = (trace: Trace) => (trace.mode ?? "lines").includes("lines");

/** An axis from its spec and the traces on it: the range given, or the data's (padded like Plotly's). */
function makeAxis(spec: AxisSpec, traces: Trace[], which: "x" | "y", from: number, to: number): Axis {
  const log = spec.type === "log";
  let [low, high] = [Infinity, -Infinity];
  if (spec.range) [low, high] = spec.range;
  else {
    let values = traces.flatMap((t) => valuesOf(t, which));
    if (log) values = values.filter((v) => v > 0).map(Math.log10);
    if (spec.rangemode === "tozero" && !log) values.push(0);
    for (const v of values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    if (!Number.isFinite(low)) [low, high] = [0, 1];
    if (low === high) [low, high] = [low - 1, high + 1];
    // Padded by 5% like Plotly's, except an x axis with lines on it, which the lines fill.
    const padded = which === "y" || !traces.some(hasLines);
    if (padded) {
      const pad = 0.05 * (high - low);
      low = spec.rangemode === "tozero" && low === 0 ? 0 : low - pad;
      high += pad;
    }
  }
  const scale = (to - from) / (high - low);
  const toPixel = (value: number) => from + ((log ? Math.log10(value) : value) - low) * scale;
  const inside = (v: number) => {
    const u = log ? Math.log10(v) : v;
    return u >= Math.min(low, high) - 1e-9 && u <= Math.max(low, high) + 1e-9;
  };
  const ticks = ticksOf(spec, log, low, high, Math.abs(to - from)).filter((t) => inside(t.value));
  return { log, toPixel, ticks };
}

/** A scatter trace's points in pixels, null where a value is missing or cannot be drawn (a gap in the line). */
function pixels(trace: Trace, x: Axis, y: Axis): ({ x: number; y: number } | null)[] {
  return trace.y.map((yv, i) => {
    const xv = trace.x[i];
    if (typeof xv !== "number" || yv === null || !Number.isFinite(yv) || (y.log && yv <= 0) || (x.log && xv <= 0)) return null;
    return { x: x.toPixel(xv), y: y.toPixel(yv) };
  });
}

/** The SVG path of a line through `points`, broken at each null. */
function linePath(points: ({ x: number; y: number } | null)[]): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** A marker's outline in relative moves from its centre (where the path stands), for Plotly's symbol names used by the figures. */
function symbolPath(symbol: string, size: number): string {
  const r = size / 2;
  if (symbol === "diamond") return `m${r},0l${-r},${r}l${-r},${-r}l${r},${-r}z`;
  if (symbol === "square") return `m${r},${r}h${-size}v${-size}h${size}z`;
  return `m${r},0a${r},${r} 0 1,0 ${-size},0a${r},${r} 0 1,0 ${size},0z`;
}

function drawMarkers(layer: Element, trace: Trace, points: ({ x: number; y: number } | null)[]): void {
  const marker = trace.marker ?? {};
  const size = typeof marker.size === "number" ? marker.size : 6;
  const symbol = typeof marker.symbol === "string" ? marker.symbol : "circle";
  const color = typeof marker.color === "string" ? marker.color : (trace.line?.color ?? "#444");
  // All of a trace's markers in one path.
  const d = points.map((p) => (p ? `M${p.x.toFixed(1)},${p.y.toFixed(1)}${symbolPath(symbol, size)}` : "")).join("");
  if (d) node("path", { d, fill: color, stroke: marker.line?.color ?? "none", "stroke-width": marker.line?.width ?? 0 }, layer);
}

function drawErrorBars(layer: Element, trace: Trace, y: Axis, points: ({ x: number; y: number } | null)[]): void {
  const error = trace.error_y as { array?: number[]; color?: string; thickness?: number; width?: number; visible?: boolean } | undefined;
  if (!error?.array || error.visible === false) return;
  const half = (error.width ?? 4) / 2;
  let d = "";
  points.forEach((p, i) => {
    const value = trace.y[i];
    if (!p || value === null) return;
    const top = y.toPixel(value + error.array![i]);
    const bottom = y.toPixel(value - error.array![i]);
    d += `M${p.x},${top}V${bottom}M${p.x - half},${top}h${2 * half}M${p.x - half},${bottom}h${2 * half}`;
  });
  node("path", { d, stroke: error.color ?? "#444", "stroke-width": error.thickness ?? 2, fill: "none" }, layer);
}

/** A legend entry's sample: the trace's line and its marker. */
function legendSample(group: Element, trace: Trace, x: number, y: number): void {
  const mode = trace.mode ?? "lines";
  if (mode.includes("lines")) {
    node("path", { d: `M${x},${y}h30`, stroke: trace.line?.color ?? "#444", "stroke-width": Math.min(4, trace.line?.width ?? 2), "stroke-dasharray": DASHES[trace.line?.dash ?? ""] ?? "none", fill: "none" }, group);
  }
  if (mode.includes("markers")) drawMarkers(group, { ...trace, x: [x + 15], y: [0] }, [{ x: x + 15, y }]);
}

/** Plotly's hover text for a point of `trace`: its hovertemplate with %{x} and %{y:.Ns} filled in. */
function hoverText(trace: Trace, i: number): string {
  const template = typeof trace.hovertemplate === "string" ? trace.hovertemplate : `${trace.name ?? ""}: %{x}, %{y}`;
  const fill = (value: unknown, format: string | undefined) => {
    if (typeof value !== "number") return String(value);
    const digits = /\.(\d+)/.exec(format ?? "")?.[1];
    return digits ? Number(value.toPrecision(Number(digits))).toLocaleString("en") : String(value);
  };
  return template
    .replace(/<extra>.*?<\/extra>/g, "")
    .replace(/%\{(x|y|text)(?::([^}]*))?\}/g, (_, field: string, format?: string) =>
      fill(field === "text" ? trace.text?.[i] : (trace[field as "x" | "y"] as unknown[])[i], format))
    .replace(/<br>/g, "\n")
    .replace(/<\/?sup>/g, "");
}

const axisKey = (name: string | undefined, letter: "x" | "y") => (name && name !== letter ? `${letter}axis${name.slice(1)}` : `${letter}axis`);

/**
 * Draws `figure` into `element` as one SVG as wide as the element, replacing what
 * was there. The figure is kept on the element (`element.figure`) for tests.
 */
export function renderFigure(element: HTMLElement, figure: Figure): void {
  const { data, layout } = figure;
  const width = Math.max(300, element.clientWidth);
  const margin = { l: 80, r: 80, t: 100, b: 80, ...(layout.margin as object) };
  // The title in as many lines as the width needs, each line pushing the plot down.
  const title = (layout.title as { text?: string } | undefined)?.text;
  const titleLines = title ? wrap(title, 16, 0.96 * width) : [];
  const titleTop = margin.t / 2;
  const extra = Math.max(0, titleLines.length - 1) * TITLE_LINE;
  margin.t += extra;
  const height = ((layout.height as number | undefined) ?? 450) + extra;
  const svg = node("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "font-family": FONT, "font-size": 12, role: "img" });
  const area = { left: margin.l, right: width - margin.r, top: margin.t, bottom: height - margin.b };
  titleLines.forEach((line, i) =>
    label(svg, line, { x: 0.02 * width, y: titleTop + i * TITLE_LINE, "font-size": 16, "dominant-baseline": "middle", fill: "#222" }),
  );

  // Panels: each pair of axes the traces use, on its domain of the plot area.
  const pairs = [...new Set(data.map((t) => `${t.xaxis ?? "x"},${t.yaxis ?? "y"}`))];
  const points: HoverPoint[] = [];
  let clipIndex = 0;
  for (const pair of pairs) {
    const [xName, yName] = pair.split(",");
    const traces = data.filter((t) => (t.xaxis ?? "x") === xName && (t.yaxis ?? "y") === yName);
    const xSpec = (layout[axisKey(xName, "x")] ?? {}) as AxisSpec;
    const ySpec = (layout[axisKey(yName, "y")] ?? {}) as AxisSpec;
    const [xd0, xd1] = xSpec.domain ?? [0, 1];
    const [yd0, yd1] = ySpec.domain ?? [0, 1];
    const box = {
      left: area.left + xd0 * (area.right - area.left),
      right: area.left + xd1 * (area.right - area.left),
      top: area.bottom - yd1 * (area.bottom - area.top),
      bottom: area.bottom - yd0 * (area.bottom - area.top),
    };
    // The panel's frame, for the page's layout test (no two panels may overlap).
    node("rect", { class: "panel", x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top, fill: "none" }, svg);
    const x = makeAxis(xSpec, traces, "x", box.left, box.right);
    x.ticks = spacedOut(x.ticks, x.toPixel);
    const y = makeAxis(ySpec, traces, "y", box.bottom, box.top);
    // The grid, the axes and their ticks: two paths (fewer elements, less for the browser to style and lay out).
    const xs = x.ticks.map((t) => x.toPixel(t.value));
    const ys = y.ticks.map((t) => y.toPixel(t.value));
    const grid = xs.map((px) => `M${px},${box.top}V${box.bottom}`).join("") + ys.map((py) => `M${box.left},${py}H${box.right}`).join("");
    node("path", { d: grid, stroke: (ySpec.gridcolor as string) ?? "#eee", fill: "none" }, svg);
    const ticks = xs.map((px) => `M${px},${box.bottom}v5`).join("") + ys.map((py) => `M${box.left},${py}h-5`).join("");
    node("path", { d: `M${box.left},${box.bottom}H${box.right}M${box.left},${box.bottom}V${box.top}${ticks}`, stroke: "#444", fill: "none" }, svg);
    // A label at either end of the axis is moved in just enough to stay inside the drawing.
    const within = (px: number, text: string) => {
      const half = textWidth(text, 12) / 2 + 1;
      return Math.min(Math.max(px, half), width - half);
    };
    x.ticks.forEach((t, i) => label(svg, t.text, { x: within(xs[i], t.text), y: box.bottom + 20, "text-anchor": "middle", fill: "#222" }));
    y.ticks.forEach((t, i) => label(svg, t.text, { x: box.left - 8, y: ys[i], "text-anchor": "end", "dominant-baseline": "middle", fill: "#222" }));
    if (xSpec.title?.text) label(svg, xSpec.title.text, { x: (box.left + box.right) / 2, y: box.bottom + 42, "text-anchor": "middle", "font-size": 14, fill: "#222" });
    if (ySpec.title?.text) {
      // Left of the widest tick label.
      const widest = Math.max(0, ...y.ticks.map((t) => textWidth(t.text, 12)));
      const cx = Math.max(10, box.left - 8 - widest - 12);
      const cy = (box.top + box.bottom) / 2;
      label(svg, ySpec.title.text, { x: cx, y: cy, transform: `rotate(-90 ${cx} ${cy})`, "text-anchor": "middle", "font-size": 14, fill: "#222" });
    }

    // Lines and bands are cut at the frame; markers a little beyond it, so one on the frame is drawn whole.
    const clipped = (margin: number) => {
      const id = `clip-${element.id}-${clipIndex++}`;
      const rect = { x: box.left - margin, y: box.top - margin, width: box.right - box.left + 2 * margin, height: box.bottom - box.top + 2 * margin };
      node("rect", rect, node("clipPath", { id }, svg));
      return node("g", { "clip-path": `url(#${id})` }, svg);
    };
    const layer = clipped(0);
    const markers = clipped(10);
    let previous: ({ x: number; y: number } | null)[] = [];
    for (const trace of traces) {
      const drawn = pixels(trace, x, y);
      const opacity = (trace.opacity as number | undefined) ?? 1;
      const group = node("g", { opacity }, layer);
      if (trace.fill === "tonexty" && previous.length > 0) {
        const band = [...drawn, ...[...previous].reverse()].filter((p): p is { x: number; y: number } => p !== null);
        node("path", { d: `${linePath(band)}Z`, fill: (trace.fillcolor as string) ?? "rgba(0,0,0,0.1)", stroke: "none" }, group);
      }
      const mode = trace.mode ?? "lines";
      if (mode.includes("lines")) {
        const line = trace.line ?? {};
        node("path", { d: linePath(drawn), fill: "none", stroke: line.color ?? "#444", "stroke-width": line.width ?? 2, "stroke-dasharray": DASHES[line.dash ?? ""] ?? "none", "stroke-linejoin": "round" }, group);
      }
      const marked = node("g", { opacity }, markers);
      drawErrorBars(marked, trace, y, drawn);
      if (mode.includes("markers")) drawMarkers(marked, trace, drawn);
      if (trace.hoverinfo !== "skip") drawn.forEach((p, i) => p && points.push({ ...p, trace, index: i }));
      previous = drawn;
    }

    // Vertical line shapes (x in data units, y across the panel).
    for (const shape of (layout.shapes as Record<string, unknown>[] | undefined) ?? []) {
      if (shape.type !== "line" || (shape.xref ?? "x") !== xName) continue;
      const line = (shape.line ?? {}) as { color?: string; width?: number };
      const px = x.toPixel(shape.x0 as number);
      node("path", { d: `M${px},${box.top}V${box.bottom}`, stroke: line.color ?? "#444", "stroke-width": line.width ?? 1 }, svg);
    }
    // Annotations placed in this panel's data units (log axes take log10 values, as in Plotly).
    for (const note of (layout.annotations as Record<string, unknown>[] | undefined) ?? []) {
      if (note.xref !== xName) continue;
      const px = x.toPixel(x.log ? 10 ** (note.x as number) : (note.x as number));
      const py = y.toPixel(y.log ? 10 ** (note.y as number) : (note.y as number));
      const font = (note.font ?? {}) as { size?: number; color?: string };
      const tx = px + ((note.ax as number | undefined) ?? 0);
      const ty = py + ((note.ay as number | undefined) ?? 0);
      if (note.showarrow) node("path", { d: `M${tx},${ty}L${px},${py}`, stroke: (note.arrowcolor as string) ?? "#444", "stroke-width": 1 }, svg);
      label(svg, note.text as string, { x: tx, y: ty, "text-anchor": "middle", "dominant-baseline": "middle", "font-size": font.size ?? 12, fill: font.color ?? "#222" });
    }
  }

  const legendBottom = drawLegend(svg, data, layout, width, area);
  // Taller where the legend's rows need it.
  if (legendBottom + 12 > height) {
    svg.setAttribute("height", String(Math.ceil(legendBottom + 12)));
    svg.setAttribute("viewBox", `0 0 ${width} ${Math.ceil(legendBottom + 12)}`);
  }
  element.replaceChildren(svg);
  attachHover(element, svg, points);
  (element as HTMLElement & { figure?: Figure }).figure = figure;
}

/**
 * The legend in rows below the plot area (the library's legendBelow), wrapped to
 * the figure's width (an entry wider than the figure in lines of its own).
 * Returns the bottom of its last row.
 */
function drawLegend(svg: SVGSVGElement, data: Trace[], layout: Record<string, unknown>, width: number, area: { left: number; right: number; top: number; bottom: number }): number {
  const shown = data.filter((t) => t.showlegend !== false && t.name);
  if (shown.length < 2 && layout.showlegend !== true) return area.bottom;
  const spec = (layout.legend ?? {}) as { y?: number };
  const ROW = 20;
  const SAMPLE = 36;
  // Between the lines of one entry: a 12 px line of text is 17 px high.
  const LINE = 18;
  // Where the layout asks, but below the x axis's title.
  const top = area.bottom + Math.max(-(spec.y ?? -0.1) * (area.bottom - area.top), 58);
  const group = node("g", {}, svg);
  let x = 10;
  let y = top;
  for (const trace of shown) {
    const lines = wrap(trace.name!, 12, width - 10 - SAMPLE - 4);
    const entryWidth = SAMPLE + Math.max(...lines.map((line) => textWidth(line, 12)));
    if (x > 10 && (x + entryWidth > width - 4 || lines.length > 1)) {
      x = 10;
      y += ROW;
    }
    legendSample(group, trace, x, y);
    lines.forEach((line, i) => label(group, line, { x: x + SAMPLE, y: y + i * LINE, "dominant-baseline": "middle", fill: "#222" }));
    y += (lines.length - 1) * LINE;
    x += entryWidth + 14;
  }
  return y + ROW / 2;
}

/** A point that shows its trace's hover text under the pointer. */
type HoverPoint = { x: number; y: number; trace: Trace; index: number };

/** A tooltip for the point nearest the pointer (within 20 px), from the traces' hover templates. */
function attachHover(element: HTMLElement, svg: SVGSVGElement, points: HoverPoint[]): void {
  const tip = document.createElement("div");
  tip.className = "plot-tip";
  tip.hidden = true;
  element.append(tip);
  svg.addEventListener("mousemove", (event) => {
    const box = svg.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    let best: HoverPoint | null = null;
    let distance = 400;
    for (const p of points) {
      const d = (p.x - px) ** 2 + (p.y - py) ** 2;
      if (d < distance) {
        distance = d;
        best = p;
      }
    }
    tip.hidden = best === null;
    if (!best) return;
    tip.textContent = hoverText(best.trace, best.index);
    tip.style.left = `${best.x + 12}px`;
    tip.style.top = `${best.y + 12}px`;
  });
  svg.addEventListener("mouseleave", () => (tip.hidden = true));
}
