#!/usr/bin/python3
"""Tests of the classroom kit (scripts/classroom/classroom.py): release and grade.

Run with Debian's Python after `npm run setup`:  /usr/bin/python3 tests/classroom/test_classroom.py
(`npm run test:classroom`). Each graded notebook starts a tslab kernel (about 3 s),
so the whole file takes about two minutes; the solutions and the release are
graded in two processes at once.
"""

import json
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "classroom"))

import classroom  # noqa: E402
import nbformat  # noqa: E402

SOURCES = classroom.source_notebooks(classroom.SOURCE_DIR)
TMP = tempfile.TemporaryDirectory(prefix="classroom-test-")
RELEASE = Path(TMP.name) / "release"


BOOKS = {}  # "source" / "release" -> {notebook file name: gradebook entry}


def setUpModule():
    assert classroom.release(classroom.SOURCE_DIR, RELEASE) == 0
    # Grade the solutions and the release in two processes at once (the machines have 2 cores).
    runs = {
        kind: subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "classroom" / "classroom.py"), "grade", "--json"]
            + [str(folder / p.name) for p in SOURCES],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for kind, folder in (("source", classroom.SOURCE_DIR), ("release", RELEASE))
    }
    for kind, run in runs.items():
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, f"grading the {kind} notebooks failed: {err}"
        BOOKS[kind] = {Path(e["notebook"]).name: e for e in json.loads(out)["submissions"]}


def tearDownModule():
    TMP.cleanup()


def secret_lines(source_nb):
    """Lines of solutions and hidden tests that appear nowhere else in the source notebook."""
    secret, public = set(), set()
    for cell in source_nb.cells:
        inside = set()
        for begin, end in ((classroom.BEGIN_SOLUTION, classroom.END_SOLUTION), (classroom.BEGIN_HIDDEN, classroom.END_HIDDEN)):
            for region in classroom.regions(cell.source, begin, end):
                inside.update(line.strip() for line in region)
        stripped = classroom.replace_regions(cell.source, classroom.BEGIN_SOLUTION, classroom.END_SOLUTION, [], "")
        stripped = classroom.replace_regions(stripped, classroom.BEGIN_HIDDEN, classroom.END_HIDDEN, [], "")
        public.update(line.strip() for line in stripped.split("\n"))
        secret |= inside
    # Short lines (braces, `return x;`) say nothing about a solution.
    return {line for line in secret - public if len(line) >= 16}


def grade(path, timeout=60):
    entry = classroom.grade_one(Path(path), classroom.SOURCE_DIR, timeout)
    return entry, {c["grade_id"]: c for c in entry["checks"]}


def graded(kind, path):
    entry = BOOKS[kind][path.name]
    return entry, {c["grade_id"]: c for c in entry["checks"]}


class ReleaseTest(unittest.TestCase):
    def test_there_are_at_least_four_assignments_for_the_tslab_kernel(self):
        self.assertGreaterEqual(len(SOURCES), 4)
        for path in SOURCES:
            nb = nbformat.read(str(path), as_version=4)
            self.assertEqual(nb.metadata.kernelspec.name, "tslab", path.name)

    def test_the_release_keeps_no_text_of_solutions_or_hidden_tests(self):
        for path in SOURCES:
            source = nbformat.read(str(path), as_version=4)
            released = (RELEASE / path.name).read_text(encoding="utf-8")
            secrets = secret_lines(source)
            self.assertTrue(secrets, f"{path.name} should have solution lines to hide")
            for line in secrets:
                self.assertNotIn(line, released, f"{path.name}: released text contains {line!r}")
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
                self.assertNotIn(marker, released, path.name)

    def test_the_release_stubs_solutions_clears_outputs_and_keeps_the_points(self):
        for path in SOURCES:
            source = nbformat.read(str(path), as_version=4)
            released = nbformat.read(str(RELEASE / path.name), as_version=4)
            self.assertEqual(len(source.cells), len(released.cells))
            self.assertEqual(released.metadata.classroom.assignment, path.stem)
            for before, after in zip(source.cells, released.cells):
                self.assertEqual(classroom.nbgrader_meta(before), classroom.nbgrader_meta(after))
                if after.cell_type == "code":
                    self.assertEqual(after.outputs, [])
                    self.assertIsNone(after.execution_count)
                if classroom.BEGIN_SOLUTION in before.source:
                    self.assertIn('throw new Error("not implemented");', after.source)

    def test_unbalanced_markers_are_reported_not_released(self):
        nb = nbformat.read(str(SOURCES[0]), as_version=4)
        cell = next(c for c in nb.cells if classroom.BEGIN_SOLUTION in c.source)
        cell.source = cell.source.replace(classroom.END_SOLUTION, "")
        with self.assertRaisesRegex(classroom.AssignmentError, "without"):
            classroom.release_notebook(nb, "broken")


