import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import {
  McpDeployment,
  McpServerJson,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mcpRegistryApiRef } from '../../api';
import {
  InMemoryMcpRegistryApi,
  deployment,
} from '../../__testUtils__/InMemoryMcpRegistryApi';
import { HostingSection } from './HostingSection';

// The shared CI machine is slow; dialogs with many fields take a few seconds.
jest.setTimeout(30_000);

const SERVER_NAME = 'com.example/weather';

const server: McpServerJson = {
  name: SERVER_NAME,
  description: 'Weather forecasts',
  version: '1.1.0',
  packages: [
    {
      registryType: 'npm',
      identifier: '@example/weather-mcp',
      transport: { type: 'stdio' },
      environmentVariables: [
        { name: 'API_KEY', isSecret: true, isRequired: true },
        { name: 'LOG_LEVEL', default: 'info' },
      ],
    },
  ],
};

function render(
  api: InMemoryMcpRegistryApi,
  signals: TestSignalApi = new TestSignalApi(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [mcpRegistryApiRef, api],
        [signalApiRef, signals],
        [configApiRef, mockApis.config()],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/bob' }),
        ],
      ]}
    >
      <HostingSection serverName={SERVER_NAME} versions={[server]} />
    </TestApiProvider>,
  );
}

const hosted = (
  deployments: McpDeployment[],
  protectedEnvironments?: string[],
) => new InMemoryMcpRegistryApi([], { deployments, protectedEnvironments });

async function openDeployDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Deploy' }));
  return screen.findByRole('dialog');
}

function type(container: HTMLElement, label: string, value: string) {
  fireEvent.change(within(container).getByLabelText(label), {
    target: { value },
  });
}

