/**
 * Tables for the notebooks: typed rows in, a table out, numbers formatted the same
 * way in every notebook. A shown table (`showTable`) is one output with HTML and a
 * plain-text fallback, its maths converted to Unicode and HTML (markup.ts), so that
 * classic Jupyter (trusted or not), nbconvert and the book show it aligned; the
 * Markdown form (`markdownTable`) is for writing tables into files. Also the
 * per-family tally the tables print. No Node APIs: `showTable` loads tslab only
 * when called, so the library works outside Jupyter.
 */
import { depthCount, requireShape } from "./graph";
import type { GraphShape } from "./graph";
import { FAMILIES, decisionIndex } from "./policy";
import type { Family } from "./policy";
import { inlineToHtml, inlineToText, markdownToHtml, markdownToText } from "./markup";
import { showBundle } from "./notebook-output";
import { describe, optionKeys, requireInteger, requireNumberList, requireOneOf, requireOptions, requirePositiveFinite } from "./validate";

/** What a table cell may hold: text is printed as it is (Markdown and $LaTeX$ allowed). */
export type TableCell = string | number | bigint | boolean;

/** How a number is written in a table cell. */
export interface NumberFormat {
  /** Significant digits. Defaults to 6. Ignored when `fixed` is given. */
  digits?: number;
  /** Exactly this many decimals (no scientific notation below `scientificFrom`). */
  fixed?: number;
  /**
   * Magnitudes at or above this (and non-zero ones below 1 / this) are written
   * $m \times 10^{e}$. Defaults to 1e6.
   */
  scientificFrom?: number;
}

/** One column of a table over rows of type `Row`. */
export interface TableColumn<Row> {
  /** The header (Markdown and $LaTeX$ allowed). */
  header: string;
  /** The row's field to show, or a function of the row. */
  value: keyof Row | ((row: Row) => TableCell);
  /** How numbers in this column are written. Defaults to `{ digits: 6, scientificFrom: 1e6 }`. */
  format?: NumberFormat;
  /** Alignment. Defaults to right for columns whose first value is a number, left otherwise. */
  align?: "left" | "right" | "center";
}

export interface TableOptions {
  /** A bold line printed above the table. */
  title?: string;
}

const NUMBER_FORMAT_OPTIONS = optionKeys<NumberFormat>({ digits: true, fixed: true, scientificFrom: true });
const TABLE_OPTIONS = optionKeys<TableOptions>({ title: true });

/**
 * A number as table text: integers below `scientificFrom` in full, others with
 * `digits` significant digits (trailing zeros dropped), large and tiny magnitudes
 * as $m \times 10^{e}$; NaN as "n/a", infinities as $\infty$.
 */
export function formatNumber(x: number, format: NumberFormat = {}): string {
  if (typeof x !== "number") throw new RangeError(`x must be a number, got ${describe(x)}`);
  const { digits = 6, fixed, scientificFrom = 1e6 } = requireOptions("format", format, NUMBER_FORMAT_OPTIONS);
  requireInteger("digits", digits, 1, 21);
  if (fixed !== undefined) requireInteger("fixed", fixed, 0, 20);
  requirePositiveFinite("scientificFrom", scientificFrom);
  if (Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x)) return x > 0 ? "$\\infty$" : "$-\\infty$";
  const size = Math.abs(x);
  if (size >= scientificFrom || (size > 0 && size < 1 / scientificFrom && fixed === undefined)) {
    return formatPowerOfTen(Math.log10(size), digits, x < 0);
  }
  if (fixed !== undefined) return x.toFixed(fixed);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/**
 * A positive number given by its log10 (it may lie beyond the double range), as
 * $m \times 10^{e}$ with `digits` significant digits in m; below 10^6 as
 * `formatNumber` writes it (6 significant digits).
 */
export function formatLog10(log10: number, digits = 4): string {
  if (typeof log10 !== "number" || !Number.isFinite(log10)) throw new RangeError(`log10 must be finite, got ${describe(log10)}`);
  requireInteger("digits", digits, 1, 21);
  if (log10 < 6) return formatNumber(10 ** log10);
  return formatPowerOfTen(log10, digits, false);
}

function formatPowerOfTen(log10: number, digits: number, negative: boolean): string {
  let exponent = Math.floor(log10);
  let mantissa = Number((10 ** (log10 - exponent)).toPrecision(digits));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const sign = negative ? "-" : "";
  return `$${sign}${String(Number(mantissa.toPrecision(digits)))} \\times 10^{${exponent}}$`;
}

/** The cell of `row` in `column`. */
function cellOf<Row>(row: Row, column: TableColumn<Row>): TableCell {
  const raw = typeof column.value === "function" ? column.value(row) : row[column.value];
  if (typeof raw === "number" || typeof raw === "string" || typeof raw === "bigint" || typeof raw === "boolean") {
    return raw;
  }
  throw new RangeError(`column "${column.header}" holds a ${typeof raw}: give a function returning text or a number`);
}