class GradeTest(unittest.TestCase):
    def test_every_solution_notebook_scores_full_marks(self):
        for path in SOURCES:
            entry, checks = graded("source", path)
            self.assertTrue(entry["graded"], path.name)
            self.assertGreater(entry["max_score"], 0)
            failed = {g: c["reason"] + " " + c["message"] for g, c in checks.items() if c["status"] != "passed"}
            self.assertEqual(failed, {}, path.name)
            self.assertEqual(entry["score"], entry["max_score"], path.name)
            self.assertEqual(entry["notes"], [], path.name)

    def test_every_released_notebook_scores_zero_and_type_checks(self):
        for path in SOURCES:
            entry, checks = graded("release", path)
            self.assertTrue(entry["graded"], path.name)
            self.assertEqual(entry["score"], 0, path.name)
            for gid, check in checks.items():
                self.assertEqual(check["status"], "failed", f"{path.name} {gid}")
                # The stub's error, not a type error: the release compiles under tslab's TypeScript.
                self.assertIn("not implemented", check["message"], f"{path.name} {gid}")


def submission(path, replace):
    """A copy of the first assignment's release with solution cells replaced by grade_id."""
    nb = nbformat.read(str(RELEASE / SOURCES[0].name), as_version=4)
    for cell in nb.cells:
        gid = classroom.nbgrader_meta(cell).get("grade_id")
        if gid in replace:
            cell.source = replace[gid]
    nbformat.write(nb, str(path))
    return path


EXIT_TIME_OK = """
function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {
  const { N, pf, pb, pbc } = branchProbabilities(policy);
  let back = 1, exit = 1;
  for (let n = N - 1; n >= 1; n--) { const c = (1 + pbc[n] * back) / pb[n]; back = 1 + pf[n] * (back + c); exit += c; }
  return exit;
}"""
GROWTH_OK = "function sftGrowthFactor(L: number): number { return (L + 1) ** 2 / L; }"


class BadSubmissionTest(unittest.TestCase):
    def setUp(self):
        assert SOURCES[0].stem == "01-first-step-analysis", "these tests are written for assignment 01"
        self.dir = Path(TMP.name) / "submitted"
        self.dir.mkdir(exist_ok=True)

    def test_an_infinite_loop_times_out_scores_zero_and_grading_goes_on(self):
        path = submission(
            self.dir / "01-first-step-analysis.ipynb",
            {"exit-time": "function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {\n  while (true) {}\n}", "growth-factor": GROWTH_OK},
        )
        t0 = time.monotonic()
        entry, checks = grade(path, timeout=4)
        self.assertLess(time.monotonic() - t0, 60)
        self.assertEqual(checks["check-exit-time"]["points"], 0)
        self.assertIn("timed out", checks["check-exit-time"]["reason"])
        # After the timeout a fresh kernel re-runs the set-up and the student's cells.
        self.assertEqual(checks["check-growth-factor"]["status"], "passed")
        self.assertEqual(entry["score"], 2)

    def test_a_thrown_error_scores_zero_for_its_check_only(self):
        path = submission(
            self.dir / "thrown.ipynb",
            {"exit-time": EXIT_TIME_OK, "growth-factor": 'function sftGrowthFactor(L: number): number { throw new RangeError("oops, L = " + L); }'},
        )
        entry, checks = grade(path)
        self.assertEqual(entry["assignment"], "01-first-step-analysis")  # found by metadata, not file name
        self.assertEqual(checks["check-exit-time"]["points"], 3)
        self.assertEqual(checks["check-growth-factor"]["points"], 0)
        self.assertIn("oops", checks["check-growth-factor"]["message"])
        self.assertEqual(entry["score"], 3)

    def test_a_tampered_check_is_restored_from_the_source(self):
        nb = nbformat.read(str(RELEASE / SOURCES[0].name), as_version=4)
        for cell in nb.cells:
            if classroom.is_check(cell):
                cell.source = "// all good"
                cell.metadata.nbgrader["points"] = 100
        path = self.dir / "tampered.ipynb"
        nbformat.write(nb, str(path))
        entry, _ = grade(path)
        self.assertEqual(entry["score"], 0)
        self.assertEqual(entry["max_score"], 5)

    def test_a_corrupted_file_gets_a_clear_report_and_no_crash(self):
        good = (RELEASE / SOURCES[0].name).read_text(encoding="utf-8")
        corrupted = self.dir / "01-first-step-analysis-corrupted.ipynb"
        corrupted.write_text(good[: len(good) // 2], encoding="utf-8")
        other = self.dir / "01-first-step-analysis.ipynb"
        submission(other, {"exit-time": EXIT_TIME_OK, "growth-factor": GROWTH_OK})
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "classroom" / "classroom.py"), "grade", str(corrupted), str(other), "--json"],
            capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        book = json.loads(result.stdout)["submissions"]
        self.assertFalse(book[0]["graded"])
        self.assertEqual(book[0]["score"], 0)
        self.assertIn("not a valid notebook", " ".join(book[0]["notes"]))
        # The next submission is graded as usual.
        self.assertTrue(book[1]["graded"])
        self.assertEqual(book[1]["score"], book[1]["max_score"])


if __name__ == "__main__":
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    # The plain closing line every test command of this project ends with.
    print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed, {len(result.skipped)} skipped")
    sys.exit(1 if failed or result.testsRun == 0 else 0)
