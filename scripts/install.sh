#!/usr/bin/env bash
# Install svodka and what it needs on a fresh Debian/Ubuntu machine.
#   bash scripts/install.sh          # the package and its runtime dependencies
#   bash scripts/install.sh --dev    # plus the test and notebook dependencies
# Legacy Word (.doc) files are read with catdoc/antiword from Debian packages;
# without them svodka still runs and reports .doc files as error rows naming the tool.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v catdoc >/dev/null 2>&1 || ! command -v antiword >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq catdoc antiword >/dev/null) \
      || echo "svodka: could not install catdoc/antiword; .doc files will be error rows" >&2
  else
    echo "svodka: install catdoc and antiword (apt-get install catdoc antiword) to read .doc files" >&2
  fi
fi

extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra}"
