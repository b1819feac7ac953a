#!/usr/bin/python3
"""Build the notebook book: a folder that opens offline on any machine.

    npm run book                                   (runs scripts/setup.sh first)
    /usr/bin/python3 scripts/book.py               (notebooks/ -> build/book/)
    /usr/bin/python3 scripts/book.py --out DIR notebooks/00-introduction.ipynb

Runs every notebook with scripts/run_notebooks.py (--output-dir OUT --html), so each
page is an executed copy, never the committed source. Then each HTML page is made
portable:

- maths: the page's MathJax (a Debian file path) is replaced by KaTeX, shipped in
  OUT/assets/katex (from the `katex` npm package), which renders $...$ and $$...$$;
- plots: the set-up cell's packed plotly.js (`loadPlotly()`) is replaced by one shared
  OUT/assets/plotly.min.js (the minified copy scripts/setup.sh made), in the HTML pages
  and in the executed .ipynb copies alike (a copy opened in Jupyter next to OUT/assets
  loads the same file), so plotly.js is stored once in the whole book;
- styles: nbconvert's stylesheets (half a megabyte, the same on every page) are moved
  out of each page into OUT/assets/style-<hash>.css, stored once;
- no other script from a system path (require.js is not needed by the plots);
- links to another notebook (`NN-name.ipynb`) point at its page, and every page gets
  previous / index / next links at its top and bottom; OUT/index.html lists the pages.

The book is then checked: no page may reference an absolute path (file://, /usr/...,
the repository's own path), and the folder must stay under --max-mb (default 15: the
shared assets weigh about 6 MB, the nine notebooks with their pages 0.1 to 2 MB each).

Exit status: 1 if a notebook failed or a check did not pass; the index lists the pages written.
"""

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from run_notebooks import PLOTLY_CARRIER_CLASS

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "run_notebooks.py"
ASSETS = "assets"
# The largest book (MB): nine notebooks measured 12.4 MB in all (issue 21; 31.6 MB before plotly.js
# and nbconvert's stylesheets were stored once).
MAX_MB = 15
# The set-up cell's <script> (its class is PLOTLY_CARRIER_CLASS in lib/src/plot/html.ts).
PLOTLY_CARRIER = re.compile(
    rf'<script type="text/javascript" class="{re.escape(PLOTLY_CARRIER_CLASS)}">.*?getElementById\("([\w-]+)"\).*?</script>', re.S
)
SYSTEM_SCRIPT = re.compile(r'<script[^>]*\ssrc="file://[^"]*"[^>]*>\s*</script>\s*')
MATHJAX_CONFIG = re.compile(r'<!-- MathJax configuration -->.*?<!-- End of mathjax configuration -->', re.S)
KATEX_HEAD = f"""<link rel="stylesheet" href="{ASSETS}/katex/katex.min.css">
<script defer src="{ASSETS}/katex/katex.min.js"></script>
<script defer src="{ASSETS}/katex/contrib/auto-render.min.js"></script>
<script>
document.addEventListener("DOMContentLoaded", function () {{
  renderMathInElement(document.body, {{
    delimiters: [
      {{ left: "$$", right: "$$", display: true }},
      {{ left: "$", right: "$", display: false }},
      {{ left: "\\\\(", right: "\\\\)", display: false }},
      {{ left: "\\\\[", right: "\\\\]", display: true }}
    ],
    throwOnError: false
  }});
}});
</script>
<style>.rlvr-nav{{font-family:sans-serif;margin:0.8em 2em;padding:0.4em 0;border-bottom:1px solid #ddd}}
.rlvr-nav.bottom{{border-top:1px solid #ddd;border-bottom:none}}.rlvr-nav a{{margin-right:1.5em}}</style>
"""
# Anything that would tie a page to this machine.
ABSOLUTE = re.compile(r'file://|(?:src|href)="/|/usr/share/|' + re.escape(str(ROOT)))


