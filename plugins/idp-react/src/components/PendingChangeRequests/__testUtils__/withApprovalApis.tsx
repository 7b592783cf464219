import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, mockApis } from '@backstage/test-utils';
import { ReactElement } from 'react';

/**
 * The element signed in as carol, with a protected production environment
 * titled "Configured production" in `idp.environments`.
 */
export function withApprovalApis(element: ReactElement) {
  return (
    <TestApiProvider
      apis={[
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/carol' }),
        ],
        [
          configApiRef,
          mockApis.config({
            data: {
              idp: {
                environments: [
                  {
                    name: 'production',
                    title: 'Configured production',
                    cluster: 'eu-1',
                    protected: true,
                  },
                ],
              },
            },
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>
  );
}
