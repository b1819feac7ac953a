#!/usr/bin/python3
"""Committed notebooks are clean sources in the template's shape (notebooks/TEMPLATE.md).

- Every notebooks/*.ipynb and assignments/source/*.ipynb has no outputs and no
  execution counts: executed copies are build products (`npm run book`).
- Every notebook's first code cell loads plotly.js (`loadPlotly()`) and no other cell
  does, so that re-running any later cell never moves the plot carrier.
- Titles are numbered as the file ("# 2. ...", "# A1. ..."), code lines are at most
  100 characters (the HTML book clips longer ones), and the last cell links to the
  previous and next notebooks, which exist.

Run with Debian's Python: /usr/bin/python3 tests/notebooks/test_clean.py (part of npm run test:sizes).
"""

import json
import re
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ASSIGNMENTS = sorted((ROOT / "assignments" / "source").glob("*.ipynb"))
MAX_LINE = 100


def cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = cell.get("source", "")
        yield cell, "".join(source) if isinstance(source, list) else source


def number_of(path):
    """ "00-introduction" -> "0", "04-theorem-4-..." -> "4", "A1-appendix-..." -> "A1"."""
    prefix = path.stem.split("-")[0]
    return str(int(prefix)) if prefix.isdigit() else prefix


class CleanTest(unittest.TestCase):
    def test_committed_notebooks_have_no_outputs_and_no_execution_counts(self):
        self.assertTrue(NOTEBOOKS, "no notebooks found")
        for path in NOTEBOOKS + ASSIGNMENTS:
            for index, (cell, _) in enumerate(cells(path)):
                if cell["cell_type"] != "code":
                    continue
                with self.subTest(notebook=path.name, cell=index):
                    self.assertEqual(cell.get("outputs", []), [], "outputs committed: clear them before committing")
                    self.assertIsNone(cell.get("execution_count"), "execution count committed: clear outputs")

    def test_the_first_code_cell_and_only_it_loads_plotly(self):
        for path in NOTEBOOKS:
            code = [source for cell, source in cells(path) if cell["cell_type"] == "code"]
            with self.subTest(notebook=path.name):
                self.assertRegex(code[0], r"(?m)^loadPlotly\(\);", "the first code cell must call loadPlotly()")
                later = [i for i, source in enumerate(code[1:], 1) if "loadPlotly(" in source]
                self.assertEqual(later, [], "only the first code cell may call loadPlotly()")

    def test_titles_are_numbered_as_the_file(self):
        for path in NOTEBOOKS:
            first = next(source for cell, source in cells(path) if cell["cell_type"] == "markdown")
            with self.subTest(notebook=path.name):
                self.assertTrue(
                    first.startswith(f"# {number_of(path)}. "),
                    f"the title must read '# {number_of(path)}. Title', got {first.splitlines()[0]!r}",
                )

    def test_code_lines_are_at_most_100_characters(self):
        for path in NOTEBOOKS:
            for index, (cell, source) in enumerate(cells(path)):
                if cell["cell_type"] != "code":
                    continue
                for number, line in enumerate(source.splitlines(), 1):
                    with self.subTest(notebook=path.name, cell=index, line=number):
                        self.assertLessEqual(len(line), MAX_LINE, line)

    def test_the_last_cell_links_to_the_previous_and_next_notebooks(self):
        names = [p.name for p in NOTEBOOKS]
        for i, path in enumerate(NOTEBOOKS):
            last = list(cells(path))[-1][1]
            links = set(re.findall(r"\]\(([\w.-]+\.ipynb)\)", last))
            with self.subTest(notebook=path.name):
                for neighbour in names[max(i - 1, 0): i] + names[i + 1: i + 2]:
                    self.assertIn(neighbour, links, f"the last cell must link to {neighbour}")
                for link in links:
                    self.assertIn(link, names, f"a link to a notebook that does not exist: {link}")


if __name__ == "__main__":
    program = unittest.main(verbosity=1, exit=False)
    result = program.result
    sys.exit(1 if result.failures or result.errors or result.testsRun == 0 else 0)
