#!/usr/bin/python3
"""Execute notebooks headlessly, each in a fresh tslab kernel, and report pass/fail.

Run with Debian's Python (/usr/bin/python3), which has nbclient and nbconvert:

    /usr/bin/python3 scripts/run_notebooks.py notebooks
    /usr/bin/python3 scripts/run_notebooks.py notebooks/00-introduction.ipynb --timeout 600
    /usr/bin/python3 scripts/run_notebooks.py notebooks --output-dir build/book --html

Arguments are notebook files or folders. A folder means every *.ipynb below it,
sorted, skipping .ipynb_checkpoints, hidden folders, and anything under a folder
named `release` or `build`.

Each notebook runs in its own tslab kernel (kernel spec `tslab` from
<repo>/.jupyter-local, written by scripts/setup.sh), with the notebook's folder as
the working directory. A notebook fails at its first failing cell, which is one
that:
  - gets an `error` or `aborted` execute reply, or an `error` output;
  - writes anything to stderr (tslab reports a failing cell on stderr only; it never
    sends an `error` message with a traceback, so nbclient alone sees just
    `<Error>:`);
  - times out (--timeout, per cell), or kills the kernel.
The notebook stops there: after an error tslab aborts requests that arrive within
about 200 ms, so running on would skip later cells silently.

After the last cell an extra, invisible probe cell runs, so that an error thrown
later by a timer or an un-awaited promise of the last cell is still caught.

An executed notebook also fails if it weighs more than --max-mb (default 5 MB), or if
plotly.js travels anywhere but the first code cell (the set-up cell's `loadPlotly()`,
see lib/src/plot/html.ts): a plot must only reference the page's plotly.js, so that
re-running it never moves the carrier.

Source notebooks are never written. --output-dir DIR writes each executed notebook
to DIR (keeping its path relative to the folder argument), and --html also writes
nbconvert's HTML next to it.

Prints `PASS name (N.Ns, N.N MB)` or `FAIL name` per notebook, then `N passed, N failed`.
Exit status: 0 if all passed, 1 if any failed, 2 on usage or set-up errors.
"""

import argparse
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_LOCAL = ROOT / ".jupyter-local"
TEMPLATES = ROOT / "scripts" / "nbconvert-templates"


def shared_names():
    """The names the library and these scripts share (lib/src/shared-names.json), read from the built
    library as installed here (the repository's workspace link, or a student package's dependency) or,
    in the classroom's sandbox, as mounted in the working folder."""
    places = [base / "node_modules" / "rlvr-backtracking" / "dist" / "src" / "shared-names.json" for base in (ROOT, Path.cwd())]
    for path in places:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    sys.exit(f"{Path(sys.argv[0]).name}: {places[0]} is missing: build the library first (npm run setup)")


SHARED_NAMES = shared_names()
KERNEL_NAME = SHARED_NAMES["kernelName"]
SKIP_DIRS = {"release", "build", "node_modules"}
SOURCE_LINES = 12
STDERR_LINES = 60
PROBE_DELAY_S = 0.3
# The class of the set-up cell's <script> that carries plotly.js (PLOTLY_CARRIER_CLASS in html.ts).
PLOTLY_CARRIER_CLASS = SHARED_NAMES["plotlyCarrierClass"]
# An output larger than this after the first code cell can only be plotly.js travelling with a plot.
MAX_PLOT_OUTPUT_BYTES = 1_000_000
# Stack frames of tslab and Node internals, left out of the report (kept in outputs).
NOISE = re.compile(r"^\s+at .*(node_modules/tslab/|\(node:|sigintHandlersWrap)")

# The kernel spec lives in the repo; set JUPYTER_PATH before jupyter_client looks.
_old = os.environ.get("JUPYTER_PATH")
os.environ["JUPYTER_PATH"] = str(JUPYTER_LOCAL) + (os.pathsep + _old if _old else "")
# Silence debugpy's "frozen modules" warning from Debian's Python 3.11.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

try:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbclient.util import ensure_async
except ImportError as e:  # pragma: no cover - set-up problem
    sys.stderr.write(
        f"run_notebooks.py: {e}\n"
        "Run it with Debian's /usr/bin/python3 after `npm run setup` "
        "(which installs python3-nbclient, jupyter-nbconvert, ...).\n"
    )
    sys.exit(2)


