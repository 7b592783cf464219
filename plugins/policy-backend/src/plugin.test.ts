import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  KubernetesTestServer,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startPolicyBackend } from './__testUtils__/startPolicyBackend';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples/policies');
const GOLDEN = path.resolve(__dirname, 'compiler/__golden__');
const example = (name: string) =>
  fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8');
const dana = mockCredentials.user.header('user:default/dana');
const alice = mockCredentials.user.header('user:default/alice');
const API = '/api/policy';

const databases = createTestDatabases();
// A fresh cluster per test, so what one test applies never shows in another.
let kubernetes: KubernetesTestServer;

beforeEach(async () => {
  kubernetes = new KubernetesTestServer();
  await kubernetes.start();
});
afterEach(() => kubernetes.stop());

type Server = Parameters<typeof request>[0];

async function create(server: Server, name: string, yaml = example(name)) {
  const res = await request(server)
    .post(`${API}/policies`)
    .set('Authorization', dana)
    .send({ yaml, message: `create ${name}` });
  expect(res.status).toBe(201);
  return res.body;
}

/** The objects of one policy in a namespace of the test cluster. */
function clusterObjects(namespace: string, policy?: string) {
  return kubernetes
    .objects({ namespace })
    .filter(
      o =>
        !policy ||
        (o.metadata as { labels?: Record<string, string> }).labels?.[
          'idp-platform/policy'
        ] === policy,
    )
    .map(o => `${o.kind}/${(o.metadata as { name: string }).name}`);
}

