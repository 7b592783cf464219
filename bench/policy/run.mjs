#!/usr/bin/env node
// The policy builder under load, next to the stock catalog API in the same
// run: SERVICES services in the catalog (a file location; one in five a
// frontend, the rest backends, plus one database Resource per ten services)
// and one ServiceCommunicationPolicy per service created through
// POST /api/policy/policies (validated against that catalog), with realistic
// destinations, tiers, restrictions, JWT access rules on every fourth service
// (a time-of-day rule on every twentieth) and stored scenarios. Then: every
// policy compiled once per environment (GET /policies/:name/compiled), the
// environment-wide compile (POST /check-communication compiles every stored
// policy), APPLIED policies applied to development (a Kubernetes REST test
// server as the cluster) and their impact, the sandbox deciding 10 to 500
// scenarios (POST /policies/:name/test), and the catalog's entities/by-query.
// Results go to docs/benchmarks.md between the policy markers.
//   node bench/policy/run.mjs [services] [applied]   (./idp yarn bench:policy)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const services = Number(process.argv[2] ?? 1000);
const applied = Math.min(services, Number(process.argv[3] ?? 100));
const databases = Math.max(10, Math.floor(services / 10));
const frontends = Math.ceil(services / 5);
const port = 7607; // 7007 is left to other jobs
const pageSize = 50;
const token = 'bench-policy-static-token-0123456789';
const headers = {
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
};

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-bench-policy-'));
const catalogFile = path.join(workDir, 'services.yaml');
const configFile = path.join(workDir, 'app-config.bench.yaml');
const emptyDir = path.join(workDir, 'no-demo-data');
fs.mkdirSync(emptyDir);

const serviceName = i => `bench-svc-${String(i).padStart(4, '0')}`;
const databaseName = d => `bench-db-${String(d).padStart(3, '0')}`;
const isFrontend = i => i % 5 === 0;
const hasAccessRules = i => i % 4 === 1;
const hasTimedRule = i => i % 20 === 1;
/** The k-th backend after service i (wrapping), never i itself. */
function backendAfter(i, k) {
  let j = i;
  for (let found = 0; found < k; ) {
    j = (j + 1) % services;
    if (!isFrontend(j) && j !== i) found++;
  }
  return j;
}

// Every YAML parser reads JSON, so the generated files are written as JSON.
const benchLabels = { 'idp-platform.io/bench': 'policy' };
fs.writeFileSync(
  catalogFile,
  [
    ...Array.from({ length: services }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: serviceName(i),
        labels: benchLabels,
        annotations: {
          'idp-platform/service-id': serviceName(i),
          'idp-platform/policy-tier': isFrontend(i) ? 'frontend' : 'backend',
        },
      },
      spec: {
        type: isFrontend(i) ? 'website' : 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-admins',
      },
    })),
    ...Array.from({ length: databases }, (_, d) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: databaseName(d),
        labels: benchLabels,
        annotations: { 'idp-platform/policy-tier': 'database' },
      },
      spec: { type: 'database', owner: 'group:default/platform-admins' },
    })),
  ]
    .map(entity => JSON.stringify(entity))
    .join('\n---\n'),
);
fs.writeFileSync(
  configFile,
  JSON.stringify({
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench-policy' } },
        ],
      },
    },
    app: { disableConfigInjection: true },
    catalog: { locations: [{ type: 'file', target: catalogFile }] },
    idp: {
      // bench/policy/backend.ts serves the cluster; the demo one (port 6443) stays off.
      demoCluster: { enabled: false, port: 6443 },
      // An empty folder: only the benchmark's policies.
      policy: { demoData: emptyDir },
      mcpRegistry: { probe: { frequency: 'PT24H' } },
    },
  }),
);

