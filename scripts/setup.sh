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
# System packages: Pango and HarfBuzz-Subset (WeasyPrint lays out the PDF and subsets its fonts
# with them), LibreOffice (fills the Word
# table of contents, checks DOCX output; Calc opens the questionnaire workbooks in a test), the Liberation fonts (metric-compatible with Arial)
# poppler-utils (pdffonts, pdftotext: the tests read PDFs back) and chromium (the web front's
# browser tests drive it with Playwright), postgresql and redis-server (the tests start a real
# server of each for the database store and the job queue; neither is used as a system service).
# Installed when we may, otherwise named.
SYSTEM_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui fonts-liberation poppler-utils chromium postgresql redis-server"
missing_system() {
    ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || { echo libpango-1.0-0; }
    ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || { echo libpangoft2-1.0-0; }
    ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || { echo libharfbuzz-subset0; }
    command -v soffice >/dev/null 2>&1 || { echo libreoffice-writer-nogui; }
    [ -e /usr/lib/libreoffice/program/libsclo.so ] || { echo libreoffice-calc-nogui; }
    [ -e /usr/lib/libreoffice/program/libsdlo.so ] || { echo libreoffice-impress-nogui; }
    fc-list 2>/dev/null | grep -qi "liberation sans" || { echo fonts-liberation; }
    command -v pdffonts >/dev/null 2>&1 || { echo poppler-utils; }
    command -v chromium >/dev/null 2>&1 || { echo chromium; }
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { echo postgresql; }
    command -v redis-server >/dev/null 2>&1 || { echo redis-server; }
}
MISSING=$(missing_system | tr '\n' ' ')
if [ -n "$MISSING" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "masterplan setup: memasang paket sistem: $MISSING"
        # shellcheck disable=SC2086
        { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $MISSING >/dev/null; } ||
            echo "masterplan setup: pemasangan $MISSING gagal; pasang manual: apt-get install $MISSING" >&2
    else
        echo "masterplan setup: paket sistem belum terpasang: $MISSING" >&2
        echo "  Debian/Ubuntu: sudo apt-get install $SYSTEM_PACKAGES" >&2
        echo "  Tanpa Pango, PDF tidak dapat disusun; tanpa LibreOffice, daftar isi Word diisi saat" >&2
        echo "  dokumen dibuka dan uji LibreOffice dilewati; tanpa chromium, uji peramban dilewati;" >&2
        echo "  tanpa postgresql atau redis-server, uji penyimpanan PostgreSQL dan antrean Redis gagal" >&2
        echo "  dengan alasannya." >&2
    fi
fi

# The web forms' grid (Tabulator) comes from the npm registry, pinned in package-lock.json, and is
# bundled with only the modules the forms use into templates/web/static/vendor/.
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "masterplan setup: memasang paket sistem: nodejs npm"
        { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; } || true
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "masterplan setup: npm (Node.js) tidak ditemukan; npm memasang tabel isian formulir web." >&2
        echo "  Debian/Ubuntu: sudo apt-get install nodejs npm" >&2
        exit 1
    fi
fi
if ! { npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build >/dev/null; }; then
    echo "masterplan setup: npm ci gagal; tabel isian formulir web tidak dapat dipasang (lihat pesan npm di atas)." >&2
    exit 1
fi

"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
echo "masterplan setup: siap ($VENV)."
