#!/usr/bin/env bash
# Set up everything the notebooks, tests and figures need. Idempotent: a second run
# with nothing to do prints nothing and takes about a second.
#
#   1. npm packages (npm ci on a fresh clone, npm install when the lock changed)
#   2. Jupyter from Debian's packages, serving /usr/bin/python3 (nothing from PyPI)
#   3. optional: Chromium and Plotly's font, for static figure export
#      (--with-chromium or RLVR_NEED_CHROMIUM=1)
#   3b. optional: pyflakes3, the Python checker of npm test (RLVR_NEED_PYFLAKES=1)
#   4. the tslab kernel spec, kept inside the repo in .jupyter-local/kernels/tslab;
#      use it with JUPYTER_PATH=<repo>/.jupyter-local
#   5. the lib: tsc -b lib (incremental)
#   6. plotly.js minified once (esbuild), cached in node_modules/.cache/rlvr-backtracking
#
# Usage: scripts/setup.sh [--with-chromium]     (from any directory)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WITH_CHROMIUM="${RLVR_NEED_CHROMIUM:-0}"
for arg in "$@"; do
  case "$arg" in
    --with-chromium) WITH_CHROMIUM=1 ;;
    -h|--help)
      sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "setup: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

JUPYTER_DEBS=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-notebook)
CHROMIUM_DEBS=(chromium fonts-open-sans)
WITH_PYFLAKES="${RLVR_NEED_PYFLAKES:-0}"
PY=/usr/bin/python3

say() { echo "setup: $*"; }

is_root() { [ "$(id -u)" -eq 0 ]; }

APT_UPDATED=0
apt_install() {
  # apt_install PKG... : install Debian packages (root only), updating the lists once.
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

deb_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# --- 1. npm packages ---------------------------------------------------------
ensure_npm() {
  local stamp=node_modules/.package-lock.json
  if [ ! -d node_modules ]; then
    if [ -f package-lock.json ]; then
      say "npm ci"
      npm ci --no-audit --no-fund
    else
      say "npm install"
      npm install --no-audit --no-fund
    fi
  elif [ ! -f "$stamp" ] || [ ! -x node_modules/.bin/tslab ] \
      || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ] \
      || [ lib/package.json -nt "$stamp" ]; then
    say "npm install (package.json or package-lock.json changed)"
    npm install --no-audit --no-fund
  else
    return 0
  fi
  # npm may write package-lock.json after its hidden lockfile: mark node_modules as
  # current so the next run does not install again.
  touch "$stamp"
  # npm 11 skips unapproved install scripts; tslab's zeromq runs from its prebuilt
  # binaries anyway. Check that it loads, since the kernel cannot start without it.
  if ! node -e 'require(require.resolve("zeromq", {paths: [require.resolve("tslab")]}))' 2>/dev/null; then
    echo "setup: warning: zeromq (needed by the tslab kernel) does not load" >&2
  fi
}

# --- 2. Jupyter from Debian ----------------------------------------------------
jupyter_ok() {
  [ -x "$PY" ] && "$PY" -c 'import nbclient, nbconvert, jupyter_client, ipykernel, notebook' 2>/dev/null
}

ensure_jupyter() {
  jupyter_ok && return 0
  if ! is_root; then
    echo "setup: Jupyter for $PY is missing. Install Debian's packages, then run setup again:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${JUPYTER_DEBS[*]}" >&2
    exit 1
  fi
  apt_install "${JUPYTER_DEBS[@]}"
  if ! jupyter_ok; then
    echo "setup: $PY still cannot import nbclient, nbconvert, jupyter_client, ipykernel, notebook" >&2
    exit 1
  fi
}

# --- 3. Chromium for static figure export (optional) --------------------------
ensure_chromium() {
  local missing=() p
  for p in "${CHROMIUM_DEBS[@]}"; do
    deb_installed "$p" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! is_root; then
    echo "setup: static figure export needs Debian's ${missing[*]}:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt_install "${missing[@]}"
}

# --- 3b. bubblewrap, the classroom grader's sandbox -------------------------------
ensure_bubblewrap() {
  command -v bwrap >/dev/null 2>&1 && return 0
  if ! is_root; then
    echo "setup: warning: grading assignments needs Debian's bubblewrap (its sandbox):" >&2
    echo "  sudo apt-get update && sudo apt-get install -y bubblewrap" >&2
    return 0
  fi
  apt_install bubblewrap
}

# --- 3c. pyflakes3 for npm test's check of the Python scripts (optional) -----------
ensure_pyflakes() {
  command -v pyflakes3 >/dev/null && return 0
  if ! is_root; then
    echo "setup: npm test checks the Python scripts with Debian's pyflakes3:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y pyflakes3" >&2
    exit 1
  fi
  apt_install pyflakes3
}

# --- 4. tslab kernel spec inside the repo --------------------------------------
ensure_kernelspec() {
  local dir want
  # The kernel's name is the one the library and the scripts share.
  dir="$ROOT/.jupyter-local/kernels/$(node -p 'require(process.argv[1]).kernelName' "$ROOT/lib/src/shared-names.json")"
  want="$(REPO_ROOT="$ROOT" node -e '
    const fs = require("fs");
    const root = JSON.stringify(process.env.REPO_ROOT).slice(1, -1);
    process.stdout.write(fs.readFileSync(process.argv[1], "utf8").split("@REPO_ROOT@").join(root));
  ' "$ROOT/scripts/kernel/kernel.json.in")"
  if [ -f "$dir/kernel.json" ] && [ "$(cat "$dir/kernel.json")" = "$want" ]; then
    return 0
  fi
  mkdir -p "$dir"
  printf '%s\n' "$want" > "$dir/kernel.json"
  say "wrote kernel spec $dir/kernel.json"
}

# --- 5. the lib -----------------------------------------------------------------
build_lib() {
  node_modules/.bin/tsc -b lib
}

# --- 6. plotly.js, minified once ---------------------------------------------------
# The notebooks and the figure pages inline plotly.js; the minified copy is a third of
# the size. Cached under the version of plotly.js (the lib's minifiedPlotlyPath()).
minify_plotly() {
  local src out
  src="$(node -p 'require.resolve("plotly.js-dist/plotly.js")')"
  out="$(dirname "$(dirname "$src")")/.cache/rlvr-backtracking/plotly-$(node -p 'require("plotly.js-dist/package.json").version').min.js"
  [ -f "$out" ] && return 0
  say "minifying plotly.js into $out"
  mkdir -p "$(dirname "$out")"
  # Keep plotly's copyright header (the minifier drops comments that are not marked legal).
  node_modules/.bin/esbuild "$src" --minify --charset=utf8 --log-level=warning \
    --banner:js="$(sed -n '1,/\*\//p' "$src" | sed '1s|^/\*\*|/*!|')" --outfile="$out.tmp"
  mv "$out.tmp" "$out"
}

ensure_npm
ensure_jupyter
ensure_bubblewrap
if [ "$WITH_CHROMIUM" = "1" ]; then
  ensure_chromium
fi
if [ "$WITH_PYFLAKES" = "1" ]; then
  ensure_pyflakes
fi
ensure_kernelspec
build_lib
minify_plotly
