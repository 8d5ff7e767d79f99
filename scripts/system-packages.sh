#!/usr/bin/env bash
# Install the Debian packages the project needs that pip cannot provide, e.g.
#   scripts/system-packages.sh chromium:chromium fonts-thai-tlwg npm:npm
# Each argument is a Debian package, optionally with ":command": a package whose command is
# already on PATH (or, for chromium, at $POVMAP_CHROMIUM) counts as present, otherwise dpkg decides.
# Runs apt-get itself as root or when `sudo -n` works; otherwise it stops with one line saying
# which command to run. Does nothing when everything is already there.
set -euo pipefail

need=()
for arg in "$@"; do
  package=${arg%%:*}
  command_name=""
  [ "$arg" != "$package" ] && command_name=${arg#*:}
  if [ -n "$command_name" ]; then
    command -v "$command_name" >/dev/null 2>&1 && continue
    [ "$command_name" = chromium ] && [ -n "${POVMAP_CHROMIUM:-}" ] && [ -x "$POVMAP_CHROMIUM" ] && continue
  fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" && continue
  need+=("$package")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Missing Debian packages: ${need[*]}. Run: sudo apt-get install -y ${need[*]}   then run make again." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${need[*]}; this machine has no apt-get: install them with its package manager, then run make again." >&2
  exit 1
fi
echo "› installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q >/dev/null
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
