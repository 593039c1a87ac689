#!/bin/sh
# Create the virtual environment and install masterplan with its dev tools.
# Usage: scripts/setup.sh PYTHON VENV
set -eu
PYTHON=${1:-python3}
VENV=${2:-.venv}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "masterplan setup: $PYTHON tidak ditemukan. Pasang Python 3.11 atau lebih baru" >&2
    echo "  (Debian/Ubuntu: apt-get install python3 python3-venv)." >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "masterplan setup: perlu Python >= 3.11, yang ada: $("$PYTHON" --version 2>&1)." >&2
    exit 1
fi
if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    echo "masterplan setup: modul venv tidak tersedia untuk $PYTHON." >&2
    echo "  Debian/Ubuntu: apt-get install python3-venv" >&2
    rm -rf "$VENV"
    exit 1
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
echo "masterplan setup: siap ($VENV)."
