"""Grading one submission against an assignment held in memory.

  1. The submission's cells are taken as they are, except that every locked cell
     (set-up, checks) is replaced by the assignment's cell with the same grade_id
     (hidden tests included); locked cells the submission lacks are put back where
     the assignment has them. Points come from the assignment only.
  2. A guard cell runs first (guard.js): it wraps the library's functions in call
     counters, freezes the library's modules, and keeps pristine copies of the
     library and of assert.
  3. Each check cell runs wrapped: the built-ins are restored; inside a block, the
     library's names and assert are bound to the guard's pristine copies, the set-up
     cells' helpers and constants are declared again, and the student's functions the
     check names are wrapped to count their library calls. After the check, built-ins
     changed while it ran and forbidden calls (metadata.classroom.forbid) fail it.
  4. Cells run in order in a fresh tslab kernel (KernelSession from
     scripts/run_notebooks.py) in a scratch folder (sandbox.py). A check scores its
     points when its cell runs without an error (stderr output alone is fine) within
     the time limit; otherwise 0, with the reason and the message. After a timeout or
     a dead kernel, a fresh kernel re-runs every earlier non-check cell that succeeded.
"""

import json
import re
import secrets
from pathlib import Path

import nbformat

import run_notebooks as runner
from assignment import (
    LIBRARY, cell_text, grade_id, is_check,
)
from jupyter_client.kernelspec import NoSuchKernel
from sandbox import Sandbox, kill_all

HERE = Path(__file__).resolve().parent
MESSAGE_LIMIT = 2000
MAX_NOTES = 30
ERROR_LINE = re.compile(r"^\s*(\w*Error\b|Uncaught|\d+:\d+ - )")
IMPORT = re.compile(r"^import\s+(type\s+)?\{([^}]*)\}\s*from\s*\"([^\"]+)\"\s*;?", re.M)


def truncate(text, limit=MESSAGE_LIMIT):
    text = text or ""
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text) - limit} more characters)"


def error_summary(stderr, limit=3):
    """The lines of a tslab stderr report that say what went wrong."""
    lines = [l.rstrip() for l in (stderr or "").splitlines() if l.strip() and not runner.NOISE.search(l)]
    picked = [l.strip() for l in lines if ERROR_LINE.search(l)]
    return truncate(" | ".join((picked or lines)[:limit]))


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


# --- the notebook to run ----------------------------------------------------------


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
    """The submission's cells with the locked ones restored; returns (cells, notes)."""
    locked = assignment.locked
    cells, seen, notes = [], set(), []
    for raw in submission_cells:
        gid = grade_id(raw) if isinstance(raw, dict) else None
        if gid in locked:
            if gid in seen:
                notes.append(f"a second copy of locked cell '{gid}' was left out")
                continue
            seen.add(gid)
            cells.append(nbformat.from_dict(json.loads(json.dumps(locked[gid]))))
        else:
            cell = plain_cell(raw)
            if cell is not None:
                cells.append(cell)
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
        seen.add(gid)
        notes.append(f"locked cell '{gid}' was missing and has been put back")
    return cells, notes


def setup_body(cell, where):
    """A set-up cell's code with its imports turned into bindings to the guard's copies.

    Returns (library names, assert name, remaining code)."""
    names, assert_name = [], None
    code = cell.source

    def bind(match):
        nonlocal assert_name
        is_type, items, module = match.group(1), match.group(2), match.group(3)
        if is_type:
            return ""
        parts = [p.strip() for p in items.split(",") if p.strip()]
        if module == LIBRARY:
            names.extend(parts)
            return ""
        if module == "assert" and len(parts) == 1 and re.fullmatch(r"strict\s+as\s+\w+", parts[0]):
            assert_name = parts[0].split()[-1]
            return ""
        raise ValueError(f"{where}: set-up cells may import from '{LIBRARY}' and `strict` from 'assert' only")

    code = IMPORT.sub(bind, code)
    if re.search(r"^\s*import\b", code, re.M):
        raise ValueError(f"{where}: unsupported import form in a set-up cell")
    return names, assert_name, code


def guarded_check(cell, assignment, token):
    """The source of a check cell wrapped as described in the module docstring."""
    check = cell.source
    names, asserts, bodies = [], [], []
    for setup in assignment.setup_cells():
        lib_names, assert_name, body = setup_body(setup, f"{assignment.name}, set-up '{grade_id(setup)}'")
        names += lib_names
        asserts += [assert_name] if assert_name else []
        bodies.append(body)
    used = [f for f in dict.fromkeys(assignment.student_functions) if re.search(rf"\b{re.escape(f)}\b", check)]
    forbid = (cell.metadata.get("classroom") or {}).get("forbid", {})
    guard_type = (
        f'{{ lib: typeof import("{LIBRARY}"); assert: typeof import("assert").strict; '
        "student<T>(name: string, f: T): T; forbid(rules: Record<string, string[]>): void; "
        "restore(): void; verify(): void }"
    )
    lines = [f"declare const {token}: {guard_type};", "{", f"  {token}.restore();"]
    lines.append("  const classroomStudent = { " + ", ".join(f'{f}: {token}.student("{f}", {f})' for f in used) + " };")
    lines.append("  {")
    lines += [f"    const {f} = classroomStudent.{f};" for f in used]
    if names:
        lines.append(f"    const {{ {', '.join(names)} }} = {token}.lib;")
    lines += [f"    const {a}: typeof import(\"assert\").strict = {token}.assert;" for a in asserts]
    lines += bodies + [check, "  }", f"  {token}.verify();", f"  {token}.forbid({json.dumps(forbid)});", "}"]
    return "\n".join(lines)


