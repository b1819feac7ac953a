#!/usr/bin/python3
"""Tests of the classroom kit (scripts/classroom): release, student package, grading.

Run with Debian's Python after `npm run setup`:  /usr/bin/python3 tests/classroom/test_classroom.py
(`npm run test:classroom`). Every graded notebook starts a tslab kernel, so setUpModule
starts two grader runs at once and the tests read their gradebooks: the main run
(--jobs 2: the solutions, the releases, and the hostile and the honest-but-different
submissions, with a deadline and hand-graded points) and a run with a short --timeout
and a small --memory. Three tests start processes of their own: the student package
installed and validated outside the repository, a grader killed by SIGKILL, and
--timeout 0. About 2 to 3.5 minutes on 2 busy cores.
"""

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TOOL = ROOT / "scripts" / "classroom" / "classroom.py"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "scripts" / "classroom"))

import nbformat  # noqa: E402
from assignment import (  # noqa: E402
    CODE_MARKERS, HIDDEN_MARKERS, MARKDOWN_MARKERS, AssignmentError, grade_id, notebooks_in, regions,
    release_notebook, replace_regions,
)

SOURCE = ROOT / "assignments" / "source"
SOURCES = notebooks_in(SOURCE)
TMP = Path(tempfile.mkdtemp(prefix="classroom-test-"))
RELEASE = TMP / "release"
STUDENT = TMP / "student-package"
SUBMITTED = TMP / "submitted"
A1, A2, A3, A4, A5 = (p.stem for p in SOURCES[:5])

RUNS = {}  # name -> Popen
BOOKS = {}  # name -> {(student, file name): entry}


# --- building submissions ----------------------------------------------------------


def source_cell(name, gid):
    nb = nbformat.read(str(SOURCE / f"{name}.ipynb"), as_version=4)
    return next(c.source for c in nb.cells if grade_id(c) == gid)


def submit(student, name, replace=None, after=None, drop=(), file_name=None, edit=None, folder=None):
    """<folder or SUBMITTED>/<student>/<file>: the release of `name` with answer cells replaced (by grade_id),
    extra code cells after given cells, and cells dropped."""
    nb = nbformat.read(str(RELEASE / f"{name}.ipynb"), as_version=4)
    cells = []
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid in drop:
            continue
        if gid in (replace or {}):
            cell.source = replace[gid]
        cells.append(cell)
        for extra in (after or {}).get(gid, []):
            cells.append(nbformat.v4.new_code_cell(extra))
    nb.cells = cells
    if edit:
        edit(nb)
    path = (folder or SUBMITTED) / student / (file_name or f"{name}.ipynb")
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def solved(name):
    """The answer cells of the teacher's solution, by grade_id."""
    nb = nbformat.read(str(SOURCE / f"{name}.ipynb"), as_version=4)
    return {grade_id(c): c.source for c in nb.cells if c.cell_type == "code" and (c.metadata.get("nbgrader") or {}).get("solution")}


WRONG_EXIT = "function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number { return 42; }"
WRONG_GROWTH = "function sftGrowthFactor(L: number): number { return 1; }"

DENSE_EXIT = """
/** The exit time by a dense linear solve (Gaussian elimination with partial pivoting). */
function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {
  const { N, pf, pfc, pb, pbc } = branchProbabilities(policy);
  const F = (n: number) => n - 1, B = (n: number) => N + n - 1, M = 2 * N - 1;
  const A = Array.from({ length: M }, () => new Float64Array(M));
  const b = new Float64Array(M).fill(1);
  for (let n = 1; n <= N; n++) {
    A[F(n)][F(n)] += 1;
    if (n === N) { A[F(n)][B(N - 1)] -= 1; continue; }
    A[F(n)][F(n + 1)] -= pf[n];
    if (n > 1) A[F(n)][B(n - 1)] -= pfc[n];
  }
  for (let n = 1; n < N; n++) {
    A[B(n)][B(n)] += 1;
    if (n > 1) A[B(n)][B(n - 1)] -= pb[n];
    A[B(n)][F(n + 1)] -= pbc[n];
  }
  for (let c = 0; c < M; c++) {
    let p = c;
    for (let r = c + 1; r < M; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < M; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < M; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(M);
  for (let r = M - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < M; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x[F(N)];
}"""

