#!/usr/bin/python3
"""Classroom kit: release assignment notebooks, grade submissions, validate a notebook.

    classroom.py release  [--source DIR] [--release DIR] [--student DIR]
    classroom.py grade    PATH... [--out FILE] [--csv FILE] [--feedback DIR] [--jobs N]
                          [--timeout S] [--memory MB] [--assignment NAME]
                          [--deadline ISO] [--late-penalty PERCENT] [--manual FILE]
    classroom.py validate NOTEBOOK...        (visible checks only, as students run them)

Through npm: `npm run assignments`, `npm run -s grade -- submitted --out gradebook.json`.
The conventions are in assignment.py, grading in grader.py, the kernel's isolation in
sandbox.py, and assignments/README.md is the guide. Run with Debian's /usr/bin/python3.

Exit status: 0 when every submission was graded (whatever its score), 1 when some
could not be (not a notebook, unknown assignment), 2 on usage errors.
"""

import argparse
import hashlib
import importlib
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

# Imported for its effect: run_notebooks sets JUPYTER_PATH before jupyter_client loads.
importlib.import_module("run_notebooks")
import nbformat  # noqa: E402

import gradebook  # noqa: E402
from assignment import Assignment, AssignmentError, LIBRARY, load_assignments, notebooks_in, release_notebook  # noqa: E402
from gradebook import UsageError  # noqa: E402

SOURCE_DIR = ROOT / "assignments" / "source"
RELEASE_DIR = ROOT / "assignments" / "release"
STUDENT_DIR = ROOT / "build" / "student"
DEFAULT_TIMEOUT = 60


# --- release -------------------------------------------------------------------


def release(source_dir, release_dir, student_dir=None):
    sources = notebooks_in(source_dir)
    if not sources:
        raise UsageError(f"no notebooks in {source_dir}")
    released = {}
    for path in sources:
        released[path.name] = release_notebook(nbformat.read(str(path), as_version=4), path.stem)
    release_dir = Path(release_dir)
    release_dir.mkdir(parents=True, exist_ok=True)
    for name, nb in released.items():
        nbformat.write(nb, str(release_dir / name))
        a = Assignment(nb, Path(name).stem)
        print(f"released {display(release_dir / name)}: {len(a.points)} checks, {sum(a.points.values()):g} points"
              + (f", {len(a.manual)} hand-graded cells, {sum(a.manual.values()):g} points" if a.manual else ""))
    if student_dir is not None:
        import student

        student.build(release_dir, Path(student_dir), ROOT)
        print(f"student package in {display(student_dir)}")
    return 0


# --- grading ---------------------------------------------------------------------


def worker_main():
    """Grade one job (JSON on stdin) in this process; print its entry as JSON."""
    from grader import grade_submission
    from sandbox import install_signal_handlers

    install_signal_handlers()
    job = json.loads(sys.stdin.read())
    assignment = Assignment(nbformat.from_dict(job["assignment_nb"]), job["assignment"])
    checks, notes, hidden = grade_submission(job["nb"], assignment, job["timeout"], Path(job["root"]), job["memory"], job["hide"])
    print(json.dumps({"checks": [c.as_dict() for c in checks.values()], "notes": notes, "folders_hidden": hidden}))
    return 0


def new_entry(path):
    try:
        submitted = gradebook.submitted_at(path).isoformat(timespec="seconds")
    except OSError:
        submitted = None
    return {
        "notebook": str(path), "student": gradebook.student_id(path), "assignment": None, "submitted": submitted,
        "score": 0, "auto_score": 0, "manual_score": 0, "max_score": 0, "checks": [], "manual": [], "notes": [],
        "graded": False,
    }


def prepare(path, assignments, forced):
    """(entry, job or None): read and resolve a submission; the job is what a worker needs."""
    from grader import read_submission, resolve

    entry = new_entry(path)
    nb, problem = read_submission(path)
    name, notes = resolve(nb, path, assignments, forced) if nb is not None else (None, [])
    entry["notes"] += notes
    if problem:
        entry["notes"].append(problem)
        return entry, None
    if name is None:
        entry["notes"].append("no assignment of this name (by --assignment, metadata.classroom.assignment or file name)")
        return entry, None
    a = assignments[name]
    entry.update(assignment=name, max_score=a.max_score)
    from grader import cell_text, grade_id, truncate

    answers = {grade_id(c): cell_text(c) for c in nb["cells"] if isinstance(c, dict) and grade_id(c) in a.manual}
    entry["manual"] = [
        {"grade_id": g, "points": None, "max_points": p, "status": "not graded yet", "answer": truncate(answers.get(g, ""))}
        for g, p in a.manual.items()
    ]
    return entry, {"nb": nb, "assignment": name, "assignment_nb": a.nb}


