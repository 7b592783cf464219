import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { isConfigurationAvailable } from '../../isConfigurationAvailable';
import { EntityConfigurationContent } from './EntityConfigurationContent';

jest.setTimeout(30_000);

const entity = (
  annotations: Record<string, string> = {},
  name = 'payments-api',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
});

const annotated = entity({ 'idp-platform/config-name': 'payments-api' });

describe('EntityConfigurationContent', () => {
  it('shows the configuration named by the annotation, editable with the permissions', async () => {
    await renderWithConfigApis(
      <EntityProvider entity={annotated}>
        <EntityConfigurationContent />
      </EntityProvider>,
      { api: paymentsApi() },
    );
    expect(
      await screen.findByRole('button', {
        name: 'Edit /database/port in staging',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Apply to staging' }),
    ).toBeEnabled();
  });

  it('disables editing and applying when the permission framework denies them, naming the permissions', async () => {
    await renderWithConfigApis(
      // Another entity, as usePermission caches decisions per resource across renders.
      <EntityProvider
        entity={entity(
          { 'idp-platform/config-name': 'payments-api' },
          'payments-api-readonly',
        )}
      >
        <EntityConfigurationContent />
      </EntityProvider>,
      { api: paymentsApi(), allowed: false },
    );
    expect(
      await screen.findByText(
        /changing it needs the permission idp.config.write/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit /database/port in staging' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Apply to staging' }),
    ).toBeDisabled();
    expect(
      screen.getByText(/need the permission idp.config.apply/),
    ).toBeInTheDocument();
  });

  it('says which annotation is missing', async () => {
    await renderWithConfigApis(
      <EntityProvider entity={entity()}>
        <EntityConfigurationContent />
      </EntityProvider>,
      { api: paymentsApi() },
    );
    expect(
      (await screen.findAllByText(/idp-platform\/config-name/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('isConfigurationAvailable', () => {
  it('applies only to entities with the config-name annotation', () => {
    expect(isConfigurationAvailable(annotated)).toBe(true);
    expect(isConfigurationAvailable(entity())).toBe(false);
  });
});