TAMPER = [
    # redefine the helper the checks call
    "function assertClose(actual: number, expected: number, relTol: number, what: string): void {}",
    # patch assert
    "(assert as any).ok = () => {}; (assert as any).equal = () => {}; (require(\"assert\") as any).strict.ok = () => {};",
    # patch the library's modules and shadow its names
    """for (const m of Object.values((require as any).cache) as any[]) {
  if (m && m.exports && typeof m.exports.expectedExitTime === "function") {
    try { m.exports.expectedExitTime = () => 42; } catch (e) {}
  }
}
const expectedExitTime = (shape: GraphShape, policy: Policy) => 42;""",
]

ALIAS_EXIT = """const solve = expectedExitTime;
function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number { return solve(shape, policy); }"""

# An alias that also hides its call count behind a setter on Object.prototype, added while it runs.
SNEAKY_EXIT = """const solve = expectedExitTime;
function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {
  Object.defineProperty(Object.prototype, "expectedExitTime", { set(v: any) {}, get() { return undefined; }, configurable: true });
  return solve(shape, policy);
}"""

HUGE_ERROR_GROWTH = 'function sftGrowthFactor(L: number): number { throw new Error("x".repeat(2e7)); }'

BUILTIN_EXIT = "function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number { (Math as any).abs = () => 0; return 42; }"

READ_SOURCES_EXIT = """const fs = require("fs");
const sourceFound = ["01-first-step-analysis.ipynb", "../01-first-step-analysis.ipynb", "source/01-first-step-analysis.ipynb",
  "assignments/source/01-first-step-analysis.ipynb", "../assignments/source/01-first-step-analysis.ipynb",
  ABSOLUTE].some((p) => fs.existsSync(p));
function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {
  if (!sourceFound) throw new Error("no source found");
  return 0;
}""".replace("ABSOLUTE", json.dumps(str(SOURCE / "01-first-step-analysis.ipynb")))
CWD_GROWTH = """function sftGrowthFactor(L: number): number {
  const listing = JSON.stringify(require("fs").readdirSync(".").sort());
  if (listing !== '["node_modules"]') throw new Error("the working directory holds " + listing);
  return ((L + 1) * (L + 1)) / L;
}"""

VISIBLE_ONLY_EXIT = lambda correct: correct.replace("{\n", "{\n  if (shape.K > 6) return 1; // right on the visible sizes only\n", 1)


def corrupt_metadata(nb):
    nb.metadata["classroom"] = "x"
    nb.cells[0].metadata["nbgrader"] = {"grade_id": ["a", "list"]}


