#!/usr/bin/env bash
# Installs gfund's build and test dependencies from Debian's packages only.
# Idempotent: packages already present are left alone; apt-get runs only when
# something is missing. Needs root (or sudo) the first time. Extra package
# names given as arguments are installed too (scripts/check-fuzz.sh adds clang).
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libboost-dev libeigen3-dev libsqlite3-dev sqlite3 libsqlitecpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  librandom123-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libtomlplusplus-dev libxlsxwriter-dev libtbb-dev
  libcpp-httplib-dev libssl-dev
  libopenmpi-dev openmpi-bin
  chromium unzip doxygen
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
