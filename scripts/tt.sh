#!/usr/bin/env bash
# Entry point behind `npm start` / `npm test`: brings the project's Node 24 and pnpm, installs
# what is missing, then hands over to the TypeScript command runner on Node 24.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/toolchain.sh
source "$ROOT/scripts/lib/toolchain.sh"
ensure_toolchain
if [ "${1:-}" = test ] || [ "${1:-}" = bench ]; then ensure_chromium; ensure_servers; fi
cd "$ROOT"
exec node scripts/cli/main.ts "$@"
