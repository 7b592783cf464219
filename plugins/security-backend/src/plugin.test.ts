import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
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
import { parseCsv } from './__testUtils__/parseCsv';
import { securityPlugin } from './plugin';

jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples/security');
const trivy = fs.readFileSync(path.join(examples, 'trivy-alpine-3.9.json'));
const user = mockCredentials.user.header('user:default/dana');
const sam = mockCredentials.user.header('user:default/sam');
const lee = mockCredentials.user.header('user:default/lee');
const entityRef = 'component:default/payments-api';
const digest = `sha256:${'b'.repeat(64)}`;
const reportsUrl = (format = 'trivy') =>
  `/api/security/reports?entityRef=${encodeURIComponent(
    entityRef,
  )}&artifactDigest=${digest}&format=${format}`;

async function startBackend(
  options: { deny?: string[]; config?: JsonObject } = {},
) {
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
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      permissions.factory,
      auditor.factory,
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () =>
          mockServices.userInfo({
            ownershipEntityRefs: ['group:default/payments'],
          }),
      }),
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

  it('answers the trend of one entity, and without entityRef of the whole organisation', async () => {
    const { server } = await startBackend();
    expect(
      (
        await request(server)
          .post(reportsUrl())
          .set('Authorization', user)
          .set('Content-Type', 'application/octet-stream')
          .send(trivy)
      ).status,
    ).toBe(201);
    const ofEntity = await request(server)
      .get(
        `/api/security/findings/trend?days=7&entityRef=${encodeURIComponent(
          entityRef,
        )}`,
      )
      .set('Authorization', user);
    const ofOrganisation = await request(server)
      .get('/api/security/findings/trend?days=7')
      .set('Authorization', user);
    expect(ofEntity.status).toBe(200);
    expect(ofOrganisation.status).toBe(200);
    expect(ofOrganisation.body.points).toHaveLength(7);
    const today = ofOrganisation.body.points[6].open;
    expect(
      Object.values(today as Record<string, number>).reduce((a, b) => a + b),
    ).toBeGreaterThan(0);
    // The only entity with findings: the organisation's trend is its trend.
    expect(ofOrganisation.body.points).toEqual(ofEntity.body.points);
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
        'idp.security.waiver.request',
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
      [
        '/api/security/signatures',
        { entityRef, artifactDigest: digest, bundle: {} },
      ],
      [
        '/api/security/waivers',
        {
          entityRef,
          vulnerabilityId: 'CVE-2019-14697',
          justification: 'Not reachable from any entry point',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
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
      `/api/security/waivers?entityRef=${encodeURIComponent(entityRef)}`,
      `/api/security/export?entityRef=${encodeURIComponent(entityRef)}`,
      `/api/security/artifacts/supply-chain?entityRef=${encodeURIComponent(
        entityRef,
      )}&artifactDigest=${digest}`,
      '/api/security/summary',
    ]) {
      const res = await request(server).get(route).set('Authorization', user);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    expect(events).toEqual([]);
  });

  it('requests a waiver through a change request that two members of the owner group approve; the gate then admits the finding', async () => {
    const { server, events } = await startBackend();
    await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(trivy.toString('utf8'));
    events.length = 0;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const requested = await request(server)
      .post('/api/security/waivers')
      .set('Authorization', user)
      .send({
        entityRef,
        vulnerabilityId: 'CVE-2019-14697',
        packageName: 'musl',
        justification: 'musl is only used at build time',
        expiresAt,
      });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({
      status: 'pending-approval',
      changeRequestId: expect.any(String),
    });
    const { changeRequestId } = requested.body;
    const waiversUrl = `/api/security/waivers?entityRef=${encodeURIComponent(
      entityRef,
    )}`;
    const pending = await request(server)
      .get(waiversUrl)
      .set('Authorization', user);
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        id: changeRequestId,
        packageName: 'musl',
        state: 'pending',
        requestedBy: 'user:default/dana',
      }),
    ]);
    const listed = await request(server)
      .get('/api/security/change-requests?state=pending')
      .set('Authorization', sam);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: changeRequestId,
        kind: 'security-waiver',
        environment: 'production',
        requiredApprovals: 2,
        approvers: ['group:default/payments'],
      }),
    ]);
    const decide = (who: string) =>
      request(server)
        .post(`/api/security/change-requests/${changeRequestId}/decision`)
        .set('Authorization', who)
        .send({ decision: 'approve' });
    expect((await decide(user)).status).toBe(403);
    expect((await decide(sam)).body.state).toBe('pending');
    expect((await decide(lee)).body.state).toBe('approved');
    const applied = await request(server)
      .get(`/api/security/change-requests/${changeRequestId}`)
      .set('Authorization', user);
    expect(applied.body.state).toBe('applied');
    const active = await request(server)
      .get(waiversUrl)
      .set('Authorization', user);
    expect(active.body.items).toEqual([
      expect.objectContaining({
        id: changeRequestId,
        state: 'active',
        approvedBy: ['user:default/sam', 'user:default/lee'],
        expiresAt,
      }),
    ]);
    const gate = await request(server)
      .post('/api/security/gate')
      .set('Authorization', user)
      .send({ entityRef, artifactDigest: digest, environment: 'production' });
    const critical = gate.body.reasons.filter(
      (r: any) => r.vulnerabilityId === 'CVE-2019-14697',
    );
    expect(critical.map((r: any) => [r.code, r.message.split(' ')[4]])).toEqual(
      expect.arrayContaining([
        ['waived', 'musl'],
        ['blocked-severity', 'musl-utils'],
      ]),
    );
    expect(critical).toHaveLength(2);
    expect(gate.body.allowed).toBe(false);
    expect(events.filter(e => e.startsWith('security-'))).toEqual([
      'security-waiver-request:start',
      'security-waiver-request:success',
      'security-waiver-apply:start',
      'security-waiver-apply:success',
    ]);
  });

  it('answers 400 naming the field of a bad waiver request', async () => {
    const { server } = await startBackend();
    const send = (body: object) =>
      request(server)
        .post('/api/security/waivers')
        .set('Authorization', user)
        .send({
          entityRef,
          vulnerabilityId: 'CVE-2019-14697',
          justification: 'musl is only used at build time',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          ...body,
        });
    const short = await send({ justification: 'because' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe(
      'Invalid request: justification: must explain why (10+ characters)',
    );
    const notADate = await send({ expiresAt: 'next week' });
    expect(notADate.body.error.message).toBe(
      'Invalid request: expiresAt: must be an ISO 8601 date or time',
    );
    const tooFar = await send({
      expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString(),
    });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(
      /^Invalid request: expiresAt: must be at most 90 days ahead/,
    );
  });

  it('exports the findings and waivers of an entity as a CSV attachment and as JSON', async () => {
    const { server } = await startBackend();
    await request(server)
      .post(reportsUrl())
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(trivy.toString('utf8'));
    const justification = 'Build-time only, "musl" never ships,\nsee ADR-7';
    await request(server)
      .post('/api/security/waivers')
      .set('Authorization', user)
      .send({
        entityRef,
        vulnerabilityId: 'CVE-2019-14697',
        justification,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(202);
    const exportUrl = (format: string) =>
      `/api/security/export?entityRef=${encodeURIComponent(
        entityRef,
      )}&format=${format}`;
    const csv = await request(server)
      .get(exportUrl('csv'))
      .set('Authorization', user)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => done(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="security-component-default-payments-api-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(csv.body);
    expect(header.slice(0, 5)).toEqual([
      'record',
      'id',
      'artifact',
      'vulnerability',
      'severity',
    ]);
    const column = (name: string) => header.indexOf(name);
    const findings = rows.filter(row => row[0] === 'finding');
    expect(findings).toHaveLength(6);
    expect(
      findings
        .filter(row => row[column('severity')] === 'critical')
        .map(row => [
          row[column('package')],
          row[column('cvss')],
          row[column('due')] !== '',
        ]),
    ).toEqual(
      expect.arrayContaining([
        ['musl', '9.8', true],
        ['musl-utils', '9.8', true],
      ]),
    );
    const waivers = rows.filter(row => row[0] === 'waiver');
    expect(
      waivers.map(row => [row[column('status')], row[column('justification')]]),
    ).toEqual([['pending', justification]]);

    const json = await request(server)
      .get(exportUrl('json'))
      .set('Authorization', user);
    expect(json.headers['content-disposition']).toMatch(/\.json"$/);
    expect(json.body).toMatchObject({
      entityRef,
      generatedAt: expect.any(String),
      waivers: [{ state: 'pending', justification }],
    });
    expect(json.body.findings).toHaveLength(6);

    const bad = await request(server)
      .get(exportUrl('xlsx'))
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid request: format: /);
  });

  describe('signatures', () => {
    const fixtures = path.join(__dirname, 'supplyChain/__fixtures__');
    const bundle = JSON.parse(
      fs.readFileSync(
        path.join(fixtures, 'sigstore-3.1.0.sigstore.json'),
        'utf8',
      ),
    );
    const npmDigest =
      'sha512:669cd60051c816ac85139e9d5ea817fc3903459773fab45c8e8224fd1414e085f4c220afd65f12ed9ad70c770273eb9a7feea8ef0de1da5de0e86606e5328df5';
    const signatureConfig = {
      idp: {
        security: {
          signature: {
            trustedRootPath: path.join(fixtures, 'trusted_root.json'),
            identities: [
              {
                subjectAlternativeName:
                  '/^https://github.com/sigstore/sigstore-js/.github/workflows//',
                issuer: 'https://token.actions.githubusercontent.com',
              },
            ],
          },
          policy: { environments: { development: { requireSignature: true } } },
        },
      },
    };

    it('lets requireSignature admit an artifact only once a verified bundle is stored', async () => {
      const { server, events } = await startBackend({
        config: signatureConfig,
      });
      const gate = async () =>
        (
          await request(server)
            .post('/api/security/gate')
            .set('Authorization', user)
            .send({
              entityRef,
              artifactDigest: npmDigest,
              environment: 'development',
            })
        ).body;
      expect(await gate()).toMatchObject({
        allowed: false,
        reasons: [{ code: 'no-report' }, { code: 'signature-missing' }],
      });

      const tampered = JSON.parse(JSON.stringify(bundle));
      tampered.dsseEnvelope.signatures[0].sig =
        Buffer.from('not the signature').toString('base64');
      const invalid = await request(server)
        .post('/api/security/signatures')
        .set('Authorization', user)
        .send({ entityRef, artifactDigest: npmDigest, bundle: tampered });
      expect(invalid.status).toBe(201);
      expect(invalid.body).toMatchObject({
        signature: { status: 'invalid', reason: expect.any(String) },
        slsaLevel: null,
      });
      expect(await gate()).toMatchObject({
        allowed: false,
        reasons: [
          { code: 'no-report' },
          {
            code: 'signature-invalid',
            message: `development requires a verified signature: ${invalid.body.signature.reason}`,
          },
        ],
      });

      const verified = await request(server)
        .post('/api/security/signatures')
        .set('Authorization', user)
        .send({ entityRef, artifactDigest: npmDigest, bundle });
      expect(verified.status).toBe(201);
      expect(verified.body).toMatchObject({
        signature: {
          status: 'verified',
          identity:
            'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main',
        },
        slsaLevel: 2,
      });
      expect(await gate()).toMatchObject({
        allowed: true,
        reasons: [{ code: 'no-report' }, { code: 'allowed' }],
      });

      const chain = await request(server)
        .get(
          `/api/security/artifacts/supply-chain?entityRef=${encodeURIComponent(
            entityRef,
          )}&artifactDigest=${npmDigest}`,
        )
        .set('Authorization', user);
      expect(chain.body).toEqual({
        sbom: null,
        signature: {
          status: 'verified',
          identity:
            'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main',
          issuer: 'https://token.actions.githubusercontent.com',
          verifiedAt: verified.body.signature.verifiedAt,
        },
        slsaLevel: 2,
      });
      expect(events).toEqual([
        'security-signature-upload:start',
        'security-signature-upload:success',
        'security-signature-upload:start',
        'security-signature-upload:success',
      ]);
    });

    it('answers 503 while idp.security.signature is not configured, and 400 naming a bad digest', async () => {
      const { server } = await startBackend();
      const unconfigured = await request(server)
        .post('/api/security/signatures')
        .set('Authorization', user)
        .send({ entityRef, artifactDigest: npmDigest, bundle });
      expect(unconfigured.status).toBe(503);
      expect(unconfigured.body.error.message).toMatch(
        /idp.security.signature is not configured/,
      );
      const badDigest = await request(server)
        .post('/api/security/signatures')
        .set('Authorization', user)
        .send({ entityRef, artifactDigest: 'latest', bundle });
      expect(badDigest.status).toBe(400);
      expect(badDigest.body.error.message).toMatch(
        /^Invalid request: artifactDigest: /,
      );
    });
  });
});