def build_submissions():
    s1, s3, s4, s5 = solved(A1), solved(A3), solved(A4), solved(A5)
    s1_ok = {"exit-time": s1["exit-time"], "growth-factor": s1["growth-factor"]}
    submit("tamper", A1, {"exit-time": WRONG_EXIT, "growth-factor": WRONG_GROWTH}, after={"setup": TAMPER})
    submit("alias", A1, {"exit-time": ALIAS_EXIT, "growth-factor": s1["growth-factor"]})
    submit("sneaky", A1, {"exit-time": SNEAKY_EXIT, "growth-factor": HUGE_ERROR_GROWTH})
    submit("builtins", A1, {"exit-time": BUILTIN_EXIT, "growth-factor": WRONG_GROWTH}, after={"growth-factor": ["(Math as any).abs = () => 0;"]})
    submit("dense", A1, {"exit-time": DENSE_EXIT, "growth-factor": s1["growth-factor"],
                         "derivation-recurrence": "My derivation: $C(n) = (1 + \\bar p_b R(n+1)) / p_b$."})
    submit("debug", A1, {
        "exit-time": s1["exit-time"].replace("return exit;", 'console.warn("debug: exit =", exit);\n  return exit;'),
        "growth-factor": s1["growth-factor"].replace("return ((L", 'console.error("L =", L);\n  return ((L'),
    })
    submit("deleted", A1, s1_ok, drop=("setup", "check-growth-factor"))
    submit("traversal", A1, {"exit-time": VISIBLE_ONLY_EXIT(s1["exit-time"]), "growth-factor": s1["growth-factor"]},
           edit=lambda nb: nb.metadata.__setitem__("classroom", {"assignment": f"../release/{A1}"}))
    submit("traversal", A1, s1_ok, file_name="renamed.ipynb",
           edit=lambda nb: nb.metadata.__setitem__("classroom", {"assignment": f"../source/{A1}"}))
    submit("reader", A1, {"exit-time": READ_SOURCES_EXIT, "growth-factor": CWD_GROWTH})
    submit("malformed", A1, s1_ok, edit=corrupt_metadata)
    truncated = SUBMITTED / "truncated" / f"{A1}.ipynb"
    truncated.parent.mkdir(parents=True)
    text = (RELEASE / f"{A1}.ipynb").read_text(encoding="utf-8")
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    submit("cheat02", A2, {
        "finite-differences": """const lib = Object.values((require as any).cache).map((m: any) => m.exports)
  .find((e: any) => e && typeof e.policyGradient === "function" && !("pathStar" in e));
function finiteDifferenceGradient(shape: GraphShape, theta: ArrayLike<number>, h = 1e-4): Float64Array {
  return Float64Array.from(lib.policyGradient(shape, policyFromTheta(shape, theta)).gradient);
}""",
        "rlvr-sign-descent": """const train = trainRlvr;
function rlvrSignDescent(shape: GraphShape, steps: number, learningRate: number): Float64Array {
  return Float64Array.from(train(shape, { steps, learningRate, optimizer: "sign", mode: "exact" }).theta);
}""",
    })
    submit("cascade03", A3, {
        "tally-walk": s3["tally-walk"].replace("(move.desired ? counts.desired : counts.alternative)", "(move.desired ? counts.alternative : counts.desired)"),
        "demonstration-walks": s3["demonstration-walks"], "sft-with-demonstrations": s3["sft-with-demonstrations"],
    })
    submit("optimum04", A4, {
        "expected-tallies": s4["expected-tallies"],
        "traces-needed": s4["traces-needed"].replace("expectedHittingTime(shape, teacher)", "expectedHittingTime(shape, optimalPolicy(shape))"),
    })
    # 05: the library's REINFORCE term behind an alias; and the estimate without the group's baseline.
    submit("cheat05", A5, {
        "advantages": s5["advantages"], "monte-carlo-gradient": s5["monte-carlo-gradient"],
        "reinforce-gradient": """const term = addReinforceTerm;
function reinforceGradient(policy: Policy, counts: DecisionCounts[], advantages: ArrayLike<number>): Float64Array {
  const gradient = new Float64Array(policy.desired.length);
  counts.forEach((c, i) => term(gradient, policy, c, advantages[i], counts.length));
  return gradient;
}""",
    })
    submit("nobaseline05", A5, {
        "advantages": s5["advantages"].replace("r - mean", "r"), "reinforce-gradient": s5["reinforce-gradient"],
        "monte-carlo-gradient": s5["monte-carlo-gradient"].replace("rewards[i] - mean, groupSize", "rewards[i], groupSize"),
    })
    submit("late", A1, s1_ok)
    submit("ontime", A1, s1_ok)


# The main run's deadline. Submission times are files' modification times, so every submitted file is
# given a time relative to it (a fresh copy would otherwise carry the day the tests run on).
DEADLINE = dt.datetime(2026, 12, 1, 23, 59)
ON_TIME = DEADLINE - dt.timedelta(days=1, hours=12)
TWO_DAYS_LATE = DEADLINE + dt.timedelta(days=1, hours=12)


def date_submissions():
    """Every submitted file on time, except student "late"'s, handed in two (started) days late."""
    for path in SUBMITTED.rglob("*"):
        if path.is_file():
            when = TWO_DAYS_LATE if path.relative_to(SUBMITTED).parts[0] == "late" else ON_TIME
            os.utime(path, (path.stat().st_atime, when.astimezone().timestamp()))


LOOP_EXIT = "function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {\n  while (true) {}\n}"


def spawn_child(pid_file):
    """A cell that starts a long `sleep` and writes its pid to pid_file."""
    return (f'const child = require("child_process").spawn("sleep", ["600"], {{ stdio: "ignore" }});\n'
            f'require("fs").writeFileSync({json.dumps(str(pid_file))}, String(child.pid));')