def notebook_title(path):
    """The text of the first Markdown heading of a notebook, or its file name."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return path.stem
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            match = re.match(r"^#{1,6}\s+(.*\S)", line)
            if match:
                return match.group(1).replace("`", "")
    return path.stem


def node_print(expression):
    """The value of a Node expression, evaluated at the repository root (the lib is built by setup)."""
    return subprocess.check_output(["node", "-p", expression], cwd=ROOT, text=True).strip()


def copy_assets(out):
    """Copy the shared plotly.js and KaTeX (with their licences) into OUT/assets."""
    assets = out / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    plotly = Path(node_print('require("rlvr-backtracking/plot").minifiedPlotlyPath()'))
    if not plotly.exists():
        raise SystemExit(f"book: {plotly} is missing: run npm run setup (it minifies plotly.js)")
    shutil.copyfile(plotly, assets / "plotly.min.js")
    shutil.copyfile(Path(node_print('require.resolve("plotly.js-dist/package.json")')).parent / "LICENSE",
                    assets / "plotly.LICENSE")
    katex = Path(node_print('require.resolve("katex/package.json")')).parent
    target = assets / "katex"
    if target.exists():
        shutil.rmtree(target)
    (target / "contrib").mkdir(parents=True)
    (target / "fonts").mkdir()
    for name in ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"]:
        shutil.copyfile(katex / "dist" / name, target / name)
    # Every browser that runs KaTeX reads woff2; the css lists the other formats as fall-backs only.
    for font in (katex / "dist" / "fonts").glob("*.woff2"):
        shutil.copyfile(font, target / "fonts" / font.name)
    shutil.copyfile(katex / "LICENSE", target / "LICENSE")


def navigation(pages, i, where):
    """Previous / index / next links for page i of `pages` [(rel, title)]."""
    links = []
    if i > 0:
        rel, title = pages[i - 1]
        links.append(f'<a href="{html.escape(rel.with_suffix(".html").name)}">&larr; {html.escape(title)}</a>')
    links.append('<a href="index.html">Index</a>')
    if i + 1 < len(pages):
        rel, title = pages[i + 1]
        links.append(f'<a href="{html.escape(rel.with_suffix(".html").name)}">{html.escape(title)} &rarr;</a>')
    return f'<nav class="rlvr-nav {where}">{" ".join(links)}</nav>'


def make_portable(text, names, top, bottom):
    """One nbconvert page made portable: KaTeX for MathJax, the shared plotly.js, links and navigation."""
    text = SYSTEM_SCRIPT.sub("", text)
    text = MATHJAX_CONFIG.sub("", text)
    text = text.replace("<!-- Load mathjax -->", "")
    text = text.replace("</head>", KATEX_HEAD + "</head>", 1)

    def carrier(match):
        status = match.group(1)
        return (
            f'<script type="text/javascript" src="{ASSETS}/plotly.min.js"></script>\n'
            '<script type="text/javascript">(function () {\n'
            f'  var status = document.getElementById("{status}");\n'
            '  if (status) status.textContent = window.Plotly\n'
            f'    ? "plotly.js " + window.Plotly.version + " ({ASSETS}/plotly.min.js) is loaded for the plots below."\n'
            f'    : "plotly.js did not load: {ASSETS}/plotly.min.js is missing next to this page.";\n'
            "})();</script>"
        )

    text = PLOTLY_CARRIER.sub(carrier, text)

    def link(match):
        name, anchor = match.group(2), match.group(3) or ""
        return f"{match.group(1)}{name}.html{anchor}" if name in names else match.group(0)

    text = re.sub(r'(href=")(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?(?=")', link, text)
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + top, text, count=1)
    return text.replace("</body>", bottom + "\n</body>", 1)


def shared_plotly_loader(status):
    """A script for a notebook output that loads OUT/assets/plotly.min.js (relative to the notebook) once."""
    return (
        '<script type="text/javascript">(function () {\n'
        f'  var status = document.getElementById("{status}");\n'
        "  function say(text) { if (status) status.textContent = text; }\n"
        '  function loaded() { say("plotly.js " + window.Plotly.version + " is loaded for the plots below."); }\n'
        '  if (typeof window.Plotly !== "undefined") { loaded(); return; }\n'
        '  var script = document.createElement("script");\n'
        f'  script.src = "{ASSETS}/plotly.min.js";\n'
        "  script.onload = loaded;\n"
        f'  script.onerror = function () {{ say("plotly.js did not load: {ASSETS}/plotly.min.js is missing next to this notebook."); }};\n'
        "  document.head.appendChild(script);\n"
        "})();</script>"
    )


def share_plotly_in_notebook(path):
    """An executed notebook copy whose set-up cell loads the shared plotly.js instead of carrying it packed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" not in data:
                continue
            text = data["text/html"]
            text = "".join(text) if isinstance(text, list) else text
            shared = PLOTLY_CARRIER.sub(lambda match: shared_plotly_loader(match.group(1)), text)
            if shared != text:
                data["text/html"] = shared
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


