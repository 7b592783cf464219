#!/usr/bin/env node
// The security backend under load, next to the stock catalog API in the same
// run. A file SQLite database is first seeded with knex bulk inserts (the
// plugin's own migrations, then FINDINGS findings over 1,000 artifacts); the
// real IDP backend is then started on it and measured: the promotion gate,
// the dashboard reads (GET /summary, a findings page of 50) and the catalog's
// entities/by-query, then the ingestion of generated 10,000-finding Trivy
// reports (real Trivy JSON shape) with the million findings stored.
// Results go to docs/benchmarks.md between the security markers.
//   node bench/security/run.mjs [findings]     (./idp yarn bench:security)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import knexFactory from 'knex';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const totalFindings = Number(process.argv[2] ?? 1_000_000);
const artifacts = 1000;
const perArtifact = Math.floor(totalFindings / artifacts);
const reportSize = 10_000;
const token = 'bench-security-static-token-0123456789';
const headers = { authorization: `Bearer ${token}` };
const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'];
const DAY = 86_400_000;
const now = Date.now();

const sha256 = value => createHash('sha256').update(value).digest('hex');
const digestOf = i => `sha256:${sha256(`bench-artifact-${i}`)}`;
const entityOf = i =>
  `component:default/bench-service-${String(i).padStart(4, '0')}`;

// Deterministic spread: 2% critical, 10% high, 38% medium, 40% low, 10% none.
function severityOf(n) {
  const bucket = n % 50;
  if (bucket < 1) return 'critical';
  if (bucket < 6) return 'high';
  if (bucket < 25) return 'medium';
  if (bucket < 45) return 'low';
  return 'none';
}
const scoreOf = severity =>
  ({ critical: 9.8, high: 7.5, medium: 5.3, low: 3.1, none: undefined }[
    severity
  ]);

async function seed(file) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    await knex.migrate.latest({
      directory: path.join(repoRoot, 'plugins/security-backend/migrations'),
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw('PRAGMA synchronous = OFF');
    const started = process.hrtime.bigint();
    await knex.transaction(async tx => {
      for (let a = 0; a < artifacts; a++) {
        const entityRef = entityOf(a);
        const digest = digestOf(a);
        const reportId = sha256(`report-${a}`).slice(0, 36);
        const receivedAt = new Date(now - 2 * DAY).toISOString();
        await tx('security_reports').insert({
          id: reportId,
          entity_ref: entityRef,
          artifact_digest: digest,
          format: 'trivy',
          scanners: '["trivy"]',
          content_hash: sha256(`content-${a}`),
          finding_count: perArtifact,
          received_by: null,
          received_at: receivedAt,
        });
        const findings = [];
        const scanners = [];
        for (let f = 0; f < perArtifact; f++) {
          const n = a * perArtifact + f;
          const severity = severityOf(n);
          const firstSeen = new Date(now - (2 + (n % 180)) * DAY).toISOString();
          const fixed = n % 5 === 0;
          const vulnerabilityId = `CVE-${2015 + (n % 11)}-${
            10000 + (n % 90000)
          }`;
          const packageName = `package-${n % 5000}`;
          const id = sha256(
            JSON.stringify([
              entityRef,
              digest,
              'package',
              vulnerabilityId,
              packageName,
              '1.0.0',
            ]),
          );
          const fixedAt = fixed ? new Date(now - DAY).toISOString() : null;
          findings.push({
            id,
            entity_ref: entityRef,
            artifact_digest: digest,
            vulnerability_id: vulnerabilityId,
            title: `Benchmark vulnerability ${n} in ${packageName}`,
            package_name: packageName,
            installed_version: '1.0.0',
            fixed_version: '1.0.1',
            location: null,
            severity,
            severity_rank: SEVERITIES.indexOf(severity),
            cvss_score: scoreOf(severity) ?? null,
            cvss_vector: null,
            status: fixed ? 'fixed' : 'open',
            first_seen: firstSeen,
            first_seen_day: firstSeen.slice(0, 10),
            last_seen: receivedAt,
            fixed_at: fixedAt,
            fixed_day: fixedAt?.slice(0, 10) ?? null,
            owner_ref: `group:default/team-${a % 50}`,
            system_ref: `system:default/system-${a % 20}`,
          });
          scanners.push({
            finding_id: id,
            scanner: 'trivy',
            entity_ref: entityRef,
            artifact_digest: digest,
            present: !fixed,
            last_report_id: reportId,
            last_seen: receivedAt,
          });
        }
        // knex writes a multi-row SQLite insert as a compound SELECT: 500 terms at most.
        for (let i = 0; i < findings.length; i += 500) {
          await tx('security_findings').insert(findings.slice(i, i + 500));
          await tx('security_finding_scanners').insert(
            scanners.slice(i, i + 500),
          );
        }
        if ((a + 1) % 100 === 0) {
          console.log(`seeded ${(a + 1) * perArtifact} findings`);
        }
      }
    });
    await knex.raw('ANALYZE');
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await knex.destroy();
  }
}

