#!/usr/bin/python3
"""The book opens offline from any folder: no absolute paths, KaTeX and plotly.js shipped.

Builds the book of notebook 00 (scripts/book.py) into a temporary folder, moves it
elsewhere, and checks that its page references nothing outside the book, and, in
Chromium when it is installed, that the page renders its maths with no KaTeX error
and draws every plot, with no failed request.

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
    await page.waitForFunction(() => document.querySelectorAll(".katex").length > 0, null, { timeout: 20000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll(".rlvr-plot")].every((p) => p.querySelector(".main-svg")),
      null, { timeout: 20000 });
    const report = await page.evaluate(() => ({
      katex: document.querySelectorAll(".katex").length,
      katexErrors: document.querySelectorAll(".katex-error").length,
      plots: document.querySelectorAll(".rlvr-plot").length,
      drawn: document.querySelectorAll(".rlvr-plot .main-svg").length > 0,
      navigation: document.querySelectorAll("nav.rlvr-nav a").length,
    }));
    console.log(JSON.stringify({ ...report, failed }));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
"""


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
        problems, size = book.check_book(self.book, 50)
        self.assertEqual(problems, [])
        self.assertLess(size, 12e6, f"one page and the assets weigh {size / 1e6:.1f} MB")

    def test_the_page_references_no_absolute_path_and_ships_its_scripts(self):
        text = self.page.read_text(encoding="utf-8")
        self.assertIsNone(book.ABSOLUTE.search(text))
        self.assertNotIn("rlvr-plotly-carrier", text, "the packed plotly.js must give way to the shared file")
        for source in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text):
            self.assertTrue((self.book / source).is_file(), f"the page loads {source}, which the book lacks")

    def test_maths_and_plots_render_offline(self):
        if not Path(CHROMIUM).exists():
            self.skipTest(f"no Chromium at {CHROMIUM}")
        output = subprocess.check_output(
            ["node", "-e", BROWSER_CHECK, str(ROOT), CHROMIUM, str(self.page)], text=True, timeout=120
        )
        report = json.loads(output.strip().splitlines()[-1])
        self.assertGreater(report["katex"], 20, report)
        self.assertEqual(report["katexErrors"], 0, report)
        self.assertGreater(report["plots"], 0, report)
        self.assertTrue(report["drawn"], report)
        self.assertGreaterEqual(report["navigation"], 2, report)
        self.assertEqual(report["failed"], [], report)


if __name__ == "__main__":
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    sys.exit(1 if result.failures or result.errors or result.testsRun == 0 else 0)
