#!/usr/bin/env bash
# Starts the app exactly as `./idp start` does, waits for both halves, runs the
# browser tests (node:test + playwright-core) and stops the app again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
results_dir="${1:-$PWD/test-results}"
mkdir -p "$results_dir"
log="$results_dir/app.log"
rm -rf data/sqlite data/repos
setsid bash scripts/start.sh >"$log" 2>&1 &
app_pid=$!
stop_app() { kill -- -"$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
trap stop_app EXIT

wait_for() { # <url> <seconds>
  for _ in $(seq 1 "$2"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$app_pid" 2>/dev/null; then echo "The app exited; last lines of $log:" >&2; tail -40 "$log" >&2; return 1; fi
    sleep 1
  done
  echo "Timed out waiting for $1; last lines of $log:" >&2; tail -40 "$log" >&2; return 1
}
wait_for http://localhost:7007/.backstage/health/v1/readiness 300
wait_for http://localhost:3000 300
echo "App is up (log: $log)"
IDP_RESULTS_DIR="$results_dir" node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./e2e/summaryReporter.mjs --test-reporter-destination="$results_dir/e2e-summary.json" \
  e2e/*.e2e.mjs
