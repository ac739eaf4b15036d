#!/usr/bin/env bash
# deps.sh — install what formaudit needs on Debian 12, only what is missing.
# Usage: scripts/deps.sh [build|test]   (test adds the tools the test suite drives)
set -euo pipefail
# OCR of scans (formaudit-ocr.so): Tesseract, leptonica, French and English models;
# cairo renders scanned PDF pages for it.
build_pkgs=(build-essential cmake pkg-config libzip-dev libxml2-dev libpcre2-dev
            libjansson-dev libpoppler-glib-dev libcairo2-dev libqpdf-dev libglib2.0-dev zlib1g-dev
            libicu-dev check
            libtesseract-dev libleptonica-dev tesseract-ocr-fra tesseract-ocr-eng)
test_pkgs=(python3 python3-docx python3-jsonschema libreoffice-writer-nogui poppler-utils libxml2-utils unzip zip
           chromium clang clang-format libclang-rt-14-dev valgrind tesseract-ocr)
pkgs=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && pkgs+=("${test_pkgs[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "formaudit: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
