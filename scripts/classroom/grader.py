"""Grading one submission against an assignment held in memory: the verdict outside the kernel.

  1. The submission's cells are taken as they are, except that every locked cell
     (set-up, checks) is replaced by the assignment's cell with the same grade_id;
     locked cells the submission lacks are put back where the assignment has them.
     Points come from the assignment only.
  2. Before any submission runs, the grader's own process (referee.js, mode "collect")
     runs each check against the pristine library and records the calls it makes to
     the student's functions: the inputs, as data (prepare()).
  3. The student's notebook runs in a sandbox (sandbox.py), once per set of forbidden
     library functions, with a library build in which those functions have no code
     (strip.js). Each check cell is replaced there by a cell that runs the recorded
     calls on the student's functions and writes the answers out as data (kernel.js).
     Nothing the kernel replies is believed: only those answers leave it.
  4. The grader's process (referee.js, mode "judge") runs every check again against the
     pristine library, the student's functions answering from the kernel's answers, and
     the check's own assertions decide. A check scores its points when it runs through.
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path

import nbformat

from assignment import LIBRARY, cell_text, grade_id, is_check, nbgrader_meta
from sandbox import Sandbox, library_package

HERE = Path(__file__).resolve().parent
MESSAGE_LIMIT = 2000
MAX_NOTES = 30


class GraderError(Exception):
    """The grader itself could not grade (never the student's fault): the submission is not graded."""


def truncate(text, limit=MESSAGE_LIMIT):
    text = text or ""
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text) - limit} more characters)"


class Check:
    def __init__(self, gid, max_points):
        self.grade_id, self.max_points = gid, max_points
        self.points, self.status, self.reason, self.message = 0, "not run", "the kernel did not get to it", ""

    def fail(self, reason, message=""):
        self.points, self.status, self.reason, self.message = 0, "failed", reason, message

    def as_dict(self):
        return {
            "grade_id": self.grade_id, "points": self.points, "max_points": self.max_points,
            "status": self.status, "reason": truncate(self.reason), "message": truncate(self.message),
        }


# --- the grader's own process -------------------------------------------------------------


