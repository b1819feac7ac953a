/**
 * The notebooks' generated text (table headers and cells, sentences computed from
 * rows) as HTML and as plain text, so that every viewer shows it the same way:
 * classic Jupyter drops untrusted `text/markdown`, and MathJax typesets a table's
 * $...$ cells at heights that no longer line up with their row. The Markdown and
 * TeX these strings use is small (bold, italics, code, links, bullet lists,
 * inline maths with sub- and superscripts and a few symbols), so it is converted
 * here, with no typesetting left to the viewer.
 */

/** TeX control words the notebooks' generated text uses, and the character each stands for. */
const TEX_SYMBOLS: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", eta: "η", theta: "θ", lambda: "λ",
  mu: "μ", rho: "ρ", sigma: "σ", tau: "τ", chi: "χ", ell: "ℓ", Theta: "Θ", Delta: "Δ", Sigma: "Σ",
  times: "×", cdot: "·", pm: "±", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", approx: "≈",
  sim: "∼", propto: "∝", equiv: "≡", in: "∈", to: "→", infty: "∞", partial: "∂", sum: "Σ",
  dots: "…", ldots: "…", min: "min", max: "max", log: "log", ln: "ln", exp: "exp",
  quad: "\u2003", qquad: "\u2003\u2003", ",": "\u2009", ";": "\u2005", "!": "", " ": " ",
  "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "|": "‖",
  bigl: "", bigr: "", Bigl: "", Bigr: "", left: "", right: "",
};

/** Double-struck capitals (\mathbb{E}). */
const BLACKBOARD: Record<string, string> = { E: "𝔼", P: "ℙ", R: "ℝ", N: "ℕ", Z: "ℤ", Q: "ℚ" };

/** Commands whose braced argument is shown upright as it is (\text{desired}). */
const TEXT_COMMANDS = new Set(["text", "textrm", "mathrm", "operatorname", "mathbf", "boldsymbol"]);

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** One output of the TeX walker: HTML (italic letters, <sub>, <sup>) or plain Unicode text. */
type Target = "html" | "text";

/** Reads a braced group or a single token at `at`; returns its source and the index after it. */
function readArgument(tex: string, at: number): { body: string; end: number } {
  while (tex[at] === " ") at++;
  if (tex[at] === "{") {
    let depth = 0;
    for (let i = at; i < tex.length; i++) {
      if (tex[i] === "{") depth++;
      else if (tex[i] === "}" && --depth === 0) return { body: tex.slice(at + 1, i), end: i + 1 };
    }
    return { body: tex.slice(at + 1), end: tex.length };
  }
  if (tex[at] === "\\") {
    const word = /^\\([A-Za-z]+|.)/.exec(tex.slice(at));
    const length = word === null ? 1 : word[0].length;
    return { body: tex.slice(at, at + length), end: at + length };
  }
  return { body: tex.slice(at, at + 1), end: Math.min(at + 1, tex.length) };
}

/** Inline TeX (the inside of $...$) as HTML or as plain text. */
function convertTex(tex: string, target: Target): string {
  const html = target === "html";
  let out = "";
  let i = 0;
  while (i < tex.length) {
    const ch = tex[i];
    if (ch === "\\") {
      const match = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const word = match === null ? "" : match[1];
      i += match === null ? 1 : match[0].length;
      if (TEXT_COMMANDS.has(word)) {
        const arg = readArgument(tex, i);
        out += html ? escapeHtml(arg.body) : arg.body;
        i = arg.end;
      } else if (word === "mathbb") {
        const arg = readArgument(tex, i);
        out += BLACKBOARD[arg.body] ?? arg.body;
        i = arg.end;
      } else if (word === "frac" || word === "tfrac" || word === "dfrac") {
        const top = readArgument(tex, i);
        const bottom = readArgument(tex, top.end);
        const group = (body: string) => (/^[\w.]+$/.test(body) ? convertTex(body, target) : `(${convertTex(body, target)})`);
        out += `${group(top.body)}/${group(bottom.body)}`;
        i = bottom.end;
      } else if (word === "sqrt") {
        const arg = readArgument(tex, i);
        out += `√(${convertTex(arg.body, target)})`;
        i = arg.end;
      } else if (word === "hat" || word === "bar") {
        const arg = readArgument(tex, i);
        out += convertTex(arg.body, target) + (word === "hat" ? "\u0302" : "\u0304");
        i = arg.end;
      } else if (word in TEX_SYMBOLS) {
        const symbol = TEX_SYMBOLS[word];
        out += html ? escapeHtml(symbol) : symbol;
        // A control word eats the spaces after it; keep one between two words ("\min_k v").
        if (/^[A-Za-z]/.test(word) && /^[A-Za-z]{2,}$/.test(symbol) && tex[i] === " ") out += " ";
      } else {
        out += word;
      }
    } else if (ch === "_" || ch === "^") {
      const arg = readArgument(tex, i + 1);
      const inner = convertTex(arg.body, target);
      if (html) out += ch === "_" ? `<sub>${inner}</sub>` : `<sup>${inner}</sup>`;
      else out += ch + (arg.body.length > 1 && !/^\w+$/.test(inner) ? `(${inner})` : inner);
      i = arg.end;
    } else if (ch === "{" || ch === "}") {
      i++;
    } else if (/[A-Za-z]/.test(ch) && html) {
      // Each letter is a variable (italic); named functions come as control words (\log, \min).
      out += `<i>${ch}</i>`;
      i++;
    } else {
      // A hyphen in maths is a minus sign.
      out += html ? (ch === "-" ? "−" : escapeHtml(ch)) : ch;
      i++;
    }
  }
  return out;
}