class Integrity:
    """The teacher's source notebooks as they were at the start; put back if a submission changes them."""

    def __init__(self, folder):
        self.files = {p: p.read_bytes() for p in notebooks_in(folder)}

    def restore(self):
        """Put back changed or deleted source notebooks; returns their names."""
        changed = []
        for path, data in self.files.items():
            try:
                same = hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
            except OSError:
                same = False
            if not same:
                gradebook.write_atomically(path, data.decode("utf-8"))
                changed.append(path.name)
        return changed


def grade(args):
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout}: must be a positive number of seconds")
    if args.memory < 256:
        raise UsageError(f"--memory {args.memory}: must be at least 256 (MB)")
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: must be at least 1")
    deadline = gradebook.parse_deadline(args.deadline) if args.deadline else None
    if args.late_penalty < 0 or args.late_penalty > 100:
        raise UsageError(f"--late-penalty {args.late_penalty}: must be in 0..100 (percent per day)")
    manual = gradebook.read_manual_scores(args.manual) if args.manual else {}
    try:
        assignments = load_assignments(args.source)
    except AssignmentError as e:
        raise UsageError(f"a source notebook breaks the conventions: {e}")
    if not assignments:
        raise UsageError(f"no assignments in {args.source}")
    from grader import setup_body

    for a in assignments.values():
        for cell in a.setup_cells():
            try:
                setup_body(cell, f"{a.name}, cell '{cell.metadata.nbgrader.get('grade_id')}'")
            except ValueError as e:
                raise UsageError(f"a source notebook breaks the conventions: {e}")
    if args.assignment and args.assignment not in assignments:
        raise UsageError(f"--assignment {args.assignment!r}: not one of {', '.join(assignments)}")
    from sandbox import library_package

    library_package(args.root, LIBRARY)  # fails early when the library is not installed
    paths = gradebook.collect(args.paths)
    if not paths:
        raise UsageError("no notebooks to grade")
    integrity = Integrity(args.source) if args.protect_sources else None
    quiet = bool(args.json)
    book = run_all(paths, assignments, args, integrity, quiet)

    warnings = []
    for entry in book:
        entry["auto_score"] = sum(c["points"] for c in entry["checks"])
        warnings += gradebook.merge_manual(entry, manual)
        gradebook.apply_late_rule(entry, deadline, args.late_penalty)
    warnings += [f"manual score for {'/'.join(k)} matches no graded submission" for k in manual]
    for w in warnings:
        print(f"classroom: warning: {w}", file=sys.stderr)
    document = json.dumps({"submissions": book}, indent=1) + "\n"
    if args.out:
        gradebook.write_atomically(args.out, document)
    if args.json:
        sys.stdout.write(document)
    if args.csv:
        gradebook.write_atomically(args.csv, gradebook.csv_text(book))
    if args.feedback:
        gradebook.write_feedback(book, args.feedback)
    if args.manual_template:
        gradebook.write_atomically(args.manual_template, gradebook.manual_template(book))
    if not quiet:
        graded = sum(e["graded"] for e in book)
        print(f"{graded} of {len(book)} submissions graded")
    return 0 if all(e["graded"] for e in book) else 1