HEAD_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)


def share_styles(text, out):
    """A page whose <head> stylesheets are moved into OUT/assets/style-<hash>.css (written once per content)."""
    head_end = text.find("</head>")
    if head_end < 0:
        return text

    def shared(match):
        css = match.group(1)
        name = f"style-{hashlib.sha1(css.encode('utf-8')).hexdigest()[:12]}.css"
        target = out / ASSETS / name
        if not target.exists():
            target.write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" href="{ASSETS}/{name}">'

    return HEAD_STYLE.sub(shared, text[:head_end]) + text[head_end:]


def check_book(out, max_mb):
    """Problems that keep the book from opening elsewhere: absolute paths, missing assets, size."""
    problems = []
    for page in sorted(out.glob("*.html")):
        for match in ABSOLUTE.finditer(page.read_text(encoding="utf-8")):
            problems.append(f"{page.name}: absolute path {match.group(0)!r}")
            break
    for asset in ["plotly.min.js", "katex/katex.min.js", "katex/contrib/auto-render.min.js"]:
        if not (out / ASSETS / asset).exists():
            problems.append(f"missing {ASSETS}/{asset}")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    if size > max_mb * 1e6:
        problems.append(f"the book weighs {size / 1e6:.1f} MB, more than {max_mb} MB")
    return problems, size


def write_index(out, pages):
    items = "\n".join(
        f'  <li><a href="{html.escape(rel.with_suffix(".html").as_posix())}">{html.escape(title)}</a>'
        f' <span class="file">{html.escape(rel.stem)}</span></li>'
        for rel, title in pages
    )
    out.joinpath("index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>rlvr-backtracking: the notebooks</title>\n"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
        ".file{color:#777;font-size:0.85em;margin-left:0.5em}</style>\n</head>\n<body>\n"
        "<h1>Learning to backtrack: RLVR vs SFT, the notebooks</h1>\n"
        "<p>Executed notebooks of the companion to Stanley Wei and Juno Kim, &ldquo;Provable Benefits of RLVR over "
        "SFT for Reasoning Models: Learning to Backtrack Efficiently&rdquo;, ICML 2026, "
        "<a href=\"https://arxiv.org/abs/2606.22938\">arXiv:2606.22938</a>.</p>\n"
        f"<ol>\n{items}\n</ol>\n</body>\n</html>\n",
        encoding="utf-8",
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "book", help="output folder (default build/book)")
    ap.add_argument("--timeout", type=int, default=300, help="per-cell timeout in seconds")
    ap.add_argument("--max-mb", type=float, default=MAX_MB, help=f"largest book in MB (default {MAX_MB})")
    args = ap.parse_args(argv)
    paths = args.paths or [str(ROOT / "notebooks")]
    out = args.out.resolve()
    notebooks_dir = (ROOT / "notebooks").resolve()
    if out == notebooks_dir or notebooks_dir in out.parents:
        ap.error(f"--out must be outside {notebooks_dir}: the book holds executed copies, never sources")
    out.mkdir(parents=True, exist_ok=True)

    status = subprocess.call(
        [sys.executable, str(RUNNER), *paths, "--output-dir", str(out), "--html", "--timeout", str(args.timeout)]
    )

    # Pages of this run (stale pages of earlier runs in OUT are not listed), in the runner's order.
    sys.path.insert(0, str(RUNNER.parent))
    from run_notebooks import collect

    pages = [(rel, notebook_title(source)) for source, rel in collect(paths) if (out / rel).with_suffix(".html").exists()]
    names = {rel.stem for rel, _ in pages}
    copy_assets(out)
    for i, (rel, _) in enumerate(pages):
        page = out / rel.with_suffix(".html")
        text = page.read_text(encoding="utf-8")
        top, bottom = navigation(pages, i, "top"), navigation(pages, i, "bottom")
        page.write_text(share_styles(make_portable(text, names, top, bottom), out), encoding="utf-8")
        executed = out / rel
        if executed.exists():
            share_plotly_in_notebook(executed)
    write_index(out, pages)
    problems, size = check_book(out, args.max_mb)
    for problem in problems:
        print(f"book: {problem}", file=sys.stderr)
    print(f"book: {len(pages)} pages and index.html in {out}, {size / 1e6:.1f} MB in all")
    return status or (1 if problems else 0)


if __name__ == "__main__":
    sys.exit(main())