/** The cells of `rows` as text (Markdown and $maths$ as written), each column's alignment, and the title; all checked. */
function tableCells<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], options: TableOptions) {
  if (!Array.isArray(rows)) throw new RangeError(`rows must be an array, got ${describe(rows)}`);
  if (!Array.isArray(columns) || columns.length === 0) throw new RangeError(`columns must hold at least one column, got ${describe(columns)}`);
  columns.forEach(requireColumn);
  const { title } = requireOptions("options", options, TABLE_OPTIONS);
  if (title !== undefined && typeof title !== "string") throw new RangeError(`options.title must be text, got ${describe(title)}`);
  const values = rows.map((row) => columns.map((column) => cellOf(row, column)));
  const aligns = columns.map((column, i) => column.align ?? (typeof values[0]?.[i] === "number" ? "right" : "left"));
  const cells = values.map((row) =>
    row.map((value, i) => (typeof value === "number" ? formatNumber(value, columns[i].format) : String(value)).replace(/\r?\n/g, " ")),
  );
  return { headers: columns.map((column) => column.header), cells, aligns, title };
}

/** Throws unless column `i` has a header and a value (a key of the rows, or a function of a row). */
function requireColumn(column: unknown, i: number): void {
  const c = column as TableColumn<unknown>;
  const ok = typeof column === "object" && column !== null && typeof c.header === "string" && ["function", "string", "number"].includes(typeof c.value);
  if (!ok) throw new RangeError(`columns[${i}] must be { header, value } (a key of the rows or a function of a row), got ${describe(column)}`);
  if (c.format !== undefined) requireOptions(`columns[${i}].format`, c.format, NUMBER_FORMAT_OPTIONS);
  if (c.align !== undefined) requireOneOf(`columns[${i}].align`, c.align, ["left", "right", "center"]);
}

/** A Markdown table of `rows`, one column per entry of `columns` (for files; notebooks use `showTable`). */
export function markdownTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): string {
  const { headers, cells, aligns, title } = tableCells(rows, columns, options);
  const rule = aligns.map((align) => (align === "right" ? "---:" : align === "center" ? ":---:" : "---"));
  // No "|" may end a cell early.
  const line = (texts: string[]) => `| ${texts.map((text) => text.replace(/\|/g, "\\|")).join(" | ")} |`;
  return (title === undefined ? "" : `**${title}**\n\n`) + [line(headers), `| ${rule.join(" | ")} |`, ...cells.map(line)].join("\n");
}

/**
 * An HTML table of `rows` (what `showTable` shows): maths in Unicode and HTML,
 * nothing left for MathJax, each cell aligned by an attribute and a style (an
 * untrusted classic notebook drops styles and keeps the attribute).
 */
export function htmlTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): string {
  const { headers, cells, aligns, title } = tableCells(rows, columns, options);
  const cell = (tag: string, text: string, i: number) =>
    `<${tag} align="${aligns[i]}" style="text-align:${aligns[i]}">${inlineToHtml(text)}</${tag}>`;
  return (
    `${title === undefined ? "" : `<p><strong>${inlineToHtml(title)}</strong></p>\n`}<table class="rlvr-table">\n<thead>\n<tr>${headers.map((h, i) => cell("th", h, i)).join("")}</tr>\n</thead>\n` +
    `<tbody>\n${cells.map((row) => `<tr>${row.map((text, i) => cell("td", text, i)).join("")}</tr>`).join("\n")}\n` +
    `</tbody>\n</table>`
  );
}

/** A plain-text table of `rows` (the fallback of `showTable`): columns padded to one width, maths in Unicode. */
export function textTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): string {
  const { headers, cells, aligns, title } = tableCells(rows, columns, options);
  const texts = [headers, ...cells].map((row) => row.map(inlineToText));
  // Width in code points, so that 𝔼 (two UTF-16 units) counts once.
  const width = (text: string) => [...text.normalize("NFC")].filter((c) => !/\p{M}/u.test(c)).length;
  const widths = headers.map((_, i) => Math.max(...texts.map((row) => width(row[i]))));
  const pad = (text: string, i: number) => {
    const space = " ".repeat(widths[i] - width(text));
    return aligns[i] === "right" ? space + text : text + space;
  };
  const lines = texts.map((row) => row.map(pad).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return (title === undefined ? "" : `${inlineToText(title)}\n\n`) + lines.join("\n");
}

/** Shows a table of `rows` in a tslab notebook cell: `htmlTable`, with `textTable` for text-only viewers. */
export function showTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): void {
  showBundle("showTable", { "text/html": htmlTable(rows, columns, options), "text/plain": textTable(rows, columns, options) });
}

/**
 * Shows Markdown prose (paragraphs, bullet lists, bold, italics, code, links and
 * inline $maths$) in a tslab notebook cell, as HTML with a plain-text fallback:
 * the sentences a cell computes from its rows.
 */
export function showMarkdown(text: string): void {
  if (typeof text !== "string") throw new RangeError(`text must be a string of Markdown, got ${typeof text}`);
  showBundle("showMarkdown", { "text/html": `<div class="rlvr-prose">${markdownToHtml(text)}</div>`, "text/plain": markdownToText(text) });
}

/**
 * The total over depths of a per-decision array (`policy.desired`, visit counts
 * from `policyGradient`, a `DecisionCounts` field, ...), one entry per family.
 * The fork decision of the stem variant is not a family and is left out.
 */
export function familyTotals(shape: GraphShape, values: ArrayLike<number>): Record<Family, number> {
  const D = depthCount(requireShape(shape));
  requireNumberList("values", values);
  const totals = { a: 0, b: 0, c: 0, d: 0 };
  for (const family of FAMILIES) {
    for (let depth = 1; depth <= D; depth++) {
      const k = decisionIndex(shape, family, depth);
      if (k >= values.length) {
        throw new RangeError(`values must hold one entry per decision of the shape, got ${values.length}`);
      }
      totals[family] += values[k];
    }
  }
  return totals;
}
