#!/usr/bin/env bash
# System packages the tests use: raptor's `rapper` checks our Turtle/TriG/N-Quads
# with an independent parser. Installs only what is missing; needs root (or sudo).
set -euo pipefail
need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