describe.each(databases.eachSupportedId())(
  'policy backend on %s',
  databaseId => {
    const start = async (deny?: string[]) =>
      startPolicyBackend({
        kubernetes,
        deny,
        knex: await databases.init(databaseId),
      });

    it('creates versioned policies and refuses a stale version with 409', async () => {
      const { server, events } = await start();
      const created = await create(server, 'payments-api');
      expect(created).toMatchObject({
        name: 'payments-api',
        source: 'payments-api',
        entityRef: 'component:default/payments-api',
        version: 1,
        updatedBy: 'user:default/dana',
      });
      expect(created.environments).toHaveLength(4);
      const edited = example('payments-api').replace(
        'metricsPort: 9090',
        'metricsPort: 9100',
      );
      const updated = await request(server)
        .put(`${API}/policies/payments-api`)
        .set('Authorization', dana)
        .send({ yaml: edited, version: 1, message: 'scrape 9100' });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(2);
      const stale = await request(server)
        .put(`${API}/policies/payments-api`)
        .set('Authorization', dana)
        .send({ yaml: example('payments-api'), version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/is at version 2, not 1/);
      const versions = await request(server)
        .get(`${API}/policies/payments-api/versions`)
        .set('Authorization', dana);
      expect(
        versions.body.items.map((v: { version: number }) => v.version),
      ).toEqual([2, 1]);
      const first = await request(server)
        .get(`${API}/policies/payments-api/versions/1`)
        .set('Authorization', dana);
      expect(first.body.yaml).toBe(example('payments-api'));
      const duplicate = await request(server)
        .post(`${API}/policies`)
        .set('Authorization', dana)
        .send({ yaml: example('payments-api') });
      expect(duplicate.status).toBe(409);
      const renamed = await request(server)
        .put(`${API}/policies/payments-api`)
        .set('Authorization', dana)
        .send({
          yaml: example('payments-api').replace(
            'name: payments-api\n',
            'name: payments-api-v2\n',
          ),
          version: 2,
        });
      expect(renamed.status).toBe(400);
      expect(renamed.body.error.message).toMatch(
        /metadata.name is payments-api-v2, but the policy being edited is payments-api/,
      );
      expect(events).toContain('policy-update:success');
      expect(events).toContain('policy-create:fail');
    });

    it('validates against the catalog with YAML lines and names bad fields in 400s', async () => {
      const { server } = await start();
      const typo = example('checkout-web').replace(
        '    - service: payments-api\n',
        '    - service: paymnets-api\n',
      );
      const validation = await request(server)
        .post(`${API}/validate`)
        .set('Authorization', dana)
        .send({ yaml: typo });
      expect(validation.status).toBe(200);
      expect(validation.body).toMatchObject({
        valid: false,
        problems: [
          {
            severity: 'error',
            code: 'unknown-service',
            path: 'spec.destinations.0.service',
            line: 13,
          },
        ],
      });
      const refused = await request(server)
        .post(`${API}/policies`)
        .set('Authorization', dana)
        .send({ yaml: typo });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /line 13: service paymnets-api is not in the catalog \[unknown-service\]/,
      );
      const missing = await request(server)
        .post(`${API}/compile`)
        .set('Authorization', dana)
        .send({ yaml: example('checkout-web') });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/environment: Required/);
    });

    it('compiles per environment exactly as the golden files, strict where protected', async () => {
      const { server } = await start();
      await create(server, 'payments-api-access');
      for (const environment of ['development', 'production']) {
        const compiled = await request(server)
          .get(`${API}/policies/payments-api-access/compiled`)
          .query({ environment })
          .set('Authorization', dana);
        expect(compiled.status).toBe(200);
        expect(compiled.body.strict).toBe(environment === 'production');
        expect(compiled.body.yaml).toBe(
          fs.readFileSync(
            path.join(GOLDEN, `payments-api-access.${environment}.yaml`),
            'utf8',
          ),
        );
        expect(compiled.body.rego).toBe(
          fs.readFileSync(
            path.join(GOLDEN, `payments-api-access.${environment}.rego`),
            'utf8',
          ),
        );
      }
    });

    it('runs the sandbox: admin full access allowed, developer token reaching staging denied', async () => {
      const { server } = await start();
      const sandbox = await request(server)
        .post(`${API}/sandbox`)
        .set('Authorization', dana)
        .send({
          yaml: example('payments-api-access'),
          environment: 'staging',
          scenarios: [
            {
              kind: 'request',
              name: 'developer writes with a staging token',
              claims: { groups: ['developers'], environment: 'staging' },
              request: { method: 'POST', path: '/api/payments' },
              expect: 'allow',
            },
          ],
        });
      expect(sandbox.status).toBe(200);
      const byName = Object.fromEntries(
        sandbox.body.results.map(
          (r: {
            scenario: { name: string };
            decision: string;
            passed: boolean;
          }) => [r.scenario.name, [r.decision, r.passed]],
        ),
      );
      expect(byName).toMatchObject({
        'admin full access allowed': ['allow', true],
        'developer token reaching staging denied': ['deny', true],
        'developer writes with a staging token': ['deny', false],
      });
      expect(sandbox.body.passed).toBe(false);

      await create(server, 'payments-api-access');
      const stored = await request(server)
        .post(`${API}/policies/payments-api-access/test`)
        .set('Authorization', dana)
        .send({ environment: 'development' });
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({
        passed: true,
        skipped: ['developer token reaching staging denied'],
      });
      expect(stored.body.results).toHaveLength(7);
    });

    it('shows the impact against the cluster, applies with server-side apply and rolls back', async () => {
      const { server, signals, events } = await start();
      await create(server, 'checkout-web');
      const before = await request(server)
        .get(`${API}/policies/checkout-web/impact`)
        .query({ environment: 'staging' })
        .set('Authorization', dana);
      expect(before.status).toBe(200);
      expect(before.body.gained).toEqual(
        expect.arrayContaining([
          {
            from: 'checkout-web',
            to: 'payments-api',
            port: 8080,
            conditional: true,
          },
          { from: 'namespace:monitoring', to: 'checkout-web', port: 9090 },
        ]),
      );
      expect(before.body.lost).toEqual([]);
      expect(before.body.objects).toContainEqual({
        kind: 'AuthorizationPolicy',
        name: 'checkout-web-allow-payments-api',
        namespace: 'staging',
        change: 'create',
      });

      const applied = await request(server)
        .post(`${API}/policies/checkout-web/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging', message: 'first' });
      expect(applied.status).toBe(200);
      expect(applied.body).toMatchObject({
        status: 'applied',
        record: {
          environment: 'staging',
          version: 1,
          status: 'applied',
          cluster: 'test',
        },
        sandbox: { passed: true },
      });
      expect(clusterObjects('staging', 'checkout-web')).toEqual([
        'AuthorizationPolicy/checkout-web-allow-monitoring',
        'AuthorizationPolicy/checkout-web-allow-payments-api',
        'AuthorizationPolicy/checkout-web-deny-payments-db',
      ]);
      expect(clusterObjects('staging')).toContain(
        'AuthorizationPolicy/default-deny',
      );
      expect(signals).toContainEqual({
        channel: 'policy:apply',
        policy: 'checkout-web',
        environment: 'staging',
        version: 1,
        status: 'applied',
      });
      const after = await request(server)
        .get(`${API}/policies/checkout-web/impact`)
        .query({ environment: 'staging' })
        .set('Authorization', dana);
      expect(after.body).toMatchObject({
        appliedVersion: 1,
        gained: [],
        lost: [],
      });
      expect(
        after.body.objects.every(
          (o: { change: string }) => o.change === 'unchanged',
        ),
      ).toBe(true);

      // Version 2 drops the denied destination and monitoring: the impact shows the loss, the apply prunes.
      const narrowed = example('checkout-web')
        .replace('  deniedDestinations:\n    - service: payments-db\n', '')
        .replace('  restrictions:\n    allowMonitoringTools: true\n', '');
      await request(server)
        .put(`${API}/policies/checkout-web`)
        .set('Authorization', dana)
        .send({ yaml: narrowed, version: 1 })
        .expect(200);
      const impact2 = await request(server)
        .get(`${API}/policies/checkout-web/impact`)
        .query({ environment: 'staging' })
        .set('Authorization', dana);
      expect(impact2.body.lost).toEqual([
        { from: 'namespace:monitoring', to: 'checkout-web', port: 9090 },
      ]);
      expect(impact2.body.objects).toContainEqual({
        kind: 'AuthorizationPolicy',
        name: 'checkout-web-deny-payments-db',
        namespace: 'staging',
        change: 'delete',
      });
      await request(server)
        .post(`${API}/policies/checkout-web/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging' })
        .expect(200);
      expect(clusterObjects('staging', 'checkout-web')).toEqual([
        'AuthorizationPolicy/checkout-web-allow-payments-api',
      ]);

      const rollback = await request(server)
        .post(`${API}/policies/checkout-web/rollback`)
        .set('Authorization', dana)
        .send({ environment: 'staging', toVersion: 1 });
      expect(rollback.status).toBe(200);
      expect(rollback.body.record).toMatchObject({
        kind: 'rollback',
        version: 1,
      });
      expect(clusterObjects('staging', 'checkout-web')).toEqual([
        'AuthorizationPolicy/checkout-web-allow-monitoring',
        'AuthorizationPolicy/checkout-web-allow-payments-api',
        'AuthorizationPolicy/checkout-web-deny-payments-db',
      ]);
      expect(events).toEqual(
        expect.arrayContaining([
          'policy-apply:success',
          'policy-update:success',
          'policy-rollback:success',
        ]),
      );
      const history = await request(server)
        .get(`${API}/policies/checkout-web/applies`)
        .set('Authorization', dana);
      expect(
        history.body.items.map(
          (a: { kind: string; version: number }) => `${a.kind}:${a.version}`,
        ),
      ).toEqual(['rollback:1', 'apply:2', 'apply:1']);
      const view = await request(server)
        .get(`${API}/policies/checkout-web`)
        .set('Authorization', dana);
      expect(
        view.body.environments.find(
          (e: { environment: string }) => e.environment === 'staging',
        ),
      ).toMatchObject({
        appliedVersion: 1,
        appliedBy: 'user:default/dana',
      });
    });

    it('blocks an apply whose scenario fails with a 409 naming it, and writes nothing', async () => {
      const { server } = await start();
      const broken = example('checkout-web').replace(
        '      name: checkout reaches the payments API\n      from: checkout-web\n      to: payments-api\n      port: 8080\n      expect: allow',
        '      name: checkout reaches the payments API\n      from: checkout-web\n      to: payments-api\n      port: 8080\n      expect: deny',
      );
      expect(broken).not.toBe(example('checkout-web'));
      await create(server, 'checkout-web', broken);
      const res = await request(server)
        .post(`${API}/policies/checkout-web/apply`)
        .set('Authorization', dana)
        .send({ environment: 'development' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /Scenario failed in development, nothing applied: "checkout reaches the payments API" expected deny, got allow/,
      );
      expect(clusterObjects('development', 'checkout-web')).toEqual([]);
      const history = await request(server)
        .get(`${API}/policies/checkout-web/applies`)
        .set('Authorization', dana);
      expect(history.body.items).toEqual([]);
    });

    it('sends a protected environment through a change request and applies on approval', async () => {
      const { server } = await start();
      await create(server, 'payments-api-access');
      const dryRun = await request(server)
        .post(`${API}/policies/payments-api-access/apply`)
        .set('Authorization', dana)
        .send({ environment: 'uat', dryRun: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.status).toBe('dry-run');
      expect(clusterObjects('uat', 'payments-api-access')).toEqual([]);

      const pending = await request(server)
        .post(`${API}/policies/payments-api-access/apply`)
        .set('Authorization', dana)
        .send({ environment: 'uat' });
      expect(pending.status).toBe(202);
      expect(pending.body).toMatchObject({
        status: 'pending-approval',
        changeRequest: { environment: 'uat', requiredApprovals: 1 },
      });
      expect(clusterObjects('uat', 'payments-api-access')).toEqual([]);
      const view = await request(server)
        .get(`${API}/policies/payments-api-access`)
        .set('Authorization', dana);
      expect(
        view.body.environments.find(
          (e: { environment: string }) => e.environment === 'uat',
        ),
      ).toEqual({
        environment: 'uat',
        protected: true,
        pendingChangeRequestId: pending.body.changeRequest.id,
      });

      const own = await request(server)
        .post(
          `${API}/change-requests/${pending.body.changeRequest.id}/decision`,
        )
        .set('Authorization', dana)
        .send({ decision: 'approve' });
      expect(own.status).toBe(403);
      const approved = await request(server)
        .post(
          `${API}/change-requests/${pending.body.changeRequest.id}/decision`,
        )
        .set('Authorization', alice)
        .send({ decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(clusterObjects('uat', 'payments-api-access')).toEqual([
        'AuthorizationPolicy/payments-api-access-jwt-allow',
        'AuthorizationPolicy/payments-api-access-jwt-deny',
        'AuthorizationPolicy/payments-api-access-jwt-time',
        'NetworkPolicy/payments-api-access-egress',
        'RequestAuthentication/payments-api-access-jwt',
      ]);
      const request_ = await request(server)
        .get(`${API}/change-requests/${pending.body.changeRequest.id}`)
        .set('Authorization', dana);
      expect(request_.body.state).toBe('applied');
      const history = await request(server)
        .get(`${API}/policies/payments-api-access/applies`)
        .set('Authorization', dana);
      expect(history.body.items[0]).toMatchObject({
        environment: 'uat',
        status: 'applied',
        appliedBy: 'user:default/dana',
        changeRequestId: pending.body.changeRequest.id,
      });
    });

    it('answers communication checks across every stored policy and compares environments', async () => {
      const { server } = await start();
      await create(server, 'payments-api');
      await create(server, 'checkout-web');
      const check = (
        from: string,
        to: string,
        port: number,
        environment = 'development',
      ) =>
        request(server)
          .post(`${API}/check-communication`)
          .set('Authorization', dana)
          .send({ environment, from, to, port });
      expect(
        (await check('checkout-web', 'payments-api', 8080)).body,
      ).toMatchObject({
        allowed: true,
        decidedBy:
          'AuthorizationPolicy/development/checkout-web-allow-payments-api',
      });
      expect(
        (await check('checkout-web', 'payments-db', 5432)).body,
      ).toMatchObject({
        allowed: false,
        reason:
          'NetworkPolicy ingress of payments-db does not admit checkout-web on 5432',
      });
      expect(
        (await check('payments-api', 'fraud-service', 9000)).body,
      ).toMatchObject({
        allowed: false,
      });
      expect(
        (await check('orders-service', 'payments-api', 8080, 'production'))
          .body,
      ).toMatchObject({
        allowed: false,
      });

      const compare = await request(server)
        .get(`${API}/policies/payments-api/compare`)
        .query({ environments: 'development,production' })
        .set('Authorization', dana);
      expect(compare.status).toBe(200);
      const rows = Object.fromEntries(
        compare.body.rows.map(
          (r: {
            kind: string;
            name: string;
            differs: boolean;
            cells: Record<string, { yaml?: string }>;
          }) => [
            `${r.kind}/${r.name}`,
            {
              differs: r.differs,
              in: Object.keys(r.cells).filter(k => r.cells[k].yaml),
            },
          ],
        ),
      );
      expect(
        rows['AuthorizationPolicy/payments-api-allow-fraud-service'],
      ).toEqual({
        differs: false,
        in: ['development', 'production'],
      });
      expect(rows['NetworkPolicy/payments-api-ingress-fraud-service']).toEqual({
        differs: true,
        in: ['production'],
      });
    });

    it('imports a WebApplication communication block', async () => {
      const { server } = await start();
      const res = await request(server)
        .post(`${API}/import/web-application`)
        .set('Authorization', dana)
        .send({
          yaml: [
            'apiVersion: idp-platform.io/v1alpha1',
            'kind: WebApplication',
            'metadata:',
            '  name: checkout-web',
            '  annotations:',
            '    backstage.io/source-entity: component:default/checkout-web',
            'spec:',
            '  communication:',
            '    allowedDestinations: [payments-api:8080, fraud-service]',
            '    deniedDestinations: [payments-db]',
          ].join('\n'),
        });
      expect(res.status).toBe(200);
      expect(res.body.document.metadata.entityRef).toBe(
        'component:default/checkout-web',
      );
      expect(res.body.document.spec).toMatchObject({
        source: { service: 'checkout-web' },
        destinations: [
          {
            service: 'payments-api',
            ports: [{ port: 8080, protocol: 'HTTP' }],
          },
          { service: 'fraud-service', ports: [{ port: 80, protocol: 'HTTP' }] },
        ],
        deniedDestinations: [{ service: 'payments-db' }],
      });
      expect(res.body.problems).toEqual([
        expect.objectContaining({ code: 'assumed-port', severity: 'warning' }),
      ]);
      await create(server, 'checkout-web', res.body.yaml);
    });
  },
);

describe('policy backend failures', () => {
  it('records an apply the cluster refuses as failed, never as applied', async () => {
    const { server, signals } = await startPolicyBackend({ kubernetes });
    await create(server, 'checkout-web');
    await kubernetes.stop();
    const res = await request(server)
      .post(`${API}/policies/checkout-web/apply`)
      .set('Authorization', dana)
      .send({ environment: 'development' });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const history = await request(server)
      .get(`${API}/policies/checkout-web/applies`)
      .set('Authorization', dana);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        environment: 'development',
        version: 1,
        status: 'failed',
        error: expect.any(String),
      }),
    ]);
    const view = await request(server)
      .get(`${API}/policies/checkout-web`)
      .set('Authorization', dana);
    expect(
      view.body.environments.find(
        (e: { environment: string }) => e.environment === 'development',
      ).appliedVersion,
    ).toBeUndefined();
    expect(signals).toContainEqual(
      expect.objectContaining({ channel: 'policy:apply', status: 'failed' }),
    );
  });
});