class Failure:
    def __init__(self, where, reason, source="", stderr=""):
        self.where = where  # e.g. "cell 3 (0-based), In [2]"
        self.reason = reason
        self.source = source
        self.stderr = stderr
        self.cell_index = None  # the cell at fault, where there is one

    def report(self):
        lines = [f"  {self.where}: {self.reason}"]
        if self.source:
            src = self.source.rstrip("\n").splitlines()
            lines.append("  source:")
            lines += [f"    | {line}" for line in src[:SOURCE_LINES]]
            if len(src) > SOURCE_LINES:
                lines.append(f"    | ... ({len(src) - SOURCE_LINES} more lines)")
        if self.stderr.strip():
            err = [line for line in self.stderr.rstrip("\n").splitlines() if not NOISE.search(line)]
            lines.append("  stderr:")
            lines += [f"    | {line}" for line in err[:STDERR_LINES]]
            if len(err) > STDERR_LINES:
                lines.append(f"    | ... ({len(err) - STDERR_LINES} more lines)")
        return "\n".join(lines)


def collect(args):
    """Return [(notebook path, path relative to its folder argument)], sorted per argument."""
    found, seen = [], set()
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            items = []
            for f in p.rglob("*.ipynb"):
                rel = f.relative_to(p)
                parts = rel.parts[:-1]
                if any(part in SKIP_DIRS or part.startswith(".") for part in parts):
                    continue
                items.append((f, rel))
            items.sort(key=lambda t: t[1].as_posix())
        elif p.is_file() and p.suffix == ".ipynb":
            items = [(p, Path(p.name))]
        else:
            print(f"run_notebooks.py: not a notebook or folder: {arg}", file=sys.stderr)
            sys.exit(2)
        for f, rel in items:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append((f, rel))
    return found


def display_name(path):
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def outputs_text(cell, name):
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == name
    )


def error_outputs(cell):
    msgs = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            tb = "\n".join(o.get("traceback") or [])
            msgs.append(f"{o.get('ename', '')}: {o.get('evalue', '')}\n{tb}".strip())
    return "\n".join(msgs)


def check_cell(cell, reply):
    """Return a reason string if the executed cell failed, else None."""
    reasons = []
    status = (reply or {}).get("content", {}).get("status")
    if status in ("error", "aborted"):
        content = reply["content"]
        ename, evalue = content.get("ename") or "", content.get("evalue") or ""
        detail = f" ({ename}: {evalue})" if status == "error" and (ename or evalue) else ""
        reasons.append(f"execute reply status '{status}'{detail}")
    if error_outputs(cell):
        reasons.append("error output")
    if outputs_text(cell, "stderr"):
        reasons.append("output on stderr")
    return "; ".join(reasons) or None


class StrayStderr:
    """Records stderr stream messages whose parent is not the request being run.

    nbclient drops iopub messages whose parent is not the current request. tslab
    sends a late error (a throw in a timer, an unhandled rejection) with the parent of
    the request it last saw, when the next request arrives, so without this such
    errors vanish.
    """

    def __init__(self):
        self.cell_index = None  # the cell being sent
        self.current = None  # msg_id of the request being run
        self.cell_of = {}  # msg_id -> cell index
        self.messages = []  # (cell index of the message's parent or None, text)


def watch_stray_stderr(kc):
    stray = StrayStderr()
    execute = kc.execute

    def wrapped_execute(*args, **kwargs):
        msg_id = execute(*args, **kwargs)
        stray.current = msg_id
        stray.cell_of[msg_id] = stray.cell_index
        return msg_id

    kc.execute = wrapped_execute
    channel = kc.iopub_channel
    get_msg = channel.get_msg

    async def wrapped_get_msg(*args, **kwargs):
        msg = await ensure_async(get_msg(*args, **kwargs))
        content = msg.get("content", {})
        parent = msg.get("parent_header", {}).get("msg_id")
        if (
            msg.get("msg_type") == "stream"
            and content.get("name") == "stderr"
            and stray.current is not None
            and parent != stray.current
        ):
            stray.messages.append((stray.cell_of.get(parent), content.get("text", "")))
        return msg

    channel.get_msg = wrapped_get_msg
    return stray


