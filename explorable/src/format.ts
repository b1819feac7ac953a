/**
 * Numbers in the prose. Every shown number is an element with data-quantity (its
 * name) and data-value (the full-precision value as JavaScript prints it, String(x));
 * hitting times also carry data-log10. Beyond the double range a hitting time has
 * no data-value, only data-log10, and reads "about 3.2 × 10^1234". A word counted
 * by a number (data-count, its name) takes its singular (data-one) when the number is 1.
 */
import type { HittingTime } from "./quantities";

const groupDigits = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");

/** "m × 10<sup>e</sup>" with two significant digits, from a log10 (any size). */
function powerOfTen(log10: number): string {
  let exponent = Math.floor(log10);
  let mantissa = Number((10 ** (log10 - exponent)).toFixed(1));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa} × 10<sup>${exponent < 0 ? `−${groupDigits(-exponent)}` : groupDigits(exponent)}</sup>`;
}

/**
 * A count or an expectation as the prose shows it: whole numbers in full below a
 * billion (to a tenth below a million, to the unit above), m × 10^e beyond and
 * below a thousandth, three significant digits otherwise.
 */
export function formatPageNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1e9 || (x !== 0 && Math.abs(x) < 1e-3)) return powerOfTen(Math.log10(Math.abs(x)));
  const nearest = Math.round(x);
  if (Math.abs(x) >= 1e6 || Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x))) return groupDigits(nearest);
  return Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(3)).toString();
}

function formatHittingTime(t: HittingTime): string {
  return t.value === null ? powerOfTen(t.log10) : formatPageNumber(t.value);
}

const bound = (name: string, root: ParentNode) => root.querySelectorAll<HTMLElement>(`[data-quantity="${name}"]`);

/** Shows `value` in every element bound to `name` (within `root`), and counts the words counted by it. */
export function bindNumber(name: string, value: number, root: ParentNode = document): void {
  for (const el of bound(name, root)) {
    el.innerHTML = formatPageNumber(value);
    el.dataset.value = String(value);
  }
  for (const word of root.querySelectorAll<HTMLElement>(`[data-count="${name}"]`)) {
    word.dataset.many ??= word.textContent ?? "";
    word.textContent = value === 1 ? word.dataset.one! : word.dataset.many;
  }
}

/** Shows a hitting time in every element bound to `name` (within `root`); beyond the double range, its log10 only. */
export function bindHittingTime(name: string, t: HittingTime, root: ParentNode = document): void {
  for (const el of bound(name, root)) {
    el.innerHTML = formatHittingTime(t);
    if (t.value === null) delete el.dataset.value;
    else el.dataset.value = String(t.value);
    el.dataset.log10 = String(t.log10);
    el.title = `log10 = ${t.log10.toFixed(4)}`;
  }
}

/** Shows a ratio given as a log10 ("8.6 × 10^9" or "12"). */
export function bindLog10(name: string, log10: number, root: ParentNode = document): void {
  const value = 10 ** log10;
  for (const el of bound(name, root)) {
    el.innerHTML = Number.isFinite(value) && value < 1e6 ? formatPageNumber(value) : powerOfTen(log10);
    if (Number.isFinite(value)) el.dataset.value = String(value);
    else delete el.dataset.value;
    el.dataset.log10 = String(log10);
  }
}
