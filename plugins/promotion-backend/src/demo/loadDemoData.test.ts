import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { PromotionStore } from '../database/PromotionStore';
import { loadDemoData } from './loadDemoData';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const EXAMPLES = path.resolve(__dirname, '../../../../examples/promotion');
const ENTITY = 'component:default/payments-api';

describe.each(databases.eachSupportedId())('loadDemoData on %s', databaseId => {
  it('loads the example history once, however often it runs', async () => {
    const knex = await databases.init(databaseId);
    const store = await PromotionStore.create(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
    const added = await loadDemoData(store, EXAMPLES);
    expect(added).toBeGreaterThan(5);
    expect(await loadDemoData(store, EXAMPLES)).toBe(0);

    const artifacts = await store.listArtifacts(ENTITY, {
      limit: 10,
      offset: 0,
    });
    expect(artifacts.items.map(a => a.tag)).toEqual([
      '1.5.0',
      '1.4.0',
      '1.3.0',
    ]);
    const stages = await store.getStageStates(ENTITY);
    const tagOf = (id: string) => artifacts.items.find(a => a.id === id)?.tag;
    expect(
      Object.fromEntries(stages.map(s => [s.environment, tagOf(s.artifactId)])),
    ).toEqual({
      development: '1.5.0',
      staging: '1.4.0',
      uat: '1.3.0',
      production: '1.3.0',
    });
    const rollbacks = await store.listPromotions(
      { entityRef: ENTITY, kind: 'rollback' },
      { limit: 10, offset: 0 },
    );
    expect(rollbacks.items).toHaveLength(1);
    expect(rollbacks.items[0].steps.map(s => s.state)).toEqual([
      'deploying',
      'verifying',
      'succeeded',
    ]);
    expect(await store.listActive()).toEqual([]);
  });
});
