#!/usr/bin/python3
"""Runs inside the sandbox (sandbox.py): one assembled notebook in a tslab kernel, cell by cell.

Reads $CLASSROOM_IO/job.json ({notebook, checks: {cell index: check id}, labels, timeout,
memory}) and writes $CLASSROOM_IO/status.json:

  {"started": bool, "error": str, "notes": [...], "checks": {check id: why its cell failed}}

The kernel is kernel.js (tslab, built-ins restored around every cell); the checks' cells
call classroomEvaluate, which writes the student's answers to $CLASSROOM_IO/results/.
Nothing here decides a grade. Limits:
  - CPU time, not wall clock: a cell that uses more than `timeout` seconds of the
    kernel's CPU time is stopped (a busy machine slows a cell down but does not fail
    it); a cell still running after WALL_FACTOR times that on the wall clock is stopped
    too (it is waiting for something that never comes);
  - the kernel's heap (--max-old-space-size) and address space (RLIMIT_AS).
After a stopped cell or a dead kernel, a fresh kernel re-runs the earlier cells that
succeeded (check cells excepted); a kernel that died without a reason of the student's
(no memory error, not stopped for time) gets one more try at the same cell.
"""

import json
import os
import re
import resource
import signal
import sys
import threading
from pathlib import Path

IO = Path(os.environ["CLASSROOM_IO"])
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run_notebooks.py: scripts/ (repository), tools/ (package)
sys.path.insert(0, str(Path(__file__).resolve().parent))  # /grader in the sandbox

import nbformat  # noqa: E402
import run_notebooks as runner  # noqa: E402

os.environ["JUPYTER_PATH"] = str(IO / "jupyter")  # the grader's kernel spec only (run_notebooks prepends its own)
from jupyter_client.kernelspec import NoSuchKernel  # noqa: E402

WALL_FACTOR = 10
OOM = ("heap limit", "Allocation failed", "out of memory", "Cannot allocate", "std::bad_alloc")
TICKS = os.sysconf("SC_CLK_TCK")
ERROR_LINE = re.compile(r"^\s*(\w*Error\b|Uncaught|\d+:\d+ - )")


