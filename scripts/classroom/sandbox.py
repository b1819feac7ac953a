"""Where a student's notebook runs: a bubblewrap sandbox holding the notebook runner and its kernel.

The runner (inside.py) and the tslab kernel (kernel.js) run together inside one sandbox,
because tslab's sockets need TCP on a loopback interface: `bwrap --unshare-net` gives the
sandbox its own loopback and no other network. The sandbox

  - runs as user `nobody` (65534) when the grader is root (setpriv), in its own user,
    mount, PID, IPC, UTS and network namespaces, with no capabilities, in a new session;
  - sees read-only: the system (/usr, /etc), the project's node_modules (tslab, the
    library's dependencies, type declarations) at /classroom/node_modules, a library
    build for the task (strip.js: functions the task forbids have no code in it) at
    /work/node_modules/rlvr-backtracking, the runner's own files at /grader, and the
    student's folder at /submission;
  - sees writable: a private /tmp and /work (memory file systems, gone afterwards) and
    /io, a fresh folder per run: the job in, the status and the student's answers out;
  - sees nothing else: no repository (sources, .git, lib/src), no other submission, no
    home folder, no network.
It is killed with the worker that started it (--die-with-parent, and the worker kills
its process group on SIGTERM, SIGINT, SIGHUP, or when the grader dies).

Without bubblewrap (a student's own machine, `validate`) the same runner runs in a
scratch folder, with no isolation: `sandboxed` says which.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from run_notebooks import KERNEL_NAME  # scripts/ is on the path of every user of this module

HERE = Path(__file__).resolve().parent
NOBODY = 65534
RUNNER_FILES = ["inside.py", "kernel.js", "codec.js"]

_groups = set()  # process groups of live sandboxes


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    _groups.discard(pgid)


def kill_all(*_):
    for pgid in list(_groups):
        kill_group(pgid)


def die_with_parent(sig):
    """In a child before exec: receive sig when the parent dies (Linux PR_SET_PDEATHSIG)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, sig)
    except (OSError, AttributeError):
        pass


def install_signal_handlers():
    """Kill every sandbox, then exit, on SIGTERM, SIGINT and SIGHUP."""

    def handler(signum, frame):
        kill_all()
        sys.exit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, handler)


def library_package(root, name):
    """The built library package as node resolves it from root (its real folder)."""
    path = Path(root) / "node_modules" / name
    if not (path / "package.json").is_file():
        raise FileNotFoundError(f"{path} not found: run `npm install` (and `npm run build`)")
    return path.resolve()


def runner_script():
    """run_notebooks.py: next to this folder in the repository, in tools/ in the student package."""
    return HERE.parent / "run_notebooks.py"