def referee(job, timeout=1800):
    """Run referee.js on a job (a dict); returns its answer."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    try:
        run = subprocess.run(["node", str(HERE / "referee.js"), f.name], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GraderError(f"the grader's check process did not finish within {timeout} s")
    finally:
        Path(f.name).unlink()
    if run.returncode != 0:
        raise GraderError(f"the grader's check process failed: {truncate(run.stderr.strip(), 500)}")
    return json.loads(run.stdout.strip().splitlines()[-1])  # the last line: a model answer may print


def forbidden(cell):
    """The library functions a check cell forbids, sorted (metadata.classroom.forbid)."""
    rules = (cell.metadata.get("classroom") or {}).get("forbid", {})
    return tuple(sorted({name for names in rules.values() for name in names}))


def answer_cells(nb_cells):
    """The sources of the answer (solution) code cells, by grade_id."""
    return {grade_id(c): cell_text(c) for c in nb_cells
            if isinstance(c, dict) and c.get("cell_type") == "code" and nbgrader_meta(c).get("solution") and grade_id(c)}


def referee_job(assignment, root, salt, solutions=None):
    """solutions: the answer cells' sources the calls are collected with (default: the assignment's own)."""
    checks = [c for c in assignment.locked.values() if is_check(c)]
    return {
        "solutions": list((solutions or answer_cells(assignment.nb.cells)).values()),
        "library": str(library_package(root, LIBRARY)), "salt": salt,
        "setup": [c.source for c in assignment.setup_cells()],
        "checks": [{"id": grade_id(c), "source": c.source} for c in checks],
        "students": list(dict.fromkeys(assignment.student_functions)),
    }


def prepare(assignment, root, salt, libraries, solutions=None):
    """What every submission of this assignment is graded with: the calls each check makes
    (collected once, with the model answer) and, per check, the library build it runs with
    (libraries: a LibraryBuilds). Raises GraderError."""
    answer = referee(dict(referee_job(assignment, root, salt, solutions), mode="collect"))
    if answer["problems"]:
        raise GraderError("; ".join(f"{k}: {v}" for k, v in answer["problems"].items()))
    checks = [c for c in assignment.locked.values() if is_check(c)]
    return {"calls": answer["calls"], "salt": salt,
            "libraries": {grade_id(c): libraries.build(forbidden(c)) for c in checks},
            "forbidden": {grade_id(c): len(forbidden(c)) for c in checks}}


class LibraryBuilds:
    """Library builds without given functions (strip.js), one per set, made once per grading run."""

    def __init__(self, root):
        self.root = Path(root)
        self.folder = Path(tempfile.mkdtemp(prefix="classroom-libraries-"))
        self.folder.chmod(0o755)  # the sandbox's user reads the builds
        self.builds = {}

    def build(self, names):
        if names not in self.builds:
            target = self.folder / f"library-{len(self.builds)}"
            run = subprocess.run(["node", str(HERE / "strip.js"), str(library_package(self.root, LIBRARY)), str(target), *names],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                raise GraderError(f"cannot build the library without {', '.join(names)}: {run.stderr.strip()[:300]}")
            self.builds[names] = str(target)
        return self.builds[names]

    def close(self):
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


# --- the notebook to run --------------------------------------------------------------------


def plain_cell(cell):
    """A copy of a submitted cell that the runner can execute, or None for junk. Only its
    grade_id is kept (to place restored cells): the assignment alone says what is graded."""
    if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
        return None
    make = nbformat.v4.new_code_cell if cell["cell_type"] == "code" else nbformat.v4.new_markdown_cell
    out = make(cell_text(cell))
    if grade_id(cell):
        out.metadata["nbgrader"] = {"grade_id": grade_id(cell)}
    return out


def assemble(submission_cells, assignment):
    """The submission's cells with the locked ones restored; returns (cells, labels, notes).

    A label names a cell as the teacher sees it in Jupyter: "code cell N" counts the
    submission's code cells from 1 (In [N] after Restart & Run All)."""
    locked = assignment.locked
    cells, labels, seen, notes = [], [], set(), []
    code_number = 0
    for raw in submission_cells:
        gid = grade_id(raw) if isinstance(raw, dict) else None
        if isinstance(raw, dict) and raw.get("cell_type") == "code":
            code_number += 1
        if gid in locked:
            if gid in seen:
                notes.append(f"a second copy of locked cell '{gid}' (code cell {code_number}) was left out")
                continue
            seen.add(gid)
            cells.append(nbformat.from_dict(json.loads(json.dumps(locked[gid]))))
            labels.append(f"code cell {code_number} ('{gid}')")
        else:
            cell = plain_cell(raw)
            if cell is not None:
                cells.append(cell)
                labels.append(f"code cell {code_number}" if cell.cell_type == "code" else "a text cell")
    # Put back the locked cells the submission lacks, before the next marked cell (in the
    # assignment's order) that the submission has.
    order = [g for g in (grade_id(c) for c in assignment.nb.cells) if g]
    for position, gid in enumerate(order):
        if gid not in locked or gid in seen:
            continue
        present = {grade_id(c) for c in cells}
        following = next((g for g in order[position + 1:] if g in present), None)
        at = next((i for i, c in enumerate(cells) if following and grade_id(c) == following), len(cells))
        cells.insert(at, nbformat.from_dict(json.loads(json.dumps(locked[gid]))))
        labels.insert(at, f"the restored cell '{gid}'")
        seen.add(gid)
        notes.append(f"locked cell '{gid}' was missing and has been put back")
    return cells, labels, notes


def evaluate_cell(check, functions):
    """The cell that runs a check's calls in the kernel (kernel.js defines classroomEvaluate)."""
    refs = ", ".join(f"{f}: {f}" for f in functions)
    return nbformat.v4.new_code_cell(
        "declare function classroomEvaluate(check: string, functions: Record<string, unknown>): void;\n"
        f"classroomEvaluate({json.dumps(check)}, {{ {refs} }});")


def runnable(cells, labels, assignment, checks, calls):
    """(notebook, {cell index: check id}, labels) for one sandbox run: the given checks become
    evaluate cells, the other checks are left out."""
    out, out_labels, check_at = [], [], {}
    for cell, label in zip(cells, labels):
        if cell.cell_type == "code" and is_check(cell):
            gid = grade_id(cell)
            if gid in checks:
                check_at[len(out)] = gid
                out.append(evaluate_cell(gid, list(dict.fromkeys(c["fn"] for c in calls[gid]))))
                out_labels.append(f"check '{gid}'")
        else:
            out.append(cell)
            out_labels.append(label)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": assignment.nb.metadata["kernelspec"]})
    nb.cells = out
    return nb, check_at, out_labels


# --- grading ------------------------------------------------------------------------------------