def cpu_seconds(pid):
    """User plus system CPU time of a process, in seconds (None when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


class CpuLimit:
    """Kills the kernel when a cell uses more than `limit` seconds of its CPU time."""

    def __init__(self, pid, limit):
        self.pid, self.limit, self.fired = pid, limit, False
        self.start = cpu_seconds(pid) or 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def used(self):
        now = cpu_seconds(self.pid)
        return None if now is None else now - self.start

    def _watch(self):
        while not self._stop.wait(0.1):
            used = self.used()
            if used is not None and used > self.limit:
                self.fired = True
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                return

    def stop(self):
        self._stop.set()
        self._thread.join()


def kernel_kwargs(memory_mb, stderr):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "NODE_PATH", "CLASSROOM_IO") if k in os.environ}
    env["NODE_OPTIONS"] = f"--max-old-space-size={memory_mb}"
    address_space = (memory_mb + 6144) * 1024 * 1024  # V8 reserves far more address space than it uses

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return {"env": env, "preexec_fn": limit, "stderr": stderr}


def main():
    job = json.loads((IO / "job.json").read_text(encoding="utf-8"))
    nb = nbformat.from_dict(job["notebook"])
    checks = {int(k): v for k, v in job["checks"].items()}
    labels = job["labels"]
    timeout, memory = job["timeout"], job["memory"]
    status = {"started": True, "error": "", "notes": [], "checks": {}}
    stderr = open("/tmp/kernel-stderr", "w+b")
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    succeeded = []
    session = None

    def kernel_pid():
        provisioner = getattr(getattr(session.client, "km", None), "provisioner", None)
        return getattr(provisioner, "pid", None)

    def out_of_memory():
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
        stderr.seek(0)
        stderr.truncate()
        return any(marker in text for marker in OOM)

    def record(index, reason, message):
        text = reason + (f" ({message})" if message else "")
        if index in checks:
            status["checks"][checks[index]] = text
        elif index is not None:
            status["notes"].append(f"{labels[index]} failed: {text}")
        else:
            status["notes"].append(text)

    def run(index):
        """Runs a cell; returns 'ok', 'failed' or 'died' (the kernel is gone, no reason of the student's)."""
        pid = kernel_pid()
        watch = CpuLimit(pid, timeout) if pid else None
        try:
            failure = session.run_cell(index, timeout=timeout * WALL_FACTOR)
        finally:
            used = watch.used() if watch else None
            if watch:
                watch.stop()
        reason = real_error(failure)
        if not reason:
            return "ok"
        at = failure.cell_index if failure.cell_index is not None else index
        message = error_summary(failure.stderr)
        if watch and watch.fired:
            reason = f"timed out: used more than {timeout} s of CPU time (--timeout)"
        elif reason.startswith("timed out"):
            shown = f"{used:.1f}" if used is not None else "unknown"
            reason = f"did not finish within {timeout * WALL_FACTOR} s of wall-clock time (it used {shown} s of CPU: waiting for something?)"
        elif reason == "the kernel died":
            if out_of_memory():
                reason = f"the kernel ran out of memory (limit {memory} MB, --memory)"
            elif at == index:
                return "died"
        record(at, reason, message)
        if at in succeeded:
            succeeded.remove(at)
        return "ok" if at != index else "failed"

    def start():
        nonlocal session
        session = runner.KernelSession(nb, os.getcwd(), timeout * WALL_FACTOR, kernel_kwargs(memory, stderr))
        session.client.startup_timeout = 120
        session.__enter__()

    def stop():
        nonlocal session
        if session is not None:
            session.broken = True
            pid = kernel_pid()
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                session.__exit__(None, None, None)
            except Exception:
                pass
            session = None

    try:
        for index in code:
            for attempt in (1, 2):
                if session is None:
                    start()
                    for earlier in list(succeeded):
                        run(earlier)
                        if session.broken:
                            break
                    if session.broken:
                        stop()
                        continue
                outcome = run(index)
                if outcome == "ok" and index not in checks and index not in succeeded:
                    succeeded.append(index)
                broken = session.broken
                if broken:
                    stop()
                if outcome != "died":
                    break
                if attempt == 2:
                    record(index, "the kernel died while running it, twice", "")
        if session is not None:
            reason = real_error(session.run_probe())
            if reason:
                status["notes"].append(f"after the last cell: {reason}")
    except NoSuchKernel:
        status.update(started=False, error="no tslab kernel spec in the sandbox")
    except (RuntimeError, TimeoutError) as e:
        status.update(started=False, error=f"the kernel did not start: {type(e).__name__}: {str(e)[:300]}")
    finally:
        stop()
    (IO / "status.json").write_text(json.dumps(status), encoding="utf-8")


def real_error(failure):
    """The failure's reason without "output on stderr" (warnings and logs are allowed), or None."""
    if failure is None:
        return None
    if failure.reason.startswith("late error on stderr") or failure.reason.startswith("stderr output outside"):
        return failure.reason if any(ERROR_LINE.search(line) for line in failure.stderr.splitlines()) else None
    readable = {"execute reply status 'error'": "error", "error output": "error",
                "execute reply status 'aborted'": "not run: the kernel skipped it after an earlier error"}
    parts = [p for p in failure.reason.split("; ") if p and p != "output on stderr"]
    return "; ".join(readable.get(p.split(" (")[0], p) for p in parts) or None


def error_summary(stderr, limit=3):
    """The lines of a tslab stderr report that say what went wrong."""
    lines = [line.rstrip() for line in (stderr or "").splitlines() if line.strip() and not runner.NOISE.search(line)]
    picked = [line.strip() for line in lines if ERROR_LINE.search(line)]
    text = " | ".join((picked or lines)[:limit])
    return text[:2000]


if __name__ == "__main__":
    main()
