#!/usr/bin/env bash
# Every check a change must pass, in the order that fails fastest:
# versions, type check, lint, unit and integration tests (SQLite and PostgreSQL),
# then the app started as `./idp start` starts it, driven in headless Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh

step() { printf '\n\033[1;34m[idp test]\033[0m %s\n' "$*"; }
results_dir="$PWD/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"

step "PostgreSQL for the database tests"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
bash scripts/ensure-postgres.sh

step "Backstage versions match backstage.json"
node scripts/check-backstage-versions.mjs

step "Type check (yarn tsc)"
yarn tsc

step "Lint (backstage-cli repo lint)"
yarn backstage-cli repo lint

step "Unit and integration tests (backstage-cli repo test)"
CI=true yarn backstage-cli repo test --json --outputFile="$results_dir/jest.json" ${IDP_TEST_ARGS:-}

step "Browser test against the running app (playwright-core, Debian chromium)"
bash scripts/ensure-chromium.sh
bash scripts/e2e.sh "$results_dir"

node -e '
  const r = require(process.argv[1]);
  const e2e = require(process.argv[2]);
  const passed = r.numPassedTests + e2e.passed;
  const failed = r.numFailedTests + e2e.failed;
  console.log(`\njest: ${r.numPassedTests} passed in ${r.numTotalTestSuites} suites; browser: ${e2e.passed} passed`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
' "$results_dir/jest.json" "$results_dir/e2e-summary.json"
