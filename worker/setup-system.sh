#!/usr/bin/env sh
# What the tests need that npm and PyPI do not: Debian's headless Chromium (package chromium-headless-shell), driven by
# playwright-core in the dashboard, connect page and /docs browser tests. It is the browser without its UI, the build
# meant for automation: the browser tests took about 30 % less CPU than with the full `chromium` (which still works:
# test/dashboard/support.ts falls back to /usr/bin/chromium, and CHROMIUM_PATH overrides both). As root it is installed
# with apt-get; otherwise this stops with the exact command to run.
set -eu
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ -x /usr/bin/chromium-headless-shell ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing Debian's headless Chromium for the browser tests (apt-get install chromium-headless-shell)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  echo "setup: the browser tests will use /usr/bin/chromium; Debian's chromium-headless-shell does the same with less CPU (sudo apt-get install -y chromium-headless-shell)"
  exit 0
fi
echo "setup: Chromium is missing (the browser tests drive it). Run: sudo apt-get update && sudo apt-get install -y chromium-headless-shell" >&2
echo "       (or set CHROMIUM_PATH to a Chromium binary), then npm run setup again." >&2
exit 1
