#!/usr/bin/env bash
# The browser tests use Debian's chromium, never a downloaded browser.
set -euo pipefail
if [[ -x "${IDP_CHROMIUM:-/usr/bin/chromium}" ]]; then exit 0; fi
echo "Installing Debian's chromium"
if [[ "$(id -u)" == 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
