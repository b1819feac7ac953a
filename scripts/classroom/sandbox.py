"""Where a submission runs: a scratch folder, and a kernel that cannot outlive grading.

Where the system allows it, the kernel also starts in its own user and mount namespaces
with the folders to hide (the teacher's sources, the submissions) covered by empty,
read-only file systems.

The scratch folder is a fresh temporary directory outside the repository holding only
node_modules/<library>, a link to the built library package, and node_modules/@types,
a link to the type declarations installed next to it (tslab type-checks cells with
them). The kernel runs there, in its own process group, with

  - a small environment (no JUPYTER_PATH, npm_* or PWD pointing at the repository);
  - node's heap capped (--max-old-space-size) and the address space capped
    (RLIMIT_AS), so a memory bomb ends the kernel, not the machine;
  - PR_SET_PDEATHSIG, so the kernel dies with its worker (Linux clears it when the
    kernel enters its user namespace; then the worker's group kill below covers it),
    and a worker gets SIGTERM, and kills its kernel's group, when the grader dies,
    even by SIGKILL;
  - its stderr in a file, read back to tell "out of memory" from other deaths.

Every kernel group started is killed (SIGKILL to the whole group) when grading of the
submission ends, and on SIGTERM, SIGINT and SIGHUP.
"""

import ctypes
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from run_notebooks import KERNEL_NAME  # scripts/ is on the path of every user of this module

DEFAULT_MEMORY_MB = 2048
OOM = ("heap limit", "Allocation failed", "out of memory", "Cannot allocate", "std::bad_alloc")
KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER")

_groups = set()  # process groups of live kernels


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
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, sig)
    except (OSError, AttributeError):
        pass


def install_signal_handlers():
    """Kill every kernel group, then exit, on SIGTERM, SIGINT and SIGHUP."""

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


# Run by unshare in the kernel's own user and mount namespaces: put an empty read-only
# file system over each folder to hide, then become the kernel.
HIDE_SCRIPT = 'n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o ro,size=4k none "$1" || exit 97; shift; n=$((n-1)); done; exec "$@"'
UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "--"]


def can_hide_folders():
    """Whether this system lets the grader start a kernel in its own mount namespace."""
    try:
        probe = subprocess.run(UNSHARE + ["/bin/sh", "-c", "mount -t tmpfs none /mnt 2>/dev/null || mount -t tmpfs none /tmp"],
                               capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def folders_to_hide(candidates, needed):
    """The candidate folders that contain none of the folders the kernel needs."""
    keep = [Path(n).resolve() for n in needed]
    out = []
    for c in candidates:
        c = Path(c).resolve()
        if c.is_dir() and not any(k == c or c in k.parents for k in keep) and c not in out:
            out.append(c)
    return out


class Sandbox:
    """A scratch folder and the kernel options for one submission (a context manager).

    hide: folders the kernel must not see (the teacher's sources, the submissions).
    Where the system allows it (Linux, unprivileged user namespaces or root), the kernel
    starts in its own mount namespace with each of them covered by an empty, read-only
    file system; `hidden` says whether that happened."""

    def __init__(self, root, library_name, memory_mb, hide=()):
        self.root = Path(root)
        self.library_dir = library_package(root, library_name)
        self.types_dir = Path(root) / "node_modules" / "@types"
        self.library_name, self.memory_mb = library_name, memory_mb
        self.hide, self.hidden = list(hide), False
        self.dir = self.spec_dir = None
        self.stderr = None

    def __enter__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="classroom-grade-"))
        modules = self.dir / "node_modules"
        modules.mkdir()
        (modules / self.library_name).symlink_to(self.library_dir, target_is_directory=True)
        if self.types_dir.is_dir():
            (modules / "@types").symlink_to(self.types_dir.resolve(), target_is_directory=True)
        self.stderr = tempfile.TemporaryFile(prefix="classroom-kernel-")
        from jupyter_core.paths import jupyter_runtime_dir

        needed = [self.dir, self.root, self.library_dir, self.types_dir, tempfile.gettempdir(), jupyter_runtime_dir()]
        folders = folders_to_hide(self.hide, needed)
        if folders and can_hide_folders():
            self._hiding_kernel_spec(folders)
        return self

    def _hiding_kernel_spec(self, folders):
        """A kernel spec that wraps the tslab kernel's command in HIDE_SCRIPT, found first on JUPYTER_PATH."""
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        self.spec_dir = Path(tempfile.mkdtemp(prefix="classroom-spec-"))
        target = self.spec_dir / "kernels" / KERNEL_NAME
        target.mkdir(parents=True)
        argv = UNSHARE + ["/bin/sh", "-c", HIDE_SCRIPT, "sh", str(len(folders))] + [str(f) for f in folders] + spec.argv
        (target / "kernel.json").write_text(json.dumps(
            {"argv": argv, "display_name": spec.display_name, "language": spec.language}), encoding="utf-8")
        os.environ["JUPYTER_PATH"] = str(self.spec_dir) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        self.hidden = True

    def __exit__(self, *exc):
        kill_all()
        if self.stderr:
            self.stderr.close()
        if self.spec_dir:
            os.environ["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"].split(os.pathsep, 1)[1]
            shutil.rmtree(self.spec_dir, ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def kernel_kwargs(self):
        env = {k: os.environ[k] for k in KEPT_ENV if k in os.environ}
        env["NODE_OPTIONS"] = f"--max-old-space-size={self.memory_mb}"
        # V8 reserves far more address space than it uses; the cap leaves room for that.
        address_space = (self.memory_mb + 6144) * 1024 * 1024

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
            die_with_parent(signal.SIGKILL)

        return {"env": env, "preexec_fn": limit, "stderr": self.stderr}

    def register(self, session):
        """Remember the session's kernel process group, to kill it on every exit path."""
        km = getattr(session.client, "km", None)
        provisioner = getattr(km, "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            try:
                _groups.add(os.getpgid(pid))
            except ProcessLookupError:
                pass

    def ran_out_of_memory(self):
        self.stderr.seek(0)
        text = self.stderr.read().decode("utf-8", "replace")
        return any(marker in text for marker in OOM)
