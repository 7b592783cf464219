import { Entity } from '@backstage/catalog-model';
import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { ReactElement } from 'react';
import { securityApiRef } from '../api';
import { InMemorySecurityApi } from '../testing/InMemorySecurityApi';

/** The Component the tests look at. */
export const PAYMENTS_API: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

type PermissionOptions = Parameters<typeof mockApis.permission>[0];

/**
 * Renders security UI inside an entity page with the in-memory API and every
 * API it needs; everything is allowed unless `permission` says otherwise.
 */
export function renderSecurityContent(
  element: ReactElement,
  options: {
    api: InMemorySecurityApi;
    signals?: TestSignalApi;
    permission?: PermissionOptions;
    entity?: Entity;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, options.api],
        [signalApiRef, options.signals ?? new TestSignalApi()],
        [configApiRef, mockApis.config()],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/alice' }),
        ],
        [permissionApiRef, mockApis.permission(options.permission)],
      ]}
    >
      <EntityProvider entity={options.entity ?? PAYMENTS_API}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}
