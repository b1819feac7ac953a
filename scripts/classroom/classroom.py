#!/usr/bin/python3
"""Classroom kit: release assignment notebooks to students and grade submissions.

Follows nbgrader's conventions (nbgrader itself needs PyPI), for tslab notebooks:

    /usr/bin/python3 scripts/classroom/classroom.py release [--source DIR] [--release DIR]
    /usr/bin/python3 scripts/classroom/classroom.py grade SUBMISSION.ipynb [...] [--json] [--timeout S]

or through npm: `npm run assignments`, `npm run grade -- sub1.ipynb sub2.ipynb --json`.

Source notebooks (assignments/source/*.ipynb) carry the solutions and all checks:

  - `// BEGIN SOLUTION` ... `// END SOLUTION` (lines of a code cell): the release
    replaces the region, markers included, by `// YOUR CODE HERE` and
    `throw new Error("not implemented");`, at the indentation of BEGIN SOLUTION.
  - `// BEGIN HIDDEN TESTS` ... `// END HIDDEN TESTS` (lines of a graded cell): the
    release removes them; the grader puts them back.
  - cell metadata, as nbgrader writes it: metadata.nbgrader = {grade_id, grade,
    solution, locked, points}. A check cell has grade: true, points: N, locked: true.
    A solution cell has solution: true. A locked, ungraded cell (set-up, helpers)
    has locked: true. Every such cell needs a grade_id unique in its notebook.

Release (to assignments/release/, a build product, ignored by git): solutions
stubbed, hidden tests removed, outputs and execution counts cleared, and the
notebook's metadata.classroom.assignment set to the source's name.

Grading one submission:
  1. It is read as a notebook; a file that is not valid notebook JSON is reported
     ("not a valid notebook: ...") and scores 0, and grading goes on with the next.
  2. Its source is assignments/source/<metadata.classroom.assignment>.ipynb, else
     the source with the same file name.
  3. Every locked cell (checks and set-up) is restored from the source, matched by
     grade_id, hidden tests included; the points come from the source only. A check
     the submission lacks scores 0 ("missing"). Students' own cells run as they are.
  4. The cells run in order in a fresh tslab kernel (KernelSession from
     scripts/run_notebooks.py, the notebook runner's own execution), with the
     source's folder as the working directory, so that `rlvr-backtracking`
     resolves wherever the submission lies.
  5. A check scores its points if its cell runs without an error, without stderr
     output and within the per-cell time limit (--timeout), and no late error (timer,
     un-awaited promise) from it surfaces later; otherwise 0, with the reason. A
     failing cell does not stop the run: the next request waits 0.3 s (tslab aborts
     requests that arrive just after an error).
  6. After a timeout or a dead kernel, a fresh kernel is started and every earlier
     non-check cell that had succeeded is run again (imports, helpers, the student's
     functions), then grading goes on with the next cell. Checks are never re-run:
     by convention a check cell defines nothing that later cells use.

Prints each check's points and reason, then `TOTAL <points> / <max>` per notebook;
--json prints one JSON gradebook instead. Exit status: 0 when every submission was
graded (whatever its score), 1 when some could not be (invalid file, no source),
2 on usage errors.
"""

import argparse
import json
import re
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import run_notebooks as runner  # noqa: E402  (sets JUPYTER_PATH before jupyter_client loads)
import nbformat  # noqa: E402
from jupyter_client.kernelspec import NoSuchKernel  # noqa: E402

SOURCE_DIR = ROOT / "assignments" / "source"
RELEASE_DIR = ROOT / "assignments" / "release"
DEFAULT_TIMEOUT = 60

BEGIN_SOLUTION, END_SOLUTION = "// BEGIN SOLUTION", "// END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS"
STUB = ["// YOUR CODE HERE", 'throw new Error("not implemented");']


class AssignmentError(Exception):
    """A source notebook that breaks the conventions (a teacher's mistake)."""


# --- cells and markers --------------------------------------------------------


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_check(cell):
    return bool(nbgrader_meta(cell).get("grade")) and cell.get("cell_type") == "code"


def is_locked(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("locked") or meta.get("grade")) and not meta.get("solution")


