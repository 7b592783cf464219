import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { McpRegistryApi, mcpRegistryApiRef } from '../../api';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import {
  InMemoryMcpRegistryApi,
  serverResponse,
} from '../../__testUtils__/InMemoryMcpRegistryApi';
import { McpRegistryContent } from './McpRegistryPage';

// The shared CI machine is slow; the detail view renders many cards.
jest.setTimeout(30_000);

const render = (api: McpRegistryApi, signals = new TestSignalApi()) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [mcpRegistryApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      <McpRegistryContent />
    </TestApiProvider>,
  );

describe('McpRegistryContent', () => {
  it('lists servers with owner, health and tools, and opens the detail with tool schemas and health history', async () => {
    await render(
      new InMemoryMcpRegistryApi([
        serverResponse('com.example/weather', '1.1.0'),
      ]),
    );
    expect(await screen.findByText('com.example/weather')).toBeInTheDocument();
    expect(screen.getByText('group:default/team-weather')).toBeInTheDocument();
    expect(screen.getByText('get_forecast')).toBeInTheDocument();

    fireEvent.click(screen.getByText('com.example/weather'));
    expect(
      await screen.findByText('Versions: 1.1.0, 1.0.0'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('initialize: fetch failed (ECONNREFUSED)'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByText(/Forecast for a city/));
    // The input schema is rendered as highlighted JSON, split across elements.
    await waitFor(() => expect(document.body.textContent).toContain('"city"'));
  });

  it('calls a tool from the try-it panel once the required arguments are given', async () => {
    const api = new InMemoryMcpRegistryApi([
      serverResponse('com.example/weather', '1.1.0'),
    ]);
    await render(api);
    fireEvent.click(await screen.findByText('com.example/weather'));
    fireEvent.click(await screen.findByText(/Forecast for a city/));
    const argumentsField = await screen.findByRole('textbox', {
      name: 'Arguments of get_forecast',
    });
    expect(screen.getByText('arguments.city: required')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Call get_forecast' }),
    ).toBeDisabled();
    fireEvent.change(argumentsField, { target: { value: '{"city": "Lyon"}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Call get_forecast' }));
    await waitFor(() =>
      expect(document.body.textContent).toContain('Sunny in Lyon'),
    );
    expect(api.invocations).toEqual([
      { tool: 'get_forecast', args: { city: 'Lyon' } },
    ]);
  });

  it('shows an empty state when no server matches', async () => {
    await render(new InMemoryMcpRegistryApi([]));
    expect(await screen.findByText('No MCP servers found')).toBeInTheDocument();
  });

  it('shows the error when the registry cannot be read', async () => {
    await render(
      new InMemoryMcpRegistryApi([], {
        failure: new Error('registry unavailable'),
      }),
    );
    expect(
      (await screen.findAllByText(/registry unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('validates server.json as you type, naming the field, and registers a valid one', async () => {
    const api = new InMemoryMcpRegistryApi([]);
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }));
    const editor = screen.getByLabelText('server.json');
    fireEvent.change(editor, {
      target: {
        value: JSON.stringify({
          name: 'weather',
          description: 'x',
          version: '^1.0.0',
        }),
      },
    });
    expect(
      await screen.findByText(/^name: must be a reverse-DNS namespace/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^version: must be an exact version/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Register' })).toBeDisabled();

    fireEvent.change(editor, {
      target: {
        value: JSON.stringify({
          name: 'com.example/new',
          description: 'New',
          version: '1.0.0',
        }),
      },
    });
    expect(await screen.findByText('server.json is valid')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /^Owner/ }), {
      target: { value: 'group:default/team-a' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() =>
      expect(api.registered).toEqual([
        {
          server: {
            name: 'com.example/new',
            description: 'New',
            version: '1.0.0',
          },
          owner: 'group:default/team-a',
        },
      ]),
    );
  });

  it('reloads the health of the list and of the shown server when a health signal arrives', async () => {
    const signals = new TestSignalApi();
    const api = new InMemoryMcpRegistryApi([
      serverResponse('com.example/weather', '1.1.0'),
    ]);
    await render(api, signals);
    fireEvent.click(await screen.findByText('com.example/weather'));
    expect(
      await screen.findByText('initialize: fetch failed (ECONNREFUSED)'),
    ).toBeInTheDocument();
    const listReads = api.filters.length;
    const healthReads = api.healthReads;

    signals.publish('mcp-registry:health', {
      name: 'com.example/weather',
      version: '1.1.0',
      state: 'up',
      checkedAt: '2026-11-24T10:10:00.000Z',
    });

    await waitFor(() => expect(api.healthReads).toBe(healthReads + 1));
    await waitFor(() => expect(api.filters.length).toBe(listReads + 1));
    // The rows stay on screen while the list reloads.
    expect(screen.getAllByText('com.example/weather').length).toBeGreaterThan(
      0,
    );
  });
});