describe('policy backend permissions', () => {
  it('refuses every mutating route with 403 without its permission, and changes nothing', async () => {
    const { server, events } = await startPolicyBackend({
      kubernetes,
      deny: ['idp.policy.write', 'idp.policy.apply'],
    });
    const mutating: [string, string, object][] = [
      ['post', `${API}/policies`, { yaml: example('checkout-web') }],
      [
        'put',
        `${API}/policies/checkout-web`,
        { yaml: example('checkout-web'), version: 1 },
      ],
      [
        'post',
        `${API}/policies/checkout-web/apply`,
        { environment: 'staging' },
      ],
      [
        'post',
        `${API}/policies/checkout-web/rollback`,
        { environment: 'staging', toVersion: 1 },
      ],
    ];
    for (const [method, route, body] of mutating) {
      const res = await (request(server) as any)
        [method](route)
        .set('Authorization', dana)
        .send(body);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    const list = await request(server)
      .get(`${API}/policies`)
      .set('Authorization', dana);
    expect(list.body.items).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses reads with 403 without the read permission', async () => {
    const { server } = await startPolicyBackend({
      kubernetes,
      deny: ['idp.policy.read'],
    });
    for (const [method, route] of [
      ['get', `${API}/policies`],
      ['get', `${API}/services`],
      ['post', `${API}/validate`],
      ['post', `${API}/sandbox`],
      ['post', `${API}/check-communication`],
    ]) {
      const res = await (request(server) as any)
        [method](route)
        .set('Authorization', dana)
        .send({});
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });

  it('loads the demo policies from idp.policy.demoData once', async () => {
    const first = await startPolicyBackend({ kubernetes, demoData: EXAMPLES });
    const list = await request(first.server)
      .get(`${API}/policies`)
      .set('Authorization', dana);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual([
      'checkout-web',
      'payments-api',
      'payments-api-access',
    ]);
    expect(list.body.items[0]).toMatchObject({
      updatedBy: 'user:default/guest',
      version: 1,
    });
    const services = await request(first.server)
      .get(`${API}/services`)
      .set('Authorization', dana);
    expect(
      services.body.items.find(
        (s: { service: string }) => s.service === 'checkout-web',
      ),
    ).toMatchObject({
      entityRef: 'component:default/checkout-web',
      tier: 'frontend',
      owner: 'team-payments',
      dependsOn: ['payments-api'],
    });
  });
});
