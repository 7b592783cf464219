#!/usr/bin/env bash
# Starts frontend (:3000) and backend (:7007) with app-config.yaml: SQLite, demo catalog, guest sign-in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec yarn start "$@"
