import { JsonObject } from '@backstage/types';
import { mockCredentials } from '@backstage/backend-test-utils';
import { promotionPromotePermission } from '@idp-platform/backstage-plugin-idp-common';
import {
  registerArtifact,
  waitForPromotion,
} from '../__testUtils__/promotionRequests';
import {
  ENTITY_REF,
  PromotionBackend,
  startPromotionBackend,
} from '../__testUtils__/startPromotionBackend';

jest.setTimeout(60_000);

describe('promotion actions', () => {
  let backend: PromotionBackend;
  beforeEach(async () => {
    backend = await startPromotionBackend({ databaseId: 'SQLITE_3' });
  });
  afterEach(() => backend.stop());

  const invoke = (name: string, input: JsonObject) =>
    backend.actionsRegistry.invoke({
      // The mock registry is not plugin-scoped; in a backend the ids are promotion:<name>.
      id: [...backend.actionsRegistry.actions.keys()].find(key =>
        key.endsWith(`:${name}`),
      )!,
      input,
      credentials: mockCredentials.user('user:default/dana'),
    });

  it('promotes through promotion:promote and reports it with promotion:status', async () => {
    const { body: artifact } = await registerArtifact(backend, '1.0.0');
    const promoted = await invoke('promote', {
      entityRef: ENTITY_REF,
      artifactId: artifact.id,
      environment: 'development',
    });
    const { id, state } = promoted.output as { id: string; state: string };
    expect(state).toBe('deploying');
    await waitForPromotion(backend, id);

    const status = await invoke('status', { entityRef: ENTITY_REF });
    expect(status.output).toMatchObject({
      pipeline: 'standard',
      stages: [
        { environment: 'development', tag: '1.0.0', verified: true },
        { environment: 'staging', verified: false },
        { environment: 'production', verified: false },
      ],
    });
  });

  it('refuses promotion:promote without the promote permission', async () => {
    const { body: artifact } = await registerArtifact(backend, '1.0.0');
    backend.denied.add(promotionPromotePermission.name);
    await expect(
      invoke('promote', {
        entityRef: ENTITY_REF,
        artifactId: artifact.id,
        environment: 'development',
      }),
    ).rejects.toThrow(/Missing permission idp.promotion.promote/);
    expect(backend.imageIn('development')).not.toContain('1.0.0');
  });
});