/** Inline TeX (without the dollars) as HTML: italic letters, <sub>, <sup> and Unicode symbols. */
export function texToHtml(tex: string): string {
  return convertTex(tex, "html");
}

/** Inline TeX (without the dollars) as plain Unicode text: E_K, 10^14, ρ = (L+1)^2/L. */
export function texToText(tex: string): string {
  return convertTex(tex, "text");
}

/** Splits text into plain runs and $maths$ runs (a "$" escaped as "\$" stays text). */
function splitMaths(text: string): { maths: boolean; text: string }[] {
  const parts: { maths: boolean; text: string }[] = [];
  const pattern = /(?<!\\)\$([^$]+?)(?<!\\)\$/g;
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m.index > last) parts.push({ maths: false, text: text.slice(last, m.index) });
    parts.push({ maths: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ maths: false, text: text.slice(last) });
  return parts.map((p) => (p.maths ? p : { maths: false, text: p.text.replace(/\\\$/g, "$") }));
}

/** Inline Markdown (bold, italics, code, links, escaped "|") outside maths, as HTML. */
function inlineMarkdownToHtml(text: string): string {
  // Code spans first, so nothing inside them is read as emphasis.
  return escapeHtml(text)
    .split(/(`[^`]*`)/)
    .map((piece) => {
      if (piece.startsWith("`") && piece.endsWith("`") && piece.length >= 2) return `<code>${piece.slice(1, -1)}</code>`;
      return piece
        .replace(/\\\|/g, "|")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, "$1<em>$2</em>")
        .replace(/(^|[^_\w])_([^_\s][^_]*?)_(?![_\w])/g, "$1<em>$2</em>");
    })
    .join("");
}

/** One line of inline Markdown with $maths$, as HTML. */
export function inlineToHtml(text: string): string {
  return splitMaths(text)
    .map((part) => (part.maths ? texToHtml(part.text) : inlineMarkdownToHtml(part.text)))
    .join("");
}

/** One line of inline Markdown with $maths$, as plain text (markers dropped, maths in Unicode). */
export function inlineToText(text: string): string {
  return splitMaths(text)
    .map((part) =>
      part.maths
        ? texToText(part.text)
        : part.text
            .replace(/\\\|/g, "|")
            .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, "$1 ($2)")
            .replace(/\*\*([^*]+)\*\*/g, "$1")
            .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, "$1$2")
            .replace(/`([^`]*)`/g, "$1"),
    )
    .join("");
}

/** Blocks of a Markdown text: paragraphs and bullet lists ("- " or "* " items), split at blank lines. */
function blocks(markdown: string): { list: boolean; lines: string[] }[] {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.split("\n").filter((line) => line.trim() !== ""))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const list = lines.every((line, i) => /^\s*[-*] /.test(line) || (i > 0 && /^\s{2,}\S/.test(line)));
      if (!list) return { list, lines: [lines.join(" ")] };
      const items: string[] = [];
      for (const line of lines) {
        if (/^\s*[-*] /.test(line)) items.push(line.replace(/^\s*[-*] /, ""));
        else items[items.length - 1] += " " + line.trim();
      }
      return { list, lines: items };
    });
}

/** Markdown prose (paragraphs, bullet lists, inline Markdown and $maths$) as HTML. */
export function markdownToHtml(markdown: string): string {
  return blocks(markdown)
    .map((block) => {
      if (!block.list) {
        const heading = /^(#{1,6})\s+(.*)$/.exec(block.lines[0]);
        if (heading) return `<h${heading[1].length}>${inlineToHtml(heading[2])}</h${heading[1].length}>`;
        return `<p>${inlineToHtml(block.lines[0])}</p>`;
      }
      return `<ul>\n${block.lines.map((item) => `<li>${inlineToHtml(item)}</li>`).join("\n")}\n</ul>`;
    })
    .join("\n");
}

/** Markdown prose as plain text (one paragraph per block, "- " items). */
export function markdownToText(markdown: string): string {
  return blocks(markdown)
    .map((block) =>
      block.list ? block.lines.map((item) => `- ${inlineToText(item)}`).join("\n") : inlineToText(block.lines[0].replace(/^#{1,6}\s+/, "")),
    )
    .join("\n\n");
}
