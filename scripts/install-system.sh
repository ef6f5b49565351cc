#!/usr/bin/env bash
# Install the Debian packages the tests use, only those missing. Idempotent; needs root (CI runs it as root).
#   chromium                    headless browser for the page tests (tests/test_viz_browser.py)
#   libreoffice-writer(-nogui)  converts text to PDF and DOCX for the input-format tests (tests/test_formats.py)
#   fonts-noto-cjk              Chinese glyphs in those PDFs (without it the Chinese text has no text layer)
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(writer)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
packages=()
for name in "${missing[@]}"; do
    if [ "$name" = writer ]; then
        # The no-GUI build is smaller; older Debian releases only have the full one.
        if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
            name=libreoffice-writer-nogui
        else
            name=libreoffice-writer
        fi
    fi
    packages+=("$name")
done
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
