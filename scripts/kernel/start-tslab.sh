#!/usr/bin/env bash
# Starts the project's own tslab (node_modules/.bin/tslab) as a Jupyter kernel.
#
# Jupyter runs this through .jupyter-local/kernels/tslab/kernel.json, which
# scripts/setup.sh writes from scripts/kernel/kernel.json.in. Consumers find that
# kernel spec with JUPYTER_PATH=<repo>/.jupyter-local (scripts/start.sh and
# scripts/run_notebooks.py set it), so nothing goes into system-wide Jupyter folders.
#
# The working directory is left as Jupyter sets it (the notebook's folder): tslab
# compiles relative to it, and `import ... from "rlvr-backtracking"` resolves through
# <repo>/node_modules, where npm links the lib workspace.
#
# Usage: start-tslab.sh CONNECTION_FILE
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 CONNECTION_FILE" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TSLAB="$ROOT/node_modules/.bin/tslab"
if [ ! -x "$TSLAB" ]; then
  echo "start-tslab.sh: $TSLAB not found; run 'npm run setup' in $ROOT" >&2
  exit 1
fi

exec "$TSLAB" kernel --config-path "$1"