// A Trivy image report (SchemaVersion 2) with `count` vulnerabilities, each
// shaped like the ones of examples/security/trivy-alpine-3.9.json.
function trivyReport(count, variant) {
  const vulnerabilities = Array.from({ length: count }, (_, i) => {
    const severity = severityOf(i).toUpperCase();
    const packageName = `lib-${i % 800}`;
    const id =
      i < 100
        ? `CVE-2026-${variant}${String(i).padStart(4, '0')}`
        : `CVE-${2016 + (i % 10)}-${20000 + i}`;
    const score = scoreOf(severityOf(i));
    return {
      VulnerabilityID: id,
      PkgID: `${packageName}@2.${i % 7}.0-r0`,
      PkgName: packageName,
      PkgIdentifier: {
        PURL: `pkg:apk/alpine/${packageName}@2.${
          i % 7
        }.0-r0?arch=x86_64&distro=3.19.1`,
      },
      InstalledVersion: `2.${i % 7}.0-r0`,
      FixedVersion: `2.${i % 7}.1-r0`,
      Status: 'fixed',
      Layer: { DiffID: `sha256:${sha256(`layer-${i % 5}`)}` },
      SeveritySource: 'nvd',
      PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      DataSource: {
        ID: 'alpine',
        Name: 'Alpine Secdb',
        URL: 'https://secdb.alpinelinux.org/',
      },
      Title: `${packageName}: benchmark issue ${i}`,
      Description: `A generated vulnerability in ${packageName} used to benchmark ingestion.`,
      Severity: severity === 'NONE' ? 'UNKNOWN' : severity,
      CweIDs: ['CWE-787'],
      ...(score !== undefined && {
        CVSS: {
          nvd: {
            V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
            V3Score: score,
          },
        },
      }),
      References: [`https://nvd.nist.gov/vuln/detail/${id}`],
      PublishedDate: '2026-01-15T12:00:00Z',
      LastModifiedDate: '2026-02-01T12:00:00Z',
    };
  });
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: 'registry.example.com/payments-api:bench',
    ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'alpine', Name: '3.19.1' } },
    Results: [
      {
        Target: 'registry.example.com/payments-api:bench (alpine 3.19.1)',
        Class: 'os-pkgs',
        Type: 'alpine',
        Vulnerabilities: vulnerabilities,
      },
    ],
  });
}

async function call(url, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { ...headers, ...init.headers },
  });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-bench-security-'));
const dbFile = path.join(workDir, 'security.sqlite');
console.log(`seeding ${perArtifact * artifacts} findings into ${dbFile}`);
const seedSeconds = await seed(dbFile);
console.log(
  `seeded in ${seedSeconds.toFixed(0)} s (${(
    fs.statSync(dbFile).size /
    2 ** 20
  ).toFixed(0)} MiB)`,
);

