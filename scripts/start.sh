#!/usr/bin/env bash
# Open the notebooks in Jupyter Notebook (classic, from Debian), on 127.0.0.1 only,
# with the repo's tslab kernel spec (.jupyter-local) on JUPYTER_PATH.
# `npm start` runs scripts/setup.sh first. Extra arguments go to Jupyter, e.g.
#   npm start -- --port 8890
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JUPYTER_PATH="$ROOT/.jupyter-local${JUPYTER_PATH:+:$JUPYTER_PATH}"
# Silence debugpy's "frozen modules" warning from Debian's Python 3.11.
export PYDEVD_DISABLE_FILE_VALIDATION=1

ARGS=(--no-browser --ip=127.0.0.1 --notebook-dir="$ROOT/notebooks")
# Jupyter refuses to run as root without this (CI and these machines run as root).
if [ "$(id -u)" -eq 0 ]; then
  ARGS+=(--allow-root)
fi

cd "$ROOT/notebooks"
exec /usr/bin/python3 -m notebook "${ARGS[@]}" "$@"