def replace_regions(source, begin, end, replacement, where):
    """Replace each line region begin..end (markers included) by replacement(indent)."""
    out, inside, indent = [], False, ""
    for number, line in enumerate(source.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith(begin):
            if inside:
                raise AssignmentError(f"{where}, line {number}: '{begin}' inside another region")
            inside, indent = True, line[: len(line) - len(line.lstrip())]
        elif stripped.startswith(end):
            if not inside:
                raise AssignmentError(f"{where}, line {number}: '{end}' without '{begin}'")
            inside = False
            out += [indent + r for r in replacement]
        elif not inside:
            out.append(line)
    if inside:
        raise AssignmentError(f"{where}: '{begin}' without '{end}'")
    return "\n".join(out)


def regions(source, begin, end):
    """The lines inside each begin..end region (for tests and checks)."""
    found, current = [], None
    for line in source.split("\n"):
        stripped = line.strip()
        if stripped.startswith(begin):
            current = []
        elif stripped.startswith(end):
            found.append(current or [])
            current = None
        elif current is not None:
            current.append(line)
    return found


def validate_source(nb, name):
    """Check the conventions; return {grade_id: cell} of the locked cells."""
    if nb.metadata.get("kernelspec", {}).get("name") != runner.KERNEL_NAME:
        raise AssignmentError(f"{name}: metadata.kernelspec.name must be '{runner.KERNEL_NAME}'")
    locked = {}
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        meta = nbgrader_meta(cell)
        has_solution = BEGIN_SOLUTION in cell.source
        has_hidden = BEGIN_HIDDEN in cell.source
        if has_solution and cell.cell_type != "code":
            raise AssignmentError(f"{where}: solution markers are for code cells")
        if has_solution and not meta.get("solution"):
            raise AssignmentError(f"{where}: has '{BEGIN_SOLUTION}' but not metadata.nbgrader.solution = true")
        if has_hidden and not is_check(cell):
            raise AssignmentError(f"{where}: has '{BEGIN_HIDDEN}' but is not a graded cell")
        if meta.get("grade") and meta.get("solution"):
            raise AssignmentError(f"{where}: a cell is a solution or a check, not both")
        if is_check(cell):
            points = meta.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                raise AssignmentError(f"{where}: a graded cell needs metadata.nbgrader.points > 0")
        if meta:
            grade_id = meta.get("grade_id")
            if not grade_id:
                raise AssignmentError(f"{where}: metadata.nbgrader needs a grade_id")
            if grade_id in locked or any(nbgrader_meta(c).get("grade_id") == grade_id for c in nb.cells[:index]):
                raise AssignmentError(f"{where}: duplicate grade_id '{grade_id}'")
            if is_locked(cell):
                locked[grade_id] = cell
        # Raise on unbalanced markers.
        replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, STUB, where)
        replace_regions(cell.source, BEGIN_HIDDEN, END_HIDDEN, [], where)
    if not any(is_check(c) for c in nb.cells):
        raise AssignmentError(f"{name}: no graded cells")
    return locked


def source_notebooks(source_dir):
    return sorted(p for p in Path(source_dir).glob("*.ipynb") if p.is_file())


# --- release -------------------------------------------------------------------


def release_notebook(nb, name):
    validate_source(nb, name)
    out = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    for index, cell in enumerate(out.cells):
        where = f"{name}, cell {index}"
        if cell.cell_type == "code":
            source = replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, STUB, where)
            source = replace_regions(source, BEGIN_HIDDEN, END_HIDDEN, [], where)
            cell.source = source.rstrip("\n")
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    out.metadata.pop("language_info", None)
    out.metadata["classroom"] = {"assignment": name}
    return out


def release(source_dir, release_dir):
    sources = source_notebooks(source_dir)
    if not sources:
        print(f"classroom: no notebooks in {source_dir}", file=sys.stderr)
        return 2
    release_dir = Path(release_dir)
    release_dir.mkdir(parents=True, exist_ok=True)
    for path in sources:
        nb = nbformat.read(str(path), as_version=4)
        try:
            out = release_notebook(nb, path.stem)
        except AssignmentError as e:
            print(f"classroom: {e}", file=sys.stderr)
            return 2
        target = release_dir / path.name
        nbformat.write(out, str(target))
        checks = [c for c in out.cells if is_check(c)]
        points = sum(nbgrader_meta(c)["points"] for c in checks)
        print(f"released {display(target)}: {len(checks)} checks, {points:g} points")
    return 0


# --- grading -------------------------------------------------------------------


class Check:
    def __init__(self, grade_id, max_points):
        self.grade_id = grade_id
        self.max_points = max_points
        self.points = 0
        self.status = "missing"  # passed | failed | missing | not run
        self.reason = "the check cell is missing from the submission"
        self.stderr = ""

    def fail(self, failure):
        self.points = 0
        self.status = "failed"
        self.reason = failure.reason
        self.stderr = failure.stderr

    def as_dict(self):
        return {
            "grade_id": self.grade_id,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "reason": self.reason,
            "message": error_summary(self.stderr),
        }


