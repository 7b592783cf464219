import { Entity } from '@backstage/catalog-model';
import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { ReactElement } from 'react';
import { policyApiRef } from '../api';
import { InMemoryPolicyApi } from './InMemoryPolicyApi';
import { shopCatalog } from './shopCatalog';

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;

/** Renders with the in-memory policy API, a catalog of the shop, test signals and the default environments. */
export function renderWithPolicyApis(
  element: ReactElement,
  options: {
    api: InMemoryPolicyApi;
    catalog?: Entity[];
    /** A catalog API of its own, for example one that fails. */
    catalogApi?: typeof catalogApiRef.T;
    signals?: TestSignalApi;
    /** Whether the permission framework allows every permission; it does by default. */
    allowed?: boolean;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [policyApiRef, options.api],
        [
          catalogApiRef,
          options.catalogApi ??
            catalogApiMock({ entities: options.catalog ?? shopCatalog() }),
        ],
        [signalApiRef, options.signals ?? new TestSignalApi()],
        [configApiRef, mockApis.config()],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: (options.allowed === false
              ? 'DENY'
              : 'ALLOW') as Decision,
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/carol' }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
