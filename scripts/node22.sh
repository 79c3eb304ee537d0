#!/usr/bin/env bash
# Puts a Node >= 22.13 first on PATH. Source it: `source scripts/node22.sh`.
# Hardhat 3 needs Node >= 22.13. Where the machine's Node is older, Node 22 comes from the npm
# registry (the `node@22` package ships the real binary) into a cache folder outside the repo.
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=13)?0:1)'
}
if ! node_ok; then
  cache="${GALEON_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/galeon-node22}"
  if [ ! -x "$cache/node_modules/node/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than 22.13: installing node@22 from npm into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-package-lock --loglevel=error node@22 >&2
  fi
  export PATH="$cache/node_modules/node/bin:$PATH"
  node_ok || { echo "could not provision Node >= 22.13" >&2; return 1 2>/dev/null || exit 1; }
fi