ERROR_LINE = re.compile(r"^\s*(\w*Error\b|Uncaught|\d+:\d+ - )")


def error_summary(stderr, limit=3):
    """The lines of a tslab stderr report that say what went wrong."""
    lines = [l.rstrip() for l in (stderr or "").splitlines() if l.strip() and not runner.NOISE.search(l)]
    picked = [l.strip() for l in lines if ERROR_LINE.search(l)]
    return " | ".join((picked or lines)[:limit])


def find_source(nb, path, source_dir):
    name = (nb.metadata.get("classroom") or {}).get("assignment") if nb is not None else None
    for candidate in ([name] if name else []) + [Path(path).stem]:
        source = Path(source_dir) / f"{candidate}.ipynb"
        if source.is_file():
            return source
    return None


def read_submission(path):
    """(notebook, None) or (None, reason)."""
    try:
        nb = nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        return None, "file not found"
    except (OSError, UnicodeDecodeError) as e:
        return None, f"cannot read the file: {e}"
    except Exception as e:  # NotJSONError, ValidationError, KeyError on a JSON non-notebook, ...
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return None, f"not a valid notebook: {type(e).__name__}: {first[:200]}"
    if not isinstance(nb.get("cells"), list):
        return None, "not a valid notebook: no list of cells"
    return nb, None


def assemble(submission, source_nb):
    """The notebook to run: the submission with its locked cells restored from the source.

    Returns (notebook, {grade_id: Check}, notes)."""
    locked = validate_source(source_nb, "source")
    checks = {
        gid: Check(gid, nbgrader_meta(cell)["points"]) for gid, cell in locked.items() if is_check(cell)
    }
    cells, seen, notes = [], set(), []
    for cell in submission.cells:
        if not isinstance(cell, dict) or "cell_type" not in cell:
            continue
        meta = nbgrader_meta(cell) if isinstance(cell.get("metadata"), dict) else {}
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id in locked:
            if grade_id in seen:
                notes.append(f"a second copy of locked cell '{grade_id}' was left out")
                continue
            seen.add(grade_id)
            cell = nbformat.from_dict(json.loads(json.dumps(locked[grade_id])))
        else:
            cell = nbformat.from_dict(json.loads(json.dumps(cell)))
            if cell.cell_type == "code" and isinstance(cell.get("metadata"), dict):
                cell.metadata.pop("nbgrader", None)  # only the source decides what is graded
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        cells.append(cell)
    for gid in locked:
        if gid not in seen and gid not in checks:
            notes.append(f"locked cell '{gid}' is missing from the submission")
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": source_nb.metadata["kernelspec"]})
    nb.cells = cells
    return nb, checks, notes


def run_graded(nb, checks, cwd, timeout, log):
    """Run every code cell, scoring checks; returns notes about failing non-check cells."""
    notes = []
    check_at = {i: nbgrader_meta(c)["grade_id"] for i, c in enumerate(nb.cells) if is_check(c)}
    for gid in check_at.values():
        checks[gid].status, checks[gid].reason = "not run", "the kernel did not get to it"
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    succeeded = []  # non-check cells that ran cleanly, replayed after a restart
    session = None

    def blame(failure, index):
        at = failure.cell_index if failure.cell_index is not None else index
        if at is None:
            notes.append(f"{failure.where}: {failure.reason}" + (f" ({error_summary(failure.stderr)})" if failure.stderr else ""))
        elif at in check_at:
            checks[check_at[at]].fail(failure)
        else:
            if at in succeeded:
                succeeded.remove(at)
            notes.append(f"cell {at} failed: {failure.reason}" + (f" ({error_summary(failure.stderr)})" if failure.stderr else ""))

    def start():
        nonlocal session
        session = runner.KernelSession(nb, cwd, timeout)
        session.__enter__()

    def stop():
        nonlocal session
        if session is not None:
            try:
                session.__exit__(None, None, None)
            except Exception:
                pass
            session = None

    try:
        for position, index in enumerate(code):
            if session is None:
                start()
                if succeeded:
                    log(f"  (fresh kernel: re-running {len(succeeded)} earlier cells)")
                for earlier in list(succeeded):
                    failure = session.run_cell(earlier)
                    if failure:
                        blame(failure, earlier)
                    if session.broken:
                        break
                if session.broken:
                    stop()
                    continue
            failure = session.run_cell(index)
            if failure:
                blame(failure, index)
                if failure.cell_index is not None and failure.cell_index != index:
                    # A late error from an earlier cell: this cell ran without error itself.
                    failure = None
            if not failure:
                if index in check_at:
                    check = checks[check_at[index]]
                    if check.status == "not run":
                        check.points, check.status, check.reason = check.max_points, "passed", ""
                else:
                    succeeded.append(index)
            if session.broken:
                stop()
        if session is not None:
            failure = session.run_probe()
            if failure:
                blame(failure, None)
    except NoSuchKernel:
        notes.append(f"no kernel spec '{runner.KERNEL_NAME}' in {runner.JUPYTER_LOCAL}: run `npm run setup`")
    except (RuntimeError, TimeoutError) as e:
        notes.append(f"the kernel did not start or broke: {type(e).__name__}: {e}")
    finally:
        if session is not None:
            session.broken = True  # grading is over: no need for a graceful shutdown
        stop()
    return notes


