import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import path from 'node:path';
import { startPolicyBackend } from '../__testUtils__/startPolicyBackend';

jest.setTimeout(60_000);

const EXAMPLES = path.resolve(__dirname, '../../../../examples/policies');
const kubernetes = new KubernetesTestServer();
beforeAll(() => kubernetes.start());
afterAll(() => kubernetes.stop());

async function start(deny: string[] = []) {
  const backend = await startPolicyBackend({
    kubernetes,
    deny,
    demoData: EXAMPLES,
  });
  const idOf = (name: string) =>
    [...backend.actionsRegistry.actions.keys()].find(id =>
      id.endsWith(`:${name}`),
    )!;
  return { ...backend, idOf };
}

describe('policy actions', () => {
  it('registers check-communication and test, read-only (policy:* in the plugin scope)', async () => {
    const { actionsRegistry } = await start();
    const actions = [...actionsRegistry.actions.entries()].map(
      ([id, action]) => [
        id.split(':').slice(1).join(':'),
        (action as { attributes?: { readOnly?: boolean } }).attributes
          ?.readOnly,
      ],
    );
    expect(actions.sort()).toEqual([
      ['check-communication', true],
      ['test', true],
    ]);
  });

  it('answers whether one service may call another on a port', async () => {
    const { actionsRegistry, idOf } = await start();
    const credentials = mockCredentials.user('user:default/dana');
    const allowed = await actionsRegistry.invoke({
      id: idOf('check-communication'),
      input: {
        environment: 'staging',
        from: 'payments-api',
        to: 'payments-db',
        port: 5432,
      },
      credentials,
    });
    expect(allowed.output).toMatchObject({ allowed: true });
    const denied = await actionsRegistry.invoke({
      id: idOf('check-communication'),
      input: {
        environment: 'staging',
        from: 'checkout-web',
        to: 'payments-db',
        port: 5432,
      },
      credentials,
    });
    expect(denied.output).toEqual({
      allowed: false,
      reason:
        'NetworkPolicy ingress of payments-db does not admit checkout-web on 5432',
      decidedBy: 'NetworkPolicy/staging/payments-api-ingress-payments-db',
    });
  });

  it('runs the stored scenarios plus extra ones', async () => {
    const { actionsRegistry, idOf } = await start();
    const result = await actionsRegistry.invoke({
      id: idOf('test'),
      input: {
        policy: 'payments-api-access',
        environment: 'staging',
        scenarios: [
          {
            kind: 'request',
            name: 'finance outside hours',
            claims: { groups: ['finance'], resources: ['payments-reports'] },
            request: { method: 'GET', path: '/api/reports/q3', time: '07:59' },
            expect: 'allow',
          },
        ],
      },
      credentials: mockCredentials.user('user:default/dana'),
    });
    const output = result.output as {
      passed: boolean;
      results: { name: string; passed: boolean; reason: string }[];
      skipped: string[];
    };
    expect(output.passed).toBe(false);
    expect(output.results.filter(r => !r.passed)).toEqual([
      expect.objectContaining({
        name: 'finance outside hours',
        reason: expect.stringMatching(
          /allows only 08:00-18:00 Europe\/Berlin, not 07:59/,
        ),
      }),
    ]);
    expect(output.skipped).toEqual(['developer reads in their environment']);
  });

  it('refuses without the read permission', async () => {
    const { actionsRegistry, idOf } = await start(['idp.policy.read']);
    await expect(
      actionsRegistry.invoke({
        id: idOf('test'),
        input: { policy: 'payments-api', environment: 'staging' },
        credentials: mockCredentials.user('user:default/dana'),
      }),
    ).rejects.toThrow('Missing permission idp.policy.read');
  });
});
