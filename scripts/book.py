#!/usr/bin/python3
"""Build the notebook book: executed copies, HTML pages and an index, outside notebooks/.

    npm run book                                   (runs scripts/setup.sh first)
    /usr/bin/python3 scripts/book.py               (notebooks/ -> build/book/)
    /usr/bin/python3 scripts/book.py --out DIR notebooks/00-introduction.ipynb

Runs every notebook with scripts/run_notebooks.py (--output-dir OUT --html), so each
page is an executed copy, never the committed source. Then, in each HTML page, links to
another notebook (`href="01-....ipynb"`) are pointed at its HTML page, and OUT/index.html
lists every page with the title of its notebook (its first Markdown heading).

The pages render offline: plotly.js is inlined into each page by the library's
`showFigure`. Debian's nbconvert template also loads require.js and MathJax from
file:///usr/share/javascript; the plots need neither (the notebooks use no LaTeX).

Exit status: the runner's (1 if any notebook failed); the index lists the pages written.
"""

import argparse
import html
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "run_notebooks.py"


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


def link_pages(page, names):
    """Point links to notebooks of the book (NAME.ipynb, NAME.ipynb#anchor) at their pages (NAME.html)."""
    text = page.read_text(encoding="utf-8")

    def replace(match):
        name, anchor = match.group(2), match.group(3) or ""
        return f"{match.group(1)}{name}.html{anchor}" if name in names else match.group(0)

    linked = re.sub(r'(href=")(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?(?=")', replace, text)
    if linked != text:
        page.write_text(linked, encoding="utf-8")


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
    for rel, _ in pages:
        link_pages(out / rel.with_suffix(".html"), names)
    write_index(out, pages)
    print(f"book: {len(pages)} pages and index.html in {out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