def grade_one(path, source_dir, timeout, log=lambda s: None):
    """Grade one submission; returns a gradebook entry (a dict)."""
    entry = {"notebook": str(path), "assignment": None, "score": 0, "max_score": 0, "checks": [], "notes": [], "graded": False}
    submission, problem = read_submission(path)
    source = find_source(submission, path, source_dir)
    if source is not None:
        entry["assignment"] = source.stem
        source_nb = nbformat.read(str(source), as_version=4)
        try:
            locked = validate_source(source_nb, source.stem)
        except AssignmentError as e:
            entry["notes"].append(f"the source notebook breaks the conventions: {e}")
            return entry
        entry["max_score"] = sum(nbgrader_meta(c)["points"] for c in locked.values() if is_check(c))
    if problem:
        entry["notes"].append(problem)
        entry["checks"] = [] if source is None else [Check(g, nbgrader_meta(c)["points"]).as_dict() for g, c in locked.items() if is_check(c)]
        for c in entry["checks"]:
            c["status"], c["reason"] = "not run", problem
        return entry
    if source is None:
        entry["notes"].append(f"no source notebook for it in {display(source_dir)} (by metadata.classroom.assignment or file name)")
        return entry
    nb, checks, notes = assemble(submission, source_nb)
    entry["notes"] += notes
    entry["notes"] += run_graded(nb, checks, source.resolve().parent, timeout, log)
    entry["checks"] = [checks[g].as_dict() for g in checks]
    entry["score"] = sum(c.points for c in checks.values())
    entry["graded"] = True
    return entry


def print_entry(entry, elapsed):
    print(f"{display(Path(entry['notebook']))}" + (f" (assignment {entry['assignment']}, {elapsed:.1f}s)" if entry["assignment"] else ""))
    for c in entry["checks"]:
        mark = "ok  " if c["status"] == "passed" else "FAIL"
        line = f"  {mark} {c['grade_id']}: {c['points']:g} / {c['max_points']:g}"
        if c["status"] != "passed":
            line += f"  [{c['status']}] {c['reason']}"
            if c.get("message"):
                line += f": {c['message']}"
        print(line)
    for note in entry["notes"]:
        print(f"  note: {note}")
    status = "" if entry["graded"] else "  (not graded)"
    print(f"  TOTAL {entry['score']:g} / {entry['max_score']:g}{status}", flush=True)


def grade(paths, source_dir, timeout, as_json):
    book = []
    for path in paths:
        t0 = time.monotonic()
        entry = grade_one(Path(path), source_dir, timeout, log=(lambda s: None) if as_json else print)
        entry["seconds"] = round(time.monotonic() - t0, 1)
        book.append(entry)
        if not as_json:
            print_entry(entry, entry["seconds"])
    if as_json:
        print(json.dumps({"submissions": book}, indent=1))
    return 0 if all(e["graded"] for e in book) else 1


def display(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv=None):
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="write the student release: solutions stubbed, hidden tests removed")
    rel.add_argument("--source", type=Path, default=SOURCE_DIR, help="source notebooks (default assignments/source)")
    rel.add_argument("--release", type=Path, default=RELEASE_DIR, help="output folder (default assignments/release)")
    gr = sub.add_parser("grade", help="grade submissions against the source notebooks")
    gr.add_argument("paths", nargs="+", help="submitted notebooks")
    gr.add_argument("--source", type=Path, default=SOURCE_DIR, help="source notebooks (default assignments/source)")
    gr.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help=f"per-cell time limit in seconds (default {DEFAULT_TIMEOUT})")
    gr.add_argument("--json", action="store_true", help="print a JSON gradebook")
    args = ap.parse_args(argv)
    if args.command == "release":
        return release(args.source, args.release)
    return grade(args.paths, args.source, args.timeout, args.json)


if __name__ == "__main__":
    sys.exit(main())
