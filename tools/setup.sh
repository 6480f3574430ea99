#!/usr/bin/env bash
# Installs everything vipkeeper needs on a fresh Debian 12 machine (run as root):
# Debian packages for the system layer and the interop peers, then Deno and the pinned npm
# packages from the npm registry (package.json / package-lock.json) into node_modules/.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(iproute2 keepalived frr tshark strace nftables procps psmisc)
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian packages enable their services; vipkeeper's tests start their own copies.
systemctl disable --now keepalived frr >/dev/null 2>&1 || true

# Deno from the npm package `deno` (pinned in tools/deno/), linked onto PATH; then the npm
# packages the code imports (pinned in package.json / package-lock.json).
for dir in tools/deno .; do
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json"; then
    (cd "$dir" && { npm ci --no-audit --no-fund >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
  fi
done
ln -sf "$PWD/tools/deno/node_modules/deno/deno" /usr/local/bin/deno
deno --version | head -n 1