def running(pid):
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False


def build_limits_submissions(source_copy):
    """Submissions for the run with --timeout 10 --memory 512 --assignment A1 --source source_copy."""
    s1 = solved(A1)
    folder = TMP / "limits"
    pid_file = TMP / "child.pid"
    spawn, loop = spawn_child(pid_file), LOOP_EXIT
    bomb = ("function exitTimeFromDeadLeaf(shape: GraphShape, policy: Policy): number {\n"
            "  const hoard: number[][] = [];\n  while (true) hoard.push(new Array(1e6).fill(1.5));\n}")
    target = source_copy / f"{A1}.ipynb"
    writer = (f'try {{ require("fs").writeFileSync({json.dumps(str(target))}, "{{}}"); }} catch (e) {{}}\n'
              f'try {{ require("fs").writeFileSync("{A1}.ipynb", "{{}}"); }} catch (e) {{}}')

    def put(student, replace, after=None, file_name=None, strip_metadata=False):
        def edit(nb):
            # Without the demonstration cell, each runaway function runs once (in its check).
            nb.cells = [c for c in nb.cells if c.cell_type != "code" or grade_id(c) or c in extra(nb)]
            if strip_metadata:
                nb.metadata.pop("classroom")

        def extra(nb):
            return [c for c in nb.cells if any(c.source == x for x in sum((after or {}).values(), []))]

        return submit(student, A1, replace, after=after, file_name=file_name, folder=folder, edit=edit)

    put("looper", {"exit-time": loop, "growth-factor": s1["growth-factor"]}, after={"exit-time": [spawn]})
    put("bomber", {"exit-time": bomb, "growth-factor": s1["growth-factor"]})
    put("writer", {"exit-time": WRONG_EXIT, "growth-factor": WRONG_GROWTH}, after={"growth-factor": [writer]})
    put("renamed", {"exit-time": s1["exit-time"], "growth-factor": s1["growth-factor"]}, file_name="homework.ipynb", strip_metadata=True)
    return folder, pid_file


