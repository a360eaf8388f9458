#!/usr/bin/env bash
# Installs the real-VS-Code test host. Only the npm registry and Debian's packages are reachable,
# so VS Code comes from code-server's npm package (the real VS Code server and extension host) and
# the workbench runs in Debian's Chromium driven by playwright-core. It installs:
#   Debian chromium (+ libkrb5-dev, pkg-config, ripgrep for code-server's native deps),
#   a local ripgrep tarball in @vscode/ripgrep's cache (its postinstall would fetch from GitHub),
#   and `npm ci` of test/host (code-server@4.100.3 + playwright-core, pinned in package-lock.json).
# Idempotent: a second run with everything in place takes well under a second.
set -euo pipefail
start=$(date +%s)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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

# 2. npm packages, skipped when the installed tree matches the lockfile.
lock="$here/package-lock.json"
stamp="$here/node_modules/.install-stamp"
want=""
[ -f "$lock" ] && want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ -n "$want" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -f "$here/node_modules/code-server/lib/vscode/out/server-main.js" ] \
   && [ -d "$here/node_modules/playwright-core" ]; then
  log "already installed ($(( $(date +%s) - start ))s)"
  exit 0
fi

# @vscode/ripgrep's postinstall first looks for this tarball in its cache and otherwise downloads
# from GitHub, which is unreachable here: give it Debian's rg.
tmp="${TMPDIR:-/tmp}"
for v in 1.15.11 1.15.10 1.15.9; do
  cache="$tmp/vscode-ripgrep-cache-$v"
  mkdir -p "$cache"
  for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz; do
    [ -s "$cache/$asset" ] || tar -C /usr/bin -czf "$cache/$asset" rg
  done
done

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
       npm_config_update_notifier=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd "$here"
if [ -f "$lock" ]; then
  log "npm ci in test/host"
  npm ci --no-progress </dev/null
else
  log "npm install in test/host (no lockfile yet: creating it)"
  npm install --no-progress </dev/null
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
fi
[ -f node_modules/code-server/lib/vscode/out/server-main.js ] || { log "code-server's server-main.js is missing after install"; exit 1; }
echo "$want" > "$stamp"
log "done in $(( $(date +%s) - start ))s"