def grade_submission(nb, assignment, prepared, options, submission_dir=None, log=lambda s: None):
    """Grade a submission (notebook dict) against an Assignment; returns (checks, notes, graded).

    prepared: from prepare(); options: {root, timeout, memory, sandboxed}. A problem of the
    grader's own (a sandbox or kernel that does not start) leaves the submission not graded."""
    cells, labels, notes = assemble(nb["cells"], assignment)
    checks = {gid: Check(gid, points) for gid, points in assignment.points.items()}
    calls = prepared["calls"]
    groups = {}  # library build -> check ids run with it; the least stripped build first
    for gid in sorted(checks, key=lambda g: prepared["forbidden"][g]):
        groups.setdefault(prepared["libraries"][gid], []).append(gid)
    sandbox = Sandbox(options["root"], options["sandboxed"])
    results, reasons = {}, {}
    for number, (library, ids) in enumerate(groups.items()):
        run_nb, check_at, run_labels = runnable(cells, labels, assignment, ids, calls)
        code_cells = sum(1 for c in run_nb.cells if c.cell_type == "code")
        job = {"notebook": run_nb, "checks": check_at, "labels": run_labels,
               "timeout": options["timeout"], "memory": options["memory"]}
        status, answers = sandbox.run(json.loads(json.dumps(job)), {g: calls[g] for g in ids}, library, submission_dir,
                                      deadline_s=600 + 20 * options["timeout"] * code_cells)
        if not status["started"]:
            raise GraderError(status["error"])
        if number == 0:  # notes about the student's own cells: once, from the least stripped library's run
            notes += [n for n in status["notes"] if "is not available in this task" not in n]
        results.update({g: {"values": answers.get(g, []), "reason": status["checks"].get(g, "")} for g in ids})
        reasons.update(status["checks"])
    verdict = referee(dict(referee_job(assignment, options["root"], prepared["salt"]), mode="judge",
                           collected={g: [{"fn": c["fn"], "digest": c["digest"]} for c in calls[g]] for g in calls},
                           results=results))
    if verdict["problems"]:
        raise GraderError("; ".join(f"{k}: {v}" for k, v in verdict["problems"].items()))
    for gid, check in checks.items():
        judged = verdict["checks"].get(gid)
        if judged and judged["passed"]:
            check.points, check.status, check.reason = check.max_points, "passed", ""
        else:
            check.fail(reasons.get(gid) or "wrong answer", (judged or {}).get("message", ""))
    if len(notes) > MAX_NOTES:
        notes = notes[:MAX_NOTES] + [f"... and {len(notes) - MAX_NOTES} more notes"]
    return checks, notes


def read_submission(path):
    """(notebook dict, None) or (None, reason). Tolerates odd metadata; rejects non-notebooks."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, "file not found"
    except (OSError, UnicodeDecodeError) as e:
        return None, f"cannot read the file: {type(e).__name__}"
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"not a valid notebook: not JSON ({e.msg} at line {e.lineno})"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "not a valid notebook: no list of cells"
    return nb, None


def claimed_assignment(nb):
    """metadata.classroom.assignment if it is a string, else None."""
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    classroom = meta.get("classroom") if isinstance(meta, dict) else None
    name = classroom.get("assignment") if isinstance(classroom, dict) else None
    return name if isinstance(name, str) else None


def resolve(nb, path, names, forced=None):
    """The assignment name from the teacher's list only: --assignment, metadata, file name."""
    notes = []
    if forced:
        return (forced if forced in names else None), notes
    claimed = claimed_assignment(nb)
    if claimed is not None and claimed not in names:
        notes.append(f"metadata.classroom.assignment {truncate(claimed, 80)!r} is not an assignment; using the file name")
        claimed = None
    stem = Path(path).stem
    return claimed or (stem if stem in names else None), notes


IMPORT = re.compile(r"^import\s+(type\s+)?\{([^}]*)\}\s*from\s*\"([^\"]+)\"\s*;?", re.M)


def check_setup_imports(cell, where):
    """Raises ValueError unless a set-up cell imports from the library and `assert` only."""
    for match in IMPORT.finditer(cell.source):
        if match.group(3) not in (LIBRARY, "assert"):
            raise ValueError(f"{where}: set-up cells may import from '{LIBRARY}' and 'assert' only")
    code = IMPORT.sub("", cell.source)
    if re.search(r"^\s*import\b", code, re.M):
        raise ValueError(f"{where}: unsupported import form in a set-up cell")
