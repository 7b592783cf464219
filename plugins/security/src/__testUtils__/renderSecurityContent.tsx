import { Entity } from '@backstage/catalog-model';
import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { act } from '@testing-library/react';
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

/** Signals the test publishes by hand, as the backend would after an ingest. */
export function manualSignals() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage as (message: any) => void);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const publish = (channel: string, message: object) =>
    act(() => listeners.get(channel)?.forEach(listener => listener(message)));
  return { api, publish };
}

/**
 * Renders security UI inside an entity page with the in-memory API and every
 * API it needs; everything is allowed unless `permission` says otherwise.
 */
export function renderSecurityContent(
  element: ReactElement,
  options: {
    api: InMemorySecurityApi;
    signals?: SignalApi;
    permission?: PermissionOptions;
    entity?: Entity;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, options.api],
        [signalApiRef, options.signals ?? manualSignals().api],
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
