import fs from 'node:fs';
import path from 'node:path';
import { PolicyScenario } from '@idp-platform/backstage-plugin-idp-common';
import { compilePolicy } from '../compiler/compilePolicy';
import { parsePolicyYaml } from '../model/parsePolicyYaml';
import { runPolicyScenarios } from './runPolicyScenarios';

const EXAMPLES = path.resolve(__dirname, '../../../../examples/policies');

function run(
  name: string,
  environment: string,
  strict: boolean,
  extra?: PolicyScenario[],
) {
  const { document, problems } = parsePolicyYaml(
    fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'),
  );
  expect(problems).toEqual([]);
  const { objects } = compilePolicy(document!, {
    environment,
    namespace: environment,
    strict,
    monitoringNamespaces: ['monitoring'],
    loggingNamespaces: ['logging'],
    opaProvider: 'opa',
    dnsNamespace: 'kube-system',
  });
  return runPolicyScenarios({
    policy: document!,
    objects,
    environment,
    namespace: environment,
    extraScenarios: extra,
  });
}

function outcomes(result: ReturnType<typeof run>) {
  return Object.fromEntries(
    result.results.map(r => [
      r.scenario.name,
      `${r.decision}${r.passed ? '' : ' (FAILED)'}`,
    ]),
  );
}

describe('runPolicyScenarios', () => {
  it.each([
    ['payments-api', 'development', false],
    ['payments-api', 'production', true],
    ['checkout-web', 'development', false],
    ['checkout-web', 'production', true],
    ['payments-api-access', 'development', false],
    ['payments-api-access', 'staging', false],
    ['payments-api-access', 'production', true],
  ])('passes every scenario of %s in %s', (name, environment, strict) => {
    const result = run(name, environment, strict);
    expect(result.results.filter(r => !r.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('lets an admin do everything and keeps a development token out of staging', () => {
    const result = run('payments-api-access', 'staging', false);
    expect(outcomes(result)).toMatchObject({
      'admin full access allowed': 'allow',
      'developer token reaching staging denied': 'deny',
    });
    const denied = result.results.find(
      r => r.scenario.name === 'developer token reaching staging denied',
    )!;
    expect(denied.reason).toMatch(/no ALLOW rule matched/);
    expect(result.skipped).toEqual(['developer reads in their environment']);
  });

  it('decides in Istio order: CUSTOM, then DENY, then ALLOW', () => {
    const result = run('payments-api-access', 'production', true);
    const byName = (name: string) =>
      result.results.find(r => r.scenario.name === name)!;
    expect(byName('finance reports closed at 20:00')).toMatchObject({
      decision: 'deny',
      decidedBy: 'AuthorizationPolicy/production/payments-api-access-jwt-time',
    });
    expect(byName('finance reports closed at 20:00').reason).toMatch(
      /^CUSTOM OPA/,
    );
    // An admin who is also a contractor is denied: DENY comes before ALLOW.
    expect(byName('contractor refund denied')).toMatchObject({
      decision: 'deny',
      decidedBy: 'AuthorizationPolicy/production/payments-api-access-jwt-deny',
    });
    expect(byName('admin full access allowed')).toMatchObject({
      decision: 'allow',
      decidedBy: 'AuthorizationPolicy/production/payments-api-access-jwt-allow',
    });
  });

  it('reports a failing scenario with the evaluator reason', () => {
    const result = run('checkout-web', 'development', false, [
      {
        kind: 'communication',
        name: 'checkout reaches the payments database',
        from: 'checkout-web',
        to: 'payments-db',
        port: 5432,
        expect: 'allow',
      },
    ]);
    expect(result.passed).toBe(false);
    expect(result.results.find(r => !r.passed)).toMatchObject({
      decision: 'deny',
      reason: 'DENY policy checkout-web-deny-payments-db rule 0 matched',
    });
  });

  it('rejects tokens from an untrusted issuer', () => {
    const result = run('payments-api-access', 'development', false, [
      {
        kind: 'request',
        name: 'forged admin',
        claims: {
          iss: 'https://evil.example.com',
          groups: ['platform-admins'],
        },
        request: { method: 'GET', path: '/api/payments' },
        expect: 'deny',
      },
    ]);
    expect(result.results.at(-1)).toMatchObject({
      passed: true,
      decidedBy: 'RequestAuthentication/development/payments-api-access-jwt',
    });
  });
});
