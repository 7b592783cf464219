import fs from 'node:fs';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  securityGateEvaluatePermission,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import request from 'supertest';
import { securityPlugin } from '../plugin';

jest.setTimeout(60_000);

const trivy = fs.readFileSync(
  path.resolve(
    __dirname,
    '../../../../examples/security/trivy-alpine-3.9.json',
  ),
);
const entityRef = 'component:default/payments-api';
const digest = `sha256:${'b'.repeat(64)}`;

async function startBackend(deny: string[] = []) {
  const actionsRegistry = actionsRegistryServiceMock();
  const decide = (r: any) => ({
    result: deny.includes(r.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests => requests.map(decide) as any,
    authorizeConditional: async requests => requests.map(decide) as any,
  });
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      permissions.factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'payments-api', namespace: 'default' },
            spec: { owner: 'payments', type: 'service' },
          },
        ],
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
    ],
  });
  await request(server)
    .post(
      `/api/security/reports?entityRef=${encodeURIComponent(
        entityRef,
      )}&artifactDigest=${digest}&format=trivy`,
    )
    .set('Authorization', mockCredentials.user.header())
    .set('Content-Type', 'application/octet-stream')
    .send(trivy)
    .expect(201);
  // The mock registry prefixes ids with `test:`; the real one with the plugin id.
  const idOf = (name: string) =>
    [...actionsRegistry.actions.keys()].find(id => id.endsWith(`:${name}`))!;
  return { actionsRegistry, idOf };
}

describe('security actions', () => {
  const credentials = mockCredentials.user('user:default/dana');

  it('registers security:gate, which answers the verdict of the HTTP gate', async () => {
    const { actionsRegistry, idOf } = await startBackend();
    expect(
      [...actionsRegistry.actions.keys()].map(id => id.split(':')[1]).sort(),
    ).toEqual(['findings', 'gate']);
    const { output } = await actionsRegistry.invoke({
      id: idOf('gate'),
      input: {
        entityRef: 'Component:payments-api',
        artifactDigest: digest,
        environment: 'production',
      },
      credentials,
    });
    expect(output).toMatchObject({
      allowed: false,
      requiresApproval: false,
      reasons: expect.arrayContaining([
        expect.objectContaining({
          code: 'blocked-severity',
          vulnerabilityId: 'CVE-2019-14697',
        }),
      ]),
    });
    await expect(
      actionsRegistry.invoke({
        id: idOf('gate'),
        input: {
          entityRef,
          artifactDigest: 'latest',
          environment: 'production',
        },
        credentials,
      }),
    ).rejects.toThrow(/artifactDigest: must be a digest/);
  });

  it('registers security:findings, open findings most severe first', async () => {
    const { actionsRegistry, idOf } = await startBackend();
    const { output } = await actionsRegistry.invoke({
      id: idOf('findings'),
      input: { entityRef, severity: ['critical'], limit: 1 },
      credentials,
    });
    expect(output).toEqual({
      totalCount: 2,
      findings: [
        expect.objectContaining({
          vulnerabilityId: 'CVE-2019-14697',
          severity: 'critical',
          cvssScore: 9.8,
          status: 'open',
          scanners: ['trivy'],
          dueAt: expect.any(String),
        }),
      ],
    });
  });

  it('refuses both without their permissions', async () => {
    const { actionsRegistry, idOf } = await startBackend([
      securityGateEvaluatePermission.name,
      securityReadPermission.name,
    ]);
    await expect(
      actionsRegistry.invoke({
        id: idOf('gate'),
        input: { entityRef, artifactDigest: digest, environment: 'production' },
        credentials,
      }),
    ).rejects.toThrow('Missing permission idp.security.gate.evaluate');
    await expect(
      actionsRegistry.invoke({
        id: idOf('findings'),
        input: { entityRef },
        credentials,
      }),
    ).rejects.toThrow(`Missing permission idp.security.read on ${entityRef}`);
  });
});
