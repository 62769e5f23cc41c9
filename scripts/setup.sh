#!/usr/bin/env bash
# Create .venv (Python 3.11) and install the pinned dependency set; where it
# runs as root on Debian, install the optional system tools too: the OCR
# engine (ocrmypdf, Tesseract's French model) that reads scanned PDFs, and the
# PDF producers the tests render fixtures with (Chromium, LibreOffice Writer,
# poppler). The main job works without them: a scan is then 'needs_ocr'.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

SYSTEM_PACKAGES="ocrmypdf tesseract-ocr-fra poppler-utils chromium libreoffice-writer fonts-dejavu-core"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 \
        && [ "${CALPAE_SKIP_SYSTEM_PACKAGES:-}" != "1" ]; then
    missing=""
    for package in $SYSTEM_PACKAGES; do
        dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        echo "installing system packages:$missing"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends $missing) >/dev/null \
            || echo "warning: could not install$missing (OCR and PDF fixtures may be missing)" >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c constraints.txt -e ".[dev]"
# The project's own modules compiled once: an editable install leaves them
# uncompiled, and where PYTHONDONTWRITEBYTECODE is set (or the checkout is
# read-only) every process would compile them again as it imports them: the
# run's process and each worker reading documents (about 0.5 CPU-s each).
.venv/bin/python -m compileall -q calpae bench >/dev/null
