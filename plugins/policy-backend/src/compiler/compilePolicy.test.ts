import fs from 'node:fs';
import path from 'node:path';
import { parsePolicyYaml } from '../model/parsePolicyYaml';
import { compilePolicy, PolicyCompileContext } from './compilePolicy';
import { renderPolicyYaml } from './renderPolicyYaml';

const EXAMPLES = path.resolve(__dirname, '../../../../examples/policies');
const GOLDEN = path.resolve(__dirname, '__golden__');

const contexts: Record<string, PolicyCompileContext> = {
  development: {
    environment: 'development',
    namespace: 'development',
    strict: false,
    monitoringNamespaces: ['monitoring'],
    loggingNamespaces: ['logging'],
    opaProvider: 'opa-ext-authz',
    dnsNamespace: 'kube-system',
  },
  production: {
    environment: 'production',
    namespace: 'production',
    strict: true,
    monitoringNamespaces: ['monitoring'],
    loggingNamespaces: ['logging'],
    opaProvider: 'opa-ext-authz',
    dnsNamespace: 'kube-system',
  },
};

function load(name: string) {
  const parsed = parsePolicyYaml(
    fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'),
  );
  expect(parsed.problems).toEqual([]);
  return parsed.document!;
}

/** Compares with the golden file; UPDATE_GOLDEN=1 rewrites it (review the diff). */
function expectToMatchGolden(file: string, actual: string) {
  const target = path.join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(target, actual);
  }
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

describe('compilePolicy', () => {
  for (const name of ['payments-api', 'checkout-web', 'payments-api-access']) {
    for (const environment of Object.keys(contexts)) {
      it(`matches the golden output of ${name} in ${environment}`, () => {
        const compiled = compilePolicy(load(name), contexts[environment]);
        expect(compiled.objects.length).toBeGreaterThan(0);
        expectToMatchGolden(
          `${name}.${environment}.yaml`,
          renderPolicyYaml(compiled.objects),
        );
        if (compiled.rego) {
          expectToMatchGolden(`${name}.${environment}.rego`, compiled.rego);
        }
      });
    }
  }

  it('produces the same output whatever the order of destinations', () => {
    const policy = load('payments-api');
    const reversed = {
      ...policy,
      spec: {
        ...policy.spec,
        destinations: [...policy.spec.destinations].reverse(),
      },
    };
    expect(compilePolicy(reversed, contexts.production)).toEqual(
      compilePolicy(policy, contexts.production),
    );
  });

  it('allows the source principal on the destination and denies by default', () => {
    const { objects } = compilePolicy(
      load('payments-api'),
      contexts.development,
    );
    const allow = objects.find(
      o => o.metadata.name === 'payments-api-allow-fraud-service',
    );
    expect(allow).toMatchObject({
      kind: 'AuthorizationPolicy',
      spec: {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'fraud-service' } },
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/development/sa/payments-api'],
                },
              },
            ],
            to: [
              {
                operation: {
                  ports: ['8080'],
                  methods: ['POST'],
                  paths: ['/v1/score'],
                },
              },
            ],
          },
        ],
      },
    });
    expect(objects.find(o => o.metadata.name === 'default-deny')).toMatchObject(
      { kind: 'AuthorizationPolicy', spec: {} },
    );
    expect(objects.find(o => o.kind === 'PeerAuthentication')).toMatchObject({
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it('protects a database outside the mesh with a NetworkPolicy only', () => {
    const { objects } = compilePolicy(
      load('payments-api'),
      contexts.development,
    );
    const forDb = objects.filter(
      o =>
        JSON.stringify(o.spec).includes('"app":"payments-db"') &&
        o.metadata.name.includes('payments-db'),
    );
    expect(forDb.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'NetworkPolicy/payments-api-ingress-payments-db',
    ]);
  });

  it('adds NetworkPolicies for mesh workloads and egress limits in strict environments', () => {
    const development = compilePolicy(
      load('checkout-web'),
      contexts.development,
    );
    const production = compilePolicy(load('checkout-web'), contexts.production);
    const networkPolicies = (objects: typeof development.objects) =>
      objects.filter(o => o.kind === 'NetworkPolicy').map(o => o.metadata.name);
    expect(networkPolicies(development.objects)).toEqual([]);
    expect(networkPolicies(production.objects)).toEqual([
      'checkout-web-egress',
      'checkout-web-ingress-monitoring',
      'checkout-web-ingress-payments-api',
    ]);
  });

  it('compiles claims to when conditions and time of day to a CUSTOM policy with Rego', () => {
    const compiled = compilePolicy(
      load('payments-api-access'),
      contexts.production,
    );
    const allow = compiled.objects.find(
      o => o.metadata.name === 'payments-api-access-jwt-allow',
    );
    expect(JSON.stringify(allow)).toContain(
      '{"key":"request.auth.claims[environment]","values":["production"]}',
    );
    expect(
      compiled.objects.find(
        o => o.metadata.name === 'payments-api-access-jwt-time',
      ),
    ).toMatchObject({
      spec: { action: 'CUSTOM', provider: { name: 'opa-ext-authz' } },
    });
    expect(compiled.rego).toContain('within(480, 1080, "Europe/Berlin")');
    expect(
      compilePolicy(load('payments-api'), contexts.production).rego,
    ).toBeUndefined();
  });
});