class KernelSession:
    """One tslab kernel for one notebook, running its cells one at a time.

    The reusable core of this runner (scripts/classroom/classroom.py grades with it):

        with KernelSession(nb, cwd, timeout) as session:
            failure = session.run_cell(index)               # a Failure, or None
            failure = session.run_cell(index, timeout=5)    # a per-call time limit
            failure = session.run_probe()                   # late errors after the last cell

    A cell fails as described in the module docstring. A Failure's `cell_index` is the
    cell at fault: the cell just run, or the earlier cell that a late error on stderr
    came from (None for the kernel or the probe). After a failure the next request
    waits PROBE_DELAY_S, so that tslab does not abort it. After a timeout or a dead
    kernel, `broken` is True: the kernel is stuck or gone, start a new session.
    Raises NoSuchKernel, RuntimeError or TimeoutError when the kernel does not start.
    """

    def __init__(self, nb, cwd, timeout, kernel_kwargs=None):
        self.nb = nb
        self.kernel_kwargs = kernel_kwargs or {}  # passed to the kernel's Popen (env, preexec_fn, stderr)
        self.timeout = timeout
        self.replies = {}
        self.broken = False
        self._pause = False

        def on_cell_executed(cell, cell_index, execute_reply):
            self.replies[cell_index] = execute_reply

        self.client = NotebookClient(
            nb,
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            startup_timeout=60,
            resources={"metadata": {"path": str(cwd)}},
            on_cell_executed=on_cell_executed,
        )
        self._context = None
        self.stray = None

    def __enter__(self):
        self._context = self.client.setup_kernel(**self.kernel_kwargs)
        self._context.__enter__()
        try:
            info = self.client.wait_for_reply(self.client.kc.kernel_info())
            if info and "language_info" in info["content"]:
                self.nb.metadata["language_info"] = info["content"]["language_info"]
            self.stray = watch_stray_stderr(self.client.kc)
        except BaseException:
            self._context.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc):
        if self.broken:
            # A stuck or broken kernel: do not wait for a graceful shutdown.
            self.client.shutdown_kernel = "immediate"
        return self._context.__exit__(*exc)

    def run_cell(self, index, timeout=None):
        """Execute nb.cells[index]; return a Failure or None."""
        return self._run(index, self.nb.cells[index], timeout, is_probe=False)

    def run_probe(self):
        """Run an invisible cell after a pause, so that a late error of the last cell is caught."""
        probe = nbformat.v4.new_code_cell("undefined;")
        self.nb.cells.append(probe)
        try:
            return self._run(len(self.nb.cells) - 1, probe, None, is_probe=True)
        finally:
            self.nb.cells.pop()

    def _run(self, index, cell, timeout, is_probe):
        client, stray, nb = self.client, self.stray, self.nb
        if cell.cell_type != "code" or not cell.source.strip():
            return None
        if is_probe or self._pause:
            time.sleep(PROBE_DELAY_S)  # let late timer/promise errors surface; let tslab recover
        timeout = timeout or self.timeout
        client.timeout = timeout
        reason = None
        stray.cell_index = index
        try:
            client.execute_cell(
                cell,
                index,
                execution_count=None if is_probe else client.code_cells_executed + 1,
                store_history=not is_probe,
            )
        except CellTimeoutError:
            reason = f"timed out after {timeout} s (--timeout)"
            self.broken = True
        except DeadKernelError:
            reason = "the kernel died"
            self.broken = True
        except CellExecutionError:
            pass  # check_cell reports the reply status and stderr
        reason = "; ".join(r for r in (reason, check_cell(cell, self.replies.get(index))) if r) or None
        failure = None
        if not reason and stray.messages:
            # stderr sent on behalf of an earlier cell: tslab flushes a late error
            # (timer, un-awaited promise) when the next request arrives.
            origin, text = stray.messages[0]
            late = f"cell {index}" if not is_probe else "the end-of-notebook probe"
            stderr = "".join(t for _, t in stray.messages)
            stray.messages.clear()
            if origin is not None and origin < len(nb.cells) and not (is_probe and origin == index):
                failure = Failure(
                    f"cell {origin} (0-based)",
                    f"late error on stderr (a timer or un-awaited promise?), delivered when {late} ran",
                    nb.cells[origin].source,
                    stderr,
                )
                failure.cell_index = origin
            else:
                failure = Failure("kernel", f"stderr output outside any cell, delivered when {late} ran", "", stderr)
        elif reason:
            if is_probe:
                where = "after the last cell (a late timer or un-awaited promise?)"
            else:
                count = cell.get("execution_count")
                where = f"cell {index} (0-based)" + (f", In [{count}]" if count else "")
            failure = Failure(
                where,
                reason,
                "" if is_probe else cell.source,
                outputs_text(cell, "stderr") + error_outputs(cell),
            )
            failure.cell_index = None if is_probe else index
        self._pause = failure is not None
        return failure


