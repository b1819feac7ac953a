#!/usr/bin/python3
"""The book opens offline from any folder, and a notebook's plots survive re-running cells.

Builds the book of notebook 00 (scripts/book.py) into a temporary folder, moves it
elsewhere, and checks that its page references nothing outside the book, and, in
Chromium when it is installed, that the page renders its maths with no KaTeX error
and draws every plot, with no failed request.

Then the plot carrier (issue 12, item 5): notebook 00 is run, its set-up cell and one
plot cell are run again on their own (as a reader re-running single cells after Run
All would), and the notebook as it would be saved is exported to HTML: in Chromium
every plot must draw from the set-up cell's plotly.js.

Run with Debian's Python: /usr/bin/python3 tests/notebooks/test_book.py (part of npm run test:sizes).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import book  # noqa: E402
import nbformat  # noqa: E402
import run_notebooks  # noqa: E402

CHROMIUM = os.environ.get("RLVR_CHROMIUM", "/usr/bin/chromium")

# Opens a page from a file:// URL and reports what rendered.
BROWSER_CHECK = r"""
const { chromium } = require(require.resolve("playwright-core", { paths: [process.argv[1]] }));
(async () => {
  const browser = await chromium.launch({ executablePath: process.argv[2], args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const failed = [];
    page.on("requestfailed", (request) => failed.push(request.url()));
    page.on("pageerror", (error) => failed.push(String(error)));
    await page.goto("file://" + process.argv[3], { waitUntil: "load" });
    if (process.argv[4] === "maths") {
      await page.waitForFunction(() => document.querySelectorAll(".katex").length > 0, null, { timeout: 20000 });
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll(".rlvr-plot")].every((p) => p.querySelector(".main-svg")),
      null, { timeout: 20000 });
    const report = await page.evaluate(() => ({
      katex: document.querySelectorAll(".katex").length,
      katexErrors: document.querySelectorAll(".katex-error").length,
      plots: document.querySelectorAll(".rlvr-plot").length,
      drawn: [...document.querySelectorAll(".rlvr-plot")].filter((p) => p.querySelector(".main-svg")).length,
      navigation: document.querySelectorAll("nav.rlvr-nav a").length,
    }));
    console.log(JSON.stringify({ ...report, failed }));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
"""


def open_in_chromium(page, what):
    output = subprocess.check_output(
        ["node", "-e", BROWSER_CHECK, str(ROOT), CHROMIUM, str(page), what], text=True, timeout=120
    )
    return json.loads(output.strip().splitlines()[-1])


class BookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory(prefix="book-test-")
        built = Path(cls.work.name) / "built"
        status = subprocess.call(
            [sys.executable, str(ROOT / "scripts" / "book.py"), "--out", str(built),
             str(ROOT / "notebooks" / "00-introduction.ipynb")],
            stdout=subprocess.DEVNULL,
        )
        cls.status = status
        # Somewhere else on the machine: nothing may point back at the build folder or the repository.
        cls.book = Path(cls.work.name) / "elsewhere" / "book"
        shutil.move(str(built), str(cls.book))
        cls.page = cls.book / "00-introduction.html"

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def test_the_book_builds_and_passes_its_own_checks(self):
        self.assertEqual(self.status, 0, "scripts/book.py failed on notebook 00")
        problems, _ = book.check_book(self.book, book.MAX_MB)
        self.assertEqual(problems, [])

    def test_what_keeps_the_book_under_15_mb(self):
        # Issue 21: the book was 31.6 MB, 19.2 MB of it the executed .ipynb copies each carrying
        # plotly.js, and every page carried nbconvert's 0.56 MB of stylesheets. With both stored once
        # the nine notebooks measured 12.4 MB in all: 5.9 MB of shared assets, 0.1 to 2 MB per notebook
        # (copy and page). scripts/book.py refuses a book over book.MAX_MB; here, on notebook 00 alone,
        # the parts that grow with every notebook: no plotly.js and no stylesheet in a page or a copy.
        self.assertEqual(book.MAX_MB, 15)
        assets = sum(f.stat().st_size for f in (self.book / book.ASSETS).rglob("*") if f.is_file())
        self.assertLess(assets, 6.5e6, f"the shared assets weigh {assets / 1e6:.2f} MB")
        page = self.page.read_text(encoding="utf-8")
        self.assertNotIn('<style type="text/css">', page, "nbconvert's stylesheets belong in the assets")
        weight = (self.book / "00-introduction.ipynb").stat().st_size + self.page.stat().st_size
        self.assertLess(weight, 0.5e6, f"notebook 00's executed copy and page weigh {weight / 1e6:.2f} MB")

    def test_the_executed_copy_loads_the_shared_plotly_instead_of_carrying_it(self):
        text = (self.book / "00-introduction.ipynb").read_text(encoding="utf-8")
        self.assertNotIn("rlvr-plotly-carrier", text)
        self.assertNotIn("var packed", text)
        self.assertIn(f'{book.ASSETS}/plotly.min.js', text)

    def test_the_page_references_no_absolute_path_and_ships_its_scripts(self):
        text = self.page.read_text(encoding="utf-8")
        self.assertIsNone(book.ABSOLUTE.search(text))
        self.assertNotIn("rlvr-plotly-carrier", text, "the packed plotly.js must give way to the shared file")
        for source in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text):
            self.assertTrue((self.book / source).is_file(), f"the page loads {source}, which the book lacks")

    def test_maths_and_plots_render_offline(self):
        if not Path(CHROMIUM).exists():
            self.skipTest(f"no Chromium at {CHROMIUM}")
        report = open_in_chromium(self.page, "maths")
        self.assertGreater(report["katex"], 20, report)
        self.assertEqual(report["katexErrors"], 0, report)
        self.assertGreater(report["plots"], 0, report)
        self.assertEqual(report["drawn"], report["plots"], report)
        self.assertGreaterEqual(report["navigation"], 2, report)
        self.assertEqual(report["failed"], [], report)


class CarrierTest(unittest.TestCase):
    def test_plots_draw_after_the_set_up_cell_and_a_plot_cell_are_run_again(self):
        if not Path(CHROMIUM).exists():
            self.skipTest(f"no Chromium at {CHROMIUM}")
        nb = nbformat.read(str(ROOT / "notebooks" / "00-introduction.ipynb"), as_version=4)
        code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        with run_notebooks.KernelSession(nb, ROOT / "notebooks", 300) as session:
            for index in code:
                self.assertIsNone(session.run_cell(index))
            plot_cells = [i for i in code if "showFigure(" in nb.cells[i].source]
            self.assertTrue(plot_cells, "notebook 00 has no plot")
            # Re-run the set-up cell (the carrier), then a plot cell, on their own.
            self.assertIsNone(session.run_cell(code[0]))
            self.assertIsNone(session.run_cell(plot_cells[-1]))
        from nbconvert import HTMLExporter

        with tempfile.TemporaryDirectory(prefix="carrier-test-") as folder:
            page = Path(folder) / "saved.html"
            body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": "saved"}})
            page.write_text(body, encoding="utf-8")
            report = open_in_chromium(page, "plots")
        self.assertGreater(report["plots"], 0, report)
        self.assertEqual(report["drawn"], report["plots"], report)


if __name__ == "__main__":
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    sys.exit(1 if result.failures or result.errors or result.testsRun == 0 else 0)
