#!/usr/bin/env sh
# What the tests need that npm and PyPI do not: Debian's Chromium, driven by playwright-core in the dashboard and
# /docs browser tests (CHROMIUM_PATH overrides /usr/bin/chromium). As root it is installed with apt-get; otherwise
# this stops with the exact command to run.
set -eu
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing Debian's Chromium for the browser tests (apt-get install chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "setup: Chromium is missing (the browser tests drive it). Run: sudo apt-get update && sudo apt-get install -y chromium" >&2
echo "       (or set CHROMIUM_PATH to a Chromium binary), then npm run setup again." >&2
exit 1
