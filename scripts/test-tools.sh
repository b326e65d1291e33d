#!/usr/bin/env bash
# The programs some tests drive: Chromium and its driver (tests/test_browser.py),
# poppler-utils' pdftotext (tests/test_pdftext.py) and LibreOffice Calc (workbooks saved
# by LibreOffice: tests/test_spreadsheet.py, tests/test_opendata.py). Installed with apt-get when this runs
# as root on Debian; otherwise the tests that need them are skipped and say why.
# NCCT_NO_APT=1 never installs anything.
set -uo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ -z "${NCCT_NO_APT:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the browser, PDF-text and LibreOffice tests: ${missing[*]} (apt-get; NCCT_NO_APT=1 to skip)" >&2
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/ncct-apt.log 2>&1; then
    exit 0
  fi
  echo "note: apt-get could not install ${missing[*]} (log: /tmp/ncct-apt.log)." >&2
fi
echo "note: ${missing[*]} not installed; the tests that need them are skipped. Debian: apt-get install ${missing[*]}" >&2
exit 0