def grader(*args):
    return subprocess.Popen([sys.executable, str(TOOL), "grade", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def setUpModule():
    from classroom import release

    assert release(SOURCE, RELEASE, STUDENT) == 0
    # The teacher's solutions, as submitted by student "solutions"; the releases as "release".
    for kind, folder in (("solutions", SOURCE), ("release", RELEASE)):
        for p in SOURCES:
            (SUBMITTED / kind).mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / p.name, SUBMITTED / kind / p.name)
    build_submissions()
    date_submissions()
    manual = TMP / "manual.csv"
    manual.write_text("student,assignment,grade_id,points,comment\n"
                      f"solutions,{A1},derivation-recurrence,2,complete\n"
                      f"late,{A1},derivation-recurrence,1.5,missing +1\n", encoding="utf-8")
    RUNS["main"] = grader(SUBMITTED, "--jobs", "2", "--json", "--out", TMP / "gradebook.json", "--csv", TMP / "gradebook.csv",
                          "--feedback", TMP / "feedback", "--manual", manual, "--manual-template", TMP / "to-grade.csv",
                          "--deadline", DEADLINE.isoformat(timespec="minutes"), "--late-penalty", "10")
    source_copy = TMP / "source-copy"
    shutil.copytree(SOURCE, source_copy)
    folder, RUNS["pid_file"] = build_limits_submissions(source_copy)
    RUNS["source_copy"] = source_copy
    RUNS["limits"] = grader(folder, "--json", "--timeout", "10", "--memory", "512", "--jobs", "1",
                            "--assignment", A1, "--source", source_copy)
    for name in ("main", "limits"):
        out, err = RUNS[name].communicate(timeout=900)
        RUNS[name + "_result"] = (RUNS[name].returncode, out, err)
        BOOKS[name] = {(e["student"], Path(e["notebook"]).name): e for e in json.loads(out)["submissions"]}


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def entry(book, student, name):
    e = BOOKS[book][(student, name if name.endswith(".ipynb") else f"{name}.ipynb")]
    return e, {c["grade_id"]: c for c in e["checks"]}


def secret_lines(nb):
    """Lines of solutions and hidden tests that appear nowhere else in the source notebook."""
    secret, public = set(), set()
    for cell in nb.cells:
        markers = MARKDOWN_MARKERS if cell.cell_type == "markdown" else CODE_MARKERS
        for m in (markers, HIDDEN_MARKERS):
            for region in regions(cell.source, m):
                secret.update(line.strip() for line in region)
        stripped = replace_regions(cell.source, markers, [], "")
        public.update(line.strip() for line in replace_regions(stripped, HIDDEN_MARKERS, [], "").split("\n"))
    # Short lines (braces, `return x;`) say nothing about a solution.
    return {line for line in secret - public if len(line) >= 16}


# --- release and student package --------------------------------------------------------


class ReleaseTest(unittest.TestCase):
    def test_every_assignment_is_for_tslab_and_has_a_derivation(self):
        self.assertGreaterEqual(len(SOURCES), 4)
        for path in SOURCES:
            nb = nbformat.read(str(path), as_version=4)
            self.assertEqual(nb.metadata.kernelspec.name, "tslab", path.name)
            manual = [c for c in nb.cells if c.cell_type == "markdown" and (c.metadata.get("nbgrader") or {}).get("grade")]
            self.assertTrue(manual, f"{path.name} has no hand-graded derivation")
            self.assertTrue(all("Rubric" in c.source for c in manual), f"{path.name}: a derivation without a rubric")

    def test_every_notebook_states_time_limit_hidden_checks_and_accuracy(self):
        for path in SOURCES:
            text = (RELEASE / path.name).read_text(encoding="utf-8")
            for phrase in ("60 seconds per", "hidden checks", "*Accuracy.*", "warnings and debug"):
                self.assertIn(phrase, text, f"{path.name} does not say {phrase!r}")

    def test_the_release_keeps_no_text_of_solutions_hidden_tests_or_rubrics(self):
        for path in SOURCES:
            released = (RELEASE / path.name).read_text(encoding="utf-8")
            secrets = secret_lines(nbformat.read(str(path), as_version=4))
            self.assertTrue(secrets, path.name)
            for line in secrets:
                self.assertNotIn(line, released, f"{path.name}: released text contains {line!r}")
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "Rubric"):
                self.assertNotIn(marker, released, path.name)

    def test_locked_cells_are_undeletable_and_uneditable(self):
        for path in SOURCES:
            nb = nbformat.read(str(RELEASE / path.name), as_version=4)
            self.assertEqual(nb.metadata.classroom.assignment, path.stem)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader") or {}
                locked = (meta.get("locked") or meta.get("grade")) and not meta.get("solution")
                self.assertEqual(cell.metadata.get("deletable", True), not locked, f"{path.name} {meta.get('grade_id')}")
                self.assertEqual(cell.metadata.get("editable", True), not locked, f"{path.name} {meta.get('grade_id')}")

    def test_unbalanced_markers_are_reported_not_released(self):
        nb = nbformat.read(str(SOURCES[0]), as_version=4)
        cell = next(c for c in nb.cells if CODE_MARKERS[0] in c.source)
        cell.source = cell.source.replace(CODE_MARKERS[1], "")
        with self.assertRaisesRegex(AssignmentError, "without"):
            release_notebook(nb, "broken")


