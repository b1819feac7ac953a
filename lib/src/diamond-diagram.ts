/**
 * One diamond of G(W, K, L) with the four decisions made at its two ends, drawn in
 * monospaced text (notebook 01). Text inside <pre> is the one drawing every viewer
 * shows as drawn: an untrusted classic notebook strips SVG and styles from HTML
 * outputs, and keeps <pre> and <b>.
 */
import { escapeHtml } from "./markup";
import { showBundle } from "./notebook-output";
import { requireInteger } from "./validate";

/** The most parallel edges drawn one by one; more are drawn as this many and labelled with L. */
const MAX_DRAWN_EDGES = 5;

/** The four decisions, where each is made and what the desired move does (as in policy.ts). */
const DECISIONS = [
  { name: "c_j", at: "at l_j, arrived forward (from the fork's side)", desired: "into the diamond", other: "back along the connector" },
  { name: "d_j", at: "at l_j, arrived backward (through the diamond)", desired: "back along the connector, toward the fork", other: "into the diamond again" },
  { name: "a_j", at: "at r_j, arrived forward (through the diamond)", desired: "on along the connector (or to the leaf)", other: "back through the diamond" },
  { name: "b_j", at: "at r_j, arrived backward (from l_(j+1) or the leaf)", desired: "back through the diamond", other: "forward again along the connector" },
];

export interface DiamondDiagram {
  /** The drawing as plain text (monospaced). */
  readonly text: string;
  /** The same drawing as HTML: a <pre> with the decisions' names in bold. */
  readonly html: string;
}

/**
 * Diamond j with its `L` parallel edges between l_j and r_j, the connectors on
 * either side, and where the decisions a_j, b_j, c_j, d_j are made.
 */
export function diamondDiagram(L: number): DiamondDiagram {
  requireInteger("L", L, 1, 1_000_000);
  const drawn = Math.min(L, MAX_DRAWN_EDGES);
  const above = Math.floor((drawn - 1) / 2);
  const below = drawn - 1 - above;
  // The nodes are the two dots; the parallel edges leave and join them in the dots' columns.
  const left = "f or r_(j-1) ───────── l_j ●";
  const span = 27;
  const right = "● r_j ───────── l_(j+1) or the leaf";
  const indent = " ".repeat(left.length - 1);
  const edgeLabel = L === 1 ? "1 edge" : L > drawn ? `${drawn} of the L = ${L} parallel edges` : `L = ${L} parallel edges`;
  const arc = (open: string, close: string) => indent + open + "─".repeat(span) + close;
  const lines: string[] = [];
  lines.push(`${" ".repeat(left.length - 3)}c_j, d_j${" ".repeat(span - 6)}a_j, b_j`);
  lines.push(`${" ".repeat(left.length - 1)}▼${" ".repeat(span)}▼`);
  for (let i = 0; i < above; i++) lines.push(arc(i === 0 ? "┌" : "├", i === 0 ? "┐" : "┤"));
  lines.push(left + "─".repeat(span) + right);
  for (let i = 0; i < below; i++) lines.push(arc(i === below - 1 ? "└" : "├", i === below - 1 ? "┘" : "┤"));
  const labelPad = Math.max(0, Math.floor((span + 2 - edgeLabel.length) / 2));
  lines.push(indent + " ".repeat(labelPad) + edgeLabel + ` (the diamond of depth j)`);
  lines.push("");
  for (const d of DECISIONS) {
    lines.push(`${d.name}  ${d.at}`);
    lines.push(`     desired: ${d.desired}; otherwise ${d.other}`);
  }
  const text = lines.join("\n");
  const html = `<pre class="rlvr-diagram">${escapeHtml(text).replace(/\b([abcd]_j)\b/g, "<b>$1</b>")}</pre>`;
  return { text, html };
}

/** Shows `diamondDiagram(L)` in a tslab notebook cell (HTML, with the plain text for text-only viewers). */
export function showDiamondDiagram(L: number): void {
  const diagram = diamondDiagram(L);
  showBundle("showDiamondDiagram", { "text/html": diagram.html, "text/plain": diagram.text });
}