describe('HostingSection', () => {
  it('shows each deployment with its environment, phase, replicas and the reason of a failure', async () => {
    await render(
      hosted([
        deployment({ environment: 'development' }),
        deployment({
          environment: 'staging',
          phase: 'Failed',
          readyReplicas: 0,
          reason: 'ProgressDeadlineExceeded: image pull failed',
        }),
        deployment({
          environment: 'uat',
          phase: 'Stopped',
          replicas: 0,
          readyReplicas: 0,
        }),
        deployment({
          environment: 'production',
          phase: 'Pending',
          replicas: 3,
          readyReplicas: 1,
          reason: '1 of 3 replicas ready',
        }),
      ]),
    );
    const rows = await screen.findAllByRole('row');
    const rowOf = (environment: string) =>
      rows.find(row => row.textContent?.includes(environment))!;
    expect(rowOf('Development')).toHaveTextContent('Ready');
    expect(rowOf('Development')).toHaveTextContent('1 / 1');
    expect(rowOf('Staging')).toHaveTextContent('Failed');
    expect(rowOf('Staging')).toHaveTextContent(
      'ProgressDeadlineExceeded: image pull failed',
    );
    expect(rowOf('UAT')).toHaveTextContent('Stopped');
    expect(rowOf('UAT')).toHaveTextContent('0 / 0');
    expect(rowOf('Production')).toHaveTextContent('Pending');
    expect(rowOf('Production')).toHaveTextContent('1 / 3');
    expect(rowOf('Production')).toHaveTextContent(
      'http://mcp-weather.production.svc.cluster.local:8080/mcp',
    );
    expect(rowOf('Production')).toHaveTextContent('user:default/alice');
    expect(
      screen.getByRole('button', { name: 'Copy URL of production' }),
    ).toBeInTheDocument();
  });

  it('shows an empty state with the deploy button when the server is not hosted', async () => {
    await render(hosted([]));
    expect(
      await screen.findByText('Not hosted anywhere yet'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deploy' })).toBeEnabled();
  });

  it('deploys with secret variables as Secret references and plain variables as values', async () => {
    const api = hosted([]);
    await render(api);
    const dialog = await openDeployDialog();
    // The secret variable is asked for as a reference, never as a value.
    expect(within(dialog).getByText('API_KEY')).toBeInTheDocument();
    expect(
      within(dialog).queryByLabelText(/^Value of/),
    ).not.toBeInTheDocument();

    type(dialog, 'Secret name of API_KEY', 'weather-secrets');
    type(dialog, 'Secret key of API_KEY', 'api-key');
    type(dialog, 'Replicas', '2');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Add variable' }),
    );
    type(dialog, 'Name of variable 1', 'LOG_LEVEL');
    type(dialog, 'Value of variable 1', 'debug');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));

    await waitFor(() =>
      expect(api.deployRequests).toEqual([
        {
          name: SERVER_NAME,
          request: {
            environment: 'development',
            version: 'latest',
            replicas: 2,
            port: 8080,
            args: [],
            env: { LOG_LEVEL: 'debug' },
            secretEnv: [
              {
                name: 'API_KEY',
                secretRef: { name: 'weather-secrets', key: 'api-key' },
              },
            ],
            sessionAffinity: true,
          },
        },
      ]),
    );
    expect(
      await screen.findByText('Deployed: the rollout is running'),
    ).toBeInTheDocument();
    expect(await screen.findByText('rollout started')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('refuses a plain value for a secret variable and a missing required Secret reference', async () => {
    const api = hosted([]);
    await render(api);
    const dialog = await openDeployDialog();
    const deploy = within(dialog).getByRole('button', { name: 'Deploy' });
    expect(
      within(dialog).getByText(/^secretEnv\.API_KEY\.secretRef\.name: /),
    ).toBeInTheDocument();
    expect(deploy).toBeDisabled();

    type(dialog, 'Secret name of API_KEY', 'weather-secrets');
    type(dialog, 'Secret key of API_KEY', 'api-key');
    expect(deploy).toBeEnabled();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Add variable' }),
    );
    type(dialog, 'Name of variable 1', 'API_KEY');
    type(dialog, 'Value of variable 1', 'sk-live-123');

    expect(
      within(dialog).getByText(
        'env.API_KEY: is a secret; pass it as a reference to a Kubernetes Secret',
      ),
    ).toBeInTheDocument();
    expect(deploy).toBeDisabled();
    fireEvent.click(deploy);
    expect(api.deployRequests).toEqual([]);
  });

  it("shows the backend's message naming the field when it refuses a deploy", async () => {
    const api = hosted([]);
    api.hostingFailure = await ResponseError.fromResponse(
      backendErrorResponse(
        400,
        'InputError',
        'image: required for packages that are not on npm',
      ),
    );
    await render(api);
    const dialog = await openDeployDialog();
    type(dialog, 'Secret name of API_KEY', 'weather-secrets');
    type(dialog, 'Secret key of API_KEY', 'api-key');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(
      await within(dialog).findByText(
        'image: required for packages that are not on npm',
      ),
    ).toBeInTheDocument();
  });

  it('says which permission is missing when the backend answers 403', async () => {
    const api = hosted([deployment({ environment: 'development' })]);
    api.hostingFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Unauthorized'),
    );
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Undeploy development' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Undeploy' }));
    expect(
      await within(dialog).findByText(
        /the permission idp\.mcp-registry\.server\.deploy is required/,
      ),
    ).toBeInTheDocument();
  });

  it('waits for approval in a protected environment and shows the change request', async () => {
    const api = hosted([], ['production']);
    await render(api);
    const dialog = await openDeployDialog();
    fireEvent.mouseDown(
      within(dialog).getByRole('button', { name: /^Environment/ }),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Production' }));
    expect(
      within(dialog).getByText(
        'Protected: changes need 2 approvals: the deploy waits for approval',
      ),
    ).toBeInTheDocument();
    type(dialog, 'Secret name of API_KEY', 'weather-secrets');
    type(dialog, 'Secret key of API_KEY', 'api-key');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));

    expect(await screen.findByText('Waiting for approval')).toBeInTheDocument();
    expect(
      screen.getByText(/Change request cr-1 must be approved/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Deploy MCP server com.example/weather 1.1.0 to production',
      ),
    ).toBeInTheDocument();
    expect(api.deployments).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: /approve/i }));
    await waitFor(() =>
      expect(api.decisions).toEqual([
        { id: 'cr-1', decision: 'approve', comment: undefined },
      ]),
    );
  });

  it('scales a deployment and removes one after confirmation', async () => {
    const api = hosted([deployment({ environment: 'development' })]);
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Scale development' }),
    );
    let dialog = await screen.findByRole('dialog');
    type(dialog, 'Replicas', '0');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Scale' }));
    expect(await screen.findByText('Stopped')).toBeInTheDocument();
    expect(api.scaled).toEqual([
      { name: SERVER_NAME, environment: 'development', replicas: 0 },
    ]);

    fireEvent.click(
      screen.getByRole('button', { name: 'Undeploy development' }),
    );
    dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Undeploy' }));
    expect(
      await screen.findByText('Not hosted anywhere yet'),
    ).toBeInTheDocument();
  });

  it('reloads the deployments when a hosting signal for this server arrives, and only then', async () => {
    const signals = new TestSignalApi();
    const api = hosted([
      deployment({
        environment: 'development',
        phase: 'Pending',
        readyReplicas: 0,
        reason: 'rollout started',
      }),
    ]);
    await render(api, signals);
    expect(await screen.findByText('rollout started')).toBeInTheDocument();
    const reads = api.deploymentReads;

    signals.publish('mcp-registry:hosting', {
      name: 'com.example/other',
      environment: 'development',
      phase: 'Ready',
    });
    expect(api.deploymentReads).toBe(reads);

    api.deployments = [deployment({ environment: 'development' })];
    signals.publish('mcp-registry:hosting', {
      name: SERVER_NAME,
      environment: 'development',
      phase: 'Ready',
    });
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(screen.queryByText('rollout started')).not.toBeInTheDocument();
    expect(api.deploymentReads).toBe(reads + 1);
  });
});
