import { Entity } from '@backstage/catalog-model';
import { TestApiRegistry } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { policyApiRef } from './api';
import { hasServicePolicy, isPolicyAvailable } from './isPolicyAvailable';
import { shopCatalog } from './__testUtils__/shopCatalog';
import { shopPolicyApi } from './__testUtils__/shopPolicies';

const named = (name: string) =>
  shopCatalog().find(e => e.metadata.name === name)!;

const withoutTier = (entity: Entity): Entity => ({
  ...entity,
  metadata: { ...entity.metadata, annotations: {} },
});

describe('isPolicyAvailable', () => {
  it('shows the tab for Components with a policy tier only', () => {
    expect(isPolicyAvailable(named('web'))).toBe(true);
    expect(isPolicyAvailable(withoutTier(named('web')))).toBe(false);
    expect(isPolicyAvailable(named('orders-api'))).toBe(false);
  });
});

describe('hasServicePolicy', () => {
  it('also shows the tab for Components that a policy names as its source', async () => {
    const apis = TestApiRegistry.from([policyApiRef, shopPolicyApi()]);
    await expect(
      hasServicePolicy(withoutTier(named('payments')), { apis }),
    ).resolves.toBe(true);
    await expect(
      hasServicePolicy(withoutTier(named('web')), { apis }),
    ).resolves.toBe(false);
    await expect(hasServicePolicy(named('web'), { apis })).resolves.toBe(true);
    await expect(hasServicePolicy(named('orders-api'), { apis })).resolves.toBe(
      false,
    );
  });

  it('hides the tab when the policies cannot be read', async () => {
    const api = shopPolicyApi();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    const apis = TestApiRegistry.from([policyApiRef, api]);
    await expect(
      hasServicePolicy(withoutTier(named('payments')), { apis }),
    ).resolves.toBe(false);
  });
});
