#!/usr/bin/python3
"""Every notebook runs again after a reader changes the sizes in its first code cell.

Issue 4 promises that changing W, K, L at the top of a notebook and re-running it
works, or fails with a clear message. This test makes that promise checkable: it
rewrites the sizes line of each notebook, runs the copy in a fresh tslab kernel with
the notebook runner, and expects it to pass; and it gives one notebook an invalid
size and expects the library's message naming the parameter.

Run with Debian's Python after `npm run setup`: /usr/bin/python3 tests/notebooks/test_sizes.py
(`npm run test:sizes`). About a minute: one kernel per notebook.
"""

import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import nbformat  # noqa: E402
import run_notebooks  # noqa: E402

# The sizes line of each notebook as committed, and what a reader might change it to:
# other values for every parameter, small enough to keep each run to seconds.
EDITS = {
    "00-introduction": ("const W = 15, K = 15, L = 5;", "const W = 7, K = 9, L = 3;"),
    "01-graph-and-base-model": ("const W = 15, K = 15, L = 5;", "const W = 6, K = 8, L = 2;"),
    "02-theorem-2-sft": ("const W = 15, K = 15, L = 5;", "const W = 5, K = 12, L = 3;"),
    "03-theorem-3-rlvr": ("const W = 15, K = 15, L = 5;", "const W = 8, K = 20, L = 4;"),
    "04-theorem-4-exponential-gap": ("const W = 15, K = 15, L = 5;", "const W = 9, K = 12, L = 7;"),
    "05-corollary-1-search": ("const W = 5, K = 5, L = 4;", "const W = 4, K = 6, L = 3;"),
    "06-difficult-decisions-and-compute": ("const S = 3, W = 4, K = 4, L = 3;", "const S = 2, W = 3, K = 5, L = 2;"),
    "A1-appendix-distillation": ("const W = 15, K = 15, L = 5;", "const W = 10, K = 12, L = 3;"),
    "A2-appendix-neural-policy": ("const W = 3, K = 3, L = 2;", "const W = 4, K = 2, L = 3;"),
}

# Copies run from a folder inside the repository, so that `rlvr-backtracking` resolves;
# build/ is ignored by git and by the runner's folder search.
(ROOT / "build").mkdir(exist_ok=True)
WORK = tempfile.TemporaryDirectory(prefix="sizes-", dir=ROOT / "build")


def edited_copy(name, old, new):
    """The notebook with its sizes line replaced, written to the work folder."""
    nb = nbformat.read(str(ROOT / "notebooks" / f"{name}.ipynb"), as_version=4)
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    if old not in first_code.source:
        raise AssertionError(f"{name}: the first code cell no longer contains {old!r}; update EDITS in {__file__}")
    first_code.source = first_code.source.replace(old, new)
    path = Path(WORK.name) / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


class SizesTest(unittest.TestCase):
    def test_every_notebook_runs_with_other_sizes(self):
        self.assertEqual(sorted(EDITS), sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
        for name, (old, new) in EDITS.items():
            with self.subTest(notebook=name, sizes=new):
                _, failure = run_notebooks.run_notebook(edited_copy(name, old, new), timeout=300)
                self.assertIsNone(failure, failure and failure.report())

    def test_an_invalid_size_fails_with_the_parameter_and_its_range(self):
        old, _ = EDITS["00-introduction"]
        path = edited_copy("00-introduction", old, "const W = 0, K = 15, L = 5;")
        _, failure = run_notebooks.run_notebook(path, timeout=300)
        self.assertIsNotNone(failure)
        self.assertIn("W must be an integer from 1 to", failure.stderr)


if __name__ == "__main__":
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed, {len(result.skipped)} skipped")
    WORK.cleanup()
    sys.exit(1 if failed or result.testsRun == 0 else 0)
