"""The student package (build/student/): everything a student needs, outside the repository.

    build/student/
      README.md                     two commands: `npm install` (set-up), `npm start` (open)
      package.json                  depends on the packed library (file:) and tslab
      rlvr-backtracking-<v>.tgz     `npm pack` of lib/ (built)
      notebooks/*.ipynb             the released notebooks (to work in)
      tools/                        `npm run validate`: this kit's grader in visible-only mode,
                                    the released notebooks as its reference, and the
                                    kernel registration and start scripts

No source notebook is copied: only released ones, so no solution or hidden check.
"""

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRADER_FILES = ["assignment.py", "classroom.py", "gradebook.py", "grader.py", "sandbox.py", "inside.py", "similarity.py",
                "codec.js", "kernel.js", "referee.js", "strip.js", "typescript.js"]
TSLAB_VERSION = "1.0.22"

REGISTER_KERNEL = r"""// Registers a tslab kernel for this folder in .jupyter-local (npm runs this after `npm install`).
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const tslab = path.join(root, "node_modules", "tslab", "bin", "tslab");
if (!fs.existsSync(tslab)) {
  console.error("tslab is not installed: run `npm install` in " + root);
  process.exit(1);
}
// The kernel's name is the library's (shared-names.json), as the checker looks it up.
const { kernelName } = require(path.join(root, "node_modules", "rlvr-backtracking", "dist", "src", "shared-names.json"));
const dir = path.join(root, ".jupyter-local", "kernels", kernelName);
fs.mkdirSync(dir, { recursive: true });
const spec = {
  argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
  display_name: "TypeScript (tslab)",
  language: "typescript",
};
fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
console.log("registered the tslab kernel in " + dir);
"""

START = r"""// Opens Jupyter on notebooks/ with this folder's tslab kernel (`npm start`).
const { spawnSync } = require("child_process");
const path = require("path");
const root = path.resolve(__dirname, "..");
const env = { ...process.env, JUPYTER_PATH: path.join(root, ".jupyter-local") + (process.env.JUPYTER_PATH ? path.delimiter + process.env.JUPYTER_PATH : "") };
const args = ["notebook", "--notebook-dir=" + path.join(root, "notebooks"), ...process.argv.slice(2)];
const run = spawnSync("jupyter", args, { stdio: "inherit", env });
if (run.error) {
  console.error("could not start `jupyter` (" + run.error.code + "): install Jupyter Notebook first (see README.md)");
  process.exit(1);
}
process.exit(run.status ?? 1);
"""

FIND_PYTHON = r"""// Runs tools/classroom/validate.py with the first Python that has nbclient (`npm run validate`).
const { spawnSync } = require("child_process");
const path = require("path");
const script = path.join(__dirname, "classroom", "validate.py");
const candidates = [process.env.PYTHON, "/usr/bin/python3", "python3", "python"].filter(Boolean);
for (const python of candidates) {
  const probe = spawnSync(python, ["-c", "import nbclient, nbformat"], { stdio: "ignore" });
  if (probe.status === 0) {
    const run = spawnSync(python, [script, ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(run.status ?? 1);
  }
}
console.error("no Python with nbclient found (tried " + candidates.join(", ") + "): see README.md, or set PYTHON");
process.exit(2);
"""

VALIDATE = '''#!/usr/bin/env python3
"""Runs the visible checks of the assignment on your notebook: npm run validate -- notebooks/NAME.ipynb"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import classroom  # noqa: E402

sys.exit(classroom.main(["validate"] + sys.argv[1:], root=HERE.parent.parent, reference=HERE.parent / "reference"))
'''

README = """# Assignments: Provable Benefits of RLVR over SFT (Wei and Kim, ICML 2026)

Your assignment notebooks, with the library they use (`rlvr-backtracking`) and a checker.

You need Node.js 18 or newer with npm, and Python 3 with Jupyter Notebook
(Debian/Ubuntu: `sudo apt install jupyter-notebook python3-nbclient`; elsewhere `pip install notebook nbclient`).

## Two commands

```sh
npm install     # set-up: the library, the TypeScript kernel (tslab), registered in this folder
npm start       # open Jupyter on notebooks/
```

Work in `notebooks/`. Each notebook says what to write, how it is graded, the time limit per cell and the
accuracy its checks ask for.

## Before handing in

```sh
npm run validate -- notebooks/01-first-step-analysis.ipynb
```

runs your notebook top to bottom in a fresh kernel, as the grader does, with the checks you can see (the grader
adds hidden checks on other graphs, and grades the derivations by hand). Hand in the `.ipynb` file.
"""


def library_rules(release_dir):
    """The README's section saying, per task, which library functions the grader's library lacks."""
    import nbformat

    lines = ["", "## Library functions per task", "",
             "Each task is graded with a library in which the functions it must not use do not exist: calling them,",
             "however (an alias, a copy, another process), fails. Every other function of `rlvr-backtracking` may be used.", ""]
    for path in sorted(Path(release_dir).glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        rules = {}
        for cell in nb.cells:
            for function, names in ((cell.metadata.get("classroom") or {}).get("forbid") or {}).items():
                rules.setdefault(function, set()).update(names)
        lines.append(f"- `{path.stem}`: " + ("; ".join(
            f"`{f}` without {', '.join(f'`{n}`' for n in sorted(names))}" for f, names in rules.items()) or "no restriction") + ".")
    return "\n".join(lines) + "\n"


def pack_library(root, destination):
    """`npm pack` the built lib into destination; returns the tarball's name."""
    subprocess.run(["npx", "tsc", "-b", "lib"], cwd=root, check=True)
    result = subprocess.run(
        ["npm", "pack", "./lib", "--pack-destination", str(destination), "--json", "--silent"],
        cwd=root, check=True, capture_output=True, text=True,
    )
    return json.loads(result.stdout)[0]["filename"]


def build(release_dir, target, root):
    """Write the student package to target from the released notebooks in release_dir."""
    if target.exists():
        shutil.rmtree(target)
    tools = target / "tools"
    (tools / "classroom").mkdir(parents=True)
    (tools / "reference").mkdir()
    (target / "notebooks").mkdir()
    for nb in sorted(Path(release_dir).glob("*.ipynb")):
        shutil.copy2(nb, target / "notebooks" / nb.name)
        shutil.copy2(nb, tools / "reference" / nb.name)
    for name in GRADER_FILES:
        shutil.copy2(HERE / name, tools / "classroom" / name)
    shutil.copy2(Path(root) / "scripts" / "run_notebooks.py", tools / "run_notebooks.py")
    (tools / "classroom" / "validate.py").write_text(VALIDATE, encoding="utf-8")
    (tools / "register-kernel.js").write_text(REGISTER_KERNEL, encoding="utf-8")
    (tools / "start.js").write_text(START, encoding="utf-8")
    (tools / "validate.js").write_text(FIND_PYTHON, encoding="utf-8")
    tarball = pack_library(root, target)
    package = {
        "name": "rlvr-backtracking-assignments",
        "private": True,
        "description": "Assignment notebooks for Wei and Kim, 'Provable Benefits of RLVR over SFT for Reasoning Models' (ICML 2026).",
        "scripts": {
            "postinstall": "node tools/register-kernel.js",
            "start": "node tools/start.js",
            "validate": "node tools/validate.js",
        },
        "dependencies": {"rlvr-backtracking": f"file:{tarball}", "tslab": TSLAB_VERSION},
    }
    (target / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    (target / "README.md").write_text(README + library_rules(release_dir), encoding="utf-8")
    (target / ".gitignore").write_text("node_modules/\n.jupyter-local/\n", encoding="utf-8")
