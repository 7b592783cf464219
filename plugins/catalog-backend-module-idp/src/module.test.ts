import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleIdp } from './module';

const component = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('catalogModuleIdp in the catalog backend', () => {
  it('runs the annotation processor in the real catalog: bad values are processing errors, the catalog keeps answering', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleIdp,
        mockServices.rootConfig.factory({
          data: { catalog: { rules: [{ allow: ['Component'] }] } },
        }),
      ],
    });
    const validate = (entity: object) =>
      request(server).post('/api/catalog/validate-entity').send({
        location: 'url:https://example.com/catalog-info.yaml',
        entity,
      });

    const good = await validate(
      component({
        'idp-platform/compliance': 'pci-dss',
        'idp-platform/service-id': 'payments-api',
      }),
    );
    expect(good.status).toBe(200);

    const bad = await validate(
      component({
        'idp-platform/policy-tier': 'middleware',
        'idp-platform/health-check': 'nope',
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'component:default/payments-api: annotation idp-platform/policy-tier="middleware" must be one of frontend, backend, database, external',
      'component:default/payments-api: annotation idp-platform/health-check="nope" must be an absolute http or https URL',
    ]);

    const stillServing = await request(server).get('/api/catalog/entities');
    expect(stillServing.status).toBe(200);
  }, 60_000);
});
