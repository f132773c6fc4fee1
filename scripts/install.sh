#!/usr/bin/env bash
# Install svodka into the project's own virtual environment, .venv/, on any
# Python >= 3.11 (a stock Debian/Ubuntu one too: pip never touches the system's
# packages, PEP 668). Nothing to activate afterwards:
#   bash scripts/install.sh          # svodka and its runtime dependencies -> .venv/bin/svodka
#   bash scripts/install.sh --dev    # plus the test and notebook dependencies (pytest, jupyterlab)
# Run it again after a pull: it reuses .venv and updates what changed.
#
# Needs from the system (installed with apt-get when root on Debian/Ubuntu,
# else named in a message):
#   python3-venv  Debian/Ubuntu ship `python3 -m venv` without ensurepip until it is installed
#   catdoc, antiword  legacy Word (.doc) files; without them svodka still runs and
#                     reports .doc files as error rows naming the tool
#   chromium, chromium-driver  (--dev only) the headless browser the tests of
#                     `svodka review` open its pages in; without them those tests
#                     skip (and fail in CI)
# Environment:
#   SVODKA_PYTHON     the Python to build .venv from (default: python3)
#   SVODKA_NO_APT=1   never call apt-get; only say what is missing
#   SVODKA_VENV_ARGS  extra arguments for `python -m venv` (e.g. --system-site-packages)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; }
extra=""
for arg in "$@"; do
  case "$arg" in
    --dev) extra="[dev]" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "svodka install: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

PYTHON="${SVODKA_PYTHON:-python3}"
VENV=.venv
say() { echo "svodka install: $*" >&2; }

can_apt() {
  [ "${SVODKA_NO_APT:-}" != 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]
}
apt_updated=""
apt_install() {  # apt_install PACKAGE...: true when installed
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# --- Python -------------------------------------------------------------------
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  say "'$PYTHON' not found: install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv), or set SVODKA_PYTHON"
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "svodka needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1). Set SVODKA_PYTHON to a newer one."
  exit 1
fi

# --- .doc readers (optional) --------------------------------------------------
if ! command -v catdoc >/dev/null 2>&1 || ! command -v antiword >/dev/null 2>&1; then
  if can_apt; then
    apt_install catdoc antiword || say "could not install catdoc/antiword; .doc files will be error rows"
  else
    say "install catdoc and antiword (apt-get install catdoc antiword) to read .doc files"
  fi
fi

# --- a headless browser for the tests (--dev, optional) ------------------------
# Debian's packages; on Ubuntu `chromium` is a snap, which a container cannot run:
# there install Google Chrome and its chromedriver and set SVODKA_CHROMIUM/SVODKA_CHROMEDRIVER.
if [ -n "$extra" ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; }; then
  if can_apt; then
    say "installing chromium and chromium-driver with apt-get (the browser tests of svodka review; a minute)"
    apt_install chromium chromium-driver \
      || say "could not install chromium/chromium-driver; the browser tests will skip (and fail in CI)"
  else
    say "install chromium and chromium-driver (apt-get install chromium chromium-driver) for the browser tests of svodka review; without them they skip"
  fi
fi

# --- the virtual environment --------------------------------------------------
venv_ok() {  # a usable .venv: Python >= 3.11 with pip
  [ -x "$VENV/bin/python" ] \
    && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
    && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}
venv_error=""
make_venv() {
  rm -rf "$VENV"
  # shellcheck disable=SC2086  # SVODKA_VENV_ARGS is a list of arguments
  venv_error=$("$PYTHON" -m venv ${SVODKA_VENV_ARGS:-} "$VENV" 2>&1) && venv_ok
}

if ! venv_ok; then  # none yet, or unusable (an interrupted run, a removed or older Python)
  say "creating $VENV with $PYTHON ($("$PYTHON" -V 2>&1))"
  if ! make_venv; then
    # Debian/Ubuntu: "ensurepip is not available" until python3-venv is installed.
    ver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if can_apt && [ "$("$PYTHON" -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
      say "installing python3-venv (python$ver-venv) with apt-get"
      apt_install python3-venv "python$ver-venv" || apt_install "python$ver-venv" || true
      make_venv || true
    fi
    if ! venv_ok; then
      rm -rf "$VENV"
      [ -n "$venv_error" ] && printf '%s\n' "$venv_error" | tail -n 5 >&2
      say "'$PYTHON -m venv' cannot create $VENV: this Python lacks venv/ensurepip."
      say "On Debian/Ubuntu run as root: apt-get install python3-venv python$ver-venv"
      say "then run this script again."
      exit 1
    fi
  fi
fi

# --- svodka into it -----------------------------------------------------------
# .venv's pip reads the same pip configuration as any pip here (index,
# find-links, constraints: see `pip config list`). PIP_USER=0: a `user = true`
# in pip.conf would make a venv's pip refuse to install.
say "installing svodka${extra} into $VENV (a few minutes the first time)"
PIP_USER=0 "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${extra}"
if [ -n "$extra" ]; then
  say "done: $VENV/bin/svodka, $VENV/bin/python -m pytest, $VENV/bin/jupyter lab notebooks/ (nothing to activate)"
else
  say "done: $VENV/bin/svodka run (nothing to activate)"
fi
