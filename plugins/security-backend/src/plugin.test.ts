import fs from 'node:fs';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { securityPlugin } from './plugin';

jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples/security');
const trivy = fs.readFileSync(path.join(examples, 'trivy-alpine-3.9.json'));
const user = mockCredentials.user.header('user:default/dana');
const entityRef = 'component:default/payments-api';
const digest = `sha256:${'b'.repeat(64)}`;
const reportsUrl = (format = 'trivy') =>
  `/api/security/reports?entityRef=${encodeURIComponent(
    entityRef,
  )}&artifactDigest=${digest}&format=${format}`;

async function startBackend(options: { deny?: string[] } = {}) {
  const auditor = mockServices.auditor.mock();
  const events: string[] = [];
  auditor.createEvent.mockImplementation(async ({ eventId }) => {
    events.push(`${eventId}:start`);
    return {
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async () => {
        events.push(`${eventId}:fail`);
      },
    };
  });
  const decide = (r: any) => ({
    result: options.deny?.includes(r.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests => requests.map(decide) as any,
    authorizeConditional: async requests => requests.map(decide) as any,
  });
  const signals: JsonObject[] = [];
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      permissions.factory,
      auditor.factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'payments-api', namespace: 'default' },
            spec: { owner: 'payments', system: 'checkout', type: 'service' },
          },
        ],
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: { channel: string; message: JsonObject }) => {
            signals.push({ channel: signal.channel, ...signal.message });
          },
        }),
      }),
    ],
  });
  return { server, events, signals };
}

describe('security backend', () => {
  it('ingests a streamed Trivy report once, signals the entity channel, and answers the same report as a duplicate', async () => {
    const { server, events, signals } = await startBackend();
    const first = await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/octet-stream')
      .send(trivy);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      duplicate: false,
      report: { entityRef, artifactDigest: digest, findingCount: 6 },
      open: { critical: 2, medium: 4 },
    });
    expect(signals).toEqual([
      {
        channel: `security:${entityRef}`,
        type: 'report-ingested',
        reportId: first.body.report.id,
        artifactDigest: digest,
      },
    ]);
    const again = await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(trivy.toString('utf8'));
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.report).toEqual(first.body.report);
    expect(events).toEqual([
      'security-report-ingest:start',
      'security-report-ingest:success',
      'security-report-ingest:start',
      'security-report-ingest:success',
    ]);

    const page = await request(server)
      .get(
        `/api/security/findings?entityRef=${encodeURIComponent(
          entityRef,
        )}&severity=critical&limit=1`,
      )
      .set('Authorization', user);
    expect(page.body).toMatchObject({ totalCount: 2, limit: 1, offset: 0 });
    expect(page.body.items[0]).toMatchObject({
      vulnerabilityId: 'CVE-2019-14697',
      scanners: ['trivy'],
      status: 'open',
    });
    const summary = await request(server)
      .get('/api/security/summary')
      .set('Authorization', user);
    expect(summary.body.byOwner).toEqual([
      {
        key: 'group:default/payments',
        open: { none: 0, low: 0, medium: 4, high: 0, critical: 2 },
      },
    ]);
    expect(summary.body.bySystem[0].key).toBe('system:default/checkout');
  });

  it('accepts a JSON envelope for small reports', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .post('/api/security/reports')
      .set('Authorization', user)
      .send({
        entityRef,
        artifactDigest: digest,
        format: 'sarif',
        report: JSON.parse(
          fs.readFileSync(path.join(examples, 'sarif-semgrep.sarif'), 'utf8'),
        ),
      });
    expect(res.status).toBe(201);
    expect(res.body.report.scanners).toEqual(['Semgrep OSS']);
  });

  it('answers the promotion gate at POST /gate with the idp-common verdict', async () => {
    const { server } = await startBackend();
    await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(trivy.toString('utf8'));
    const service = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:promotion'),
      targetPluginId: 'security',
    });
    const gate = await request(server)
      .post('/api/security/gate')
      .set('Authorization', service)
      .send({ entityRef, artifactDigest: digest, environment: 'production' });
    expect(gate.status).toBe(200);
    expect(gate.body.allowed).toBe(false);
    expect(gate.body.requiresApproval).toBe(false);
    const reasons = gate.body.reasons.map((r: any) =>
      [r.code, r.vulnerabilityId].join(' '),
    );
    expect(reasons.slice(0, 2)).toEqual([
      'blocked-severity CVE-2019-14697',
      'blocked-severity CVE-2019-14697',
    ]);
    expect(reasons.slice(2).sort()).toEqual([
      'remediation-due CVE-2019-1549',
      'remediation-due CVE-2019-1549',
      'remediation-due CVE-2019-1551',
      'remediation-due CVE-2019-1551',
    ]);
    const unscanned = await request(server)
      .post('/api/security/gate')
      .set('Authorization', service)
      .send({
        entityRef,
        artifactDigest: `sha256:${'c'.repeat(64)}`,
        environment: 'development',
      });
    expect(unscanned.body).toMatchObject({
      allowed: true,
      reasons: [{ code: 'no-report' }, { code: 'allowed' }],
    });
    const bad = await request(server)
      .post('/api/security/gate')
      .set('Authorization', service)
      .send({ entityRef, artifactDigest: 'latest', environment: 'production' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/artifactDigest: must be a digest/);
    const unknown = await request(server)
      .post('/api/security/gate')
      .set('Authorization', service)
      .send({ entityRef, artifactDigest: digest, environment: 'qa' });
    expect(unknown.status).toBe(404);
  });

  it('answers 400 naming where a report breaks and stores nothing', async () => {
    const { server, events } = await startBackend();
    const broken = JSON.parse(trivy.toString('utf8'));
    delete broken.Results[0].Vulnerabilities[2].PkgName;
    const res = await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(broken));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid report: Results[0].Vulnerabilities[2].PkgName: required',
    );
    const badQuery = await request(server)
      .post(
        `/api/security/reports?entityRef=${entityRef}&artifactDigest=${digest}&format=nessus`,
      )
      .set('Authorization', user)
      .send('{}');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/format: /);
    const findings = await request(server)
      .get(`/api/security/findings?entityRef=${encodeURIComponent(entityRef)}`)
      .set('Authorization', user);
    expect(findings.body.totalCount).toBe(0);
    expect(events).toEqual([
      'security-report-ingest:start',
      'security-report-ingest:fail',
    ]);
  });

  it('refuses every mutating route with 403 without its permission, auditing nothing', async () => {
    const { server, events } = await startBackend({
      deny: [
        'idp.security.report.ingest',
        'idp.security.gate.evaluate',
        'idp.security.read',
      ],
    });
    const routes: Array<[string, string | object]> = [
      [reportsUrl(), trivy.toString('utf8')],
      [
        '/api/security/reports',
        { entityRef, artifactDigest: digest, format: 'trivy', report: {} },
      ],
      [
        '/api/security/gate',
        { entityRef, artifactDigest: digest, environment: 'production' },
      ],
    ];
    for (const [route, body] of routes) {
      const res = await request(server)
        .post(route)
        .set('Authorization', user)
        .set('Content-Type', 'application/json')
        .send(body);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    for (const route of [
      `/api/security/findings?entityRef=${encodeURIComponent(entityRef)}`,
      '/api/security/summary',
    ]) {
      const res = await request(server).get(route).set('Authorization', user);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    expect(events).toEqual([]);
  });
});