def guard_cell(token):
    script = (HERE / "guard.js").read_text(encoding="utf-8")
    call = f"({script.strip().rstrip(';')})(__tslab__.require, {json.dumps(token)}, {json.dumps(LIBRARY)})"
    return nbformat.v4.new_code_cell(
        f"(globalThis as any).__tslab__.require(\"vm\").runInThisContext({json.dumps(call)});"
    )


def runnable(cells, assignment):
    """(notebook, {cell index: check grade_id}) with the guard first and checks wrapped."""
    token = "classroomGuard" + secrets.token_hex(8)  # tslab mangles names starting with "__"
    out, check_at = [guard_cell(token)], {}
    for cell in cells:
        if cell.cell_type == "code" and is_check(cell):
            check_at[len(out)] = grade_id(cell)
            out.append(nbformat.v4.new_code_cell(guarded_check(cell, assignment, token)))
        else:
            out.append(cell)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": assignment.nb.metadata["kernelspec"]})
    nb.cells = out
    return nb, check_at


# --- running ---------------------------------------------------------------------------


# The runner's reasons, as a student reads them.
READABLE = {
    "execute reply status 'error'": "error",
    "execute reply status 'aborted'": "not run: the kernel skipped it after an earlier error",
    "error output": "error",
}


def real_error(failure):
    """The failure's reason without "output on stderr" (warnings and logs are allowed), or None."""
    if failure is None:
        return None
    if failure.reason.startswith("late error on stderr") or failure.reason.startswith("stderr output outside"):
        return failure.reason if any(ERROR_LINE.search(l) for l in failure.stderr.splitlines()) else None
    parts = [p for p in failure.reason.split("; ") if p and p != "output on stderr"]
    return "; ".join(READABLE.get(p.split(" (")[0], p) for p in parts) or None


def run_graded(nb, check_at, checks, sandbox, timeout, log):
    """Run every code cell, scoring checks; returns notes about failing non-check cells."""
    notes = []
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    succeeded = []  # non-check cells that ran cleanly, replayed after a restart
    session = None

    def blame(failure, reason, index):
        at = failure.cell_index if failure.cell_index is not None else index
        message = error_summary(failure.stderr)
        if reason == "the kernel died" and sandbox.ran_out_of_memory():
            reason = f"the kernel ran out of memory (limit {sandbox.memory_mb} MB, --memory)"
        if at is None:
            notes.append(f"{failure.where}: {reason}" + (f" ({message})" if message else ""))
        elif at in check_at:
            checks[check_at[at]].fail(reason, message)
        else:
            if at in succeeded:
                succeeded.remove(at)
            what = "the grader's guard cell" if at == 0 else f"cell {at - 1}"
            notes.append(f"{what} failed: {reason}" + (f" ({message})" if message else ""))

    def run(index):
        failure = session.run_cell(index)
        reason = real_error(failure)
        if reason:
            blame(failure, reason, index)
            if failure.cell_index is not None and failure.cell_index != index:
                return True  # a late error from an earlier cell: this cell itself ran
            return False
        return True

    def stop():
        nonlocal session
        kill_all()  # first: a stuck kernel would make the client wait for it
        if session is not None:
            session.broken = True
            try:
                session.__exit__(None, None, None)
            except Exception:
                pass
            session = None

    try:
        for index in code:
            if session is None:
                session = runner.KernelSession(nb, sandbox.dir, timeout, sandbox.kernel_kwargs())
                session.__enter__()
                sandbox.register(session)
                if succeeded:
                    log(f"  (fresh kernel: re-running {len(succeeded)} earlier cells)")
                for earlier in list(succeeded):
                    run(earlier)
                    if session.broken:
                        break
                if session.broken:
                    stop()
                    continue
            ok = run(index)
            if ok:
                if index in check_at:
                    check = checks[check_at[index]]
                    if check.status == "not run":
                        check.points, check.status, check.reason = check.max_points, "passed", ""
                elif index not in succeeded:
                    succeeded.append(index)
            if session.broken:
                stop()
        if session is not None:
            failure = session.run_probe()
            reason = real_error(failure)
            if reason:
                blame(failure, reason, None)
    except NoSuchKernel:
        notes.append(f"no kernel spec '{runner.KERNEL_NAME}' in {runner.JUPYTER_LOCAL}: run `npm run setup`")
    except (RuntimeError, TimeoutError) as e:
        notes.append(f"the kernel did not start or broke: {type(e).__name__}: {truncate(str(e), 300)}")
    finally:
        stop()
    return notes


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


def grade_submission(nb, assignment, timeout, root, memory_mb, hide=(), log=lambda s: None):
    """Grade a submission (notebook dict) against an Assignment, hiding the folders `hide`
    from it where the system allows; returns (checks, notes, whether they were hidden)."""
    cells, notes = assemble(nb["cells"], assignment)
    run_nb, check_at = runnable(cells, assignment)
    checks = {gid: Check(gid, points) for gid, points in assignment.points.items()}
    with Sandbox(root, LIBRARY, memory_mb, hide) as sandbox:
        notes += run_graded(run_nb, check_at, checks, sandbox, timeout, log)
    if len(notes) > MAX_NOTES:
        notes = notes[:MAX_NOTES] + [f"... and {len(notes) - MAX_NOTES} more notes"]
    return checks, notes, sandbox.hidden