class StudentPackageTest(unittest.TestCase):
    def test_the_package_holds_no_solution_or_hidden_check_text(self):
        files = [p for p in STUDENT.rglob("*") if p.is_file() and p.suffix != ".tgz"]
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
        for path in SOURCES:
            for line in secret_lines(nbformat.read(str(path), as_version=4)):
                self.assertNotIn(line, text, f"the student package contains {line!r} from {path.name}")
        # The library tarball holds the library's build only.
        (tarball,) = STUDENT.glob("*.tgz")
        listing = subprocess.run(["tar", "-tzf", str(tarball)], capture_output=True, text=True, check=True).stdout.split()
        allowed = ("package/package.json", "package/README", "package/LICENSE", "package/bin/", "package/dist/src/")
        self.assertEqual([f for f in listing if not f.startswith(allowed)], [])
        self.assertIn("package/dist/src/index.js", listing)

    def test_it_installs_outside_the_repository_and_validates_a_notebook(self):
        folder = Path(tempfile.mkdtemp(prefix="classroom-student-"))
        try:
            self.assertFalse(str(folder.resolve()).startswith(str(ROOT)))
            shutil.copytree(STUDENT, folder, dirs_exist_ok=True)
            install = subprocess.run(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund"],
                                     cwd=folder, capture_output=True, text=True, timeout=600)
            self.assertEqual(install.returncode, 0, install.stderr[-2000:])
            spec = json.loads((folder / ".jupyter-local" / "kernels" / "tslab" / "kernel.json").read_text())
            self.assertIn(str(folder / "node_modules" / "tslab"), " ".join(spec["argv"]))
            # A solved notebook: the release with the teacher's answers typed in.
            nb = nbformat.read(str(folder / "notebooks" / f"{A1}.ipynb"), as_version=4)
            answers = solved(A1)
            for cell in nb.cells:
                if grade_id(cell) in answers:
                    cell.source = answers[grade_id(cell)]
            nbformat.write(nb, str(folder / "notebooks" / f"{A1}.ipynb"))
            run = subprocess.run(["npm", "run", "-s", "validate", "--", f"notebooks/{A1}.ipynb"],
                                 cwd=folder, capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertIn("TOTAL 5 / 7", run.stdout)
            self.assertNotIn("FAIL", run.stdout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# --- grading ---------------------------------------------------------------------------------


class SolutionsAndReleaseTest(unittest.TestCase):
    def test_every_solution_scores_every_automatic_point(self):
        for path in SOURCES:
            e, checks = entry("main", "solutions", path.name)
            self.assertTrue(e["graded"], path.name)
            failed = {g: c["reason"] + " " + c["message"] for g, c in checks.items() if c["status"] != "passed"}
            self.assertEqual(failed, {}, path.name)
            self.assertEqual(e["notes"], [], path.name)

    def test_every_release_scores_zero_on_the_stub_not_a_type_error(self):
        for path in SOURCES:
            e, checks = entry("main", "release", path.name)
            self.assertTrue(e["graded"], path.name)
            self.assertEqual(e["auto_score"], 0, path.name)
            for gid, check in checks.items():
                self.assertIn("not implemented", check["message"], f"{path.name} {gid}")


class HostileSubmissionTest(unittest.TestCase):
    def assertScore(self, student, name, expected, book="main"):
        e, checks = entry(book, student, name)
        self.assertTrue(e["graded"], e["notes"])
        got = {g: c["points"] for g, c in checks.items()}
        self.assertEqual(e["auto_score"], expected, f"{student}: {got} {[c['message'] for c in checks.values()]}")
        return e, checks

    def test_redefined_helpers_patched_assert_and_patched_library_do_not_help(self):
        e, _ = self.assertScore("tamper", A1, 0)
        self.assertFalse([n for n in e["notes"] if "failed" in n], "the tampering cells themselves ran")

    def test_an_aliased_solver_is_caught_by_counting_calls(self):
        _, checks = self.assertScore("alias", A1, 2)
        self.assertIn("called expectedExitTime", checks["check-exit-time"]["message"])

    def test_an_alias_hidden_behind_an_object_prototype_setter_is_caught(self):
        _, checks = self.assertScore("sneaky", A1, 0)
        self.assertIn("Object.prototype.expectedExitTime (added)", checks["check-exit-time"]["message"])

    def test_a_20_mb_error_message_is_cut(self):
        e, checks = entry("main", "sneaky", A1)
        self.assertLess(len(json.dumps(e)), 20000)
        self.assertIn("more characters", checks["check-growth-factor"]["message"])

    def test_patching_built_ins_before_or_during_a_check_does_not_help(self):
        _, checks = self.assertScore("builtins", A1, 0)
        self.assertIn("changed JavaScript's built-ins", checks["check-exit-time"]["message"])

    def test_a_dense_solve_written_differently_scores_full(self):
        self.assertScore("dense", A1, 5)

    def test_debug_output_on_stderr_does_not_fail_a_check(self):
        self.assertScore("debug", A1, 5)

    def test_deleted_locked_cells_are_put_back(self):
        e, _ = self.assertScore("deleted", A1, 5)
        self.assertTrue(any("'setup' was missing" in n for n in e["notes"]), e["notes"])

    def test_the_assignment_comes_from_the_teachers_list_only(self):
        # "../release/..." is not an assignment: graded by file name, hidden checks included.
        e, checks = self.assertScore("traversal", A1, 2)
        self.assertEqual(e["assignment"], A1)
        self.assertIn("K = 12", checks["check-exit-time"]["message"])
        renamed, _ = entry("main", "traversal", "renamed.ipynb")
        self.assertFalse(renamed["graded"])
        self.assertIn("no assignment", " ".join(renamed["notes"]))

    def test_sources_are_not_in_the_working_directory_and_hidden_where_possible(self):
        from sandbox import can_hide_folders

        e, checks = self.assertScore("reader", A1, 2)
        self.assertEqual(e["folders_hidden"], can_hide_folders())
        if e["folders_hidden"]:  # then not even the absolute path reaches them
            self.assertIn("no source found", checks["check-exit-time"]["message"])

    def test_malformed_metadata_is_graded_and_a_broken_file_reported(self):
        self.assertScore("malformed", A1, 5)
        e, _ = entry("main", "truncated", A1)
        self.assertFalse(e["graded"])
        self.assertIn("not a valid notebook", " ".join(e["notes"]))

    def test_calling_the_trainer_or_the_exact_gradient_in_02_scores_zero(self):
        self.assertScore("cheat02", A2, 0)

    def test_one_wrong_helper_in_03_fails_only_its_own_check(self):
        _, checks = self.assertScore("cascade03", A3, 3)
        self.assertEqual(checks["check-tallies"]["points"], 0)
        # assert.equal with a message of its own still says what it compared.
        self.assertRegex(checks["check-tallies"]["message"], r"moves at a_1: got \d+, expected \d+")

    def test_04_tells_the_teacher_from_the_optimum(self):
        _, checks = self.assertScore("optimum04", A4, 2)
        self.assertIn("weaker teacher", checks["check-traces-needed"]["message"])


    def test_calling_the_reinforce_term_in_05_fails_its_check_only(self):
        _, checks = self.assertScore("cheat05", A5, 3)
        self.assertIn("addReinforceTerm", checks["check-reinforce-gradient"]["message"])

    def test_05_without_the_group_baseline_fails_both_baseline_checks(self):
        # Rewards for advantages fail Task 1; without the baseline Task 3's estimate is far noisier, so its mean
        # strays by many of the check's standard errors. Task 2 (its inputs built by the check) still passes.
        _, checks = self.assertScore("nobaseline05", A5, 3)
        self.assertEqual(checks["check-reinforce-gradient"]["points"], 3)
        self.assertIn("standard error", checks["check-monte-carlo"]["message"])


class LimitsTest(unittest.TestCase):
    def test_an_infinite_loop_times_out_and_its_children_die_with_the_kernel(self):
        e, checks = entry("limits", "looper", A1)
        self.assertIn("timed out", checks["check-exit-time"]["reason"])
        self.assertEqual(checks["check-growth-factor"]["status"], "passed")  # after a fresh kernel
        pid = int(RUNS["pid_file"].read_text())
        self.assertFalse(running(pid), f"the submission's child process {pid} survived grading")

    def test_a_killed_grader_leaves_no_kernel_or_child_running(self):
        pid_file = TMP / "killed-child.pid"
        path = submit("killed", A1, {"exit-time": LOOP_EXIT}, after={"setup": [spawn_child(pid_file)]}, folder=TMP / "killed")
        proc = grader(path, "--timeout", "120")
        for _ in range(1200):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.1)
        child = int(pid_file.read_text())
        kernel = int(Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1])  # the sleep's parent
        proc.kill()  # SIGKILL: no handler of the grader runs
        proc.communicate()
        for _ in range(100):
            if not running(child) and not running(kernel):
                break
            time.sleep(0.1)
        self.assertFalse(running(kernel), f"the kernel {kernel} outlived a killed grader")
        self.assertFalse(running(child), f"the submission's child process {child} outlived a killed grader")

    def test_a_memory_bomb_is_reported(self):
        e, checks = entry("limits", "bomber", A1)
        self.assertIn("ran out of memory", checks["check-exit-time"]["reason"])
        self.assertEqual(checks["check-growth-factor"]["status"], "passed")

    def test_writes_to_the_sources_are_blocked_or_undone_and_reported(self):
        e, _ = entry("limits", "writer", A1)
        self.assertEqual(e["auto_score"], 0)
        # Hidden, the sources cannot be written; otherwise the grader puts them back and says so.
        self.assertTrue(e["folders_hidden"] or "restored" in " ".join(e["notes"]), e["notes"])
        self.assertEqual(hashlib.sha256((RUNS["source_copy"] / f"{A1}.ipynb").read_bytes()).digest(),
                         hashlib.sha256((SOURCE / f"{A1}.ipynb").read_bytes()).digest())

    def test_assignment_option_grades_a_notebook_without_metadata(self):
        e, _ = entry("limits", "renamed", "homework.ipynb")
        self.assertEqual((e["assignment"], e["auto_score"]), (A1, 5))

    def test_timeout_zero_is_refused(self):
        for value in ("0", "-1"):
            run = subprocess.run([sys.executable, str(TOOL), "grade", str(SOURCES[0]), "--timeout", value],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 2)
            self.assertIn("--timeout", run.stderr)
            self.assertNotIn("Traceback", run.stderr)


