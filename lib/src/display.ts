/**
 * Tables for the notebooks: typed rows in, a Markdown table out (numbers formatted
 * the same way in every notebook, large and small ones in LaTeX), shown with tslab's
 * `display.markdown`. Also the per-family tally the tables print. No Node APIs:
 * `showTable` loads tslab only when called, so the library works outside Jupyter.
 */
import { depthCount, requireShape } from "./graph";
import type { GraphShape } from "./graph";
import { FAMILIES, decisionIndex } from "./policy";
import type { Family } from "./policy";
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

/** Cell text made safe inside a Markdown table row: no "|" or line break ends the cell. */
function cellText(value: TableCell, format: NumberFormat | undefined): string {
  const text = typeof value === "number" ? formatNumber(value, format) : String(value);
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The cell of `row` in `column`. */
function cellOf<Row>(row: Row, column: TableColumn<Row>): TableCell {
  const raw = typeof column.value === "function" ? column.value(row) : row[column.value];
  if (typeof raw === "number" || typeof raw === "string" || typeof raw === "bigint" || typeof raw === "boolean") {
    return raw;
  }
  throw new RangeError(`column "${column.header}" holds a ${typeof raw}: give a function returning text or a number`);
}

/** A Markdown table of `rows`, one column per entry of `columns`. */
export function markdownTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): string {
  if (!Array.isArray(rows)) throw new RangeError(`rows must be an array, got ${describe(rows)}`);
  if (!Array.isArray(columns) || columns.length === 0) throw new RangeError(`columns must hold at least one column, got ${describe(columns)}`);
  columns.forEach(requireColumn);
  const { title } = requireOptions("options", options, TABLE_OPTIONS);
  if (title !== undefined && typeof title !== "string") throw new RangeError(`options.title must be text, got ${describe(title)}`);
  const cells = rows.map((row) => columns.map((column) => cellOf(row, column)));
  const rule = columns.map((column, i) => {
    const align = column.align ?? (typeof cells[0]?.[i] === "number" ? "right" : "left");
    return align === "right" ? "---:" : align === "center" ? ":---:" : "---";
  });
  const line = (texts: string[]) => `| ${texts.join(" | ")} |`;
  const lines = [
    line(columns.map((column) => cellText(column.header, undefined))),
    line(rule),
    ...cells.map((row) => line(row.map((value, i) => cellText(value, columns[i].format)))),
  ];
  return (title === undefined ? "" : `**${title}**\n\n`) + lines.join("\n");
}

/** Throws unless column `i` has a header and a value (a key of the rows, or a function of a row). */
function requireColumn(column: unknown, i: number): void {
  const c = column as TableColumn<unknown>;
  const ok = typeof column === "object" && column !== null && typeof c.header === "string" && ["function", "string", "number"].includes(typeof c.value);
  if (!ok) throw new RangeError(`columns[${i}] must be { header, value } (a key of the rows or a function of a row), got ${describe(column)}`);
  if (c.format !== undefined) requireOptions(`columns[${i}].format`, c.format, NUMBER_FORMAT_OPTIONS);
  if (c.align !== undefined) requireOneOf(`columns[${i}].align`, c.align, ["left", "right", "center"]);
}

/** The part of tslab this module uses. */
interface TslabMarkdown {
  display: { markdown(text: string): void };
}

/** Shows `markdownTable(rows, columns, options)` in a tslab notebook cell. */
export function showTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  options: TableOptions = {},
): void {
  showMarkdown(markdownTable(rows, columns, options));
}

/** The error of showTable and showMarkdown outside a notebook. */
export const OUTSIDE_A_NOTEBOOK = "showTable and showMarkdown run inside a tslab notebook; elsewhere use markdownTable";

/** Shows Markdown text (with $LaTeX$) in a tslab notebook cell. */
export function showMarkdown(text: string): void {
  if (typeof text !== "string") throw new RangeError(`text must be a string of Markdown, got ${describe(text)}`);
  // Without tslab, or outside a running kernel (where tslab's display throws), say where these work.
  try {
    (require("tslab") as TslabMarkdown).display.markdown(text);
  } catch {
    throw new Error(OUTSIDE_A_NOTEBOOK);
  }
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