def run_notebook(path, timeout):
    """Execute one notebook; return (executed notebook, Failure or None)."""
    nb = nbformat.read(str(path), as_version=4)
    failure = None
    try:
        with KernelSession(nb, path.resolve().parent, timeout) as session:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                failure = session.run_cell(index)
                if failure:
                    break
            else:
                failure = session.run_probe()
            if failure:
                # A stuck or broken kernel: do not wait for a graceful shutdown.
                session.broken = True
    except NoSuchKernel:
        failure = Failure("kernel", f"no kernel spec '{KERNEL_NAME}' in {JUPYTER_LOCAL}: run `npm run setup`")
    except (RuntimeError, TimeoutError) as e:  # e.g. the kernel did not start in time
        failure = Failure("kernel", f"did not start or broke: {type(e).__name__}: {e}")
    return nb, failure


def notebook_bytes(nb):
    """The size of the executed notebook as written to disk."""
    return len(nbformat.writes(nb).encode("utf-8"))


def check_executed(nb, max_mb):
    """A Failure if the executed notebook is too heavy or carries plotly.js outside its first code cell."""
    size = notebook_bytes(nb)
    if size > max_mb * 1e6:
        return Failure("notebook", f"the executed notebook weighs {size / 1e6:.2f} MB, more than {max_mb} MB")
    code = [(i, cell) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    carried = plots = False
    for position, (index, cell) in enumerate(code):
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            carried = carried or (position == 0 and PLOTLY_CARRIER_CLASS in html)
            plots = plots or 'class="rlvr-plot"' in html
            if position > 0 and (PLOTLY_CARRIER_CLASS in html or len(html.encode("utf-8")) > MAX_PLOT_OUTPUT_BYTES):
                failure = Failure(
                    f"cell {index} (0-based)",
                    f"its output carries plotly.js ({len(html) / 1e6:.1f} MB of HTML): only the first code "
                    "cell may (loadPlotly()); plots must reference window.Plotly",
                    cell.source,
                )
                failure.cell_index = index
                return failure
    if plots and not carried:
        return Failure("notebook", "it shows plots but its first code cell does not load plotly.js: call loadPlotly() there")
    return None


def html_exporter():
    """nbconvert's lab page, with the code of cells marked jupyter.source_hidden folded (scripts/nbconvert-templates/rlvr)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="rlvr", extra_template_basedirs=[str(TEMPLATES)])


def write_outputs(nb, rel, out_dir, html, sources):
    target = (out_dir / rel).resolve()
    if target in sources:
        print(f"run_notebooks.py: refusing to overwrite source notebook {target}", file=sys.stderr)
        sys.exit(2)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    if html:
        body, _ = html_exporter().from_notebook_node(nb, resources={"metadata": {"name": target.stem}})
        target.with_suffix(".html").write_text(body, encoding="utf-8")


def main(argv=None):
    # On SIGTERM, unwind normally so that each running kernel is shut down (a tslab
    # kernel outlives a client that dies without shutting it down).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="notebook files or folders")
    ap.add_argument("--timeout", type=int, default=300, help="per-cell timeout in seconds (default 300)")
    ap.add_argument("--output-dir", type=Path, help="write executed notebooks here")
    ap.add_argument("--html", action="store_true", help="with --output-dir, also write nbconvert HTML")
    ap.add_argument("--max-mb", type=float, default=5, help="largest executed notebook in MB (default 5)")
    args = ap.parse_args(argv)
    if args.html and not args.output_dir:
        ap.error("--html needs --output-dir")

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        print(f"run_notebooks.py: no '{KERNEL_NAME}' kernel spec in {JUPYTER_LOCAL}; run `npm run setup`", file=sys.stderr)
        return 2

    notebooks = collect(args.paths)
    if not notebooks:
        print(f"run_notebooks.py: no notebooks found in {' '.join(args.paths)}", file=sys.stderr)
        return 2
    sources = {p.resolve() for p, _ in notebooks}

    passed = failed = 0
    for path, rel in notebooks:
        name = display_name(path)
        t0 = time.monotonic()
        nb, failure = run_notebook(path, args.timeout)
        elapsed = time.monotonic() - t0
        failure = failure or check_executed(nb, args.max_mb)
        if failure is None:
            passed += 1
            print(f"PASS {name} ({elapsed:.1f}s, {notebook_bytes(nb) / 1e6:.1f} MB)", flush=True)
        else:
            failed += 1
            print(f"FAIL {name}", flush=True)
            print(failure.report(), flush=True)
        if args.output_dir:
            write_outputs(nb, rel, args.output_dir, args.html, sources)

    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
