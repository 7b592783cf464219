import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { IdpAnnotationProcessor } from './IdpAnnotationProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function component(
  annotations: Record<string, string>,
  tags?: string[],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations, tags },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

async function run(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new IdpAnnotationProcessor().preProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, emitted };
}

describe('IdpAnnotationProcessor', () => {
  it('adds a compliance tag for each declared regime and keeps existing tags', async () => {
    const { result, emitted } = await run(
      component(
        {
          'idp-platform/compliance': 'pci-dss, soc2',
          'idp-platform/service-id': 'payments-api',
        },
        ['java'],
      ),
    );
    expect(emitted).toEqual([]);
    expect(result.metadata.tags).toEqual([
      'java',
      'compliance-pci-dss',
      'compliance-soc2',
    ]);
  });

  it('turns each bad annotation into a processing error naming it, without throwing', async () => {
    const entity = component({
      'idp-platform/compliance': 'soc2,iso27001',
      'idp-platform/health-check': 'not a url',
      'idp-platform/policy-tier': 'middleware',
      'idp-platform/servce-id': 'typo',
    });
    const { result, emitted } = await run(entity);
    expect(result).toBe(entity);
    expect(
      emitted.map(e => (e.type === 'error' ? e.error.message : e.type)),
    ).toEqual([
      'component:default/payments-api: annotation idp-platform/compliance="soc2,iso27001" has unknown regime "iso27001"; allowed: soc2, gdpr, hipaa, pci-dss',
      'component:default/payments-api: annotation idp-platform/health-check="not a url" must be an absolute http or https URL',
      'component:default/payments-api: annotation idp-platform/policy-tier="middleware" must be one of frontend, backend, database, external',
      expect.stringMatching(
        /^component:default\/payments-api: annotation idp-platform\/servce-id="typo" is not a known IDP annotation/,
      ),
    ]);
    expect(
      emitted.every(e => e.type === 'error' && e.error.name === 'InputError'),
    ).toBe(true);
  });

  it('leaves entities without IDP annotations untouched', async () => {
    const entity = component({ 'backstage.io/techdocs-ref': 'dir:.' });
    const { result, emitted } = await run(entity);
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
  });
});
