#!/usr/bin/env bash
# Install the Debian packages foia-archive needs, or say exactly how to.
#   scripts/system-deps.sh            tesseract (demo)
#   scripts/system-deps.sh --test     + chromium, poppler, redis-server, Liberation fonts, LibreOffice, nginx (tests;
#                                     the sample generator draws its scans with Liberation)
set -eu
packages="tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd fonts-dejavu-core"
if [ "${1:-}" = "--test" ]; then
  packages="$packages chromium poppler-utils redis-server fonts-liberation libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui nginx"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "foia-archive needs these Debian packages:$missing" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
  echo "then run the same make command again." >&2
  exit 1
fi
echo "Installing Debian packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
