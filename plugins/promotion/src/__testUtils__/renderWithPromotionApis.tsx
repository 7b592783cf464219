import { ReactNode } from 'react';
import {
  configApiRef,
  discoveryApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { promotionApiRef } from '../api';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { InMemoryPromotionApi } from '../testing/InMemoryPromotionApi';

/** Renders in a test app with the promotion API and the core APIs the plugin uses. */
export function renderWithPromotionApis(
  element: ReactNode,
  options: {
    api: InMemoryPromotionApi;
    signals?: TestSignalApi;
    currentUserRef?: string;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [promotionApiRef, options.api],
        [signalApiRef, options.signals ?? new TestSignalApi()],
        [configApiRef, mockApis.config()],
        [discoveryApiRef, mockApis.discovery()],
        [permissionApiRef, mockApis.permission()],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.currentUserRef ?? 'user:default/bob',
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
