#!/usr/bin/env bash
# Debian packages the tests and document tools need (STACK.md). Installs them with apt when
# running as root; otherwise names what is missing and stops.
set -euo pipefail
PACKAGES=(
  poppler-utils tesseract-ocr tesseract-ocr-swe ghostscript qpdf unpaper pngquant
  chromium fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0
  libharfbuzz-subset0 gettext antiword nginx openssl
)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "These Debian packages are missing / Dessa Debianpaket saknas:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
