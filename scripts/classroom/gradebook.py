"""The gradebook: which files to grade, student ids, lateness, hand-graded points,
the CSV, and per-student feedback files."""

import csv
import datetime as dt
import io
import math
import os
import tempfile
from pathlib import Path

SKIP_DIRS = {".ipynb_checkpoints", "node_modules"}


class UsageError(Exception):
    """Bad command-line input (reported without a traceback, exit status 2)."""


def collect(paths):
    """Notebook files from files and folders (a folder: every *.ipynb below it, sorted)."""
    found, seen = [], set()
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            items = sorted(
                f for f in p.rglob("*.ipynb")
                if not any(part in SKIP_DIRS or part.startswith(".") for part in f.relative_to(p).parts[:-1])
            )
        elif p.suffix == ".ipynb" or p.exists():
            items = [p]
        else:
            raise UsageError(f"not a notebook or folder: {arg}")
        for f in items:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


def student_id(path):
    """The student's id: the folder holding the notebook (nbgrader's submitted/<id>/<assignment>.ipynb)."""
    return Path(path).resolve().parent.name


def parse_deadline(text):
    try:
        deadline = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--deadline {text!r}: use ISO 8601, e.g. 2026-12-01T23:59 or 2026-12-01T23:59+01:00")
    return deadline if deadline.tzinfo else deadline.astimezone()  # local time when no offset is given


def submitted_at(path):
    """The file's modification time, as an aware local datetime."""
    return dt.datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()


def apply_late_rule(entry, deadline, penalty_percent):
    """Late rule: penalty_percent of the score per started day after the deadline, at most 100%."""
    entry["late_days"] = 0
    entry["penalty"] = 0
    if deadline is None or not entry.get("submitted"):
        return
    late = (dt.datetime.fromisoformat(entry["submitted"]) - deadline).total_seconds()
    if late <= 0:
        return
    days = math.ceil(late / 86400)
    entry["late_days"] = days
    entry["penalty"] = round(entry["score"] * min(1.0, days * penalty_percent / 100), 4)
    entry["score"] = round(entry["score"] - entry["penalty"], 4)


def csv_rows(path, option):
    """(line number, row) for each row of a CSV file given with a command-line option."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(enumerate(csv.DictReader(f), 2))
    except OSError as e:
        raise UsageError(f"{option} {path}: {e.strerror}")


def read_manual_scores(path):
    """{(student, assignment, grade_id): (points, comment)} from a CSV with columns
    student, assignment, grade_id, points[, comment]."""
    scores = {}
    for number, row in csv_rows(path, "--manual"):
        if not (row.get("points") or "").strip():
            continue  # not graded yet (a row of --manual-template left empty)
        missing = [k for k in ("student", "assignment", "grade_id") if not (row.get(k) or "").strip()]
        if missing:
            raise UsageError(f"--manual {path}, line {number}: missing {', '.join(missing)}")
        try:
            points = float(row["points"])
        except ValueError:
            raise UsageError(f"--manual {path}, line {number}: points must be a number, got {row['points']!r}")
        key = (row["student"].strip(), row["assignment"].strip(), row["grade_id"].strip())
        scores[key] = (points, (row.get("comment") or "").strip())
    return scores


def merge_manual(entry, scores):
    """Fill the entry's hand-graded cells from the manual scores; returns warnings."""
    warnings = []
    for item in entry.get("manual", []):
        key = (entry["student"], entry["assignment"], item["grade_id"])
        if key not in scores:
            continue
        points, comment = scores.pop(key)
        if not 0 <= points <= item["max_points"]:
            warnings.append(f"manual score {points:g} for {'/'.join(key)} is outside 0..{item['max_points']:g}; ignored")
            continue
        item.update(points=points, status="graded by hand", comment=comment)
    entry["manual_score"] = sum(i["points"] or 0 for i in entry.get("manual", []))
    entry["score"] = entry["auto_score"] + entry["manual_score"]
    return warnings