const backend = await startBackend({
  port: 7407,
  configFiles: [path.join(repoRoot, 'bench/security/app-config.bench.yaml')],
  env: { IDP_BENCH_SECURITY_DIR: workDir },
});
const api = `${backend.baseUrl}/api`;
try {
  const ingestEntity = 'component:default/payments-api';
  for (let waited = 0; ; waited++) {
    const page = await call(
      `${api}/catalog/entities/by-query?filter=kind=component,metadata.name=payments-api&limit=1`,
    );
    if (page.items.length) break;
    if (waited > 300) throw new Error('payments-api never reached the catalog');
    await sleep(1000);
  }

  const seeded = await call(
    `${api}/security/findings/counts?entityRef=${encodeURIComponent(
      entityOf(0),
    )}`,
  );
  if (Object.values(seeded).reduce((a, b) => a + b, 0) === 0) {
    throw new Error('the backend does not see the seeded findings');
  }

  const rows = [];
  const row = async (what, operation, options) => {
    const result = await measureLatency(operation, options);
    rows.push(
      `| ${what} | ${formatMs(result.median)} | ${formatMs(result.p95)} |`,
    );
    console.log(rows[rows.length - 1]);
    return result;
  };
  const json = { 'content-type': 'application/json' };
  let verdict;
  await row(
    `\`POST /api/security/gate\` (production, an artifact with ${perArtifact} findings)`,
    async i => {
      verdict = await call(`${api}/security/gate`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          entityRef: entityOf((i * 37) % artifacts),
          artifactDigest: digestOf((i * 37) % artifacts),
          environment: 'production',
        }),
      });
    },
  );
  await row('`GET /api/security/summary` (organisation dashboard)', () =>
    call(`${api}/security/summary`),
  );
  await row('`GET /api/security/findings` (entity tab, page of 50)', i =>
    call(
      `${api}/security/findings?entityRef=${encodeURIComponent(
        entityOf((i * 37) % artifacts),
      )}&limit=50`,
    ),
  );
  await row('`GET /api/security/findings/counts` (entity tab)', i =>
    call(
      `${api}/security/findings/counts?entityRef=${encodeURIComponent(
        entityOf((i * 37) % artifacts),
      )}`,
    ),
  );
  await row('stock catalog `GET /api/catalog/entities/by-query?limit=50`', () =>
    call(`${api}/catalog/entities/by-query?limit=50`),
  );

  const ingestUrl = i =>
    `${api}/security/reports?entityRef=${encodeURIComponent(
      ingestEntity,
    )}&artifactDigest=${digestOf(100_000 + i)}&format=trivy`;
  const reports = Array.from({ length: 6 }, (_, i) =>
    trivyReport(reportSize, i),
  );
  const reportMiB = Buffer.byteLength(reports[0]) / 2 ** 20;
  let nextReport = 0;
  const ingest = await measureLatency(
    async () => {
      const i = nextReport++;
      const result = await call(ingestUrl(i), {
        method: 'POST',
        headers: json,
        body: reports[i],
      });
      if (result.duplicate || result.report.findingCount !== reportSize) {
        throw new Error(
          `unexpected ingest result ${JSON.stringify(result.report)}`,
        );
      }
    },
    { warmup: 1, iterations: 5 },
  );
  console.log(`ingest: ${formatMs(ingest.median)} ms median`);
  const rescan = await measureLatency(
    async i => {
      const result = await call(ingestUrl(0), {
        method: 'POST',
        headers: json,
        body: reports[i + 1],
      });
      if (result.duplicate || result.fixed !== 100) {
        throw new Error(
          `unexpected re-scan result: fixed ${result.fixed}, duplicate ${result.duplicate}`,
        );
      }
    },
    { warmup: 0, iterations: 5 },
  );
  console.log(`re-scan: ${formatMs(rescan.median)} ms median`);

  writeBenchmarkSection(
    'security',
    `## Security backend (bench/security)

${(perArtifact * artifacts).toLocaleString(
  'en-US',
)} findings stored (${artifacts} artifacts of ${artifacts} entities, ${perArtifact}
each; 2% critical, 10% high, 38% medium, 40% low, 10% none; one in five fixed; 50 owner groups,
20 systems), seeded with knex bulk inserts into a file SQLite database after the plugin's own
migrations (${seedSeconds.toFixed(0)} s, ${(
      fs.statSync(dbFile).size /
      2 ** 20
    ).toFixed(0)} MiB), then the real IDP backend was
started on it (every plugin on file SQLite in the same temporary directory) and called over HTTP with a static
service token, one call at a time, on ${new Date()
      .toISOString()
      .slice(0, 10)}; Node ${process.versions.node}, ${
      os.cpus().length
    } cores shared with other jobs. Milliseconds, median and p95 of 50 calls after 5 warm-up calls.

| call | median (ms) | p95 (ms) |
| --- | --- | --- |
${rows.join('\n')}

The last gate call answered \`allowed: ${verdict.allowed}\` with ${
      verdict.reasons.length
    } reason(s) (at most 50 per
code, the rest summarised). The gate and the entity reads touch one
artifact's or entity's findings through indexes, so they stay flat as the store grows;
\`GET /summary\` counts every open finding by owner and by system (from covering indexes) and so
grows with the whole store. The catalog holds only the demo entities, so its row is the floor of a
stock Backstage read on the same backend, not a like-for-like comparison with 1,000 entities.

**Ingestion** of a generated Trivy JSON report (SchemaVersion 2, image scan, ${reportSize.toLocaleString(
      'en-US',
    )}
vulnerabilities shaped like the ones in \`examples/security/trivy-alpine-3.9.json\`, ${reportMiB.toFixed(
      1,
    )} MiB) as a raw streamed body, each into a new artifact of \`payments-api\`, with the
${(perArtifact * artifacts).toLocaleString(
  'en-US',
)} findings above stored: ${formatMs(ingest.median)} ms median, ${formatMs(
      ingest.max,
    )} ms max (5 reports after 1 warm-up),
about ${Math.round(reportSize / (ingest.median / 1000)).toLocaleString(
      'en-US',
    )} findings per second. A re-scan of the
same artifact where 100 findings changed (upserts, 100 marked fixed, 100 new):
${formatMs(rescan.median)} ms median of 5.

Reproduce: \`./idp yarn bench:security\` (\`node bench/security/run.mjs [findings]\`).`,
  );
} finally {
  await backend.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