def bubblewrap_problem():
    """None when bubblewrap can start a sandbox here, else why not."""
    if not shutil.which("bwrap"):
        return "bubblewrap (bwrap) is not installed: run `npm run setup` (it installs Debian's bubblewrap)"
    try:
        probe = subprocess.run(wrap(["/bin/true"], []), capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap did not start: {e}"
    if probe.returncode != 0:
        return f"bubblewrap cannot create its namespaces here: {probe.stderr.strip()[:300]}"
    return None


def wrap(command, mounts, env=None):
    """The bwrap command line running `command` with the given extra mounts."""
    prefix = []
    if os.geteuid() == 0 and shutil.which("setpriv"):
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    args = [
        "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
        "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
    ]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        target = Path("/") / name
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    if os.geteuid() != 0:
        args += ["--uid", str(NOBODY), "--gid", str(NOBODY)]
    args += mounts
    for key, value in (env or {}).items():
        args += ["--setenv", key, value]
    return prefix + args + ["--"] + command


def kernel_spec(folder, node, kernel_js):
    target = Path(folder) / "kernels" / KERNEL_NAME
    target.mkdir(parents=True)
    spec = {"argv": [node, str(kernel_js), "kernel", "--config-path", "{connection_file}"],
            "display_name": "TypeScript (tslab, graded)", "language": "typescript"}
    (target / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def open_to_nobody(path):
    """Let the sandbox's user read (and, for folders it writes, write) what the grader made."""
    for folder, dirs, files in os.walk(path):
        os.chmod(folder, 0o777)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o666)


FILE_LIMIT = 10 * 1024 * 1024


def copy_folder(folder, target):
    """A copy of the student's folder (its files up to 10 MB each, no links) that the sandbox's user may read."""
    target.mkdir(mode=0o755)
    for path in Path(folder).iterdir():
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= FILE_LIMIT:
            shutil.copy2(path, target / path.name)
            (target / path.name).chmod(0o644)
    return target


class Sandbox:
    """Runs one assembled notebook (inside.py) and returns what came out, as data."""

    def __init__(self, root, sandboxed=True):
        self.root = Path(root)
        self.sandboxed = sandboxed

    def run(self, job, calls, library_dir, submission_dir, deadline_s):
        """(status, {check id: [answer lines]}): status as inside.py writes it."""
        io = Path(tempfile.mkdtemp(prefix="classroom-io-"))
        scratch = None
        try:
            (io / "results").mkdir()
            (io / "job.json").write_text(json.dumps(job), encoding="utf-8")
            (io / "calls.json").write_text(json.dumps(calls), encoding="utf-8")
            node = shutil.which("node") or "node"
            env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "CLASSROOM_IO": "/io",
                   "NODE_PATH": "/classroom/node_modules", "HOME": "/tmp/home",
                   "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "JUPYTER_DATA_DIR": "/tmp/jupyter-data",
                   "JUPYTER_CONFIG_DIR": "/tmp/jupyter-config"}
            if self.sandboxed:
                kernel_spec(io / "jupyter", node, "/grader/kernel.js")
                open_to_nobody(io)
                mounts = ["--tmpfs", "/grader"]
                for name in RUNNER_FILES:
                    mounts += ["--ro-bind", str(HERE / name), f"/grader/{name}"]
                mounts += ["--ro-bind", str(runner_script()), "/grader/run_notebooks.py",
                           "--ro-bind", str(self.root / "node_modules"), "/classroom/node_modules",
                           "--tmpfs", "/work",
                           "--ro-bind", str(library_dir), "/work/node_modules/rlvr-backtracking",
                           "--bind", str(io), "/io", "--chdir", "/work"]
                types = self.root / "node_modules" / "@types"
                if types.is_dir():
                    mounts += ["--ro-bind", str(types.resolve()), "/work/node_modules/@types"]
                if submission_dir and Path(submission_dir).is_dir():
                    mounts += ["--ro-bind", str(copy_folder(submission_dir, io.parent / (io.name + "-submission"))), "/submission"]
                if not node.startswith("/usr/"):
                    mounts += ["--ro-bind", str(Path(node).parent), str(Path(node).parent)]
                command = wrap(["/usr/bin/python3", "/grader/inside.py"], mounts, env)
                cwd = None
                env = None
            else:
                kernel_spec(io / "jupyter", node, str(HERE / "kernel.js"))
                scratch = Path(tempfile.mkdtemp(prefix="classroom-work-"))
                (scratch / "node_modules").mkdir()
                (scratch / "node_modules" / "rlvr-backtracking").symlink_to(library_dir, target_is_directory=True)
                types = self.root / "node_modules" / "@types"
                if types.is_dir():
                    (scratch / "node_modules" / "@types").symlink_to(types.resolve(), target_is_directory=True)
                env.update(CLASSROOM_IO=str(io), NODE_PATH=str(self.root / "node_modules"),
                           HOME=str(scratch / "home"), PATH=os.environ.get("PATH", env["PATH"]))
                for key in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR"):
                    env[key] = str(scratch / key.lower())
                command = [sys.executable, str(HERE / "inside.py")]
                cwd = str(scratch)
            proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, preexec_fn=lambda: die_with_parent(signal.SIGKILL))
            _groups.add(proc.pid)
            try:
                output, _ = proc.communicate(timeout=deadline_s)
            except subprocess.TimeoutExpired:
                kill_group(proc.pid)
                proc.communicate()
                return {"started": False, "error": f"the sandbox did not finish within {deadline_s:.0f} s", "notes": [], "checks": {}}, {}
            finally:
                kill_group(proc.pid)
            status_file = io / "status.json"
            if not status_file.is_file():
                tail = output.decode("utf-8", "replace").strip().splitlines()[-3:]
                return {"started": False, "error": f"the sandbox ended without a report (exit {proc.returncode}): {' | '.join(tail)[:500]}",
                        "notes": [], "checks": {}}, {}
            status = json.loads(status_file.read_text(encoding="utf-8"))
            return status, read_results(io / "results", list(calls))
        finally:
            shutil.rmtree(io, ignore_errors=True)
            shutil.rmtree(io.parent / (io.name + "-submission"), ignore_errors=True)
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)


RESULTS_LIMIT = 200 * 1024 * 1024


def read_results(folder, checks):
    """{check id: [answer dicts]} from the kernel's answer files (lines that are not JSON end a file)."""
    out = {}
    for check in checks:
        path = folder / f"{check}.jsonl"
        lines = []
        try:
            if path.stat().st_size > RESULTS_LIMIT:
                out[check] = [{"threw": "the answers were too large to read (over 200 MB)"}]
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        for line in text.splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                break
            if not isinstance(item, dict) or not ("value" in item or "threw" in item):
                break
            lines.append(item)
        out[check] = lines
    return out
