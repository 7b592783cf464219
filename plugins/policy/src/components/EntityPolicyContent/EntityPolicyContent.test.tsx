import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import { InMemoryPolicyApi } from '../../__testUtils__/InMemoryPolicyApi';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopCatalog } from '../../__testUtils__/shopCatalog';
import { ORDERS_POLICY, shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { EntityPolicyContent } from './EntityPolicyContent';

jest.setTimeout(30_000);

const entityNamed = (name: string): Entity =>
  shopCatalog().find(e => e.metadata.name === name)!;

function render(
  api: InMemoryPolicyApi,
  entity: Entity,
  signals?: TestSignalApi,
) {
  return renderWithPolicyApis(
    <EntityProvider entity={entity}>
      <EntityPolicyContent />
    </EntityProvider>,
    { api, signals },
  );
}

describe('EntityPolicyContent', () => {
  it("shows a service's outbound rules, token rules and restrictions from its own policy", async () => {
    await render(shopPolicyApi(), entityNamed('orders'));

    const outbound = await screen.findByRole('table', {
      name: 'Outbound rules',
    });
    const rows = within(outbound).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'paymentsAllowed8080/HTTPPOST on /charges*orders',
    );
    expect(rows[2]).toHaveTextContent('orders-dbAllowed5432/TCPnoneorders');
    expect(screen.getByText('Policy orders, version 1')).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Token rules' }),
    ).toHaveTextContent('shop-staffallowgroups: shop-staffallalways');
    expect(
      screen.getByRole('list', { name: 'Restrictions' }),
    ).toHaveTextContent(
      'No calls outside the clusterMonitoring tools may scrape port 9090',
    );
    expect(
      screen.getByText('No policy lets another service call orders.'),
    ).toBeInTheDocument();
  });

  it('gathers the rules of every policy whose source the service is', async () => {
    const api = new InMemoryPolicyApi([
      ORDERS_POLICY,
      [
        'apiVersion: idp-platform.io/v1alpha1',
        'kind: ServiceCommunicationPolicy',
        'metadata:',
        '  name: orders-access',
        'spec:',
        '  source:',
        '    service: orders',
        '  accessRules:',
        '    issuer: https://auth.example.com',
        '    jwksUri: https://auth.example.com/jwks.json',
        '    rules:',
        '      - name: night-batch',
        '        action: allow',
        '        claims:',
        '          groups: [batch]',
        '        methods: [POST]',
        '        paths: [/orders/import]',
        '        timeOfDay:',
        '          from: "01:00"',
        '          to: "04:00"',
        '          timeZone: Europe/Berlin',
      ].join('\n'),
    ]);
    await render(api, entityNamed('orders'));
    expect(
      await screen.findByText('Policy orders-access, version 1'),
    ).toBeInTheDocument();
    expect(screen.getByText('Policy orders, version 1')).toBeInTheDocument();
    const tokenRows = within(
      screen.getByRole('table', { name: 'Token rules' }),
    ).getAllByRole('row');
    expect(tokenRows).toHaveLength(3);
    expect(tokenRows[2]).toHaveTextContent(
      'night-batchallowgroups: batchPOST on /orders/import01:00–04:00 Europe/Berlinorders-access',
    );
    expect(
      within(
        screen.getByRole('table', { name: 'Outbound rules' }),
      ).getAllByRole('row'),
    ).toHaveLength(3);
  });

  it('shows the callers other policies allow or deny as inbound rules', async () => {
    await render(shopPolicyApi(), entityNamed('payments'));
    const inbound = await screen.findByRole('table', { name: 'Inbound rules' });
    expect(within(inbound).getAllByRole('row')[1]).toHaveTextContent(
      'ordersAllowed8080/HTTPPOST on /charges*orders',
    );
    expect(
      screen.getByRole('table', { name: 'Outbound rules' }),
    ).toHaveTextContent('card-networkDeniedall portsnonepayments');
  });

  it('shows a service without a policy of its own that others deny', async () => {
    await render(shopPolicyApi(), entityNamed('card-network'));
    expect(
      await screen.findByRole('table', { name: 'Inbound rules' }),
    ).toHaveTextContent('paymentsDeniedall portsnonepayments');
    expect(
      screen.getByText('card-network has no policy of its own'),
    ).toBeInTheDocument();
  });

  it('shows where its policy is applied and updates on the apply signal', async () => {
    const api = shopPolicyApi();
    const signals = new TestSignalApi();
    await render(api, entityNamed('orders'), signals);
    await screen.findByText('Policy orders, version 1');
    expect(screen.queryByText('version 1 applied')).toBeNull();

    await api.apply('orders', { environment: 'staging' });
    signals.publish('policy:apply', {
      policy: 'orders',
      environment: 'staging',
      version: 1,
      status: 'applied',
    });
    expect(await screen.findByText('version 1 applied')).toBeInTheDocument();
  });

  it('says no policy covers a service that no policy names', async () => {
    await render(shopPolicyApi(), entityNamed('web'));
    expect(await screen.findByText('No policy covers web')).toBeInTheDocument();
    expect(screen.getByText(/\(tier frontend\)/)).toBeInTheDocument();
  });

  it('uses idp-platform/service-id as the service name', async () => {
    const entity = entityNamed('web');
    entity.metadata.annotations!['idp-platform/service-id'] = 'payments';
    await render(shopPolicyApi(), entity);
    expect(
      await screen.findByRole('table', { name: 'Outbound rules' }),
    ).toHaveTextContent('card-network');
  });

  it('says which permission is missing when the backend refuses', async () => {
    const api = shopPolicyApi();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await render(api, entityNamed('orders'));
    expect(
      await screen.findByText(
        'You are not allowed to do this: the permission idp.policy.read is required.',
      ),
    ).toBeInTheDocument();
  });

  it('shows other errors in an error panel', async () => {
    const api = shopPolicyApi();
    api.readFailure = new Error('policy backend unavailable');
    await render(api, entityNamed('orders'));
    await waitFor(() =>
      expect(
        screen.getAllByText(/policy backend unavailable/).length,
      ).toBeGreaterThan(0),
    );
  });
});
