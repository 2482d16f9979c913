#!/usr/bin/env bash
# System packages the tests use: raptor's `rapper` checks our Turtle/TriG/N-Quads
# with an independent parser; Debian's Chromium (driven by Playwright, which is
# told to use /usr/bin/chromium) and the Noto CJK fonts test the HTML report and the
# web page; Virtuoso is the external triple store of the scale-out test (its Debian
# service is not started: the tests run their own virtuoso-t on loopback).
# npm fetches axe-core, the accessibility checker the browser tests inject into the
# pages (offline: the tests read it from tests/.node/node_modules).
# Installs only what is missing; needs root (or sudo).
set -euo pipefail
need=()
HERE="$(cd "$(dirname "$0")/.." && pwd)"
AXE_VERSION=4.10.3
install_axe() {
  [ -f "$HERE/tests/.node/node_modules/axe-core/axe.min.js" ] && return 0
  npm install --silent --no-audit --no-fund --prefix "$HERE/tests/.node" "axe-core@$AXE_VERSION" >/dev/null
}
for pkg in raptor2-utils chromium fonts-noto-cjk virtuoso-opensource; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need+=(npm)
[ ${#need[@]} -eq 0 ] && { install_axe; exit 0; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
install_axe