def run_all(paths, assignments, args, integrity, quiet):
    """Grade every path with up to args.jobs worker processes; entries in the order of paths."""
    from sandbox import die_with_parent

    # The teacher's sources and every submission's folder, hidden from student code where possible.
    hide = [str(args.source)] + [str(Path(p).parent) for p in paths] if args.protect_sources else []
    book = [None] * len(paths)
    pending = list(enumerate(paths))
    running = {}  # Popen -> (index, entry, start time)
    try:
        while pending or running:
            while pending and len(running) < args.jobs:
                index, path = pending.pop(0)
                entry, job = prepare(path, assignments, args.assignment)
                if job is None:
                    finish(book, index, entry, 0.0, quiet)
                    continue
                job.update(timeout=args.timeout, memory=args.memory, root=str(args.root), hide=hide)
                # Output to files, not pipes: a worker never blocks on a full pipe.
                files = (tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+"))
                proc = subprocess.Popen(
                    [sys.executable, str(HERE / "classroom.py"), "_worker"],
                    stdin=subprocess.PIPE, stdout=files[0], stderr=files[1],
                    text=True, preexec_fn=lambda: die_with_parent(signal.SIGTERM),
                )
                proc.worker_files = files
                proc.stdin.write(json.dumps(job))
                proc.stdin.close()
                running[proc] = (index, entry, time.monotonic())
            done = [p for p in running if p.poll() is not None]
            if not done:
                time.sleep(0.05)
                continue
            for proc in done:
                index, entry, t0 = running.pop(proc)
                collect_worker(proc, entry)
                if integrity is not None:
                    changed = integrity.restore()
                    if changed:
                        entry["notes"].append(
                            f"the teacher's source notebooks were changed while this submission ran "
                            f"({', '.join(changed)}); they have been restored")
                        entry["integrity"] = changed
                finish(book, index, entry, time.monotonic() - t0, quiet)
    finally:
        for proc in running:
            proc.terminate()
        for proc in running:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return book


def read_back(file):
    file.seek(0)
    text = file.read()
    file.close()
    return text


def collect_worker(proc, entry):
    out, err = (read_back(f) for f in proc.worker_files)
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        from grader import truncate

        last = err.strip().splitlines()[-1:] or ["no message"]
        entry["notes"].append(f"the grader failed on this submission (exit {proc.returncode}): {truncate(last[0], 500)}")
        return
    entry["checks"], entry["graded"], entry["folders_hidden"] = result["checks"], True, result["folders_hidden"]
    entry["notes"] += result["notes"]
    entry["auto_score"] = entry["score"] = sum(c["points"] for c in result["checks"])


def finish(book, index, entry, seconds, quiet):
    entry["seconds"] = round(seconds, 1)
    book[index] = entry
    if not quiet:
        print_entry(entry)


def print_entry(entry):
    print(f"{display(Path(entry['notebook']))} (student {entry['student']}"
          + (f", assignment {entry['assignment']}" if entry["assignment"] else "") + f", {entry['seconds']:.1f}s)")
    for c in entry["checks"]:
        mark = "ok  " if c["status"] == "passed" else "FAIL"
        line = f"  {mark} {c['grade_id']}: {c['points']:g} / {c['max_points']:g}"
        if c["status"] != "passed":
            line += f"  [{c['status']}] {c['reason']}" + (f": {c['message']}" if c.get("message") else "")
        print(line)
    for item in entry.get("manual", []):
        points = "not graded yet" if item["points"] is None else f"{item['points']:g}"
        print(f"  hand {item['grade_id']}: {points} / {item['max_points']:g}, graded by hand")
    for note in entry["notes"]:
        print(f"  note: {note}")
    auto = sum(c["points"] for c in entry["checks"])
    status = "" if entry["graded"] else "  (not graded)"
    print(f"  TOTAL {auto:g} / {entry['max_score']:g}{status}", flush=True)


def display(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- command line ----------------------------------------------------------------


def grade_options(parser, source_default, visible):
    parser.add_argument("paths", nargs="+", help="submitted notebooks, or folders of them")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help=f"per-cell time limit in seconds (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--memory", type=int, default=2048, help="the kernel's heap limit in MB (default 2048)")
    parser.add_argument("--assignment", help="grade as this assignment (for a notebook that lost its metadata)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    parser.set_defaults(source=source_default, protect_sources=not visible, out=None, json=False, csv=None,
                        feedback=None, deadline=None, late_penalty=0.0, manual=None, manual_template=None)
    if visible:
        return
    parser.add_argument("--source", type=Path, default=source_default, help="source notebooks (default assignments/source)")
    parser.add_argument("--out", type=Path, help="write the JSON gradebook to this file")
    parser.add_argument("--json", action="store_true", help="print the JSON gradebook instead of the report")
    parser.add_argument("--csv", type=Path, help="write a CSV gradebook (one row per submission)")
    parser.add_argument("--feedback", type=Path, help="write feedback files DIR/<student>/<assignment>.md")
    parser.add_argument("--deadline", help="ISO time, e.g. 2026-12-01T23:59 (local time unless an offset is given)")
    parser.add_argument("--late-penalty", type=float, default=0.0, help="percent of the score taken per started day late (default 0)")
    parser.add_argument("--manual", type=Path, help="CSV of hand-graded points: student,assignment,grade_id,points[,comment]")
    parser.add_argument("--manual-template", type=Path, help="write a CSV of every hand-graded cell to fill in for --manual")


def main(argv=None, root=ROOT, reference=None):
    """The command line; root is where node_modules lives, reference the released notebooks for validate."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        return worker_main()
    from sandbox import install_signal_handlers

    install_signal_handlers()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    if reference is None:
        rel = sub.add_parser("release", help="write the student release and the student package")
        rel.add_argument("--source", type=Path, default=SOURCE_DIR, help="source notebooks (default assignments/source)")
        rel.add_argument("--release", type=Path, default=RELEASE_DIR, help="released notebooks (default assignments/release)")
        rel.add_argument("--student", type=Path, default=STUDENT_DIR, help="the student package (default build/student)")
        grade_options(sub.add_parser("grade", help="grade submissions against the source notebooks"), SOURCE_DIR, False)
    val = sub.add_parser("validate", help="run the visible checks on your notebook")
    grade_options(val, reference or RELEASE_DIR, True)
    args = ap.parse_args(argv)
    args.root = root
    try:
        if args.command == "release":
            return release(args.source, args.release, args.student)
        return grade(args)
    except (UsageError, FileNotFoundError) as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 2
    except AssignmentError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
