import { ResponseError } from '@backstage/errors';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InMemoryPolicyApi } from '../../__testUtils__/InMemoryPolicyApi';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { PolicyContent } from './PolicyPage';

// The shared CI machine is slow; the page renders several cards.
jest.setTimeout(30_000);

const connectionRow = (from: string, to: string) =>
  within(screen.getByRole('table', { name: 'Connections' }))
    .getAllByRole('row')
    .find(row => {
      const cells = within(row).queryAllByRole('cell');
      return cells[0]?.textContent === from && cells[1]?.textContent === to;
    });

describe('PolicyContent', () => {
  it('draws the service map from catalog relations and policies, and lists the policies', async () => {
    await renderWithPolicyApis(<PolicyContent />, { api: shopPolicyApi() });

    const map = await screen.findByRole('img', { name: /Service map/ });
    expect(map).toHaveAccessibleName('Service map: 5 services, 4 connections');
    expect(connectionRow('orders', 'payments')).toHaveTextContent(
      'Allowedallowed by policy orders on 8080/HTTP',
    );
    expect(connectionRow('orders', 'payments')).toHaveTextContent('depends on');
    expect(connectionRow('payments', 'card-network')).toHaveTextContent(
      'Denied',
    );
    expect(connectionRow('web', 'orders')).toHaveTextContent(
      'No policyno policy decides this call',
    );
    expect(connectionRow('web', 'orders')).toHaveTextContent(
      'consumes api:default/orders-api',
    );

    const policies = screen.getByRole('table', { name: 'Policies' });
    expect(policies).toHaveTextContent('orders');
    expect(policies).toHaveTextContent('What the orders service may call');
    expect(policies).toHaveTextContent('payments');
  });

  it('opens the editor with the policy in a form when its service is selected on the map', async () => {
    await renderWithPolicyApis(<PolicyContent />, { api: shopPolicyApi() });

    fireEvent.click(
      await screen.findByRole('button', { name: 'Select orders' }),
    );

    expect(
      await screen.findByText('Policy orders (version 1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Select orders' }),
    ).toHaveAttribute('aria-pressed', 'true');
    const form = await screen.findByRole('form', { name: 'Policy form' });
    expect(within(form).getByLabelText('Name')).toHaveValue('orders');
    const first = within(form).getByRole('group', { name: 'Destination 1' });
    expect(within(first).getByLabelText('Service')).toHaveValue('payments');
    expect(within(first).getByLabelText('Ports')).toHaveValue('8080/HTTP');
    expect(within(first).getByLabelText('Paths')).toHaveValue('/charges*');
    expect(within(first).getByLabelText('Methods')).toHaveValue('POST');
    expect(form).toHaveTextContent('1 JWT access rule and 3 scenarios');
  });

  it('starts a new policy for a service without one and saves it as version 1', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(<PolicyContent />, { api });

    fireEvent.click(await screen.findByRole('button', { name: 'Select web' }));
    expect(await screen.findByText('New policy for web')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Add destination' }));
    const destination = screen.getByRole('group', { name: 'Destination 1' });
    const service = within(destination).getByLabelText('Service');
    fireEvent.change(service, { target: { value: 'orders' } });
    fireEvent.blur(service);
    await screen.findByText('Valid');

    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));

    expect(
      await screen.findByText('Policy web (version 1)'),
    ).toBeInTheDocument();
    const stored = await api.getPolicy('web');
    expect(stored.entityRef).toBe('component:default/web');
    expect(stored.document.spec.destinations).toEqual([
      { service: 'orders', ports: [{ port: 8080, protocol: 'HTTP' }] },
    ]);
    await waitFor(() =>
      expect(connectionRow('web', 'orders')).toHaveTextContent(
        'allowed by policy web',
      ),
    );
  });

  it('runs the scenarios of an unsaved edit, then reviews and applies the saved version', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(<PolicyContent />, { api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Open policy payments' }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'YAML' }));
    const yamlBox = screen.getByRole('textbox', {
      name: 'Policy YAML',
    }) as HTMLTextAreaElement;
    fireEvent.change(yamlBox, {
      target: { value: yamlBox.value.replace('expect: allow', 'expect: deny') },
    });

    fireEvent.click(screen.getByRole('tab', { name: 'Sandbox' }));
    fireEvent.click(screen.getByRole('button', { name: 'Run scenarios' }));
    expect(
      await screen.findByText('All 1 scenario passes in development'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Impact and apply' }));
    expect(
      screen.getByText(
        'The editor has changes that are not saved: this applies the saved version 1.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Editor' }));
    await screen.findByText('Valid');
    fireEvent.click(screen.getByRole('button', { name: 'Save version' }));
    expect(
      await screen.findByText('Policy payments (version 2)'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Impact and apply' }));
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));
    await screen.findByRole('region', { name: 'Impact' });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(/Applied payments version 2 to development/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('table', { name: 'Policies' })).toHaveTextContent(
        'development v2',
      ),
    );
  });

  it('starts a new policy from a WebApplication and creates it', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(<PolicyContent />, { api });
    fireEvent.click(await screen.findByRole('button', { name: 'New policy' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Import WebApplication' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('WebApplication YAML'), {
      target: {
        value: [
          'apiVersion: idp-platform.io/v1alpha1',
          'kind: WebApplication',
          'metadata:',
          '  name: web',
          'spec:',
          '  communication:',
          '    allowedDestinations: ["orders:8080", "cdn"]',
          '    deniedDestinations: [payments]',
        ].join('\n'),
      },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Convert' }));

    expect(
      await screen.findByText(
        'Imported: cdn names no port; assumed 80. Review and create the policy.',
      ),
    ).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Policy form' });
    expect(within(form).getByLabelText('Name')).toHaveValue('web');
    const second = within(form).getByRole('group', { name: 'Destination 2' });
    expect(within(second).getByLabelText('Service')).toHaveValue('cdn');
    expect(within(second).getByLabelText('Ports')).toHaveValue('80/HTTP');
    expect(
      within(form).getByRole('group', { name: 'Denied destination 1' }),
    ).toBeInTheDocument();

    await screen.findByText('Valid');
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(
      await screen.findByText('Policy web (version 1)'),
    ).toBeInTheDocument();
    expect((await api.getPolicy('web')).document.spec.destinations).toEqual([
      { service: 'orders', ports: [{ port: 8080, protocol: 'HTTP' }] },
      { service: 'cdn', ports: [{ port: 80, protocol: 'HTTP' }] },
    ]);
  });

  it('reloads when the backend signals an apply', async () => {
    const api = shopPolicyApi();
    const signals = new TestSignalApi();
    await renderWithPolicyApis(<PolicyContent />, { api, signals });
    const policies = await screen.findByRole('table', { name: 'Policies' });
    expect(policies).not.toHaveTextContent('development v1');

    api.markApplied('orders', 'development', 1);
    signals.publish('policy:apply', {
      policy: 'orders',
      environment: 'development',
      version: 1,
      status: 'applied',
    });

    await waitFor(() =>
      expect(screen.getByRole('table', { name: 'Policies' })).toHaveTextContent(
        'development v1',
      ),
    );
  });

  it('says there are no policies yet and still shows the catalog services', async () => {
    await renderWithPolicyApis(<PolicyContent />, {
      api: new InMemoryPolicyApi(),
    });
    expect(await screen.findByText('No policies yet')).toBeInTheDocument();
    expect(
      await screen.findByRole('img', { name: /Service map/ }),
    ).toHaveAccessibleName('Service map: 5 services, 4 connections');
    expect(connectionRow('orders', 'payments')).toHaveTextContent('No policy');
    expect(
      screen.getByText('No policy applies waiting for approval'),
    ).toBeInTheDocument();
  });

  it('shows a catalog failure in the service map and keeps the rest of the page', async () => {
    await renderWithPolicyApis(<PolicyContent />, {
      api: shopPolicyApi(),
      catalogApi: catalogApiMock.mock({
        getEntities: async () => {
          throw new Error('catalog is down');
        },
      }),
    });
    expect(await screen.findByText('catalog is down')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Policies' })).toHaveTextContent(
      'payments',
    );
  });

  it('says which permission is missing when the backend refuses to list policies', async () => {
    const api = shopPolicyApi();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await renderWithPolicyApis(<PolicyContent />, { api });
    expect(
      await screen.findByText(
        'You are not allowed to do this: the permission idp.policy.read is required.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the error when the policies cannot be loaded', async () => {
    const api = shopPolicyApi();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(400, 'InputError', 'database is unreachable'),
    );
    await renderWithPolicyApis(<PolicyContent />, { api });
    expect(
      await screen.findByText('database is unreachable'),
    ).toBeInTheDocument();
  });
});