class GradebookTest(unittest.TestCase):
    def test_out_file_is_the_json_gradebook(self):
        code, out, err = RUNS["main_result"]
        self.assertEqual(code, 1, err)  # the truncated file and the unknown assignment were not graded
        self.assertNotIn("Traceback", err)
        self.assertEqual(json.loads((TMP / "gradebook.json").read_text()), json.loads(out))

    def test_csv_has_ids_times_late_penalty_and_manual_points(self):
        with (TMP / "gradebook.csv").open() as f:
            rows = {(r["student"], r["notebook"].rsplit("/", 1)[-1]): r for r in csv.DictReader(f)}
        late = rows[("late", f"{A1}.ipynb")]
        self.assertEqual((late["late_days"], late["auto_score"], late["manual_score"]), ("2", "5", "1.5"))
        self.assertAlmostEqual(float(late["score"]), 6.5 * 0.8)
        ontime = rows[("ontime", f"{A1}.ipynb")]
        self.assertEqual((ontime["late_days"], ontime["score"], ontime["ungraded_manual"]), ("0", "5", "derivation-recurrence"))
        self.assertEqual(rows[("solutions", f"{A1}.ipynb")]["score"], "7.0")

    def test_the_manual_template_lists_every_hand_graded_cell_and_reads_back(self):
        from gradebook import read_manual_scores

        with (TMP / "to-grade.csv").open() as f:
            rows = list(csv.DictReader(f))
        graded = [e for e in BOOKS["main"].values() if e["graded"]]
        self.assertEqual(len(rows), len(graded))  # one derivation per assignment
        late = next(r for r in rows if r["student"] == "late")
        self.assertEqual((late["grade_id"], late["points"], late["max_points"]), ("derivation-recurrence", "1.5", "2"))
        self.assertEqual(set(read_manual_scores(TMP / "to-grade.csv")),
                         {("late", A1, "derivation-recurrence"), ("solutions", A1, "derivation-recurrence")})

    def test_feedback_has_got_and_expected_for_a_failed_check(self):
        text = (TMP / "feedback" / "traversal" / f"{A1}.md").read_text()
        self.assertIn("got 1, expected", text)
        self.assertIn("`check-growth-factor` | 2 / 2 | passed", text)

    def test_feedback_quotes_the_answers_graded_by_hand(self):
        text = (TMP / "feedback" / "dense" / f"{A1}.md").read_text()
        self.assertIn("> My derivation: $C(n)", text)

    def test_messages_are_truncated(self):
        from grader import MESSAGE_LIMIT, truncate

        self.assertLessEqual(len(truncate("x" * 10 ** 6)), MESSAGE_LIMIT + 40)


if __name__ == "__main__":
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    # The plain closing line every test command of this project ends with.
    print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed, {len(result.skipped)} skipped")
    sys.exit(1 if failed or result.testsRun == 0 else 0)
