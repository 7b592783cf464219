#!/usr/bin/env bash
# Makes sure the PostgreSQL in BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING answers;
# starts the machine's own cluster if it is installed but stopped.
set -euo pipefail
url="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:?}"
answers() { node -e '
  const net = require("net"); const u = new URL(process.argv[1]);
  const s = net.connect(Number(u.port || 5432), u.hostname, () => { s.end(); process.exit(0); });
  s.on("error", () => process.exit(1));' "$url"; }
if answers; then echo "PostgreSQL answers at ${url%%@*}@…"; exit 0; fi
if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
  echo "Starting the local PostgreSQL cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable at $url; the database tests need it (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)" >&2
exit 1
