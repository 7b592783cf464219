import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { pluginManagerApiRef } from '../api';
import { InMemoryPluginManagerApi } from './InMemoryPluginManagerApi';

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;

/** Renders a component with the in-memory API and test signals. */
export function renderWithPluginManagerApis(
  element: ReactElement,
  options: {
    api: InMemoryPluginManagerApi;
    signals?: TestSignalApi;
    /** Whether the permission framework allows every permission; it does by default. */
    allowed?: boolean;
    /** The URL the test app starts at, for example `/?tab=installed`. */
    routeEntries?: string[];
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pluginManagerApiRef, options.api],
        [signalApiRef, options.signals ?? new TestSignalApi()],
        [configApiRef, mockApis.config()],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/carol' }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: (options.allowed === false
              ? 'DENY'
              : 'ALLOW') as Decision,
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    { routeEntries: options.routeEntries },
  );
}