def manual_template(book):
    """A CSV to fill in by hand: one row per hand-graded cell of every graded submission,
    its points left empty (rows left empty are skipped by --manual)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "assignment", "grade_id", "points", "comment", "max_points"])
    for e in book:
        for item in e.get("manual", []):
            points = "" if item["points"] is None else f"{item['points']:g}"
            writer.writerow([e["student"], e["assignment"], item["grade_id"], points, item.get("comment", ""), f"{item['max_points']:g}"])
    return out.getvalue()


CSV_COLUMNS = [
    "student", "assignment", "notebook", "submitted", "late_days", "auto_score", "manual_score",
    "penalty", "score", "max_score", "graded", "ungraded_manual", "checks",
]


def csv_text(book):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in book:
        checks = ";".join(f"{c['grade_id']}={c['points']:g}/{c['max_points']:g}" for c in e["checks"])
        ungraded = ";".join(i["grade_id"] for i in e.get("manual", []) if i["points"] is None)
        row = dict(e, checks=checks, ungraded_manual=ungraded)
        writer.writerow([row.get(k, "") for k in CSV_COLUMNS])
    return out.getvalue()


def write_atomically(path, text):
    """Write text to path through a temporary file, so a failed run leaves nothing partial."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def feedback_markdown(entry):
    """A student's feedback: every check with its points, and got/expected when it failed."""
    lines = [
        f"# Feedback: {entry['assignment'] or 'unknown assignment'}",
        "",
        f"Student: `{entry['student']}`  ",
        f"Notebook: `{Path(entry['notebook']).name}`  ",
        f"Submitted: {entry.get('submitted') or 'unknown'}"
        + (f" ({entry['late_days']} day(s) late, -{entry['penalty']:g} points)" if entry.get("late_days") else ""),
        "",
        f"**Score: {entry['score']:g} / {entry['max_score']:g}**",
        "",
        "| check | points | result |",
        "|---|---|---|",
    ]
    for c in entry["checks"]:
        result = "passed" if c["status"] == "passed" else f"{c['status']}: {c['reason']}"
        lines.append(f"| `{c['grade_id']}` | {c['points']:g} / {c['max_points']:g} | {md_cell(result)} |")
    for i in entry.get("manual", []):
        points = "not graded yet" if i["points"] is None else f"{i['points']:g}"
        lines.append(f"| `{i['grade_id']}` (graded by hand) | {points} / {i['max_points']:g} | {md_cell(i.get('comment', ''))} |")
    details = [c for c in entry["checks"] if c["status"] != "passed" and c["message"]]
    if details:
        lines += ["", "## What went wrong", ""]
        for c in details:
            lines += [f"**`{c['grade_id']}`**", "", "```", c["message"].replace(" | ", "\n"), "```", ""]
    answers = [i for i in entry.get("manual", []) if "answer" in i]
    if answers:
        lines += ["", "## Answers graded by hand", ""]
        for i in answers:
            lines += [f"**`{i['grade_id']}`**", ""] + [f"> {line}" for line in (i["answer"] or "(no answer)").splitlines()] + [""]
    if entry["notes"]:
        lines += ["", "## Notes", ""] + [f"- {md_cell(n)}" for n in entry["notes"]]
    return "\n".join(lines) + "\n"


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_feedback(book, folder):
    """folder/<student>/<assignment>.md for every graded entry; returns the paths written."""
    written = []
    for e in book:
        name = e["assignment"] or Path(e["notebook"]).stem
        target = Path(folder) / e["student"] / f"{name}.md"
        write_atomically(target, feedback_markdown(e))
        written.append(target)
    return written


def read_extensions(path):
    """{(student, assignment): deadline} from a CSV with columns student, assignment, deadline (ISO)."""
    out = {}
    for number, row in csv_rows(path, "--extensions"):
        missing = [k for k in ("student", "assignment", "deadline") if not (row.get(k) or "").strip()]
        if missing:
            raise UsageError(f"--extensions {path}, line {number}: missing {', '.join(missing)}")
        try:
            out[(row["student"].strip(), row["assignment"].strip())] = parse_deadline(row["deadline"].strip())
        except UsageError:
            raise UsageError(f"--extensions {path}, line {number}: deadline {row['deadline']!r} is not ISO 8601 (e.g. 2026-12-03T23:59)")
    return out


def read_gradebook(path):
    """The entries of an existing JSON gradebook (--update)."""
    import json

    try:
        book = json.loads(Path(path).read_text(encoding="utf-8"))["submissions"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UsageError(f"--update {path}: not a gradebook written by this tool ({type(e).__name__})")
    if not isinstance(book, list) or not all(isinstance(e, dict) and "notebook" in e for e in book):
        raise UsageError(f"--update {path}: not a gradebook written by this tool")
    return book


def merge_books(previous, fresh):
    """previous with the entries of the same notebook (or the same student and assignment) replaced by fresh ones."""
    def keys(e):
        return {("notebook", str(Path(e["notebook"]).resolve()))} | ({("work", e["student"], e["assignment"])} if e.get("assignment") else set())

    replaced = set().union(*(keys(e) for e in fresh)) if fresh else set()
    kept = [e for e in previous if not keys(e) & replaced]
    return kept + fresh


def _scores_by_student(book):
    """(assignments in order, {student: {assignment: score}}, {assignment: max}) from graded entries."""
    names, scores, maxima = [], {}, {}
    for e in book:
        if not e.get("assignment"):
            continue
        if e["assignment"] not in names:
            names.append(e["assignment"])
        maxima[e["assignment"]] = e["max_score"]
        scores.setdefault(e["student"], {})[e["assignment"]] = e["score"] if e["graded"] else ""
    return names, scores, maxima


def canvas_csv(book):
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, one column per
    assignment, a "Points Possible" row; students are matched by SIS Login ID (the student id)."""
    names, scores, maxima = _scores_by_student(book)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + names)
    writer.writerow(["Points Possible", "", "", "", ""] + [f"{maxima[n]:g}" for n in names])
    for student in sorted(scores):
        writer.writerow([student, "", "", student, ""] + [_number(scores[student].get(n, "")) for n in names])
    return out.getvalue()


def moodle_csv(book):
    """Moodle's grade import (Grades, Import, CSV file): a Username column to map users by, one
    column per assignment to map onto grade items."""
    names, scores, _ = _scores_by_student(book)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Username"] + names)
    for student in sorted(scores):
        writer.writerow([student] + [_number(scores[student].get(n, "")) for n in names])
    return out.getvalue()


def _number(value):
    return f"{value:g}" if isinstance(value, (int, float)) else value
