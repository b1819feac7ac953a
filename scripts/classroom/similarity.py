"""A similarity report across the submissions of each assignment, for the teacher to read.

Each submission's own code (its code cells other than the assignment's locked set-up and
check cells) is normalised: comments dropped, every name that is not a keyword or a
library export written as `v`, string literals as `"s"`, whitespace ignored. So renaming
variables or reformatting does not hide a copy. Pairs whose token sequences match at
least `threshold` (difflib's ratio, 1 = identical) are flagged. Submissions whose code is
the release's stub are left out (they are alike because none was written). A flag is a
reason to read two notebooks side by side, not a verdict.
"""

import difflib
import itertools
import json
import re
from pathlib import Path

from assignment import grade_id, is_locked, cell_text

TOKEN = re.compile(r"""//[^\n]*|/\*.*?\*/|`(?:\\.|[^`])*`|"(?:\\.|[^"\n])*"|'(?:\\.|[^'\n])*'|[A-Za-z_$][\w$]*|\d[\w.]*|\S""", re.S)
KEYWORDS = set("""
break case catch class const continue debugger default delete do else export extends false finally for function if
import in instanceof let new null return super switch this throw true try typeof var void while with yield async
await of as type interface number string boolean any unknown never readonly undefined Math Array Float64Array
Number Object String Map Set Error console
""".split())


def normalised(code, keep=frozenset()):
    """The code's tokens, names other than keywords and `keep` written as v."""
    out = []
    for token in TOKEN.findall(code):
        if token.startswith("//") or token.startswith("/*"):
            continue
        if token[0] in "\"'`":
            out.append('"s"')
        elif re.match(r"[A-Za-z_$]", token) and token not in KEYWORDS and token not in keep:
            out.append("v")
        else:
            out.append(token)
    return out


def own_code(nb, assignment):
    """The submission's code outside the assignment's locked cells."""
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code"]
    return "\n".join(cell_text(c) for c in cells if not (grade_id(c) in assignment.locked and is_locked(assignment.locked[grade_id(c)])))


def report(paths, assignments, threshold, forced=None):
    """The report (Markdown) over the notebooks at paths."""
    from grader import read_submission, resolve

    library = set()
    for a in assignments.values():
        for cell in a.setup_cells():
            library.update(re.findall(r"[A-Za-z_$][\w$]*", cell.source))
    stubs = {name: normalised(own_code(json.loads(json.dumps(a.nb)), a), library) for name, a in assignments.items()}
    by_assignment = {}
    for path in paths:
        nb, problem = read_submission(path)
        if problem:
            continue
        name, _ = resolve(nb, path, assignments, forced)
        if name is None:
            continue
        tokens = normalised(own_code(nb, assignments[name]), library)
        by_assignment.setdefault(name, []).append((Path(path), tokens))
    lines = ["# Similarity report", "",
             f"Pairs of submissions of one assignment whose own code, normalised (comments dropped, names and strings "
             f"made alike), matches at least {threshold:g}. Read them side by side before drawing any conclusion.", ""]
    for name in sorted(by_assignment):
        items = [(p, t) for p, t in by_assignment[name] if t != stubs.get(name)]
        flagged = []
        for (pa, ta), (pb, tb) in itertools.combinations(items, 2):
            ratio = difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio()
            if ratio >= threshold:
                flagged.append((ratio, pa, pb))
        flagged.sort(key=lambda f: -f[0])
        pairs = len(items) * (len(items) - 1) // 2
        lines += [f"## {name}", "", f"{len(items)} submissions with code of their own, {pairs} pairs compared, {len(flagged)} flagged.", ""]
        if flagged:
            lines += ["| similarity | student | student |", "|---|---|---|"]
            lines += [f"| {r:.3f} | `{a.parent.name}` ({a.name}) | `{b.parent.name}` ({b.name}) |" for r, a, b in flagged]
            lines.append("")
    return "\n".join(lines) + "\n"
