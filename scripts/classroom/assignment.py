"""Assignment notebooks: nbgrader's conventions for tslab notebooks, and the release.

A source notebook (assignments/source/*.ipynb) carries the solutions and every check:

  - `// BEGIN SOLUTION` ... `// END SOLUTION` (lines of a code cell): the release
    replaces the region, markers included, by `// YOUR CODE HERE` and
    `throw new Error("not implemented");`, at the indentation of BEGIN SOLUTION.
  - `// BEGIN HIDDEN TESTS` ... `// END HIDDEN TESTS` (lines of a check cell): the
    release removes them; the grader puts them back.
  - `<!-- BEGIN SOLUTION -->` ... `<!-- END SOLUTION -->` (lines of a manually graded
    markdown cell): the model answer and the rubric; the release writes
    `YOUR ANSWER HERE` instead.
  - cell metadata, as nbgrader writes it: metadata.nbgrader = {grade_id, grade,
    solution, locked, points}:
      set-up cell (imports, helpers):  locked: true
      answer (code):                   solution: true
      check (code):                    grade: true, locked: true, points > 0
      derivation (markdown):           grade: true, solution: true, points > 0 (graded by hand)
    Every such cell needs a grade_id unique in its notebook. A check may forbid
    library calls in metadata.classroom.forbid = {studentFunction: [libraryFunction, ...]}.
"""

import copy
import json
import re
from pathlib import Path

import nbformat

from run_notebooks import KERNEL_NAME  # scripts/ is on the path of every user of this module

LIBRARY = "rlvr-backtracking"

CODE_MARKERS = ("// BEGIN SOLUTION", "// END SOLUTION")
MARKDOWN_MARKERS = ("<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->")
HIDDEN_MARKERS = ("// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS")
CODE_STUB = ["// YOUR CODE HERE", 'throw new Error("not implemented");']
MARKDOWN_STUB = ["YOUR ANSWER HERE"]
# nbgrader's cell flags for locked cells: Jupyter will not delete or edit them.
LOCKED_FLAGS = {"deletable": False, "editable": False}

FUNCTION_NAME = re.compile(r"^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)", re.M)


class AssignmentError(Exception):
    """A source notebook that breaks the conventions (a teacher's mistake)."""


def nbgrader_meta(cell):
    """The cell's metadata.nbgrader, or {} when it is absent or not an object."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    value = meta.get("nbgrader") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def grade_id(cell):
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) and value else None


def cell_text(cell):
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def is_check(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.get("cell_type") == "code"


def is_manual(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution")) and cell.get("cell_type") == "markdown"


def is_locked(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("locked") or meta.get("grade")) and not meta.get("solution")


def replace_regions(source, markers, replacement, where):
    """Replace each line region begin..end (markers included) by the replacement lines."""
    begin, end = markers
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


def regions(source, markers):
    """The lines inside each begin..end region."""
    begin, end = markers
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


def solution_markers(cell):
    return MARKDOWN_MARKERS if cell.get("cell_type") == "markdown" else CODE_MARKERS


class Assignment:
    """A validated source (or released) notebook, held in memory for grading."""

    def __init__(self, nb, name):
        if nb.metadata.get("kernelspec", {}).get("name") != KERNEL_NAME:
            raise AssignmentError(f"{name}: metadata.kernelspec.name must be '{KERNEL_NAME}'")
        self.nb, self.name = nb, name
        self.locked = {}  # grade_id -> cell, in notebook order
        self.manual = {}  # grade_id -> points
        self.points = {}  # check grade_id -> points
        self.student_functions = []  # names defined in answer cells
        ids = set()
        for index, cell in enumerate(nb.cells):
            self._validate_cell(cell, f"{name}, cell {index}", ids)
        if not self.points:
            raise AssignmentError(f"{name}: no graded cells")

    def _validate_cell(self, cell, where, ids):
        meta = nbgrader_meta(cell)
        source = cell.source
        markers = solution_markers(cell)
        has_solution = markers[0] in source
        if has_solution and not meta.get("solution"):
            raise AssignmentError(f"{where}: has '{markers[0]}' but not metadata.nbgrader.solution = true")
        if HIDDEN_MARKERS[0] in source and not is_check(cell):
            raise AssignmentError(f"{where}: has '{HIDDEN_MARKERS[0]}' but is not a check cell")
        if meta.get("grade") and meta.get("solution") and cell.cell_type != "markdown":
            raise AssignmentError(f"{where}: a code cell is an answer or a check, not both")
        if meta.get("grade"):
            points = meta.get("points")
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
                raise AssignmentError(f"{where}: a graded cell needs metadata.nbgrader.points > 0")
        if meta:
            gid = grade_id(cell)
            if not gid:
                raise AssignmentError(f"{where}: metadata.nbgrader needs a grade_id")
            if gid in ids:
                raise AssignmentError(f"{where}: duplicate grade_id '{gid}'")
            ids.add(gid)
            if is_locked(cell):
                self.locked[gid] = cell
            if is_check(cell):
                self.points[gid] = meta["points"]
            if is_manual(cell):
                self.manual[gid] = meta["points"]
            if meta.get("solution") and cell.cell_type == "code":
                self.student_functions += FUNCTION_NAME.findall(source)
        forbid = (cell.metadata.get("classroom") or {}).get("forbid", {})
        if not isinstance(forbid, dict) or not all(isinstance(v, list) for v in forbid.values()):
            raise AssignmentError(f"{where}: metadata.classroom.forbid must map function names to lists")
        # Raise on unbalanced markers.
        replace_regions(source, markers, [], where)
        replace_regions(source, HIDDEN_MARKERS, [], where)

    @property
    def max_score(self):
        return sum(self.points.values()) + sum(self.manual.values())

    def setup_cells(self):
        """Locked cells that are not checks (imports, helpers), in order."""
        return [c for c in self.locked.values() if not is_check(c)]


def release_notebook(nb, name):
    """The student's copy: solutions stubbed, hidden tests removed, locked cells flagged."""
    Assignment(nb, name)
    out = nbformat.from_dict(copy.deepcopy(json.loads(json.dumps(nb))))
    for index, cell in enumerate(out.cells):
        where = f"{name}, cell {index}"
        stub = MARKDOWN_STUB if cell.cell_type == "markdown" else CODE_STUB
        source = replace_regions(cell.source, solution_markers(cell), stub, where)
        source = replace_regions(source, HIDDEN_MARKERS, [], where)
        cell.source = source.rstrip("\n")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        if is_locked(cell):
            cell.metadata.update(LOCKED_FLAGS)
    out.metadata.pop("language_info", None)
    out.metadata["classroom"] = {"assignment": name}
    return out


def notebooks_in(folder):
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())


def load_assignments(folder):
    """{name: Assignment} for every notebook in folder (raises AssignmentError)."""
    found = {}
    for path in notebooks_in(folder):
        found[path.stem] = Assignment(nbformat.read(str(path), as_version=4), path.stem)
    return found
