import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { configManagerApiRef } from '../api';
import { InMemoryConfigManagerApi } from './InMemoryConfigManagerApi';

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;

/** Renders a component with the in-memory API, test signals and the default environments. */
export function renderWithConfigApis(
  element: ReactElement,
  options: {
    api: InMemoryConfigManagerApi;
    signals?: TestSignalApi;
    /** Whether the permission framework allows every permission; it does by default. */
    allowed?: boolean;
    userEntityRef?: string;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [configManagerApiRef, options.api],
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
          mockApis.identity({
            userEntityRef: options.userEntityRef ?? 'user:default/carol',
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
