import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { analyzeImpact } from './analyzeImpact';
import { CompiledPolicyObject } from '../compiler/istioTypes';

const labels = (policy?: string) => ({
  'app.kubernetes.io/managed-by': 'idp-platform-policy',
  ...(policy && { 'idp-platform/policy': policy }),
});

function allow(
  name: string,
  target: string,
  callers: string[],
  ports: string[],
  policy?: string,
): CompiledPolicyObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: 'staging', labels: labels(policy) },
    spec: {
      selector: { matchLabels: { app: target } },
      action: 'ALLOW',
      rules: [
        {
          from: [
            {
              source: {
                principals: callers.map(
                  c => `cluster.local/ns/staging/sa/${c}`,
                ),
              },
            },
          ],
          to: [{ operation: { ports } }],
        },
      ],
    },
  };
}

const applied = (object: CompiledPolicyObject): KubernetesObject =>
  structuredClone(object) as unknown as KubernetesObject;

describe('analyzeImpact', () => {
  it('keeps access granted by other policies and reports what this one changes', () => {
    const foreign = allow(
      'orders-allow-payments-api',
      'payments-api',
      ['orders-service'],
      ['8080'],
      'orders',
    );
    const old = allow(
      'checkout-web-allow-payments-api',
      'payments-api',
      ['checkout-web'],
      ['8080', '8443'],
      'checkout-web',
    );
    const stale = allow(
      'checkout-web-allow-fraud',
      'fraud-service',
      ['checkout-web'],
      ['8080'],
      'checkout-web',
    );
    const compiled = [
      allow(
        'checkout-web-allow-payments-api',
        'payments-api',
        ['checkout-web'],
        ['8080'],
        'checkout-web',
      ),
      allow(
        'checkout-web-allow-ledger',
        'ledger',
        ['checkout-web'],
        ['9000'],
        'checkout-web',
      ),
    ];
    const result = analyzeImpact({
      policyName: 'checkout-web',
      namespace: 'staging',
      compiled,
      applied: [foreign, old, stale].map(applied),
    });
    expect(result.gained).toEqual([
      { from: 'checkout-web', to: 'ledger', port: 9000 },
    ]);
    expect(result.lost).toEqual([
      { from: 'checkout-web', to: 'fraud-service', port: 8080 },
      { from: 'checkout-web', to: 'payments-api', port: 8443 },
    ]);
    expect(result.unchanged).toEqual([
      { from: 'checkout-web', to: 'payments-api', port: 8080 },
      { from: 'orders-service', to: 'payments-api', port: 8080 },
    ]);
    expect(result.objects.map(o => `${o.name}:${o.change}`)).toEqual([
      'checkout-web-allow-payments-api:update',
      'checkout-web-allow-ledger:create',
      'checkout-web-allow-fraud:delete',
    ]);
  });

  it('drops pairs an unconditional DENY removes, whoever wrote it', () => {
    const deny: CompiledPolicyObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'security-deny', namespace: 'staging', labels: {} },
      spec: {
        selector: { matchLabels: { app: 'ledger' } },
        action: 'DENY',
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/staging/sa/checkout-web'],
                },
              },
            ],
          },
        ],
      },
    };
    const result = analyzeImpact({
      policyName: 'checkout-web',
      namespace: 'staging',
      compiled: [
        allow(
          'checkout-web-allow-ledger',
          'ledger',
          ['checkout-web'],
          ['9000'],
          'checkout-web',
        ),
      ],
      applied: [applied(deny)],
    });
    expect(result.gained).toEqual([]);
    expect(result.lost).toEqual([]);
  });
});