/** The policy of service i: its intents as a platform team would write them. */
function policyOf(i) {
  const source = serviceName(i);
  const frontend = isFrontend(i);
  const destinations = frontend
    ? [1, 2, 3].map(k => ({
        service: serviceName(backendAfter(i, k)),
        ports: [{ port: 8080, protocol: 'HTTP' }],
        methods: ['GET', 'POST'],
        paths: ['/api/*'],
      }))
    : [
        ...[1, 2].map(k => ({
          service: serviceName(backendAfter(i, k)),
          ports: [{ port: 9000, protocol: 'GRPC' }],
        })),
        {
          service: databaseName(i % databases),
          mesh: false,
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ];
  const spec = {
    source: { service: source, tier: frontend ? 'frontend' : 'backend' },
    destinations,
    ...(!frontend && {
      // A backend far away in the ring, never one of the destinations.
      deniedDestinations: [
        { service: serviceName(backendAfter(i, Math.floor(services / 2))) },
      ],
    }),
    restrictions: {
      denyExternalServices: !frontend,
      allowMonitoringTools: true,
      allowLoggingAgents: !frontend,
      metricsPort: 9090,
    },
    scenarios: [
      {
        kind: 'communication',
        name: `${source} reaches ${destinations[0].service}`,
        from: source,
        to: destinations[0].service,
        port: destinations[0].ports[0].port,
        expect: 'allow',
      },
    ],
  };
  if (hasAccessRules(i)) {
    spec.accessRules = {
      issuer: 'https://auth.example.com',
      jwksUri: 'https://auth.example.com/.well-known/jwks.json',
      audiences: [source],
      rules: [
        { name: 'admin-full-access', claims: { groups: ['platform-admins'] } },
        {
          name: 'developers-read',
          claims: { groups: ['developers'], environment: ['$environment'] },
          methods: ['GET'],
          paths: ['/api/*'],
        },
        ...(hasTimedRule(i)
          ? [
              {
                name: 'finance-reports-business-hours',
                claims: { groups: ['finance'] },
                methods: ['GET'],
                paths: ['/api/reports*'],
                timeOfDay: {
                  from: '08:00',
                  to: '18:00',
                  timeZone: 'Europe/Berlin',
                },
              },
            ]
          : []),
        {
          name: 'contractors-no-admin',
          action: 'deny',
          claims: { groups: ['contractors'] },
          paths: ['/api/admin*'],
        },
      ],
    };
    spec.scenarios.push(
      {
        kind: 'request',
        name: 'admin token allowed',
        claims: { groups: ['platform-admins'] },
        request: { method: 'DELETE', path: '/api/items/1' },
        expect: 'allow',
      },
      {
        kind: 'request',
        name: 'no token denied',
        request: { method: 'GET', path: '/api/items' },
        expect: 'deny',
      },
    );
  }
  return {
    apiVersion: 'idp-platform.io/v1alpha1',
    kind: 'ServiceCommunicationPolicy',
    metadata: {
      name: source,
      entityRef: `component:default/${source}`,
      description: `Communication intents of ${source}`,
    },
    spec,
  };
}

/**
 * `count` sandbox scenarios for the policy of service i (one with access rules
 * and a timed rule), cycling through requests and connections whose outcome
 * follows from the policy as the README describes the evaluator.
 */
function sandboxScenarios(i, count) {
  const source = serviceName(i);
  const backend = serviceName(backendAfter(i, 1));
  const database = databaseName(i % databases);
  const templates = [
    k => ({
      kind: 'request',
      name: `admin deletes item ${k}`,
      claims: { groups: ['platform-admins'] },
      request: { method: 'DELETE', path: `/api/items/${k}` },
      expect: 'allow',
    }),
    k => ({
      kind: 'request',
      name: `developer reads item ${k} in this environment`,
      claims: { groups: ['developers'], environment: '$environment' },
      request: { method: 'GET', path: `/api/items/${k}` },
      expect: 'allow',
    }),
    k => ({
      kind: 'request',
      name: `developer token of another environment ${k}`,
      claims: { groups: ['developers'], environment: 'elsewhere' },
      request: { method: 'GET', path: `/api/items/${k}` },
      expect: 'deny',
    }),
    k => ({
      kind: 'request',
      name: `developer writes item ${k}`,
      claims: { groups: ['developers'], environment: '$environment' },
      request: { method: 'POST', path: `/api/items/${k}` },
      expect: 'deny',
    }),
    k => ({
      kind: 'request',
      name: `contractor with admin group on admin path ${k}`,
      claims: { groups: ['contractors', 'platform-admins'] },
      request: { method: 'GET', path: `/api/admin/users/${k}` },
      expect: 'deny',
    }),
    k => ({
      kind: 'request',
      name: `finance report at 10:00 ${k}`,
      claims: { groups: ['finance'] },
      request: { method: 'GET', path: `/api/reports/${k}`, time: '10:00' },
      expect: 'allow',
    }),
    k => ({
      kind: 'request',
      name: `finance report at 20:00 ${k}`,
      claims: { groups: ['finance'] },
      request: { method: 'GET', path: `/api/reports/${k}`, time: '20:00' },
      expect: 'deny',
    }),
    k => ({
      kind: 'request',
      name: `no token ${k}`,
      request: { method: 'GET', path: `/api/items/${k}` },
      expect: 'deny',
    }),
    k => ({
      kind: 'communication',
      name: `${source} to ${backend} on gRPC ${k}`,
      from: source,
      to: backend,
      port: 9000,
      expect: 'allow',
    }),
    k => ({
      kind: 'communication',
      name: `${source} to ${backend} on an undeclared port ${k}`,
      from: source,
      to: backend,
      port: 9999,
      expect: 'deny',
    }),
    k => ({
      kind: 'communication',
      name: `${source} to ${database} ${k}`,
      from: source,
      to: database,
      port: 5432,
      expect: 'allow',
    }),
  ];
  return Array.from({ length: count }, (_, k) =>
    templates[k % templates.length](k),
  );
}

async function call(url, init = {}) {
  const res = await fetch(url, { headers, ...init });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}
const post = (url, body) =>
  call(url, { method: 'POST', body: JSON.stringify(body) });
const seconds = started => Number(process.hrtime.bigint() - started) / 1e9;

const backend = await startBackend({
  entry: path.join(repoRoot, 'bench/policy/backend.ts'),
  port,
  configFiles: [configFile],
});
const api = `${backend.baseUrl}/api`;
const policyApi = `${api}/policy`;
try {
  const benchFilter = 'filter=metadata.labels.idp-platform.io/bench=policy';
  const ingestStarted = process.hrtime.bigint();
  for (;;) {
    const page = await call(
      `${api}/catalog/entities/by-query?${benchFilter}&limit=1`,
    );
    if (page.totalItems >= services + databases) break;
    if (seconds(ingestStarted) > 600) {
      throw new Error(
        `catalog holds ${page.totalItems} of ${
          services + databases
        } after 600 s`,
      );
    }
    await sleep(1000);
  }
  const ingestSeconds = seconds(ingestStarted);
  console.log(
    `catalog holds ${services} services and ${databases} databases ${ingestSeconds.toFixed(
      1,
    )} s after startup`,
  );

  // Validation against the catalog: the generated policies must be clean.
  const sampleProblems = [];
  for (const i of [0, 1, 2, 3]) {
    const result = await post(`${policyApi}/validate`, {
      yaml: JSON.stringify(policyOf(i)),
    });
    if (!result.valid) {
      throw new Error(
        `${serviceName(i)} is invalid: ${JSON.stringify(result.problems)}`,
      );
    }
    sampleProblems.push(...result.problems);
  }
  if (sampleProblems.length > 0) {
    console.log(`validation warnings: ${JSON.stringify(sampleProblems)}`);
  }

  const rows = [];
  const row = (what, latency, extra = '') => {
    rows.push(
      `| ${what} | ${latency.iterations} | ${formatMs(
        latency.median,
      )} | ${formatMs(latency.p95)} | ${extra} |`,
    );
    console.log(rows[rows.length - 1]);
    return latency;
  };
  const compiledLatency = {};

  // Create: every policy once, one at a time; each create validates against the catalog.
  const yamlBytes = [];
  let started = process.hrtime.bigint();
  const create = await measureLatency(
    async i => {
      const yaml = JSON.stringify(policyOf(i));
      yamlBytes.push(yaml.length);
      await post(`${policyApi}/policies`, { yaml, message: 'bench/policy' });
    },
    { warmup: 0, iterations: services },
  );
  const createSeconds = seconds(started);
  row(
    '`POST /policies` (create, validated against the catalog), every service once',
    create,
    `${createSeconds.toFixed(1)} s for all`,
  );
  const { items: stored } = await call(`${policyApi}/policies`);
  if (stored.length !== services) {
    throw new Error(`${stored.length} policies stored, ${services} created`);
  }

  // Compile: every stored policy once per environment kind.
  const compileTotals = {};
  let objectCount = 0;
  let regoCount = 0;
  for (const environment of ['development', 'production']) {
    for (let i = 0; i < 5; i++) {
      await call(
        `${policyApi}/policies/${serviceName(
          i,
        )}/compiled?environment=${environment}`,
      );
    }
    let objects = 0;
    started = process.hrtime.bigint();
    const latency = await measureLatency(
      async i => {
        const result = await call(
          `${policyApi}/policies/${serviceName(
            i,
          )}/compiled?environment=${environment}`,
        );
        objects += result.objects.length;
        if (result.rego && environment === 'production') regoCount++;
      },
      { warmup: 0, iterations: services },
    );
    compileTotals[environment] = seconds(started);
    if (environment === 'production') objectCount = objects;
    compiledLatency[environment] = row(
      `\`GET /policies/:name/compiled?environment=${environment}\`${
        environment === 'production' ? ' (strict)' : ''
      }, every policy once`,
      latency,
      `${compileTotals[environment].toFixed(1)} s for all; ${objects} objects`,
    );
  }
  const compileDocument = row(
    '`POST /compile` (a document: parse, validate against the catalog, compile; production)',
    await measureLatency(i =>
      post(`${policyApi}/compile`, {
        yaml: JSON.stringify(policyOf((i * 37) % services)),
        environment: 'production',
      }),
    ),
  );
  row(
    '`GET /policies/:name/compare` (one policy compiled for all 4 environments)',
    await measureLatency(i =>
      call(`${policyApi}/policies/${serviceName((i * 37) % services)}/compare`),
    ),
  );
  // Environment-wide: reads and compiles the latest version of every stored policy, then decides.
  const someBackend = i => serviceName(backendAfter((i * 37) % services, 1));
  const environmentWide = row(
    `\`POST /check-communication\` (compiles all ${services} stored policies for production, then decides)`,
    await measureLatency(
      i =>
        post(`${policyApi}/check-communication`, {
          environment: 'production',
          from: serviceName((i * 37) % services),
          to: someBackend(i),
          port: 9000,
        }),
      { warmup: 1, iterations: 10 },
    ),
  );

  // Apply to development (unprotected): validation, scenarios, server-side dry run, apply, pruning.
  let appliedObjects = 0;
  started = process.hrtime.bigint();
  const apply = await measureLatency(
    async i => {
      const outcome = await post(
        `${policyApi}/policies/${serviceName(i)}/apply`,
        { environment: 'development', message: 'bench/policy' },
      );
      if (outcome.status !== 'applied') {
        throw new Error(`apply ${serviceName(i)}: ${outcome.status}`);
      }
      appliedObjects += outcome.record.objects.length;
    },
    { warmup: 0, iterations: applied },
  );
  const applySeconds = seconds(started);
  row(
    `\`POST /policies/:name/apply\` to development (Kubernetes REST test server), ${applied} policies`,
    apply,
    `${applySeconds.toFixed(1)} s for all; ${appliedObjects} objects`,
  );
  let impactObjects = 0;
  row(
    `\`GET /policies/:name/impact?environment=development\` (cluster holds the ${applied} applied policies)`,
    await measureLatency(async i => {
      const report = await call(
        `${policyApi}/policies/${serviceName(
          (i * 7) % services,
        )}/impact?environment=development`,
      );
      impactObjects = Math.max(impactObjects, report.objects.length);
    }),
    `up to ${impactObjects} objects compared`,
  );

  // Sandbox: the scenario evaluator on a policy with JWT and timed rules.
  const sandboxPolicy = 1; // has access rules and a timed rule
  const sandboxRows = [];
  for (const count of [10, 100, 500]) {
    const scenarios = sandboxScenarios(sandboxPolicy, count);
    const result = await post(
      `${policyApi}/policies/${serviceName(sandboxPolicy)}/test`,
      { environment: 'development', scenarios },
    );
    const decided = result.results.length;
    const passed = result.results.filter(r => r.passed).length;
    const failures = result.results.filter(r => !r.passed);
    if (failures.length > 0) {
      console.log(
        `sandbox failures: ${JSON.stringify(
          failures
            .slice(0, 5)
            .map(f => [f.scenario.name, f.decision, f.reason]),
        )}`,
      );
    }
    const latency = await measureLatency(() =>
      post(`${policyApi}/policies/${serviceName(sandboxPolicy)}/test`, {
        environment: 'development',
        scenarios,
      }),
    );
    const perSecond = Math.round(decided / (latency.median / 1000));
    row(
      `\`POST /policies/:name/test\` (policy:test), ${decided} scenarios`,
      latency,
      `${perSecond} scenarios/s; ${passed} of ${decided} passed`,
    );
    sandboxRows.push({ decided, perSecond, passed, median: latency.median });
  }
  const yaml = JSON.stringify(policyOf(sandboxPolicy));
  const sandboxScenarioSet = sandboxScenarios(sandboxPolicy, 500);
  const sandboxOnce = await post(`${policyApi}/sandbox`, {
    yaml,
    environment: 'production',
    scenarios: sandboxScenarioSet,
  });
  const sandboxLatency = await measureLatency(() =>
    post(`${policyApi}/sandbox`, {
      yaml,
      environment: 'production',
      scenarios: sandboxScenarioSet,
    }),
  );
  row(
    `\`POST /sandbox\` (unsaved document, production), ${sandboxOnce.results.length} scenarios`,
    sandboxLatency,
    `${Math.round(
      sandboxOnce.results.length / (sandboxLatency.median / 1000),
    )} scenarios/s; ${sandboxOnce.results.filter(r => r.passed).length} of ${
      sandboxOnce.results.length
    } passed`,
  );

  row(
    `stock catalog \`GET /api/catalog/entities/by-query?limit=${pageSize}\``,
    await measureLatency(() =>
      call(`${api}/catalog/entities/by-query?limit=${pageSize}`),
    ),
  );
  row(
    `stock catalog \`GET /api/catalog/entities/by-query?limit=${pageSize}\` filtered to the bench services`,
    await measureLatency(() =>
      call(`${api}/catalog/entities/by-query?${benchFilter}&limit=${pageSize}`),
    ),
  );

  const averageKiB =
    yamlBytes.reduce((a, b) => a + b, 0) / yamlBytes.length / 1024;
  const best = sandboxRows[sandboxRows.length - 1];
  // What one more scenario costs, without the fixed part (HTTP, loading and compiling the policy).
  const marginalPerSecond = Math.round(
    (best.decided - sandboxRows[0].decided) /
      ((best.median - sandboxRows[0].median) / 1000),
  );
  writeBenchmarkSection(
    'policy',
    `## Policy builder (bench/policy)

${services} services in the catalog (a file location: ${frontends} frontends and ${
      services - frontends
    } backends as Components with \`idp-platform/policy-tier\`,
plus ${databases} database Resources), ingested ${ingestSeconds.toFixed(
      0,
    )} s after startup. One ServiceCommunicationPolicy per service (${averageKiB.toFixed(
      1,
    )} KiB each on
average) created through \`POST /api/policy/policies\`, each validated against that catalog: frontends call three
backends over HTTP (methods, paths); backends call two backends over gRPC and their database outside the mesh,
deny one backend, restrict egress and admit the logging agents; every service admits the monitoring namespaces;
every fourth service carries JWT access rules (allow, environment-scoped allow, deny) and every twentieth a
time-of-day rule (OPA); every policy stores one to three scenarios. Compiled for production (strict) the
${services} policies give ${objectCount} Kubernetes objects (${regoCount} with a Rego module). The real IDP
backend (\`bench/policy/backend.ts\`: packages/backend/src/index.ts with the \`local\` cluster pointed at
idp-node's Kubernetes REST test server in the same process) on in-memory SQLite was called over HTTP with a
static service token, one call at a time, on ${new Date()
      .toISOString()
      .slice(0, 10)}; Node ${process.versions.node}, ${
      os.cpus().length
    } cores shared with other jobs
(\`uptime\` load ${os
      .loadavg()[0]
      .toFixed(
        1,
      )} when the run ended). Milliseconds; rows with "every ... once" time each policy once (the compile rows after five
warm-up calls, create and apply without), the others 50 calls after 5 warm-up calls unless the count says
otherwise.

| call | calls | median (ms) | p95 (ms) | notes |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

**Compile time for ${services} services' intents:** ${compileTotals.development.toFixed(
      1,
    )} s for development and ${compileTotals.production.toFixed(
      1,
    )} s for production (strict), one
\`GET /policies/:name/compiled\` per policy over HTTP; the environment-wide compile inside
\`POST /check-communication\` (every stored policy read, parsed and compiled, then one decision) is its row.
There is no route that compiles an environment's objects in one call; impact compiles one policy and compares
it with what the cluster holds. Inside the backend, reading and compiling one policy costs at most ${formatMs(
      environmentWide.median / services,
    )} ms (the
environment-wide median over ${services}); the rest of the ${formatMs(
      compiledLatency.production.median,
    )} ms per \`compiled\` call is HTTP, credentials, the permission check and
the response. Validation against the catalog is the expensive part of a change: \`POST /compile\` takes ${formatMs(
      compileDocument.median,
    )} ms
against ${formatMs(
      compiledLatency.production.median,
    )} ms for compiling a stored policy, because every validation reads all Components and Resources
(${services + databases} here) from the catalog; create (${formatMs(
      create.median,
    )} ms) and apply (${formatMs(
      apply.median,
    )} ms) validate too. **Sandbox:** ${
      best.perSecond
    } scenarios decided per second at ${best.decided} scenarios per
\`POST /policies/:name/test\` call (loading and compiling the policy and HTTP included; ${
      best.passed
    } of ${
      best.decided
    } passed); ${marginalPerSecond} per second for the scenarios beyond the first ${
      sandboxRows[0].decided
    } (the difference of the medians). The catalog rows are stock
Backstage on the same backend in the same run, at the same page size, holding the ${
      services + databases
    } bench entities.

Reproduce: \`./idp yarn bench:policy\` (\`node bench/policy/run.mjs [services] [applied]\`).`,
  );
} catch (error) {
  console.error(backend.output().slice(-4000));
  throw error;
} finally {
  await backend.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
